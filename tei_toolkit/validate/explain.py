"""Findings a scholar can act on: what is wrong, where (line, column, element path), what was expected.

lxml decides whether a document is valid (its verdicts agree with jing), but it reports few,
vague errors ("Expecting an element , got nothing", column 0). This module combines the
explanations, each of which lives in its own module:

- ``explain_document`` (``walk.py``) walks the whole document against a ``GrammarIndex`` and
  finds every problem it can, each with what the schema expected;
- ``explain_relaxng_error`` (``relaxng_log.py``) turns one lxml error-log entry into a ``Finding``;
- ``explain_invalid`` (here) combines the two for a document lxml found invalid (never zero
  findings, and nothing at all for a valid one);
- ``explain_parser_error`` (here) words parser errors with ``tei_toolkit.xml_errors``, the words
  ``xmlio.parse_xml`` uses too;
- ``explain_schematron`` (``svrl.py``) turns an SVRL failed assert or fired report into a located finding.

``locate.py`` finds each element's line, column and path; ``wording.py`` holds the shared words.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from ..xml_errors import describe_parser_error, describe_syntax_error
from .rules import GrammarIndex
from .locate import Locator, display_name, element_path, node_at
from .model import Finding
from .relaxng_log import explain_relaxng_error
from .svrl import SVRL_NS, explain_schematron
from .walk import explain_document

__all__ = ["SVRL_NS", "Locator", "display_name", "element_path", "explain_document", "explain_invalid",
           "explain_parser_error", "explain_relaxng_error", "explain_schematron"]



_REDUNDANT = ("failed to validate content", "has extra content")


def explain_invalid(tree: etree._ElementTree | etree._Element, grammar: GrammarIndex, file: str,
                    entries: Sequence[etree._LogEntry], *, valid: bool,
                    source: bytes | None = None) -> list[Finding]:
    """The findings for one document, given lxml's verdict and its error log.

    A valid document gets none (if the walk disagrees with lxml, lxml wins). An invalid one
    gets the walk's findings, plus lxml's errors on elements the walk said nothing about,
    and always at least one finding.
    """
    if valid:
        return []
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    locator = Locator(root, source)
    findings = explain_document(root, grammar, file, locator=locator)
    walked = {f.path for f in findings if f.path}
    seen: set[tuple[str | None, str]] = set()
    extra: list[Finding] = []
    for entry in entries:
        if findings and any(text in entry.message for text in _REDUNDANT):
            continue
        node = node_at(root, entry.path)
        if node is not None and "Did not expect element" in entry.message and node.getparent() is not None:
            node = node.getparent()  # its path names the parent or the element itself: judge the parent
        if node is not None and _related(element_path(node), walked):
            continue  # lxml reports a walk finding again on an ancestor: said already
        finding = explain_relaxng_error(entry, root, grammar, file=file, locator=locator)
        if (finding.path, finding.message) in seen or finding.path in walked:
            continue
        seen.add((finding.path, finding.message))
        extra.append(finding)
    findings = sorted(findings + extra, key=lambda f: (f.line or 0, f.column or 0))
    if not findings:
        findings = [Finding(file=file, line=None, column=None,
                            message="the document does not match the schema",
                            expected="content the schema allows", source="relaxng")]
    return findings


def _related(path: str, paths: set[str]) -> bool:
    """Whether ``path`` is one of ``paths``, or an ancestor or descendant of one."""
    return any(p == path or p.startswith(path + "/") or path.startswith(p + "/") for p in paths)


def explain_parser_error(error: BaseException | str, *, file: str, line: int | None = None,
                         column: int | None = None) -> Finding:
    """A parser error (``XMLSyntaxError``, ``SourceError`` or its message) as a worded finding.

    The words are ``xml_errors``'s, the same ``xmlio.parse_xml`` raises; an unreadable file
    (no element, a wrong encoding) is an ``io`` finding: nothing to validate, the CLI exits 2.
    """
    if isinstance(error, etree.XMLSyntaxError):
        problem = describe_syntax_error(error)
        if error.position and line is None and problem.located:
            line, column = error.position
    else:
        problem = describe_parser_error(getattr(error, "message", None) or str(error))
        line = line if line is not None else getattr(error, "line", None)
        column = column if column is not None else getattr(error, "column", None)
    return Finding(file=file, line=line, column=column, message=problem.message, expected=problem.expected,
                   source="io" if problem.unreadable else "parser")
