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
    return read_sections(text)[0]


def read_sections(text: str) -> list[list[dict]]:
    """The tables of an answer that holds several, separated by an empty line."""
    return [_rows(section) for section in text.split(LINE + LINE)]


def _rows(text: str) -> list[dict]:
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


def _context(row: dict, text: str | None, words: int) -> None:
    """Up to ``words`` whole words of the block's text on each side of the mention."""
    if not words or text is None or row["start"] is None:
        row["left"] = row["right"] = None
        return
    start, end = int(row["start"]), int(row["end"])
    row["left"] = " ".join(text[:start].split()[-words:]) or None
    row["right"] = " ".join(text[end:].split()[:words]) or None


def complete_mention(row: dict, blocks: dict[tuple[str, str], str], context_words: int) -> dict:
    """Add the columns that follow from what the stylesheet read: type, entity, text, end, context."""
    element, surface = row["element"], row["surface"] or ""
    if element in ("rs", "name"):
        row["type"] = KINDS.get(row["tei_type"] or "", row["tei_type"] or "other")
    else:
        row["type"] = KINDS[element]
    row["entity"] = entity_of(row["ref"], row["key"])
    row["text"] = _SPACE.sub(" ", surface).strip(" ") or None
    row["end"] = str(int(row["start"]) + len(surface)) if row["start"] is not None else None
    _context(row, blocks.get((row["document"], row["block_index"])), context_words)
    return row


def _transform(executables: dict[str, object], text: str) -> dict:
    """Parse the batch once, run each stylesheet; the mentions answer also holds the block texts."""
    try:
        node = processor().parse_xml(xml_text=text)
        result = {name: read_sections(exe.transform_to_string(xdm_node=node) or "")
                  for name, exe in executables.items()}
    except PySaxonApiError as error:
        raise TransformError(f"table stylesheets failed: {str(error).strip()}") from None
    blocks = result["mentions"][1] if len(result["mentions"]) > 1 else []
    texts = {(row["document"], row["block_index"]): row["text"] or "" for row in blocks}
    return {name: sections[0] for name, sections in result.items()} | {"_blocks": texts}


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
    texts = result.pop("_blocks")
    for row in result["mentions"]:
        complete_mention(row, texts, options.context_words)
    for name, rows in result.items():
        batch.rows[name].extend(rows)
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
        texts = result.pop("_blocks")
        for row in result["mentions"]:
            complete_mention(row, texts, options.context_words)
        for name, rows in result.items():
            batch.rows[name].extend(rows)
        batch.files += 1
    return batch
