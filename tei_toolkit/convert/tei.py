"""Existing TEI in: parsed safely (no DTDs, entities or network) and passed through unchanged."""

from __future__ import annotations

from lxml import etree

from ..errors import SourceError
from ..xmlio import TEI_NS, parse_xml

ROOTS = ("TEI", "teiCorpus")


def read(data: bytes, *, source: str) -> etree._ElementTree:
    """The TEI document as it is; ``SourceError`` when it is not well formed or not TEI."""
    tree = parse_xml(data, source=source)
    root = tree.getroot()
    name = etree.QName(root)
    if name.namespace != TEI_NS or name.localname not in ROOTS:
        shown = f"{{{name.namespace}}}{name.localname}" if name.namespace else name.localname
        raise SourceError(f"not a TEI document (root element <{shown}>); expected <TEI> in the "
                          f"namespace {TEI_NS}", path=source, line=root.sourceline, column=1)
    return tree
