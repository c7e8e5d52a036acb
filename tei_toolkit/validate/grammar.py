"""An index of a RelaxNG grammar (XML syntax): what each element allows, read from the schema.

Error messages need to say what the schema expected ("expected element sourceDesc",
"allowed values: a, b, c"); lxml's RelaxNG errors do not. ``index_grammar`` reads the
grammar once and answers, for every element name (Clark notation ``{ns}local``):
the allowed child elements, the required ones (each requirement a set of alternatives),
whether text is allowed, the attributes (required or optional, closed value lists,
datatypes). Refs, defines and ``combine`` are resolved; ``notAllowed`` branches (pruned
grammars) drop out. Nothing here is a hand-written table: all of it comes from the schema.

``grammar_index(data)`` caches the index in memory and on disk (a pickle keyed by the
schema's SHA-256), so building it costs once per schema, not once per run.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from functools import cached_property
from typing import Union

from lxml import etree

from .cache import cache_subfolder, store

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSD_LIBRARY = "http://www.w3.org/2001/XMLSchema-datatypes"
INDEX_VERSION = 5  # bump when the pickled shape changes

# A name class: ("name", ns, local) | ("nsName", ns, except) | ("anyName", except) | ("choice", (nc, ...))
NameClass = tuple


@dataclass(frozen=True)
class AttributeRule:
    """One attribute an element accepts."""

    name: str  # Clark name: "{ns}local", or "local" when in no namespace
    required: bool
    values: tuple[str, ...] = ()  # values the schema lists (rng:value)
    datatypes: tuple[str, ...] = ()  # XSD datatypes the value may have instead ("language", "date")
    free: bool = True  # any text is allowed (rng:text, or a pattern too complex to judge)
    is_list: bool = False  # a whitespace-separated list of tokens

    @property
    def closed(self) -> bool:
        """Whether the value must be one of ``values`` (a closed list)."""
        return bool(self.values) and not self.datatypes and not self.free


@dataclass(frozen=True)
class ElementRule:
    """What the schema allows inside one element."""

    name: str
    children: frozenset[str] = frozenset()
    child_wildcards: tuple[NameClass, ...] = ()
    required: tuple[frozenset[str], ...] = ()  # each: at least one of these children must occur
    text: bool = False
    attributes: dict[str, AttributeRule] = field(default_factory=dict)
    attribute_wildcards: tuple[NameClass, ...] = ()
    first: frozenset[str] | None = None  # children that may come first, when the content is a sequence
    sequence: tuple[frozenset[str], ...] | None = None  # content in a fixed order: names per position

    @cached_property
    def required_attributes(self) -> tuple[str, ...]:
        """Names of the attributes that must be present."""
        return tuple(name for name, rule in self.attributes.items() if rule.required)

    def allows_child(self, clark: str) -> bool:
        """Whether a child element with this Clark name may occur inside this element."""
        if clark in self.children:
            return True
        ns, local = split_clark(clark)
        return any(name_class_matches(nc, ns, local) for nc in self.child_wildcards)

    def allows_attribute(self, clark: str) -> bool:
        """Whether an attribute with this Clark name is declared (by name or by a wildcard)."""
        if clark in self.attributes:
            return True
        ns, local = split_clark(clark)
        return any(name_class_matches(nc, ns, local) for nc in self.attribute_wildcards)


@dataclass(frozen=True)
class GrammarIndex:
    """Every element the grammar defines, by Clark name, and the allowed root elements."""

    elements: dict[str, ElementRule]
    start: frozenset[str]
    wildcards: tuple[tuple[NameClass, ElementRule], ...] = ()
    sha256: str = ""

    def rule(self, clark: str) -> ElementRule | None:
        """The rule for an element, from its name or from a wildcard element pattern."""
        found = self.elements.get(clark)
        if found is not None:
            return found
        ns, local = split_clark(clark)
        for nc, rule in self.wildcards:
            if name_class_matches(nc, ns, local):
                return rule
        return None

    def parents_of(self, clark: str) -> frozenset[str]:
        """The elements whose content allows this one (where it belongs, for messages)."""
        table = _PARENTS.get(self.sha256)
        if table is None:
            built: dict[str, set[str]] = {}
            for name, rule in self.elements.items():
                for child in rule.children:
                    built.setdefault(child, set()).add(name)
            table = _PARENTS[self.sha256] = {k: frozenset(v) for k, v in built.items()}
        return table.get(clark, frozenset())


def split_clark(clark: str) -> tuple[str, str]:
    """``"{ns}p"`` → ``("ns", "p")``; ``"p"`` → ``("", "p")``."""
    if clark.startswith("{"):
        ns, _, local = clark[1:].partition("}")
        return ns, local
    return "", clark


def clark(ns: str, local: str) -> str:
    """The Clark name of (namespace, local name)."""
    return f"{{{ns}}}{local}" if ns else local


def name_class_matches(nc: NameClass, ns: str, local: str) -> bool:
    """Whether a RelaxNG name class matches a (namespace, local name) pair."""
    kind = nc[0]
    if kind == "name":
        return nc[1] == ns and nc[2] == local
    if kind == "nsName":
        return nc[1] == ns and not (nc[2] and name_class_matches(nc[2], ns, local))
    if kind == "anyName":
        return not (nc[1] and name_class_matches(nc[1], ns, local))
    if kind == "choice":
        return any(name_class_matches(sub, ns, local) for sub in nc[1])
    return False


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


def _local(node: etree._Element) -> str | None:
    if not isinstance(node.tag, str):
        return None
    ns, local = split_clark(node.tag)
    return local if ns == RNG_NS else None


def _rng_children(node: etree._Element) -> list[etree._Element]:
    return [child for child in node if _local(child) is not None]


def _inherited_datatype_library(node: etree._Element) -> str:
    current: etree._Element | None = node
    while current is not None:
        value = current.get("datatypeLibrary")
        if value is not None:
            return value
        current = current.getparent()
    return ""


def _inherited_ns(node: etree._Element) -> str:
    current: etree._Element | None = node
    while current is not None:
        value = current.get("ns")
        if value is not None:
            return value
        current = current.getparent()
    return ""


def _qname(value: str, node: etree._Element, default_ns: str) -> tuple[str, str]:
    value = value.strip()
    if ":" in value:
        prefix, local = value.split(":", 1)
        if prefix == "xml":
            return XML_NS, local
        return node.nsmap.get(prefix, ""), local
    return default_ns, value


def _name_class(node: etree._Element, *, attribute: bool) -> NameClass:
    """The name class of an ``element`` or ``attribute`` pattern, or of a name-class node."""
    kind = _local(node)
    if kind in ("element", "attribute"):
        name = node.get("name")
        if name is not None:
            default = node.get("ns", "") if attribute else _inherited_ns(node)
            return ("name",) + _qname(name, node, default)
        return _name_class(_rng_children(node)[0], attribute=attribute)
    if kind == "name":
        return ("name",) + _qname(node.text or "", node, _inherited_ns(node))
    if kind in ("anyName", "nsName"):
        excepts = [c for c in _rng_children(node) if _local(c) == "except"]
        exc = ("choice", tuple(_name_class(c, attribute=attribute) for c in _rng_children(excepts[0]))) \
            if excepts else None
        if kind == "anyName":
            return ("anyName", exc)
        return ("nsName", _inherited_ns(node), exc)
    if kind == "choice":
        return ("choice", tuple(_name_class(c, attribute=attribute) for c in _rng_children(node)))
    return ("choice", ())


def _content_nodes(node: etree._Element) -> list[etree._Element]:
    """The content patterns of an element/attribute pattern (its name class removed)."""
    children = _rng_children(node)
    if node.get("name") is None and children:
        children = children[1:]
    return children


class _Indexer:
    """Reads a grammar tree once: defines, element patterns, their summaries."""

    def __init__(self, root: etree._Element) -> None:
        self.defines: dict[str, list[etree._Element]] = {}
        self.combine: dict[str, str] = {}
        self.start: list[etree._Element] = []
        self.memo: dict[str, _Summary] = {}
        self.busy: set[str] = set()
        self._collect(root)

    def _collect(self, grammar: etree._Element) -> None:
        for node in grammar.iter(f"{{{RNG_NS}}}define", f"{{{RNG_NS}}}start"):
            if _local(node) == "start":
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
        parts = [self.sequence(_rng_children(d)) for d in self.defines[name]]
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
        kind = _local(node)
        if kind == "ref" or kind == "parentRef":
            return self.define(node.get("name", ""))
        if kind in ("group",):
            return self.sequence(_rng_children(node))
        if kind == "interleave":
            return self.group([self.pattern(n) for n in _rng_children(node)], ordered=False)
        if kind == "choice":
            return self.choice([self.pattern(n) for n in _rng_children(node)])
        if kind in ("optional", "zeroOrMore"):
            return self.optional(self.sequence(_rng_children(node)))
        if kind == "oneOrMore":
            return self.sequence(_rng_children(node))
        if kind == "mixed":
            inner = self.sequence(_rng_children(node))
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
        values, datatypes, free, is_list = self._attribute_content(_content_nodes(node))
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
            kind = _local(node)
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
                if _inherited_datatype_library(node) != XSD_LIBRARY:
                    state["free"] = True
                elif node.get("type", "") not in datatypes:
                    datatypes.append(node.get("type", ""))
            elif kind == "text":
                state["free"] = True
            elif kind == "list":
                state["list"] = True
                for child in _rng_children(node):
                    walk(child, depth + 1)
            elif kind == "ref":
                for define in self.defines.get(node.get("name", ""), []):
                    for child in _rng_children(define):
                        walk(child, depth + 1)
            elif kind in ("choice", "group", "optional", "zeroOrMore", "oneOrMore", "interleave"):
                if kind in ("group", "interleave") and len(_rng_children(node)) > 1:
                    state["free"] = True  # several tokens in a row: too complex to judge here
                for child in _rng_children(node):
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
        for node in root.iter(f"{{{RNG_NS}}}element"):
            nc = _name_class(node, attribute=False)
            summary = self.sequence(_content_nodes(node))
            if summary.impossible:
                continue
            order = self._order(_content_nodes(node))
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
                if _local(item) == "group":
                    flatten(_rng_children(item))
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
        summary = self.choice([self.sequence(_rng_children(s)) for s in self.start]) if self.start \
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


# --------------------------------------------------------------------------- public API

Schema = Union[bytes, etree._ElementTree, etree._Element]


def index_grammar(schema: Schema) -> GrammarIndex:
    """Build the index of a RelaxNG grammar given as bytes or as a parsed tree (no cache)."""
    data = schema if isinstance(schema, bytes) else etree.tostring(schema)
    if isinstance(schema, bytes):
        parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                                 huge_tree=True, remove_comments=True)
        root = etree.fromstring(schema, parser)
    else:
        root = schema.getroot() if isinstance(schema, etree._ElementTree) else schema
    indexer = _Indexer(root)
    elements, wildcards = indexer.rules(root)
    return GrammarIndex(elements=elements, start=indexer.start_names(), wildcards=tuple(wildcards),
                        sha256=hashlib.sha256(data).hexdigest())


_MEMORY: dict[str, GrammarIndex] = {}
_PARENTS: dict[str, dict[str, frozenset[str]]] = {}


def grammar_index(schema: Schema, *, use_disk: bool = True) -> GrammarIndex:
    """The index of a grammar, cached in memory and on disk by the schema's SHA-256."""
    data = schema if isinstance(schema, bytes) else etree.tostring(schema)
    key = hashlib.sha256(data).hexdigest()
    if key in _MEMORY:
        return _MEMORY[key]
    target = cache_subfolder("grammar-index") / f"{key}-v{INDEX_VERSION}.pickle"
    index: GrammarIndex | None = None
    if use_disk and target.is_file():
        try:
            with target.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, GrammarIndex) and loaded.sha256 == key:
                index = loaded
        except Exception:  # a corrupt or stale cache is rebuilt, never fatal
            index = None
    if index is None:
        index = index_grammar(data)
        if use_disk:
            store(target, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    _MEMORY[key] = index
    return index
