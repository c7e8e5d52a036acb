"""Schematron results (SVRL ``failed-assert`` / ``successful-report``) as located findings."""

from __future__ import annotations

from lxml import etree

from .locate import Locator, element_path, node_at
from .model import Finding

__all__ = ["SVRL_NS", "explain_schematron"]

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
_WARNING_ROLES = ("warning", "warn", "info", "information", "nonfatal")
_LAST: list[Locator] = []


def _last_locator(root: etree._Element, source: bytes | None) -> Locator:
    """The locator of the document seen last (findings of one document come together)."""
    if _LAST and _LAST[0].root is root and _LAST[0].source is source:
        return _LAST[0]
    _LAST[:] = [Locator(root, source)]
    return _LAST[0]


def explain_schematron(svrl: etree._Element, tree: etree._ElementTree | etree._Element, *,
                       file: str, source: bytes | None = None,
                       locator: Locator | None = None) -> Finding:
    """One SVRL ``failed-assert`` or ``successful-report`` as a finding at the element it names.

    A message written ``what is wrong; expected what`` is split at ``; expected``; otherwise the
    expectation is the rule's test, so the reader still sees what was checked.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    text_node = svrl.find(f"{{{SVRL_NS}}}text")
    text = " ".join((text_node.xpath("string()") if text_node is not None else "").split())
    test = svrl.get("test", "")
    text = text.rstrip(" .") if not text.endswith("...") else text
    if "; expected " in text:
        message, expected = text.split("; expected ", 1)
    else:
        message = text or f"Schematron rule failed: {test}"
        failed = etree.QName(svrl).localname == "failed-assert"
        expected = f'the rule "{test}" to be {"true" if failed else "false"}' if test else None
    node = node_at(root, svrl.get("location"))
    if node is not None and not isinstance(node.tag, str):
        node = None
    line = column = None
    if node is not None:
        line, column = (locator or _last_locator(root, source)).position(node)
    severity = "warning" if (svrl.get("role") or "").lower() in _WARNING_ROLES else "error"
    return Finding(file=file, line=line, column=column, message=message, expected=expected,
                   path=element_path(node) if node is not None else svrl.get("location"),
                   source="schematron", rule=svrl.get("id"), severity=severity)
