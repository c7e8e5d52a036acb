"""lxml's RelaxNG error-log entries reworded: what is wrong, where, and what the schema expected."""

from __future__ import annotations

import re

from lxml import etree

from .rules import ElementRule, GrammarIndex, split_clark
from .locate import Locator, display_name, element_path, node_at
from .model import Finding
from .wording import clark_display, display_names, expected_ns, expected_value, quoted_list, written_name

__all__ = ["explain_relaxng_error"]

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
    node = node_at(root, entry.path)
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
                expected = f"one of the elements {quoted_list(display_names(missing[0], node))}" \
                    if len(missing[0]) > 1 else f'element "{display_names(missing[0], node)[0]}"'
                message += f": missing {expected}"
            else:
                expected = "more content, as the schema requires"
        elif kind in ("attribute", "attributes") and match and rule is not None:
            message, expected, written = _attribute_words(node, rule,
                                                          match.group(1) if kind == "attribute" else None)
        elif kind == "extra" and match:
            message = f'element "{name}" has content the schema does not allow here ({match.group(2)})'
            if rule is not None:
                expected = (f"one of the elements {quoted_list(display_names(rule.children, node))}"
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
            expected = expected_ns(same) if same else \
                f"root element {quoted_list(display_names(grammar.start))}"
            return f'element "{display_name(root)}" is not allowed as the root element', expected, root
        return f'element "{local}" is not allowed here', None, target
    rule = grammar.rule(node.tag)
    name, child_name = display_name(node), display_name(child)
    if rule is None:
        return f'element "{child_name}" is not allowed here inside "{name}"', None, child
    if not rule.allows_child(child.tag):
        allowed = display_names(rule.children, node)
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
        shown = clark_display(attr, node, attribute=True)
        declared = rule.attributes.get(attr)
        if declared is None and not rule.allows_attribute(attr):
            return (f'attribute "{shown}" is not allowed on element "{name}"',
                    f"one of the attributes {quoted_list(display_names(rule.attributes, node))}",
                    written_name(node, attr))
        if declared is not None:
            return (f'attribute "{shown}" of element "{name}" has the value "{value}", which is not allowed',
                    expected_value(declared), written_name(node, attr))
    missing = [a for a in rule.required_attributes if a not in node.attrib]
    if missing:
        shown = clark_display(missing[0], node, attribute=True)
        return f'element "{name}" is missing the required attribute "{shown}"', f'attribute "{shown}"', None
    return f'element "{name}" has attributes the schema does not allow', None, None


def _child_named(node: etree._Element, local: str, rule: ElementRule | None) -> etree._Element | None:
    candidates = [c for c in node if isinstance(c.tag, str) and split_clark(c.tag)[1] == local]
    for child in candidates:
        if rule is None or not rule.allows_child(child.tag):
            return child
    return candidates[0] if candidates else None


def _plain(message: str) -> str:
    text = message.replace("Expecting an element , got nothing", "an element is missing here")
    return text[:1].lower() + text[1:]
