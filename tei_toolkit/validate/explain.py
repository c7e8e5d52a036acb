"""Findings a scholar can act on: what is wrong, where (line, column, element path), what was expected.

lxml decides whether a document is valid (its verdicts agree with jing), but it reports few,
vague errors ("Expecting an element , got nothing", column 0). This module explains them:

- ``explain_document`` walks the whole document against a ``GrammarIndex`` and finds every
  problem it can (unexpected or missing child elements, text where none is allowed, missing,
  undeclared or ill-valued attributes, wrong namespaces), each with what the schema expected;
- ``explain_relaxng_error`` turns one lxml error-log entry into a ``Finding`` in plain words;
- ``explain_invalid`` combines the two for a document lxml found invalid (never zero findings,
  and nothing at all for a valid one);
- ``explain_parser_error`` words parser errors (not well-formed, undefined entity, bad xml:id);
- ``explain_schematron`` turns an SVRL failed assert or fired report into a located finding.

``Locator`` finds each element's line and column in the source text (lxml gives no column),
``element_path`` writes ``/TEI/text/body/div[2]/p[3]``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache

from lxml import etree

from ..xml_errors import describe_parser_error, describe_syntax_error
from .grammar import XML_NS, AttributeRule, ElementRule, GrammarIndex, split_clark
from .model import Finding

MAX_NAMES = 20  # longest list of names spelled out in a message

__all__ = ["Locator", "display_name", "element_path", "explain_document", "explain_invalid",
           "explain_parser_error", "explain_relaxng_error", "explain_schematron"]


# --------------------------------------------------------------------------- where things are

_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|<([^\s/>!?]+)", re.S)
_NEWLINE = re.compile("\n")


class Locator:
    """Line and column of each element's start tag, found in the source text.

    lxml gives only a line (where the start tag ends) and no column; start tags occur in the
    source in document order, so the n-th ``<name`` in the text is the n-th element
    (elements expanded from entities, which the text does not show, are skipped).
    """

    def __init__(self, root: etree._Element, source: bytes | None) -> None:
        self.root = root
        self.source = source
        self._offsets: dict[int, int] | None = None
        self._elements: list[etree._Element] = []  # keeps proxies alive, so their ids stay valid
        self._cached_text: str | None = None
        self._line_starts: list[int] = [0]

    def position(self, element: etree._Element) -> tuple[int | None, int | None]:
        """(line, column) of the element's ``<``, both 1-based; column None without the source."""
        offset = self._offset(element)
        if offset is None:
            return element.sourceline, None
        return self._line_column(offset)

    def attribute_position(self, element: etree._Element, written: str) -> tuple[int | None, int | None]:
        """(line, column) of an attribute as written in the element's start tag, else the tag's."""
        offset = self._offset(element)
        if offset is None:
            return element.sourceline, None
        text = self._text()
        end = text.find("<", offset + 1)  # "<" cannot occur inside a start tag
        match = re.compile(rf"\s({re.escape(written)})\s*=").search(text, offset, end if end > 0 else len(text))
        return self._line_column(match.start(1) if match else offset)

    def text_column(self, line: int, words: str) -> int | None:
        """Column where ``words`` (some text content) starts on ``line``, if it is found there."""
        text = self._text()
        if not words or not text or not 0 < line <= len(self._line_starts):
            return None
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(text)
        found = text.find(words.split()[0], start, end)
        return found - start + 1 if found >= 0 else None

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _offset(self, element: etree._Element) -> int | None:
        if self._offsets is None:
            self._offsets = self._scan()
        return self._offsets.get(id(element))

    def _text(self) -> str:
        if self._cached_text is None:
            self._cached_text = self._decode()
            self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self._cached_text)]
        return self._cached_text

    def _decode(self) -> str:
        if not self.source:
            return ""
        encoding = self.root.getroottree().docinfo.encoding or "utf-8"
        try:
            text = self.source.decode(encoding, errors="replace")
        except LookupError:
            text = self.source.decode("utf-8", errors="replace")
        return text[1:] if text.startswith("\ufeff") else text

    def _scan(self) -> dict[int, int]:
        text = self._text()
        if not text:
            return {}
        elements = self._elements = [e for e in self.root.getroottree().iter() if isinstance(e.tag, str)]
        names = [display_name(e) for e in elements]
        lines = [e.sourceline or 0 for e in elements]
        starts, count = self._line_starts, len(elements)
        offsets: dict[int, int] = {}
        index = 0
        for match in _MARKUP.finditer(text):
            name = match.group(1)
            if name is None:
                continue
            start = match.start()
            line = bisect_right(starts, start)
            # elements the text does not show (expanded from an entity) end before this line
            while index < count and 0 < lines[index] < line:
                index += 1
            if index >= count:
                break
            if name != names[index]:
                continue  # a tag with no element here (inside an entity declaration): skip it
            offsets[id(elements[index])] = start
            index += 1
        return offsets


def display_name(element: etree._Element) -> str:
    """The element's name as written: ``p``, ``tei:p``, ``xhtml:div``."""
    local = element.tag.rpartition("}")[2]
    prefix = element.prefix
    return f"{prefix}:{local}" if prefix else local


def element_path(element: etree._Element) -> str:
    """``/TEI/text/body/div[2]/p[3]``: positions only where siblings share the name."""
    return _Paths()(element)


class _Paths:
    """``element_path`` for many elements of one document: one pass per parent, paths remembered."""

    def __init__(self) -> None:
        self.paths: dict[int, str] = {}
        self.positions: dict[int, tuple[int, int]] = {}  # id(child) → (position, same-named siblings)
        self.seen: set[int] = set()  # parents whose children are counted
        self.alive: list[etree._Element] = []  # keeps proxies alive, so their ids stay valid

    def __call__(self, element: etree._Element) -> str:
        found = self.paths.get(id(element))
        if found is not None:
            return found
        parent = element.getparent()
        step = display_name(element)
        if parent is None:
            path = "/" + step
        else:
            if id(parent) not in self.seen:
                self._count(parent)
            position, count = self.positions[id(element)]
            path = self(parent) + "/" + (f"{step}[{position}]" if count > 1 else step)
        self.paths[id(element)] = path
        self.alive.append(element)
        return path

    def _count(self, parent: etree._Element) -> None:
        children = list(parent)
        totals: dict[object, int] = {}
        for child in children:
            totals[child.tag] = totals.get(child.tag, 0) + 1
        seen: dict[object, int] = {}
        for child in children:
            seen[child.tag] = seen.get(child.tag, 0) + 1
            self.positions[id(child)] = (seen[child.tag], totals[child.tag])
        self.seen.add(id(parent))
        self.alive.extend(children)
        self.alive.append(parent)


# --------------------------------------------------------------------------- wording helpers

def quoted_list(names: Iterable[str], *, conjunction: str = "or") -> str:
    """``"a", "b" or "c"``; long lists are cut after ``MAX_NAMES`` with a count."""
    items = [f'"{name}"' for name in names]
    if len(items) > MAX_NAMES:
        shown = ", ".join(items[:MAX_NAMES])
        return f"{shown} {conjunction} {len(items) - MAX_NAMES} more"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _element_names(clarks: Iterable[str], context: etree._Element | None = None,
                   prefer: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Sorted display names (with the document's prefixes) of a set of Clark names.

    Names in ``prefer`` (those the document already uses) come first: in a list of 200
    allowed elements, the familiar ones are the useful examples.
    """
    nsmap = tuple(sorted((k or "", v) for k, v in context.nsmap.items())) if context is not None else ()
    names = list(_names_cached(frozenset(clarks), nsmap))
    return sorted(names, key=lambda name: name not in prefer) if prefer else names


@lru_cache(maxsize=4096)
def _names_cached(clarks: frozenset[str], nsmap: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    prefixes = {uri: prefix for prefix, uri in reversed(nsmap)}
    shown = set()
    for name in clarks:
        ns, local = split_clark(name)
        if not ns or ns not in prefixes:
            shown.add(f"xml:{local}" if ns == XML_NS else local)
        else:
            shown.add(f"{prefixes[ns]}:{local}" if prefixes[ns] else local)
    return tuple(sorted(shown, key=str.lower))


def _clark_display(name: str, context: etree._Element | None = None, *, attribute: bool = False) -> str:
    ns, local = split_clark(name)
    if not ns:
        return local
    if ns == XML_NS:
        return f"xml:{local}"
    if context is not None:
        for prefix, uri in context.nsmap.items():
            if uri == ns and (prefix or not attribute):
                return f"{prefix}:{local}" if prefix else local
    return local if not attribute else name


_DATATYPES: dict[str, tuple[str, str]] = {
    # XSD datatype → (regular expression after whitespace collapse, description in words)
    "language": (r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", 'a language tag such as "en", "de" or "la-Latn"'),
    "integer": (r"[+-]?\d+", "a whole number"),
    "nonNegativeInteger": (r"\+?\d+|-0+", "a whole number, 0 or more"),
    "positiveInteger": (r"\+?0*[1-9]\d*", "a whole number, 1 or more"),
    "decimal": (r"[+-]?(\d+(\.\d*)?|\.\d+)", "a decimal number"),
    "double": (r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN", "a number"),
    "float": (r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN", "a number"),
    "boolean": (r"true|false|1|0", '"true" or "false"'),
    "NCName": (r"[^\W\d][\w.\-\u00B7\u0300-\u036F\u203F\u2040]*", "a name without spaces or colons"),
    "ID": (r"[^\W\d][\w.\-\u00B7\u0300-\u036F\u203F\u2040]*", "a name without spaces or colons"),
    "IDREF": (r"[^\W\d][\w.\-\u00B7\u0300-\u036F\u203F\u2040]*", "a name without spaces or colons"),
    "NMTOKEN": (r"[\w.:\-\u00B7\u0300-\u036F\u203F\u2040]+", "a single word"),
    "date": (r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?", "a date written YYYY-MM-DD"),
    "gYear": (r"-?\d{4,}(Z|[+-]\d\d:\d\d)?", "a year written YYYY"),
    "gYearMonth": (r"-?\d{4,}-\d\d(Z|[+-]\d\d:\d\d)?", "a month written YYYY-MM"),
    "gMonthDay": (r"--\d\d-\d\d(Z|[+-]\d\d:\d\d)?", "a day of the year written --MM-DD"),
    "gMonth": (r"--\d\d(Z|[+-]\d\d:\d\d)?", "a month written --MM"),
    "gDay": (r"---\d\d(Z|[+-]\d\d:\d\d)?", "a day written ---DD"),
    "time": (r"\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "a time written hh:mm:ss"),
    "dateTime": (r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?",
                 "a date and time written YYYY-MM-DDThh:mm:ss"),
    "duration": (r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?",
                 "a duration such as P1Y2M or PT3H"),
}


@lru_cache(maxsize=None)
def _datatype_pattern(datatype: str) -> re.Pattern[str] | None:
    """The compiled pattern of an XSD datatype we can judge (compiled on first use)."""
    return re.compile(_DATATYPES[datatype][0]) if datatype in _DATATYPES else None


def _value_ok(token: str, rule: AttributeRule) -> bool:
    if rule.free or token in rule.values:
        return True
    for datatype in rule.datatypes:
        pattern = _datatype_pattern(datatype)
        if pattern is None or pattern.fullmatch(token):
            return True  # a datatype we cannot judge counts as satisfied
    return False


def _expected_value(rule: AttributeRule) -> str:
    parts = [f"one of {quoted_list(v for v in rule.values if v)}"] if any(rule.values) else []
    parts += [_DATATYPES[d][1] for d in dict.fromkeys(rule.datatypes) if d in _DATATYPES]
    if "" in rule.values:
        parts.append("an empty value")
    return " or ".join(parts) if parts else "another value"


# --------------------------------------------------------------------------- the document walk

def explain_document(tree: etree._ElementTree | etree._Element, grammar: GrammarIndex, file: str,
                     *, source: bytes | None = None, locator: Locator | None = None) -> list[Finding]:
    """Every problem the grammar index can name in a document, in document order.

    ``source`` (the file's bytes) gives exact columns; without it columns are left out.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    locator = locator or Locator(root, source)
    paths = _Paths()
    present = {display_name(e) for e in root.iter() if isinstance(e.tag, str)}
    findings: list[Finding] = []

    def add(element: etree._Element, message: str, expected: str | None, *, line: int | None = None,
            text: str = "", attribute: str | None = None) -> None:
        if attribute:
            el_line, column = locator.attribute_position(element, attribute)
        else:
            el_line, column = locator.position(element)
        if line:
            column = locator.text_column(line, text)
        findings.append(Finding(file=file, line=line or el_line, column=column,
                                message=message, path=paths(element), expected=expected,
                                source="relaxng"))

    if root.tag not in grammar.start:
        _explain_root(root, grammar, add)
        if grammar.rule(root.tag) is None:
            return findings
    stack = [root]
    while stack:
        element = stack.pop()
        rule = grammar.rule(element.tag)
        if rule is None:
            continue
        _check_attributes(element, rule, add)
        children = [child for child in element if isinstance(child.tag, str)]
        bad = _check_children(element, rule, children, grammar, add, present)
        _check_text(element, rule, add, present)
        stack.extend(reversed([child for child in children if id(child) not in bad]))
    findings.sort(key=lambda f: (f.line or 0, f.column or 0))
    return findings


def _explain_root(root: etree._Element, grammar: GrammarIndex, add) -> None:
    name = display_name(root)
    ns, local = split_clark(root.tag)
    same = [n for n in grammar.start if split_clark(n)[1] == local]
    if same:
        add(root, f'element "{name}" is in {_ns_words(ns)}', _expected_ns(same))
    else:
        add(root, f'element "{name}" is not allowed as the root element',
            f"root element {quoted_list(_element_names(grammar.start))}")


def _ns_words(ns: str) -> str:
    return f'the namespace "{ns}"' if ns else "no namespace"


def _expected_ns(names: Sequence[str]) -> str:
    spaces = sorted({split_clark(n)[0] for n in names})
    return " or ".join(_ns_words(ns) for ns in spaces)


def _check_attributes(element: etree._Element, rule: ElementRule, add) -> None:
    attributes = element.attrib
    for attr, value in attributes.items():
        declared = rule.attributes.get(attr)
        if declared is None:
            if not rule.allows_attribute(attr):
                allowed = _element_names(rule.attributes, element)
                expected = f"one of the attributes {quoted_list(allowed)}" if allowed else "no attributes"
                add(element, f'attribute "{_clark_display(attr, element, attribute=True)}" is not allowed '
                             f'on element "{display_name(element)}"', expected,
                    attribute=_written(element, attr))
            continue
        if declared.free:
            continue
        tokens = value.split() if declared.is_list else [" ".join(value.split())]
        wrong = [token for token in tokens if not _value_ok(token, declared)]
        if wrong:
            add(element, f'attribute "{_clark_display(attr, element, attribute=True)}" of element '
                         f'"{display_name(element)}" has the value "{wrong[0]}", which is not allowed',
                _expected_value(declared), attribute=_written(element, attr))
    for attr in rule.required_attributes:
        if attr not in attributes:
            declared = rule.attributes[attr]
            shown = _clark_display(attr, element, attribute=True)
            add(element, f'element "{display_name(element)}" is missing the required attribute "{shown}"',
                f'attribute "{shown}"' + (f" with {_expected_value(declared)}" if not declared.free else ""))


def _written(element: etree._Element, attr: str) -> str:
    """The attribute's name as the source most likely spells it (``xml:id``, ``tei:ref``)."""
    ns, local = split_clark(attr)
    if not ns:
        return local
    if ns == XML_NS:
        return f"xml:{local}"
    prefix = next((p for p, uri in element.nsmap.items() if uri == ns and p), None)
    return f"{prefix}:{local}" if prefix else local


def _check_children(element: etree._Element, rule: ElementRule, children: list[etree._Element],
                    grammar: GrammarIndex, add, present: set[str]) -> set[int]:
    """Report unexpected, misplaced and missing children; return ids of children not to enter."""
    name = display_name(element)
    skip: set[int] = set()
    for child in children:
        if rule.allows_child(child.tag):
            continue
        child_name = display_name(child)
        ns, local = split_clark(child.tag)
        same = _by_local_name(rule.children).get(local, [])
        if same:
            add(child, f'element "{child_name}" is in {_ns_words(ns)}', _expected_ns(same))
            skip.add(id(child))
        else:
            allowed = _element_names(rule.children, element, present)
            expected = f"one of the elements {quoted_list(allowed)}" if allowed else "no child elements"
            defined = grammar.rule(child.tag) is not None
            add(child, f'element "{child_name}" is not allowed inside "{name}"'
                       + (_belongs(child, grammar) if defined else " (the schema does not define it)"),
                expected)
            if not defined:
                skip.add(id(child))
    present = {child.tag for child in children}
    for requirement in rule.required:
        if not requirement & present:
            names = _element_names(requirement, element)
            if len(names) == 1:
                add(element, f'element "{name}" is incomplete: "{names[0]}" is missing',
                    f'element "{names[0]}"')
            else:
                add(element, f'element "{name}" is incomplete: a required child element is missing',
                    f"one of the elements {quoted_list(names)}")
    if rule.sequence:
        _check_order(element, rule.sequence, children, add)
    elif rule.first and children and rule.allows_child(children[0].tag) \
            and children[0].tag not in rule.first and not rule.child_wildcards:
        add(children[0], f'element "{display_name(children[0])}" cannot come first inside "{name}"',
            f"first one of the elements {quoted_list(_element_names(rule.first, element))}")
    return skip


def _belongs(element: etree._Element, grammar: GrammarIndex) -> str:
    """`` (it belongs inside "a" or "b")`` when the schema allows the element in a few places."""
    parents = _element_names(grammar.parents_of(element.tag), element)
    if not parents or len(parents) > 6:
        return ""
    return f" (it belongs inside {quoted_list(parents)})"


@lru_cache(maxsize=2048)
def _by_local_name(names: frozenset[str]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for name in names:
        table.setdefault(split_clark(name)[1], []).append(name)
    return table


@lru_cache(maxsize=2048)
def _positions_of(sequence: tuple[frozenset[str], ...]) -> dict[str, int]:
    return {name: index for index, names in enumerate(sequence) for name in names}


def _check_order(element: etree._Element, sequence: tuple[frozenset[str], ...],
                 children: list[etree._Element], add) -> None:
    """Children of a fixed-order content model that come after a later position's element."""
    position_of = _positions_of(sequence)
    furthest, previous = -1, None
    for child in children:
        position = position_of.get(child.tag)
        if position is None:
            continue
        if position < furthest and previous is not None:
            add(child, f'element "{display_name(child)}" is in the wrong place inside '
                       f'"{display_name(element)}": it must come before "{display_name(previous)}"',
                f'"{display_name(child)}" before "{display_name(previous)}"')
            continue
        if position > furthest:
            furthest, previous = position, child
        elif position == furthest:
            previous = child


def _check_text(element: etree._Element, rule: ElementRule, add, present: set[str]) -> None:
    if rule.text:
        return
    name = display_name(element)
    pieces: list[tuple[str, int | None]] = []
    if element.text and element.text.strip():
        pieces.append((element.text, _text_line(element.sourceline, element.text)))
    for child in element:
        if child.tail and child.tail.strip():
            nxt = child.getnext()
            line = None
            if nxt is not None and nxt.sourceline:
                line = nxt.sourceline - child.tail[len(child.tail.rstrip()):].count("\n")
            pieces.append((child.tail, line))
    for text, line in pieces[:1]:
        words = " ".join(text.split())
        snippet = words if len(words) <= 40 else words[:37] + "..."
        allowed = _element_names(rule.children, element, present)
        expected = f"only elements here: {quoted_list(allowed)}" if allowed else "no content"
        add(element, f'text is not allowed directly inside element "{name}" ("{snippet}")', expected,
            line=line, text=words)


def _text_line(start: int | None, text: str) -> int | None:
    if start is None:
        return None
    leading = text[: len(text) - len(text.lstrip())]
    return start + leading.count("\n")


# --------------------------------------------------------------------------- lxml's entries

_LXML_PATTERNS = [
    (re.compile(r"Did not expect element (\S+) there"), "unexpected"),
    (re.compile(r"Expecting an element (\S*) ?, got nothing"), "missing"),
    (re.compile(r"Expecting element (\S+), got (\S+)"), "unexpected_got"),
    (re.compile(r"Invalid attribute (\S+) for element (\S+)"), "attribute"),
    (re.compile(r"Element (\S+) failed to validate attributes"), "attributes"),
    (re.compile(r"Element (\S+) has extra content: (\S+)"), "extra"),
    (re.compile(r"Element (\S+) failed to validate content"), "content"),
    (re.compile(r"Expecting a namespace for element (\S+)"), "namespace"),
    (re.compile(r"Element (\S+) has wrong namespace: expecting (\S+)"), "wrong_ns"),
    (re.compile(r"Error validating datatype (\S+)"), "datatype"),
    (re.compile(r"Datatype element (\S+) has child elements"), "text"),
]


def explain_relaxng_error(entry: etree._LogEntry, tree: etree._ElementTree | etree._Element,
                          grammar: GrammarIndex, *, file: str | None = None,
                          source: bytes | None = None, locator: Locator | None = None) -> Finding:
    """One lxml RelaxNG error-log entry, reworded with what the schema expected."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    file = file or entry.filename or "<document>"
    node = _node_at(root, entry.path)
    locator = locator or Locator(root, source)
    kind, match = "other", None
    for pattern, name in _LXML_PATTERNS:
        match = pattern.search(entry.message)
        if match:
            kind = name
            break
    message = _plain(entry.message)
    expected = written = None
    target = node
    if node is not None:
        rule = grammar.rule(node.tag)
        name = display_name(node)
        if kind == "unexpected" and match:
            message, expected, target = _unexpected_words(node, match.group(1), grammar, root)
        elif kind == "unexpected_got" and match:  # "Expecting element desc, got place"
            message, expected, target = _unexpected_words(node, match.group(2), grammar, root)
        elif kind == "missing" and rule is not None:
            present = {child.tag for child in node if isinstance(child.tag, str)}
            missing = [r for r in rule.required if not r & present]
            message = f'element "{name}" is incomplete'
            if missing:
                expected = f"one of the elements {quoted_list(_element_names(missing[0], node))}" \
                    if len(missing[0]) > 1 else f'element "{_element_names(missing[0], node)[0]}"'
                message += f": missing {expected}"
            else:
                expected = "more content, as the schema requires"
        elif kind in ("attribute", "attributes") and match and rule is not None:
            message, expected, written = _attribute_words(node, rule,
                                                          match.group(1) if kind == "attribute" else None)
        elif kind == "extra" and match:
            message = f'element "{name}" has content the schema does not allow here ({match.group(2)})'
            if rule is not None:
                expected = (f"one of the elements {quoted_list(_element_names(rule.children, node))}"
                            if rule.children else "no child elements")
    if target is not None and written:
        line, column = locator.attribute_position(target, written)
    elif target is not None:
        line, column = locator.position(target)
    else:
        line, column = entry.line or None, None
    return Finding(file=file, line=line or entry.line or None, column=column, message=message,
                   path=element_path(target) if target is not None else None, expected=expected,
                   source="relaxng")


def _unexpected_words(node: etree._Element, local: str, grammar: GrammarIndex,
                      root: etree._Element) -> tuple[str, str | None, etree._Element]:
    """lxml's "Did not expect element X there": its path names the parent or X itself."""
    rule = grammar.rule(node.tag)
    child = _child_named(node, local, rule)
    if child is None and etree.QName(node).localname == local:
        child, node = node, node.getparent()  # the path named the element itself
    if node is None or child is None:
        target = child if child is not None else root
        if target is root and grammar.rule(root.tag) is None or root.tag not in grammar.start:
            same = [n for n in grammar.start if split_clark(n)[1] == local]
            expected = _expected_ns(same) if same else \
                f"root element {quoted_list(_element_names(grammar.start))}"
            return f'element "{display_name(root)}" is not allowed as the root element', expected, root
        return f'element "{local}" is not allowed here', None, target
    rule = grammar.rule(node.tag)
    name, child_name = display_name(node), display_name(child)
    if rule is None:
        return f'element "{child_name}" is not allowed here inside "{name}"', None, child
    if not rule.allows_child(child.tag):
        allowed = _element_names(rule.children, node)
        expected = f"one of the elements {quoted_list(allowed)}" if allowed else "no child elements"
        return f'element "{child_name}" is not allowed inside "{name}"', expected, child
    before = child.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    where = "as the first child" if before is None else f'after "{display_name(before)}"'
    return (f'element "{child_name}" is not accepted here inside "{name}" ({where})',
            f'another order or choice of the children of "{name}", or a fix inside "{child_name}"', child)


def _attribute_words(node: etree._Element, rule: ElementRule,
                     attr_local: str | None) -> tuple[str, str | None, str | None]:
    """(message, expected, attribute as written) for lxml's attribute errors on ``node``."""
    name = display_name(node)
    for attr, value in node.attrib.items():
        if attr_local is not None and split_clark(attr)[1] != attr_local:
            continue
        shown = _clark_display(attr, node, attribute=True)
        declared = rule.attributes.get(attr)
        if declared is None and not rule.allows_attribute(attr):
            return (f'attribute "{shown}" is not allowed on element "{name}"',
                    f"one of the attributes {quoted_list(_element_names(rule.attributes, node))}",
                    _written(node, attr))
        if declared is not None:
            return (f'attribute "{shown}" of element "{name}" has the value "{value}", which is not allowed',
                    _expected_value(declared), _written(node, attr))
    missing = [a for a in rule.required_attributes if a not in node.attrib]
    if missing:
        shown = _clark_display(missing[0], node, attribute=True)
        return f'element "{name}" is missing the required attribute "{shown}"', f'attribute "{shown}"', None
    return f'element "{name}" has attributes the schema does not allow', None, None


def _child_named(node: etree._Element, local: str, rule: ElementRule | None) -> etree._Element | None:
    candidates = [c for c in node if isinstance(c.tag, str) and split_clark(c.tag)[1] == local]
    for child in candidates:
        if rule is None or not rule.allows_child(child.tag):
            return child
    return candidates[0] if candidates else None


def _node_at(root: etree._Element, path: str | None) -> etree._Element | None:
    if not path:
        return None
    try:
        found = root.getroottree().xpath(path)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


def _plain(message: str) -> str:
    text = message.replace("Expecting an element , got nothing", "an element is missing here")
    return text[:1].lower() + text[1:]


# --------------------------------------------------------------------------- verdict + walk

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
        node = _node_at(root, entry.path)
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


# --------------------------------------------------------------------------- parser errors

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


# --------------------------------------------------------------------------- Schematron

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
    node = _node_at(root, svrl.get("location"))
    if node is not None and not isinstance(node.tag, str):
        node = None
    line = column = None
    if node is not None:
        line, column = (locator or _last_locator(root, source)).position(node)
    severity = "warning" if (svrl.get("role") or "").lower() in _WARNING_ROLES else "error"
    return Finding(file=file, line=line, column=column, message=message, expected=expected,
                   path=element_path(node) if node is not None else svrl.get("location"),
                   source="schematron", rule=svrl.get("id"), severity=severity)
