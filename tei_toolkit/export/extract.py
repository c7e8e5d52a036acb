"""Rows of the documents, mentions and entities tables for a batch of TEI files (one worker's job).

Saxon never sees a DOCTYPE, so it can never expand an external entity: a UTF-8 file without
``<!DOCTYPE``/``<!ENTITY`` anywhere goes to Saxon as text (minus its XML declaration); any other
file is first parsed safely with lxml (no DTD, no entities, no network) and re-serialised without
DOCTYPE, and entity references are refused. A batch of files becomes one XML document
(``<batch><doc file stem>TEI</doc>…</batch>``): Saxon parses it once and the three table
stylesheets run over the same tree, one pass each. If Saxon refuses the batch (a file is not well
formed), every file is checked with lxml, so each bad file gets its own one-line error.
The stylesheets answer in rows separated by two Unicode noncharacters (see ``read_rows``).
This module imports neither pandas nor pyarrow, so worker processes stay small.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree
from saxonche import PySaxonApiError

from ..errors import SourceError, ToolkitError
from ..resources import xslt_path
from ..transform.saxon import TransformError, compiled, processor
from ..xmlio import TEI_NS, read_bytes, read_tei
from .options import ExportOptions

STYLESHEETS = {
    "documents": "tei-to-documents.xsl",
    "mentions": "tei-to-mentions.xsl",
    "entities": "tei-to-entities.xsl",
}
ROOTS = (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus")


@dataclass
class Batch:
    """What a batch of files gave: rows per table (dicts keyed by column) and one-line errors."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in STYLESHEETS})
    errors: list[str] = field(default_factory=list)
    files: int = 0


def _text_blocks() -> str:
    try:
        from ..entities.insert import TEXT_BLOCKS
    except ImportError:  # pragma: no cover - the ENTITIES stage always ships insert.py
        TEXT_BLOCKS = ("p", "ab", "l", "head", "item", "cell", "note")
    return " ".join(TEXT_BLOCKS)


def _executables(options: ExportOptions) -> dict[str, object]:
    params = {"text_blocks": _text_blocks(), "context_words": options.context_words}
    return {name: compiled(xslt_path(sheet), **params) for name, sheet in STYLESHEETS.items()}


def tei_fragment(path: str | os.PathLike[str]) -> str:
    """The TEI file's root element re-serialised for Saxon: safe, without DOCTYPE or entities."""
    tree = read_tei(path)
    root = tree.getroot()
    if root.tag not in ROOTS:
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise SourceError(f"root element is <{name}>; expected TEI or teiCorpus in the TEI namespace",
                          path=str(path), line=root.sourceline)
    for entity in root.iter(etree.Entity):
        raise SourceError(f"entity reference {entity.text} is not supported; expected plain characters",
                          path=str(path), line=entity.sourceline)
    text = etree.tostring(root, encoding="unicode")
    if "\ufdd0" in text or "\ufdd1" in text:
        raise SourceError("holds the Unicode noncharacter U+FDD0 or U+FDD1, which the tables use as "
                          "separators; expected text without noncharacters", path=str(path))
    return text


_UNSAFE = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_DECLARATION = re.compile(r"\A<\?xml\s[^>]*\?>")
_ENCODING = re.compile(r"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def quick_fragment(path: str) -> str | None:
    """The file's text for Saxon when it is plain UTF-8 XML without DOCTYPE or entity declarations.

    Returns None when the file needs the careful route (``tei_fragment``); read errors raise.
    """
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if _UNSAFE.search(text):
        return None
    if CELL in text or LINE in text:
        raise SourceError("holds the Unicode noncharacter U+FDD0 or U+FDD1, which the tables use as "
                          "separators; expected text without noncharacters", path=path)
    declaration = _DECLARATION.match(text)
    if declaration:
        encoding = _ENCODING.search(declaration.group(0))
        if encoding and encoding.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
            return None
        text = text[declaration.end():]
    return text if text.strip() else None


def _wrap(items: list[tuple[str, str]]) -> str:
    parts = ["<batch>"]
    for path, fragment in items:
        parts.append(f"<doc file={quoteattr(path)} stem={quoteattr(Path(path).stem)}>")
        parts.append(fragment)
        parts.append("</doc>")
    parts.append("</batch>")
    return "".join(parts)


CELL, LINE = "\ufdd0", "\ufdd1"


def read_rows(text: str) -> list[dict]:
    """Rows from a stylesheet's answer (see xslt/tables/functions.xsl): dicts, None for empty cells."""
    lines = text.split(LINE)
    header = lines[0].split(CELL)
    return [{name: value or None for name, value in zip(header, line.split(CELL))} for line in lines[1:]]


# Element name, or @type of rs/name, → kind (as xslt/tables/functions.xsl $kinds).
KINDS = {"persName": "person", "person": "person", "pers": "person", "personGrp": "person",
         "placeName": "place", "place": "place", "settlement": "place", "country": "place",
         "orgName": "org", "org": "org", "organisation": "org", "organization": "org"}
_SPACE = re.compile(r"[ \t\n\r]+")


def entity_of(ref: str | None, key: str | None) -> str | None:
    """The entry a mention points at: first local ``#id`` of @ref, else its first URI, else @key."""
    refs = ref.split() if ref else []
    for token in refs:
        if token.startswith("#"):
            return token[1:]
    return refs[0] if refs else (key.strip() or None if key else None)


def _context(row: dict, words: int) -> None:
    """Cut the raw context windows into at most ``words`` whole words on each side (split at whitespace)."""
    width = 40 * words + 1
    left, right = row["left"], row["right"]
    if left is not None:
        tokens = left.split()
        if len(left) == width and tokens and left[0] not in " \t\n\r":
            tokens = tokens[1:]  # the window starts inside a word
        row["left"] = " ".join(tokens[-words:]) if words else None
    if right is not None:
        tokens = right.split()
        if len(right) == width and tokens and right[-1] not in " \t\n\r":
            tokens = tokens[:-1]  # the window ends inside a word
        row["right"] = " ".join(tokens[:words]) if words else None
    row["left"] = row["left"] or None
    row["right"] = row["right"] or None


def complete_mention(row: dict, context_words: int) -> dict:
    """Add the columns that follow from what the stylesheet read: type, entity, text, end, context."""
    element, surface = row["element"], row["surface"] or ""
    if element in ("rs", "name"):
        row["type"] = KINDS.get(row["tei_type"] or "", row["tei_type"] or "other")
    else:
        row["type"] = KINDS[element]
    row["entity"] = entity_of(row["ref"], row["key"])
    row["text"] = _SPACE.sub(" ", surface).strip(" ") or None
    row["end"] = str(int(row["start"]) + len(surface)) if row["start"] is not None else None
    _context(row, context_words)
    return row


def _transform(executables: dict[str, object], text: str) -> dict[str, list[dict]]:
    try:
        node = processor().parse_xml(xml_text=text)
        return {name: read_rows(exe.transform_to_string(xdm_node=node) or "")
                for name, exe in executables.items()}
    except PySaxonApiError as error:
        raise TransformError(f"table stylesheets failed: {str(error).strip()}") from None


def extract_batch(paths: list[str], options: ExportOptions) -> Batch:
    """Rows of the three per-document tables for ``paths``; a bad file adds an error, the rest go on."""
    executables = _executables(options)
    batch = Batch()
    items: list[tuple[str, str]] = []
    for path in map(str, paths):
        try:
            items.append((path, quick_fragment(path) or tei_fragment(path)))
        except ToolkitError as error:
            batch.errors.append(str(error))
    if not items:
        return batch
    try:
        result = _transform(executables, _wrap(items))
    except TransformError:
        return _careful(paths, executables, batch, options)
    seen = {row["file"] for row in result["documents"]}
    for path, _ in items:
        if path not in seen:  # no TEI inside: let lxml say what the file is
            try:
                tei_fragment(path)
            except ToolkitError as error:
                batch.errors.append(str(error))
    for name, rows in result.items():
        batch.rows[name].extend(rows)
    for row in batch.rows["mentions"]:
        complete_mention(row, options.context_words)
    batch.files = len(seen)
    return batch


def _careful(paths: list[str], executables: dict[str, object], batch: Batch,
             options: ExportOptions) -> Batch:
    """Saxon refused the batch: check every file with lxml and transform the good ones one by one."""
    batch.errors.clear()
    for path in map(str, paths):
        try:
            result = _transform(executables, _wrap([(path, tei_fragment(path))]))
        except ToolkitError as error:
            batch.errors.append(str(error) if str(error).startswith(path) else f"{path}: {error}")
            continue
        for name, rows in result.items():
            batch.rows[name].extend(rows)
        batch.files += 1
    for row in batch.rows["mentions"]:
        complete_mention(row, options.context_words)
    return batch
