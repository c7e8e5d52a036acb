"""Shared paths and an independent lxml reading of the TEI, against which the tables are checked.

A module of its own name (not conftest) so it is imported the same way whatever else pytest collects.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from tei_toolkit.entities.insert import TEXT_BLOCKS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "export"
SHARED = ROOT.parent / "shared"
NS = {"tei": "http://www.tei-c.org/ns/1.0", "xml": "http://www.w3.org/XML/1998/namespace"}

# The definition under test, written independently in XPath 1.0: entity elements inside tei:text.
ENTITY_XPATH = (".//tei:text//*[self::tei:persName or self::tei:placeName or self::tei:orgName"
                " or ((self::tei:rs or self::tei:name)"
                " and not(ancestor::tei:persName or ancestor::tei:placeName or ancestor::tei:orgName))]")
BLOCK_TEST = " or ".join(f"self::tei:{name}" for name in TEXT_BLOCKS)


def parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))


def documents(tree: etree._ElementTree) -> list[etree._Element]:
    return tree.xpath("//tei:TEI[not(.//tei:TEI)]", namespaces=NS)


def entity_elements(tei: etree._Element) -> list[etree._Element]:
    return tei.xpath(ENTITY_XPATH, namespaces=NS)


def nearest_block(element: etree._Element) -> etree._Element | None:
    found = element.xpath(f"ancestor::*[{BLOCK_TEST}][1]", namespaces=NS)
    return found[0] if found else None


def offset_in(block: etree._Element, element: etree._Element) -> int:
    """Characters of the block's text before the element: its preceding text nodes inside the block."""
    before = element.xpath("preceding::text()[count(ancestor::* | $b) = count(ancestor::*)]", b=block)
    return sum(len(text) for text in before)


def tokens(text: str) -> int:
    return len([t for t in re.split(r"[ \t\n\r]+", text) if t])
