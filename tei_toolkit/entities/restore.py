"""Put entity markup back from a mentions table: the ``annotate --from-mentions`` round trip.

The mentions table (``tei_toolkit.export``) records, for each persName / placeName / orgName and
each rs / name outside them, its block (``block_index``, the n-th text block of ``tei:text``,
checked against ``block_id``), its offsets into the block's string value, and its attributes.
With the plain text of the document that is enough to rebuild the elements: ``insert.wrap_span``
wraps each span, outer mentions before nested ones, and the attributes are set as recorded.
Markup inside a mention that is not itself a mention (forename, surname) is not in the table:
it stays in the text given, and the mention is put back around it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from lxml import etree

from ..xmlio import TEI_NS, XML_NS
from .insert import block_text, is_text_block, text_offset, wrap_span

ELEMENTS = ("persName", "placeName", "orgName", "rs", "name")  # what the mentions table holds
REQUIRED = ("document", "index", "block_index", "element", "start", "end", "surface")


@dataclass
class RestoreReport:
    """How many mentions were put back, found already in place, or not restored (with reasons)."""

    restored: int = 0
    present: int = 0
    skipped: list[tuple[str, int, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # ids of this tree's documents the table has no row for


def _value(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)


def text_blocks(tei: etree._Element) -> list[etree._Element]:
    """The text blocks of a TEI document's text in document order (what ``block_index`` counts, from 1;
    any namespace, as ``insert.is_text_block`` and the mentions stylesheet)."""
    blocks: list[etree._Element] = []
    for text in tei.findall(f"{{{TEI_NS}}}text"):
        blocks.extend(element for element in text.iter() if is_text_block(element))
    return blocks


def mentions_by_document(mentions: pd.DataFrame) -> dict[str, list[dict]]:
    """The rows of a mentions table by ``document``, each document's in the order they are put back
    (outer mentions before those nested in them): made once, so that restoring a corpus file by file
    does not go through the whole table for each file."""
    from ..errors import UsageError

    missing = [name for name in REQUIRED if name not in mentions.columns]
    if missing:
        raise UsageError(f"mentions table lacks column(s) {', '.join(missing)}; "
                         f"expected the mentions.csv written by tei-toolkit export")
    order = mentions.assign(_depth=mentions["depth"] if "depth" in mentions else 0).sort_values(
        ["_depth", "index"], kind="stable")
    columns = list(order.columns)
    by_document: dict[str, list[dict]] = {}
    # dicts zipped from column lists: DataFrame.to_dict("records") took seconds on a corpus's table
    cells_of_rows = zip(*(order[column].tolist() for column in columns))
    for row in (dict(zip(columns, cells)) for cells in cells_of_rows):
        document = _value(row["document"])
        if document is not None:
            by_document.setdefault(document, []).append(row)
    return by_document


def restore_mentions(tree: etree._ElementTree, mentions: pd.DataFrame | Mapping[str, list[dict]], *,
                     path: str | None = None) -> RestoreReport:
    """Put back the mentions (persName, placeName, orgName, rs, name) of the rows of ``mentions``
    (a mentions table, or ``mentions_by_document`` of one) that belong to this tree's documents.

    Rows are matched by ``document``, the id export gave the document: TEI/@xml:id, else the stem of
    the file (``path``, by default the file the tree was read from); a tree with one document and a
    table with one document also match. The tree is changed in place; the text never changes. Rows
    whose span does not hold their ``surface`` text, or whose span crosses other markup, are reported,
    and so are the tree's documents the table has no row for.
    """
    from ..export.tree_rows import DocumentReader

    by_document = mentions_by_document(mentions) if isinstance(mentions, pd.DataFrame) else mentions
    report = RestoreReport()
    root = tree.getroot()
    reader = DocumentReader(path or tree.docinfo.URL or "", root, 0, set())
    documents = reader.documents  # the innermost TEI, as export reads them
    for tei in documents:
        document = reader.document_id(tei)
        rows = by_document.get(document)
        if rows is None and len(documents) == 1 and len(by_document) == 1:
            rows = next(iter(by_document.values()))
        if rows is None:
            report.unmatched.append(document)
        else:
            _restore_document(tei, rows, report)
    return report


def _restore_document(tei: etree._Element, rows: list[dict], report: RestoreReport) -> None:
    blocks = text_blocks(tei)
    for row in rows:
        document, index = str(row["document"]), int(row["index"])
        if str(row["element"]) not in ELEMENTS:
            report.skipped.append((document, index, f"<{row['element']}> is not restored; "
                                                    f"expected {', '.join(ELEMENTS)}"))
            continue
        if _present(blocks, row):
            report.present += 1
            continue
        reason = _restore_row(blocks, row)
        if reason:
            report.skipped.append((document, index, reason))
        else:
            report.restored += 1


def _present(blocks: list[etree._Element], row: dict) -> bool:
    """True when an element of the row's name and ref already spans exactly the row's text (idempotence)."""
    block_index, start = _value(row.get("block_index")), _value(row.get("start"))
    if block_index is None or start is None or not 1 <= int(float(block_index)) <= len(blocks):
        return False
    block = blocks[int(float(block_index)) - 1]
    surface = _value(row.get("surface")) or ""
    tag = f"{{{TEI_NS}}}{row['element']}"
    ref = _value(row.get("ref"))
    return any(element.get("ref") == ref and "".join(element.itertext()) == surface
               and text_offset(block, element) == int(float(start)) for element in block.iter(tag))


def _restore_row(blocks: list[etree._Element], row: dict) -> str | None:
    block_index, start, end = (_value(row.get(name)) for name in ("block_index", "start", "end"))
    if block_index is None or start is None or end is None:
        return "mention is in no text block"
    number = int(float(block_index))
    if not 1 <= number <= len(blocks):
        return f"block {number} does not exist; the document has {len(blocks)} text blocks"
    block = blocks[number - 1]
    block_id = _value(row.get("block_id"))
    if block_id is not None and block.get(f"{{{XML_NS}}}id") != block_id:
        return f"block {number} is not #{block_id}"
    start, end = int(float(start)), int(float(end))
    surface = _value(row.get("surface")) or ""
    text = block_text(block)
    if not 0 <= start <= end <= len(text):  # a negative offset would count from the block's end
        return f"start {start} and end {end} are not a span of block {number} ({len(text)} characters)"
    if text[start:end] != surface:
        return f"text at {start}-{end} is not {surface!r}"
    namespace = etree.QName(block).namespace
    element, reason = wrap_span(block, start, end, f"{{{namespace}}}{row['element']}" if namespace
                                else str(row["element"]))
    if element is None:
        return reason
    for name in ("ref", "resp", "cert", "key", "tei_type"):
        value = _value(row.get(name))
        if value is not None:
            element.set("type" if name == "tei_type" else name, value)  # in the order annotate writes them
    return None

