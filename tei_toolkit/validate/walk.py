"""The document walk: every problem a ``GrammarIndex`` can name in a document, each with what was expected.

Unexpected or missing child elements, children out of order, text where none is allowed,
missing, undeclared or ill-valued attributes, wrong namespaces.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from .rules import ElementRule, GrammarIndex, split_clark
from .locate import ElementPaths, Locator, display_name
from .model import Finding
from .wording import (clark_display, display_names, expected_ns, expected_value, ns_words, quoted_list,
                      value_ok, written_name)

__all__ = ["explain_document"]


def explain_document(tree: etree._ElementTree | etree._Element, grammar: GrammarIndex, file: str,
                     *, source: bytes | None = None, locator: Locator | None = None) -> list[Finding]:
    """Every problem the grammar index can name in a document, in document order.

    ``source`` (the file's bytes) gives exact columns; without it columns are left out.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    locator = locator or Locator(root, source)
    paths = ElementPaths()
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
        add(root, f'element "{name}" is in {ns_words(ns)}', expected_ns(same))
    else:
        add(root, f'element "{name}" is not allowed as the root element',
            f"root element {quoted_list(display_names(grammar.start))}")


def _check_attributes(element: etree._Element, rule: ElementRule, add) -> None:
    attributes = element.attrib
    for attr, value in attributes.items():
        declared = rule.attributes.get(attr)
        if declared is None:
            if not rule.allows_attribute(attr):
                allowed = display_names(rule.attributes, element)
                expected = f"one of the attributes {quoted_list(allowed)}" if allowed else "no attributes"
                add(element, f'attribute "{clark_display(attr, element, attribute=True)}" is not allowed '
                             f'on element "{display_name(element)}"', expected,
                    attribute=written_name(element, attr))
            continue
        if declared.free:
            continue
        tokens = value.split() if declared.is_list else [" ".join(value.split())]
        wrong = [token for token in tokens if not value_ok(token, declared)]
        if wrong:
            add(element, f'attribute "{clark_display(attr, element, attribute=True)}" of element '
                         f'"{display_name(element)}" has the value "{wrong[0]}", which is not allowed',
                expected_value(declared), attribute=written_name(element, attr))
    for attr in rule.required_attributes:
        if attr not in attributes:
            declared = rule.attributes[attr]
            shown = clark_display(attr, element, attribute=True)
            add(element, f'element "{display_name(element)}" is missing the required attribute "{shown}"',
                f'attribute "{shown}"' + (f" with {expected_value(declared)}" if not declared.free else ""))


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
            add(child, f'element "{child_name}" is in {ns_words(ns)}', expected_ns(same))
            skip.add(id(child))
        else:
            allowed = display_names(rule.children, element, present)
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
            names = display_names(requirement, element)
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
            f"first one of the elements {quoted_list(display_names(rule.first, element))}")
    return skip


def _belongs(element: etree._Element, grammar: GrammarIndex) -> str:
    """`` (it belongs inside "a" or "b")`` when the schema allows the element in a few places."""
    parents = display_names(grammar.parents_of(element.tag), element)
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
        allowed = display_names(rule.children, element, present)
        expected = f"only elements here: {quoted_list(allowed)}" if allowed else "no content"
        add(element, f'text is not allowed directly inside element "{name}" ("{snippet}")', expected,
            line=line, text=words)


def _text_line(start: int | None, text: str) -> int | None:
    if start is None:
        return None
    leading = text[: len(text) - len(text.lstrip())]
    return start + leading.count("\n")
