"""Rows of the documents, mentions and entities tables for a batch of TEI files (one worker's job).

Each file is parsed safely with lxml (no DTD, no entities, no network) and handed to Saxon as a
serialisation without DOCTYPE, so Saxon never sees, let alone expands, an external entity.
A batch of files becomes one small XML document (``<batch><doc file stem>TEI</doc>…</batch>``):
Saxon parses it once and the three table stylesheets run over the same tree, one pass each.
This module imports neither pandas nor pyarrow, so worker processes stay small.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree
from saxonche import PySaxonApiError

from ..errors import SourceError, ToolkitError
from ..resources import xslt_path
from ..transform.saxon import TransformError, compiled, processor
from ..xmlio import TEI_NS, read_tei
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
    return etree.tostring(root, encoding="unicode")


def _wrap(items: list[tuple[str, str]]) -> str:
    parts = ["<batch>"]
    for path, fragment in items:
        parts.append(f"<doc file={quoteattr(path)} stem={quoteattr(Path(path).stem)}>")
        parts.append(fragment)
        parts.append("</doc>")
    parts.append("</batch>")
    return "".join(parts)


def _transform(executables: dict[str, object], text: str) -> dict[str, list[dict]]:
    try:
        node = processor().parse_xml(xml_text=text)
        return {name: json.loads(exe.transform_to_string(xdm_node=node) or "[]")
                for name, exe in executables.items()}
    except PySaxonApiError as error:
        raise TransformError(f"table stylesheets failed: {str(error).strip()}") from None


def extract_batch(paths: list[str], options: ExportOptions) -> Batch:
    """Rows of the three per-document tables for ``paths``; a bad file adds an error, the rest go on."""
    executables = _executables(options)
    batch = Batch()
    items: list[tuple[str, str]] = []
    for path in paths:
        try:
            items.append((str(path), tei_fragment(path)))
        except ToolkitError as error:
            batch.errors.append(str(error))
    if not items:
        return batch
    try:
        results = [_transform(executables, _wrap(items))]
    except TransformError:
        results = []  # isolate the file Saxon refuses: one at a time
        for path, fragment in items:
            try:
                results.append(_transform(executables, _wrap([(path, fragment)])))
            except TransformError as error:
                batch.errors.append(f"{path}: {error}")
    for result in results:
        for name, rows in result.items():
            batch.rows[name].extend(rows)
    batch.files = len(items)
    return batch
