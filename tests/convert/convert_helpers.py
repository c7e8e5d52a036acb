"""Helpers for the convert tests: the bundled article, text comparison, TEI lookups."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from tei_toolkit.xmlio import NS

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "corpus" / "sources" / "victor-serge-a-life-in-revolution.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "convert"
SHARED = ROOT.parent / "shared"
PINNED_DATE = "2026-01-01"


def squash(text: str) -> str:
    """Text without any whitespace: what 'every character kept' compares."""
    return re.sub(r"\s+", "", text)


def body_text(tree: etree._ElementTree) -> str:
    """String value of text/body."""
    return "".join(tree.getroot().find("tei:text/tei:body", NS).itertext())


def xp(tree, path: str) -> list:
    """XPath with the tei: prefix bound."""
    return tree.xpath(path, namespaces=NS)
