"""Run ISO Schematron rules (XPath 1.0, lxml.isoschematron): project files and rules embedded in RelaxNG.

A TEI RelaxNG schema carries Schematron ``pattern``s inside its grammar (tei_all: 93). They
are written for XSLT 2.0; ``embedded_rules`` keeps the patterns whose every XPath is XPath 1.0
(checked by compiling each expression with libxml2 and by the functions it calls) and lists
the others as skipped with the reason. TEI's ``role="nonfatal"`` becomes a warning.

Compiling Schematron takes three XSLT passes; the resulting validator stylesheet is cached on
disk by the SHA-256 of the rules, and in memory per process.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, isoschematron

from ..errors import UsageError
from ..cache import cache_subfolder, store
from .model import Finding
from .relaxng import schema_parser
from .schemas import Schema
from .svrl import explain_schematron


SCH_NS = "http://purl.oclc.org/dsdl/schematron"
RULES_VERSION = 2
_SCH = f"{{{SCH_NS}}}"

#: Functions an XSLT 1.0 processor (libxslt) offers: XPath 1.0 core and XSLT 1.0 additions.
XPATH1_FUNCTIONS = frozenset("""
last position count id local-name namespace-uri name string concat starts-with contains
substring-before substring-after substring string-length normalize-space translate boolean
not true false lang number sum floor ceiling round
document key format-number current unparsed-entity-uri generate-id system-property
element-available function-available
""".split())
#: Node tests that look like function calls.
NODE_TESTS = frozenset({"node", "text", "comment", "processing-instruction"})
#: Operator names that a parenthesis may follow.
_OPERATORS = frozenset({"and", "or", "div", "mod"})
#: Namespaces of extension functions libxslt provides (EXSLT).
EXSLT_NAMESPACES = frozenset({
    "http://exslt.org/common", "http://exslt.org/strings", "http://exslt.org/math",
    "http://exslt.org/sets", "http://exslt.org/dates-and-times", "http://exslt.org/dynamic",
    "http://exslt.org/functions", "http://exslt.org/regular-expressions",
})
_CALL = re.compile(r"(?<![\w.$:@-])([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*\(")
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_WARNING_ROLES = {"nonfatal": "warning"}
_MEMORY: dict[str, "RuleSet"] = {}


@dataclass(frozen=True)
class SkippedPattern:
    """An embedded pattern that cannot run on an XPath 1.0 processor, and why."""

    id: str
    reason: str


class _Pattern:
    """One concrete pattern, compiled on first use, with a cheap test of whether it can fire.

    The XSLT 1.0 Schematron skeleton walks the whole document once per pattern, so patterns
    whose rule contexts cannot match anything in a document are not run on it: first by the
    element names the contexts end in, then by an XPath probe (``//context``).
    """

    def __init__(self, ident: str, schematron: etree._Element, label: str,
                 namespaces: dict[str, str]) -> None:
        self.id = ident
        self.label = label
        self.schematron = schematron
        contexts = [rule.get("context", "") for rule in schematron.iter(f"{_SCH}rule")
                    if rule.get("abstract") != "true"]
        self.names = _context_names(contexts, namespaces)
        self.probe = _context_probe(contexts, namespaces)
        self._validator: etree.XSLT | None = None

    @property
    def validator(self) -> etree.XSLT:
        if self._validator is None:
            self._validator = _compile(self.schematron, self.label)
        return self._validator

    def may_fire(self, tree: etree._ElementTree, names: frozenset[tuple[str, str]]) -> bool:
        if self.names is not None and not (self.names & names):
            return False
        if self.probe is not None:
            try:
                return bool(self.probe(tree))
            except etree.XPathError:
                return True
        return True


@dataclass(frozen=True)
class RuleSet:
    """Compiled Schematron patterns and the embedded ones that were skipped (with reasons)."""

    label: str
    patterns: tuple[_Pattern, ...]
    skipped: tuple[SkippedPattern, ...] = ()


def _split_union(expression: str) -> list[str]:
    """Split an XSLT pattern at its top-level ``|``."""
    parts, depth, quote, current = [], 0, "", []
    for char in expression:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _last_step(alternative: str) -> str:
    depth, quote, out = 0, "", []
    for char in alternative:  # drop predicates
        if quote:
            quote = "" if char == quote else quote
            continue
        if char in "\"'" and depth:
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out).rstrip("/").rsplit("/", 1)[-1].strip()


_NAME_STEP = re.compile(r"^(?:child::)?(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)$")


def _context_names(contexts: list[str], namespaces: dict[str, str]) -> frozenset[tuple[str, str]] | None:
    """The element names rule contexts can match, or None when a context is a wildcard."""
    names: set[tuple[str, str]] = set()
    for context in contexts:
        for alternative in _split_union(context):
            match = _NAME_STEP.match(_last_step(alternative))
            if not match or match.group(2) in NODE_TESTS:
                return None
            prefix, local = match.groups()
            if prefix and prefix not in namespaces:
                return None
            names.add((namespaces.get(prefix, "") if prefix else "", local))
    return frozenset(names)


def _context_probe(contexts: list[str], namespaces: dict[str, str]) -> etree.XPath | None:
    alternatives = []
    for context in contexts:
        for alternative in _split_union(context):
            alternatives.append(alternative if alternative.startswith("/") else f"//{alternative}")
    if not alternatives:
        return None
    try:
        return etree.XPath("boolean(" + " | ".join(alternatives) + ")",
                           namespaces={k: v for k, v in namespaces.items() if k})
    except etree.XPathSyntaxError:
        return None


def _xpath1_problem(expression: str, namespaces: dict[str, str]) -> str | None:
    """Why an expression is not XPath 1.0 (None when it is)."""
    without_strings = _STRING.sub("''", expression)
    for name in _CALL.findall(without_strings):
        if name in NODE_TESTS or name in XPATH1_FUNCTIONS or name in _OPERATORS:
            continue
        if ":" in name and namespaces.get(name.split(":", 1)[0]) in EXSLT_NAMESPACES:
            continue
        if name in ("if", "for", "some", "every"):
            return f"uses the XPath 2.0 expression {name}(…)"
        return f"calls {name}(), which XPath 1.0 does not have"
    try:
        etree.XPath(expression, namespaces={k: v for k, v in namespaces.items() if k})
    except etree.XPathSyntaxError as error:
        return f"is not XPath 1.0 ({error}): {expression.strip()[:80]}"
    return None


def _match_problem(context: str, namespaces: dict[str, str]) -> str | None:
    """Why a rule context is not an XSLT 1.0 match pattern (None when it is)."""
    stylesheet = etree.Element("{http://www.w3.org/1999/XSL/Transform}stylesheet", version="1.0",
                               nsmap={k: v for k, v in namespaces.items() if k})
    etree.SubElement(stylesheet, "{http://www.w3.org/1999/XSL/Transform}template", match=context)
    try:
        etree.XSLT(stylesheet)
    except etree.XSLTParseError:
        return f"is not an XSLT 1.0 match pattern: {context.strip()[:80]}"
    return None


def _pattern_problem(pattern: etree._Element, namespaces: dict[str, str]) -> str | None:
    for node in pattern.iter():
        if not isinstance(node.tag, str):
            continue
        context = node.get("context")
        if context is not None and etree.QName(node).localname == "rule":
            problem = _match_problem(context, namespaces)
            if problem:
                return f"@context {problem}"
        for attribute in ("context", "test", "select", "value", "path"):
            expression = node.get(attribute)
            if expression is None or (attribute == "value" and etree.QName(node).localname != "let"):
                continue
            problem = _xpath1_problem(expression, namespaces)
            if problem:
                return f"@{attribute} {problem}"
    return None


def _compile(schematron: etree._Element, label: str) -> etree.XSLT:
    """Compile a Schematron tree to its validator, reusing the disk cache."""
    data = etree.tostring(schematron)
    key = hashlib.sha256(data + f"{RULES_VERSION}{etree.LXML_VERSION}".encode()).hexdigest()
    target = cache_subfolder("schematron") / f"{key}.xsl"
    if target.is_file():
        try:
            return etree.XSLT(etree.parse(str(target), schema_parser()))
        except (etree.XMLSyntaxError, etree.XSLTParseError, OSError):
            pass
    try:
        compiled = isoschematron.Schematron(schematron, store_xslt=True)
    except (etree.SchematronParseError, etree.XSLTParseError, etree.XSLTApplyError) as error:
        raise UsageError(f"{label}: not usable ISO Schematron: {str(error).splitlines()[0]}; "
                         "expected Schematron rules with XPath 1.0 (queryBinding xslt)") from None
    xslt = compiled.validator_xslt
    store(target, etree.tostring(xslt))
    return etree.XSLT(xslt)


def _split(root: etree._Element, label: str, namespaces: dict[str, str]) -> tuple[_Pattern, ...]:
    """One single-pattern Schematron per concrete pattern, sharing the schema's other parts."""
    concrete = [child for child in root if child.tag == f"{_SCH}pattern" and child.get("abstract") != "true"]
    shared = [child for child in root if child not in concrete and child.tag != f"{_SCH}phase"]
    patterns = []
    # assembled as text: lxml's deepcopy/append can move a prefixed Schematron element into a
    # default namespace declared on it (seen with TEI's <sch:rule xmlns="…tei…">)
    head = etree.tostring(etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap))
    head = head[:-2] + b">" if head.endswith(b"/>") else head[:head.rindex(b"</")]
    body = b"".join(etree.tostring(child, with_tail=False) for child in shared)
    for number, pattern in enumerate(concrete, 1):
        text = head + body + etree.tostring(pattern, with_tail=False) + b"</" + head[1:head.index(b" ")] + b">"
        single = etree.fromstring(text, schema_parser())
        patterns.append(_Pattern(pattern.get("id") or f"pattern-{number}", single, label, namespaces))
    return tuple(patterns)


def _namespaces(root: etree._Element) -> dict[str, str]:
    return {ns.get("prefix", ""): ns.get("uri", "") for ns in root.iter(f"{_SCH}ns")}


def load_rules(data: bytes, *, label: str, base_url: str | None = None) -> RuleSet:
    """Read the rules of a Schematron file (given as bytes), once per process.

    Raises ``UsageError`` for a file that is not ISO Schematron or does not compile.
    """
    key = hashlib.sha256(data).hexdigest()
    if key in _MEMORY:
        return _MEMORY[key]
    try:
        root = etree.fromstring(data, schema_parser(), base_url=base_url)
    except etree.XMLSyntaxError as error:
        raise UsageError(f"{label}: the Schematron file is not well-formed XML: {error.msg}; "
                         "expected ISO Schematron") from None
    if root.tag != f"{_SCH}schema":
        raise UsageError(f"{label}: not an ISO Schematron schema (root <{etree.QName(root).localname}>); "
                         f"expected <schema xmlns=\"{SCH_NS}\">")
    _compile(root, label)  # the whole file once: a broken file is an error before any document
    rules = RuleSet(label=label, patterns=_split(root, label, _namespaces(root)))
    _MEMORY[key] = rules
    return rules


def load_rules_file(path: str | os.PathLike[str]) -> RuleSet:
    """Read and compile a ``.sch`` file (``--schematron FILE``)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read the Schematron file: {error.strerror}") from None
    return load_rules(data, label=str(path), base_url=str(path))


def embedded_rules(schema: Schema) -> RuleSet | None:
    """The XPath 1.0 Schematron patterns embedded in a RelaxNG grammar; None when it has none."""
    key = f"embedded-{schema.digest}"
    if key in _MEMORY:
        return _MEMORY[key]
    grammar = etree.fromstring(schema.data, schema_parser())
    patterns = list(grammar.iter(f"{_SCH}pattern"))
    if not patterns:
        return None
    namespaces: dict[str, str] = {}
    for ns in grammar.iter(f"{_SCH}ns"):
        namespaces[ns.get("prefix", "")] = ns.get("uri", "")
    parts = [f'<schema xmlns="{SCH_NS}" queryBinding="xslt">'.encode()]
    for prefix, uri in namespaces.items():
        parts.append(etree.tostring(etree.Element(f"{_SCH}ns", prefix=prefix, uri=uri)))
    skipped: list[SkippedPattern] = []
    for number, pattern in enumerate(patterns, 1):
        ident = pattern.get("id") or f"pattern-{number}"
        problem = _pattern_problem(pattern, namespaces)
        if problem:
            skipped.append(SkippedPattern(ident, problem))
            continue
        clone = etree.fromstring(etree.tostring(pattern, with_tail=False), schema_parser())
        clone.set("id", ident)
        for check in clone.iter(f"{_SCH}assert", f"{_SCH}report"):
            role = _WARNING_ROLES.get((check.get("role") or "").lower())
            if role:
                check.set("role", role)
        parts.append(etree.tostring(clone))
    parts.append(b"</schema>")
    root = etree.fromstring(b"".join(parts), schema_parser())
    label = f"{schema.label} (embedded Schematron)"
    rules = RuleSet(label=label, patterns=_split(root, label, namespaces), skipped=tuple(skipped))
    _MEMORY[key] = rules
    return rules


def check_rules(rules: RuleSet, tree: etree._ElementTree | etree._Element, *, file: str,
                source: bytes | None = None) -> list[Finding]:
    """Run a rule set on one parsed document; one finding per failed assert or fired report."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    document = root.getroottree()
    names = frozenset((etree.QName(node).namespace or "", etree.QName(node).localname)
                      for node in root.iter(tag=etree.Element))
    findings: list[Finding] = []
    for pattern in rules.patterns:
        if not pattern.may_fire(document, names):
            continue
        try:
            report = pattern.validator(document)
        except (etree.XSLTApplyError, UsageError) as error:
            findings.append(Finding(file=file, line=None, column=None, source="schematron",
                                    severity="warning", rule=pattern.id,
                                    message=f"the rule {pattern.id} of {rules.label} could not run: {error}",
                                    expected="Schematron rules that XPath 1.0 can evaluate"))
            continue
        for node in report.getroot():
            if not isinstance(node.tag, str) or etree.QName(node).localname not in (
                    "failed-assert", "successful-report"):
                continue
            finding = explain_schematron(node, root, file=file, source=source)
            if finding.rule is None:
                finding = dataclasses.replace(finding, rule=pattern.id)
            findings.append(finding)
    return findings
