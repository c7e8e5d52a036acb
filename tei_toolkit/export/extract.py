"""Rows of the documents, mentions and entities tables for a batch of TEI files (one worker's job).

Saxon never sees a DOCTYPE, so it can never expand an external entity: a UTF-8 file without
``<!DOCTYPE``/``<!ENTITY`` anywhere goes to Saxon as text (minus its XML declaration); any other
file is first parsed safely with lxml (no DTD, no entities, no network) and re-serialised without
DOCTYPE, and entity references are refused. A batch of files becomes one XML document
(``<batch><doc file stem>TEI</doc>…</batch>``): Saxon parses it once and one stylesheet
(``xslt/tables/tei-to-tables.xsl``) makes the three tables in one pass. If Saxon refuses the batch
(a file is not well formed), the files go through one by one and lxml says what is wrong with
each bad one. The stylesheet answers in cells and rows separated by two Unicode noncharacters;
rows travel as lists in the column order of ``schema.TABLES`` (no per-row dicts).
With ``ExportOptions(engine="lxml")`` the same rows come from ``tree_rows`` instead.
This module imports neither pandas nor pyarrow, and saxonche only when the XSLT engine runs, so
worker processes stay small.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from ..errors import SourceError, ToolkitError
from ..resources import xslt_path
from ..xmlio import TEI_NS, read_bytes, read_tei
from .options import ExportOptions

STYLESHEET = "tables/tei-to-tables.xsl"
ROOTS = (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus")


@dataclass
class Batch:
    """What a batch of files gave: rows per table and one-line errors.

    ``documents`` and ``mentions`` rows are lists in the column order of ``schema.TABLES`` (the
    mention's ``label`` and ``suggestion`` are None until the aggregator fills them); ``entities``
    rows are dicts (few, merged across the corpus).
    """

    rows: dict[str, list] = field(default_factory=lambda: {"documents": [], "mentions": [],
                                                           "entities": []})
    errors: list[str] = field(default_factory=list)
    files: int = 0


def _text_blocks() -> str:
    try:
        from ..entities.insert import TEXT_BLOCKS
    except ImportError:  # pragma: no cover - the ENTITIES stage always ships insert.py
        TEXT_BLOCKS = ("p", "ab", "l", "head", "item", "cell", "note")
    return " ".join(TEXT_BLOCKS)


def _executable(options: ExportOptions):
    from ..transform.saxon import compiled

    return compiled(xslt_path(STYLESHEET), text_blocks=_text_blocks(),
                    context_words=options.context_words)


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


def _wrap(items: list[tuple[str, str]], known: set[str] | frozenset[str] = frozenset()) -> str:
    parts = ["<batch>"]
    if known:  # entries this process already sent: the stylesheet leaves them out
        parts.append(f"<known>{escape(' '.join(known))}</known>")
    for path, fragment in items:
        parts.append(f"<doc file={quoteattr(path)} stem={quoteattr(Path(path).stem)}>")
        parts.append(fragment)
        parts.append("</doc>")
    parts.append("</batch>")
    return "".join(parts)


CELL, LINE = "\ufdd0", "\ufdd1"


def read_rows(text: str) -> list[dict]:
    """Rows of a U+FDD0/U+FDD1 table with a header (see xslt/tables/functions.xsl tt:table):
    dicts, None for empty cells."""
    lines = text.split(LINE)
    header = lines[0].split(CELL)
    return [{name: value or None for name, value in zip(header, line.split(CELL))} for line in lines[1:]]


def entity_of(ref: str | None, key: str | None) -> str | None:
    """The entry a mention points at: first local ``#id`` of @ref, else its first URI, else @key."""
    if ref and " " not in ref and ref.isprintable():  # one token (isprintable: no other whitespace)
        return ref[1:] if ref[0] == "#" else ref
    refs = ref.split() if ref else []
    for token in refs:
        if token.startswith("#"):
            return token[1:]
    return refs[0] if refs else (key.strip() or None if key else None)


def context_left(text: str, start: int, words: int) -> str | None:
    """Up to ``words`` whole words of ``text`` before ``start`` (words: runs of non-space), space-joined."""
    size = 8 * words + 8  # a window first: splitting a long block for every mention is slow
    while True:
        first = max(0, start - size)
        parts = text[first:start].rsplit(None, words)
        if first == 0 or len(parts) > words:  # else the window may have cut a word: widen it
            return " ".join(parts[-words:]) or None
        size *= 4


def context_right(text: str, end: int, words: int) -> str | None:
    """Up to ``words`` whole words of ``text`` after ``end``, space-joined."""
    size = 8 * words + 8
    while True:
        last = end + size
        parts = text[end:last].split(None, words)
        if last >= len(text) or len(parts) > words:
            return " ".join(parts[:words]) or None
        size *= 4


def mention_rows(records: str, context_words: int) -> list[list]:
    """Mention rows (schema order) from the stylesheet's records (xslt/tei-to-mentions.xsl):
    adds entity, end and the context words; label and suggestion stay None for the aggregator."""
    rows = []
    block_text = ""
    for record in records.split(LINE)[1:]:
        (document, index, block, block_id, block_index, sentence, element, kind, tei_type, ref, key,
         surface, text, start, cert, resp, depth, in_note, in_quote, new_text) = record.split(CELL)
        if new_text:
            block_text = new_text[1:]
        end = left = right = None
        if start:
            end = str(int(start) + len(surface))
            if context_words:
                left = context_left(block_text, int(start), context_words)
                right = context_right(block_text, int(end), context_words)
        rows.append([document, index, block, block_id, block_index, sentence, element, kind, tei_type,
                     ref, key, entity_of(ref, key), None, surface, text, start, end, cert, resp, None,
                     depth, in_note, in_quote, left, right])
    return rows


def _transform(executable, text: str, context_words: int) -> dict[str, list]:
    """Parse the batch once and run the tables stylesheet over it (one pass)."""
    from saxonche import PySaxonApiError

    from ..transform.saxon import TransformError, native_stderr_captured, processor

    try:
        with native_stderr_captured():
            node = processor().parse_xml(xml_text=text)
            answer = executable.transform_to_string(xdm_node=node) or ""
    except PySaxonApiError as error:
        raise TransformError(f"table stylesheets failed: {str(error).strip()}") from None
    del node  # the batch tree can go before the rows are built
    documents, mentions, entities = answer.split(LINE + LINE)
    return {"documents": list(csv.reader(io.StringIO(documents, newline=""))),
            "mentions": mention_rows(mentions, context_words),
            "entities": read_rows(entities)}


# Entry ids this process has already sent during one export run (``run``): a later batch of the same
# run leaves them out, since the first row of an id wins (Aggregator.add_entries) and batches of a
# process come in corpus order. Only the latest run is kept.
_SENT: dict[str, set[str]] = {}


def _sent(run: str | None) -> set[str]:
    if run is None:
        return set()
    if run not in _SENT:
        _SENT.clear()
        _SENT[run] = set()
    return _SENT[run]


def extract_batch(paths: list[str], options: ExportOptions, run: str | None = None) -> Batch:
    """Rows of the three per-document tables for ``paths``; a bad file adds an error, the rest go on.

    Batches of one export ``run`` (any token, the same for all its batches) skip the entities this
    process already returned for that run.
    """
    if options.engine == "lxml":
        from .tree_rows import rows_of_files

        batch = Batch()
        batch.rows, batch.errors, batch.files = rows_of_files(list(map(str, paths)), options.context_words,
                                                              _sent(run))
        return batch
    from ..transform.saxon import TransformError

    executable = _executable(options)
    batch = Batch()
    sent = _sent(run)
    items: list[tuple[str, str]] = []
    for path in map(str, paths):
        try:
            items.append((path, quick_fragment(path) or tei_fragment(path)))
        except ToolkitError as error:
            batch.errors.append(str(error))
    if not items:
        return batch
    try:
        result = _transform(executable, _wrap(items, sent), options.context_words)
    except TransformError:
        batch = _careful(paths, executable, batch, options, sent)
        if run is not None:
            sent.update(row["id"] for row in batch.rows["entities"])
        return batch
    seen = {row[1] for row in result["documents"]}
    for path, _ in items:
        if path not in seen:  # no TEI inside: let lxml say what the file is
            try:
                tei_fragment(path)
            except ToolkitError as error:
                batch.errors.append(str(error))
    for name, rows in result.items():
        batch.rows[name].extend(rows)
    batch.files = len(seen)
    if run is not None:
        sent.update(row["id"] for row in batch.rows["entities"])
    return batch


def _careful(paths: list[str], executable, batch: Batch,
             options: ExportOptions, sent: set[str]) -> Batch:
    """Saxon refused the batch: transform the files one by one; lxml says what is wrong with the bad ones."""
    from ..transform.saxon import TransformError

    batch.errors.clear()
    for path in map(str, paths):
        try:
            try:
                fragment = quick_fragment(path) or tei_fragment(path)
                result = _transform(executable, _wrap([(path, fragment)], sent), options.context_words)
            except TransformError:
                tei_fragment(path)  # lxml says what is wrong, in the words of xml_errors
                raise
            if not result["documents"]:
                tei_fragment(path)  # not TEI: says so; a teiCorpus without TEI inside adds nothing
                continue
        except ToolkitError as error:
            batch.errors.append(str(error) if str(error).startswith(path) else f"{path}: {error}")
            continue
        for name, rows in result.items():
            batch.rows[name].extend(rows)
        sent.update(row["id"] for row in result["entities"])  # as in one batch: the first row of an id
        batch.files += 1
    return batch
