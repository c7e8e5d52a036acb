"""Read a RelaxNG grammar tree once into element rules: ``Indexer``.

Each content pattern is summarised (``_Summary``): the child elements it allows and requires,
whether text is allowed, its attributes and what may come first. Refs, defines and ``combine``
are resolved; ``notAllowed`` branches (pruned grammars) drop out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .rng import RNG, inherited, pattern_children, qname, rng_children, rng_local
from .rules import AttributeRule, ElementRule, NameClass, clark

__all__ = ["Indexer"]

XSD_LIBRARY = "http://www.w3.org/2001/XMLSchema-datatypes"


def _names_of(nc: NameClass) -> list[str]:
    """The exact Clark names a name class lists (wildcards contribute none)."""
    if nc[0] == "name":
        return [clark(nc[1], nc[2])]
    if nc[0] == "choice":
        return [name for sub in nc[1] for name in _names_of(sub)]
    return []


def _is_exact(nc: NameClass) -> bool:
    return nc[0] == "name" or (nc[0] == "choice" and all(_is_exact(sub) for sub in nc[1]))


def _wildcards_of(nc: NameClass) -> list[NameClass]:
    if nc[0] in ("nsName", "anyName"):
        return [nc]
    if nc[0] == "choice":
        return [w for sub in nc[1] for w in _wildcards_of(sub)]
    return []


# --------------------------------------------------------------------------- summaries

@dataclass
class _Summary:
    """What a content pattern contributes to the element that contains it."""

    children: set[str] = field(default_factory=set)
    child_wildcards: list[NameClass] = field(default_factory=list)
    required: list[frozenset[str]] = field(default_factory=list)
    first: set[str] | None = field(default_factory=set)  # None: could not tell
    nullable: bool = True
    text: bool = False
    attributes: dict[str, AttributeRule] = field(default_factory=dict)
    attribute_wildcards: list[NameClass] = field(default_factory=list)
    impossible: bool = False  # notAllowed: this branch can never match


_IMPOSSIBLE = _Summary(impossible=True, nullable=False)


def _name_class(node: etree._Element, *, attribute: bool) -> NameClass:
    """The name class of an ``element`` or ``attribute`` pattern, or of a name-class node."""
    kind = rng_local(node)
    if kind in ("element", "attribute"):
        name = node.get("name")
        if name is not None:
            default = node.get("ns", "") if attribute else inherited(node, "ns")
            return ("name",) + qname(node, name, default_ns=default)
        return _name_class(rng_children(node)[0], attribute=attribute)
    if kind == "name":
        return ("name",) + qname(node, node.text or "", default_ns=inherited(node, "ns"))
    if kind in ("anyName", "nsName"):
        excepts = [c for c in rng_children(node) if rng_local(c) == "except"]
        exc = ("choice", tuple(_name_class(c, attribute=attribute) for c in rng_children(excepts[0]))) \
            if excepts else None
        if kind == "anyName":
            return ("anyName", exc)
        return ("nsName", inherited(node, "ns"), exc)
    if kind == "choice":
        return ("choice", tuple(_name_class(c, attribute=attribute) for c in rng_children(node)))
    return ("choice", ())


class Indexer:
    """Reads a grammar tree once: defines, element patterns, their summaries."""

    def __init__(self, root: etree._Element) -> None:
        self.defines: dict[str, list[etree._Element]] = {}
        self.combine: dict[str, str] = {}
        self.start: list[etree._Element] = []
        self.memo: dict[str, _Summary] = {}
        self.busy: set[str] = set()
        self._collect(root)

    def _collect(self, grammar: etree._Element) -> None:
        for node in grammar.iter(f"{RNG}define", f"{RNG}start"):
            if rng_local(node) == "start":
                self.start.append(node)
                continue
            name = node.get("name", "")
            self.defines.setdefault(name, []).append(node)
            if node.get("combine"):
                self.combine[name] = node.get("combine", "choice")

    # -- summaries -------------------------------------------------------------------
    def define(self, name: str) -> _Summary:
        if name in self.memo:
            return self.memo[name]
        if name in self.busy or name not in self.defines:
            return _Summary() if name in self.busy else _IMPOSSIBLE
        self.busy.add(name)
        parts = [self.sequence(rng_children(d)) for d in self.defines[name]]
        if len(parts) == 1:
            result = parts[0]
        elif self.combine.get(name) == "interleave":
            result = self.group(parts, ordered=False)
        else:
            result = self.choice(parts)
        self.busy.discard(name)
        self.memo[name] = result
        return result

    def sequence(self, nodes: list[etree._Element]) -> _Summary:
        return self.group([self.pattern(n) for n in nodes], ordered=True)

    def pattern(self, node: etree._Element) -> _Summary:
        kind = rng_local(node)
        if kind == "ref" or kind == "parentRef":
            return self.define(node.get("name", ""))
        if kind in ("group",):
            return self.sequence(rng_children(node))
        if kind == "interleave":
            return self.group([self.pattern(n) for n in rng_children(node)], ordered=False)
        if kind == "choice":
            return self.choice([self.pattern(n) for n in rng_children(node)])
        if kind in ("optional", "zeroOrMore"):
            return self.optional(self.sequence(rng_children(node)))
        if kind == "oneOrMore":
            return self.sequence(rng_children(node))
        if kind == "mixed":
            inner = self.sequence(rng_children(node))
            if inner.impossible:
                return inner
            inner.text = True  # group() built a new summary: changing it touches no shared one
            inner.first = None
            return inner
        if kind == "element":
            nc = _name_class(node, attribute=False)
            names = set(_names_of(nc))
            return _Summary(children=names, child_wildcards=_wildcards_of(nc),
                            required=[frozenset(names)] if names and _is_exact(nc) else [],
                            first=names if _is_exact(nc) else None, nullable=False)
        if kind == "attribute":
            return self.attribute(node)
        if kind == "text":
            return _Summary(text=True)
        if kind in ("data", "value", "list"):
            return _Summary(text=True, nullable=False)
        if kind == "notAllowed":
            return _IMPOSSIBLE
        return _Summary()  # empty, externalRef, include, grammar: nothing to say

    def attribute(self, node: etree._Element) -> _Summary:
        nc = _name_class(node, attribute=True)
        values, datatypes, free, is_list = self._attribute_content(pattern_children(node))
        summary = _Summary()
        for name in _names_of(nc):
            summary.attributes[name] = AttributeRule(
                name=name, required=True, values=tuple(values), datatypes=tuple(datatypes),
                free=free, is_list=is_list)
        summary.attribute_wildcards = _wildcards_of(nc)
        return summary

    def _attribute_content(self, nodes: list[etree._Element]) -> tuple[list[str], list[str], bool, bool]:
        """(values, datatypes, free, is_list) of an attribute's content patterns."""
        values: list[str] = []
        datatypes: list[str] = []
        state = {"free": not nodes, "list": False}

        def walk(node: etree._Element, depth: int) -> None:
            kind = rng_local(node)
            if depth > 50:
                state["free"] = True
            elif kind == "value":
                if node.get("type", "token") not in ("token", "string"):
                    state["free"] = True
                text = " ".join((node.text or "").split()) if node.get("type") != "string" \
                    else (node.text or "")
                if text not in values:
                    values.append(text)
            elif kind == "data":
                if inherited(node, "datatypeLibrary") != XSD_LIBRARY:
                    state["free"] = True
                elif node.get("type", "") not in datatypes:
                    datatypes.append(node.get("type", ""))
            elif kind == "text":
                state["free"] = True
            elif kind == "list":
                state["list"] = True
                for child in rng_children(node):
                    walk(child, depth + 1)
            elif kind == "ref":
                for define in self.defines.get(node.get("name", ""), []):
                    for child in rng_children(define):
                        walk(child, depth + 1)
            elif kind in ("choice", "group", "optional", "zeroOrMore", "oneOrMore", "interleave"):
                if kind in ("group", "interleave") and len(rng_children(node)) > 1:
                    state["free"] = True  # several tokens in a row: too complex to judge here
                for child in rng_children(node):
                    walk(child, depth + 1)
            elif kind in ("empty",):
                if "" not in values:
                    values.append("")
            elif kind != "notAllowed":
                state["free"] = True

        for node in nodes:
            walk(node, 0)
        return values, datatypes, bool(state["free"]), bool(state["list"])

    @staticmethod
    def optional(summary: _Summary) -> _Summary:
        if summary.impossible:
            return _Summary()
        return _Summary(
            children=summary.children, child_wildcards=summary.child_wildcards, required=[],
            first=summary.first, nullable=True, text=summary.text,
            attributes={k: _optional_attr(v) for k, v in summary.attributes.items()},
            attribute_wildcards=summary.attribute_wildcards)

    @staticmethod
    def group(parts: list[_Summary], *, ordered: bool) -> _Summary:
        if any(p.impossible for p in parts):
            return _IMPOSSIBLE
        out = _Summary()
        first: set[str] | None = set()
        still_nullable = True
        for part in parts:
            out.children |= part.children
            out.child_wildcards += part.child_wildcards
            out.required += part.required
            out.text = out.text or part.text
            for name, rule in part.attributes.items():
                out.attributes[name] = _merge_attr(out.attributes.get(name), rule, both=True)
            out.attribute_wildcards += part.attribute_wildcards
            if still_nullable and first is not None:
                first = None if part.first is None or not ordered else first | part.first
            if ordered:
                still_nullable = still_nullable and part.nullable
        out.first = first
        out.nullable = all(p.nullable for p in parts)
        return out

    @staticmethod
    def choice(parts: list[_Summary]) -> _Summary:
        live = [p for p in parts if not p.impossible]
        if not live:
            return _IMPOSSIBLE
        if len(live) == 1:
            return live[0]
        out = _Summary()
        for part in live:
            out.children |= part.children
            out.child_wildcards += part.child_wildcards
            out.text = out.text or part.text
            out.attribute_wildcards += part.attribute_wildcards
        names = set().union(*(p.attributes for p in live))
        for name in names:
            merged = None
            for part in live:
                rule = part.attributes.get(name)
                if rule is not None:
                    merged = _merge_attr(merged, rule, both=False)
                elif merged is not None:
                    merged = _optional_attr(merged)
            merged = merged if all(name in p.attributes for p in live) else _optional_attr(merged)  # type: ignore[arg-type]
            out.attributes[name] = merged  # type: ignore[assignment]
        # requirements: the ones every branch has, plus "one of" when every branch needs something
        if all(p.required for p in live):
            common = set(live[0].required)
            for part in live[1:]:
                common &= set(part.required)
            out.required = [r for r in live[0].required if r in common]
            if not common:
                out.required = [frozenset().union(*(r for p in live for r in p.required[:1]))]
        firsts = [p.first for p in live]
        out.first = None if any(f is None for f in firsts) else set().union(*firsts)  # type: ignore[arg-type]
        out.nullable = any(p.nullable for p in live)
        return out

    # -- elements --------------------------------------------------------------------
    def rules(self, root: etree._Element) -> tuple[dict[str, ElementRule], list[tuple[NameClass, ElementRule]]]:
        by_name: dict[str, ElementRule] = {}
        wildcards: list[tuple[NameClass, ElementRule]] = []
        for node in root.iter(f"{RNG}element"):
            nc = _name_class(node, attribute=False)
            summary = self.sequence(pattern_children(node))
            if summary.impossible:
                continue
            order = self._order(pattern_children(node))
            for name in _names_of(nc):
                rule = _to_rule(name, summary, order)
                by_name[name] = _merge_rules(by_name[name], rule) if name in by_name else rule
            for wildcard in _wildcards_of(nc):
                wildcards.append((wildcard, _to_rule("*", summary)))
        return by_name, wildcards

    def _order(self, nodes: list[etree._Element]) -> tuple[frozenset[str], ...] | None:
        """The names allowed at each position of a top-level sequence, when they never overlap."""
        parts: list[_Summary] = []

        def flatten(items: list[etree._Element]) -> None:
            for item in items:
                if rng_local(item) == "group":
                    flatten(rng_children(item))
                else:
                    parts.append(self.pattern(item))

        flatten(nodes)
        positions = [p for p in parts if not p.impossible and (p.children or p.child_wildcards)]
        if len(positions) < 2 or any(p.child_wildcards for p in positions):
            return None
        seen: set[str] = set()
        for part in positions:
            if seen & part.children:
                return None
            seen |= part.children
        return tuple(frozenset(p.children) for p in positions)

    def start_names(self) -> frozenset[str]:
        summary = self.choice([self.sequence(rng_children(s)) for s in self.start]) if self.start \
            else _Summary()
        return frozenset(summary.children)


def _optional_attr(rule: AttributeRule) -> AttributeRule:
    return AttributeRule(rule.name, False, rule.values, rule.datatypes, rule.free, rule.is_list)


def _merge_attr(old: AttributeRule | None, new: AttributeRule, *, both: bool) -> AttributeRule:
    if old is None:
        return new
    required = (old.required or new.required) if both else (old.required and new.required)
    return AttributeRule(old.name, required, tuple(dict.fromkeys(old.values + new.values)),
                         tuple(dict.fromkeys(old.datatypes + new.datatypes)),
                         old.free or new.free, old.is_list or new.is_list)


def _to_rule(name: str, summary: _Summary,
             order: tuple[frozenset[str], ...] | None = None) -> ElementRule:
    return ElementRule(
        name=name, children=frozenset(summary.children),
        child_wildcards=tuple(dict.fromkeys(summary.child_wildcards)),
        required=tuple(dict.fromkeys(summary.required)), text=summary.text,
        attributes=dict(summary.attributes),
        attribute_wildcards=tuple(dict.fromkeys(summary.attribute_wildcards)),
        first=frozenset(summary.first) if summary.first is not None else None, sequence=order)


def _merge_rules(a: ElementRule, b: ElementRule) -> ElementRule:
    """One element name defined by several patterns: allow what either allows."""
    attributes = dict(a.attributes)
    for name, rule in b.attributes.items():
        attributes[name] = _merge_attr(attributes.get(name), rule, both=False) if name in attributes \
            else _optional_attr(rule)
    for name in set(a.attributes) - set(b.attributes):
        attributes[name] = _optional_attr(a.attributes[name])
    return ElementRule(
        name=a.name, children=a.children | b.children,
        child_wildcards=tuple(dict.fromkeys(a.child_wildcards + b.child_wildcards)),
        required=tuple(r for r in a.required if r in b.required), text=a.text or b.text,
        attributes=attributes,
        attribute_wildcards=tuple(dict.fromkeys(a.attribute_wildcards + b.attribute_wildcards)),
        first=None if a.first is None or b.first is None else a.first | b.first,
        sequence=a.sequence if a.sequence == b.sequence else None)
