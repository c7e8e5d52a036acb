"""Prune a RelaxNG grammar to the element names a batch of documents uses.

Why: libxml2 needs about 12 s to compile the full ``tei_all.rng``; a grammar that only
describes the elements actually present compiles in milliseconds. Every ``element``
pattern whose name class matches none of the names in the batch can never match a node of
those documents, so replacing it by ``notAllowed`` leaves every verdict unchanged.

``notAllowed`` is then propagated by the RelaxNG simplification rules (spec section 4.19)
in dependency order over the defines: a ``choice`` drops ``notAllowed`` branches; a
``group``, ``interleave``, ``oneOrMore``, ``list``, ``mixed``, element or attribute content
or define that contains ``notAllowed`` becomes ``notAllowed``; ``optional`` and
``zeroOrMore`` of ``notAllowed`` become ``empty``; an ``except`` left with nothing is dropped.
Defines are evaluated strongly-connected component by component (Tarjan), each component
to its least fixpoint, so a define is ``notAllowed`` exactly when it cannot match any finite
tree over the given names. Unreachable defines and annotations are removed last.

Replacing patterns by ``notAllowed`` only ever removes documents from the language (no
pattern is touched inside a ``data/except``), so a document valid against the pruned
grammar is valid against the original one: the project schema is derived this way too.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_RNG = f"{{{RNG_NS}}}"

Name = tuple[str, str]
"""An expanded element name: (namespace URI, local name)."""

#: Patterns that are notAllowed as soon as one child is (children form a group).
_GROUP_LIKE = frozenset({"group", "interleave", "oneOrMore", "list", "mixed", "define", "start"})
#: Patterns that become ``empty`` when their content is notAllowed.
_OPTIONAL_LIKE = frozenset({"optional", "zeroOrMore"})
#: Leaf patterns that always match something.
_ALWAYS = frozenset({"text", "empty", "value", "data"})
#: Constructs the pruner does not rewrite: grammars using them are compiled as they are.
_UNSUPPORTED = frozenset({"include", "externalRef", "parentRef", "grammar"})


class UnsupportedGrammar(ValueError):
    """The grammar uses a construct (include, externalRef, nested grammar) the pruner leaves alone."""


@dataclass(frozen=True)
class PruneStats:
    """What pruning removed, for benchmarks and reports."""

    elements_before: int
    elements_after: int
    defines_before: int
    defines_after: int
    start_allowed: bool


def _local(node: etree._Element) -> str | None:
    tag = node.tag
    if isinstance(tag, str) and tag.startswith(_RNG):
        return tag[len(_RNG):]
    return None


def _inherited_ns(node: etree._Element) -> str:
    while node is not None:
        value = node.get("ns")
        if value is not None:
            return value
        node = node.getparent()
    return ""


def _qname(node: etree._Element, value: str, *, default_ns: str) -> Name:
    value = value.strip()
    if ":" in value:
        prefix, local = value.split(":", 1)
        return (node.nsmap.get(prefix, ""), local)
    return (default_ns, value)


def element_name_class(element: etree._Element) -> etree._Element | str:
    """The name class of an ``element`` pattern: its ``name`` attribute or first child."""
    name = element.get("name")
    if name is not None:
        return name
    for child in element:
        if _local(child) is not None:
            return child
    raise ValueError("element pattern without a name class")


def _nc_matches(nc: etree._Element, name: Name) -> bool:
    kind = _local(nc)
    if kind == "name":
        return _qname(nc, nc.text or "", default_ns=_inherited_ns(nc)) == name
    if kind == "anyName" or kind == "nsName":
        if kind == "nsName" and _inherited_ns(nc) != name[0]:
            return False
        for child in nc:
            if _local(child) == "except":
                return not any(_nc_matches(sub, name) for sub in child if _local(sub))
        return True
    if kind == "choice":
        return any(_nc_matches(sub, name) for sub in nc if _local(sub))
    raise ValueError(f"unknown name class {nc.tag}")


def _element_can_match(element: etree._Element, names: frozenset[Name]) -> bool:
    nc = element_name_class(element)
    if isinstance(nc, str):
        return _qname(element, nc, default_ns=_inherited_ns(element)) in names
    return any(_nc_matches(nc, name) for name in names)


def _pattern_children(node: etree._Element) -> list[etree._Element]:
    """The RNG pattern children of ``node`` (skipping annotations and name classes)."""
    children = [child for child in node if _local(child) is not None]
    kind = _local(node)
    if kind in ("element", "attribute") and node.get("name") is None and children:
        children = children[1:]
    return children


def _strip_annotations(grammar: etree._Element) -> None:
    """Remove every element outside the RelaxNG namespace (documentation, Schematron…)."""
    foreign = {f"{{{etree.QName(node).namespace}}}*" if etree.QName(node).namespace else etree.QName(node).localname
               for node in grammar.iter(tag=etree.Element) if not node.tag.startswith(_RNG)}
    if foreign:
        etree.strip_elements(grammar, *foreign, with_tail=False)


def _remove_keep_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if node.tail and parent is not None:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _flatten_divs(grammar: etree._Element) -> None:
    for div in list(grammar.iter(f"{_RNG}div")):
        parent = div.getparent()
        index = parent.index(div)
        for offset, child in enumerate(list(div)):
            for inherited in ("ns", "datatypeLibrary"):
                if div.get(inherited) is not None and child.get(inherited) is None:
                    child.set(inherited, div.get(inherited))
            parent.insert(index + offset, child)
        parent.remove(div)


def _merge_combined(grammar: etree._Element, defines: dict[str, list[etree._Element]]) -> None:
    """Merge defines (and starts) that share a name into one, honouring ``combine``."""
    for name, group in defines.items():
        if len(group) < 2:
            continue
        combine = next((d.get("combine") for d in group if d.get("combine")), "choice")
        first = group[0]
        wrapper = etree.Element(f"{_RNG}{combine}")
        for define in group:
            inner = etree.SubElement(wrapper, f"{_RNG}group")
            for attr in ("ns", "datatypeLibrary"):
                if define.get(attr) is not None:
                    inner.set(attr, define.get(attr))
            for child in list(define):
                inner.append(child)
            if define is not first:
                grammar.remove(define)
        first.attrib.pop("combine", None)
        first.append(wrapper)
        defines[name] = [first]


def _prepare(grammar: etree._Element) -> tuple[dict[str, etree._Element], etree._Element]:
    if _local(grammar) != "grammar":
        raise UnsupportedGrammar("the root is not a RelaxNG <grammar>")
    for node in grammar.iter():
        if node is not grammar and _local(node) in _UNSUPPORTED:
            raise UnsupportedGrammar(f"the grammar uses <{_local(node)}>")
    _flatten_divs(grammar)
    groups: dict[str, list[etree._Element]] = {}
    starts: list[etree._Element] = []
    for child in grammar:
        kind = _local(child)
        if kind == "define":
            groups.setdefault(child.get("name", ""), []).append(child)
        elif kind == "start":
            starts.append(child)
    if not starts:
        raise UnsupportedGrammar("the grammar has no <start>")
    _merge_combined(grammar, groups)
    _merge_combined(grammar, {"": starts})
    defines = {name: group[0] for name, group in groups.items()}
    for ref in grammar.iter(f"{_RNG}ref"):
        if ref.get("name") not in defines:  # a broken grammar: let libxml2 say what is wrong
            raise UnsupportedGrammar(f'the grammar refers to an undefined pattern "{ref.get("name")}"')
    return defines, starts[0]


def _refs(node: etree._Element) -> Iterable[str]:
    for ref in node.iter(f"{_RNG}ref"):
        yield ref.get("name", "")


class _Evaluator:
    """Decides, without changing the tree, which patterns are notAllowed."""

    def __init__(self, defines: dict[str, etree._Element], names: frozenset[Name] | None) -> None:
        self.defines = defines
        self.names = names
        self.allowed: dict[str, bool] = {}
        self._element_ok: dict[etree._Element, bool] = {}

    def element_name_ok(self, element: etree._Element) -> bool:
        cached = self._element_ok.get(element)
        if cached is None:
            cached = self.names is None or _element_can_match(element, self.names)
            self._element_ok[element] = cached
        return cached

    def pattern(self, node: etree._Element) -> bool:
        kind = _local(node)
        if kind in _ALWAYS:
            return True
        if kind == "notAllowed":
            return False
        if kind == "ref":
            return self.allowed.get(node.get("name", ""), False)
        if kind == "choice":
            return any(self.pattern(child) for child in _pattern_children(node))
        if kind in _OPTIONAL_LIKE:
            return True
        if kind == "element" and not self.element_name_ok(node):
            return False
        return all(self.pattern(child) for child in _pattern_children(node))

    def solve(self) -> None:
        """Least fixpoint per component, with a worklist: a define is looked at again only
        when a define it refers to has just become allowed."""
        edges = _edges(self.defines)
        for component in _components(self.defines, edges):
            members = set(component)
            dependents: dict[str, list[str]] = {name: [] for name in component}
            for name in component:
                self.allowed[name] = False
                for target in edges[name]:
                    if target in members:
                        dependents[target].append(name)
            work = list(component)
            queued = set(work)
            while work:
                name = work.pop()
                queued.discard(name)
                if self.allowed[name] or not self.pattern(self.defines[name]):
                    continue
                self.allowed[name] = True
                for dependent in dependents[name]:
                    if not self.allowed[dependent] and dependent not in queued:
                        queued.add(dependent)
                        work.append(dependent)


class _Witness:
    """The fewest extra element names (greedily) that would let a pattern match something.

    Used to keep error messages meaningful: when a document lacks a required element, the
    pruned grammar would otherwise turn its parent (and every ancestor up to ``start``) into
    ``notAllowed``, and libxml2 could only say that the root is unexpected.
    """

    IMPOSSIBLE = None

    def __init__(self, evaluator: _Evaluator) -> None:
        self.evaluator = evaluator
        self.memo: dict[str, frozenset[Name] | None] = {}
        self.visiting: set[str] = set()

    def define(self, name: str) -> frozenset[Name] | None:
        if name in self.memo:
            return self.memo[name]
        if name in self.visiting or name not in self.evaluator.defines:
            return None
        self.visiting.add(name)
        result = self.sequence(_pattern_children(self.evaluator.defines[name]))
        self.visiting.discard(name)
        self.memo[name] = result
        return result

    def sequence(self, nodes: list[etree._Element]) -> frozenset[Name] | None:
        total: set[Name] = set()
        for node in nodes:
            part = self.pattern(node)
            if part is None:
                return None
            total |= part
        return frozenset(total)

    def pattern(self, node: etree._Element) -> frozenset[Name] | None:
        kind = _local(node)
        if kind in _ALWAYS or kind in _OPTIONAL_LIKE:
            return frozenset()
        if kind == "notAllowed":
            return None
        if kind == "ref":
            name = node.get("name", "")
            if self.evaluator.allowed.get(name, False):
                return frozenset()
            return self.define(name)
        if kind == "choice":
            options = [part for part in (self.pattern(child) for child in _pattern_children(node))
                       if part is not None]
            return min(options, key=len) if options else None
        if kind == "element":
            if self.evaluator.element_name_ok(node) and self.evaluator.pattern(node):
                return frozenset()
            nc = element_name_class(node)
            if not isinstance(nc, str):
                return None  # a wildcard cannot be named
            content = self.sequence(_pattern_children(node))
            if content is None:
                return None
            return content | {_qname(node, nc, default_ns=_inherited_ns(node))}
        return self.sequence(_pattern_children(node))


def complete_names(grammar: etree._ElementTree | etree._Element,
                   names: Iterable[Name]) -> frozenset[Name]:
    """``names`` plus the elements required by the elements in it (and by ``start``).

    Pruning to the result keeps the same verdicts (it is a superset of the batch's names)
    while an element missing a required child stays a pattern libxml2 can report on.
    """
    root = grammar.getroot() if isinstance(grammar, etree._ElementTree) else grammar
    tree = copy.deepcopy(root)
    defines, start = _prepare(tree)
    return _complete(tree, defines, start, frozenset(names))[0].names


def _complete(tree: etree._Element, defines: dict[str, etree._Element], start: etree._Element,
              current: frozenset[Name]) -> tuple["_Evaluator", bool]:
    """The evaluator for the completed names (see ``complete_names``) and whether it grew."""
    grew = False
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        for _round in range(4):
            evaluator = _Evaluator(defines, current)
            evaluator.solve()
            witness = _Witness(evaluator)
            extra: set[Name] = set()
            broken = [node for node in tree.iter(f"{_RNG}element")
                      if evaluator.element_name_ok(node) and not evaluator.pattern(node)]
            for node in broken:
                extra |= witness.sequence(_pattern_children(node)) or frozenset()
            if not evaluator.pattern(start):
                extra |= witness.pattern(start) or frozenset()
            if extra <= current:
                break
            current = current | extra
            grew = True
    finally:
        sys.setrecursionlimit(limit)
    return evaluator, grew


def _edges(defines: dict[str, etree._Element]) -> dict[str, list[str]]:
    return {name: [ref for ref in dict.fromkeys(_refs(node)) if ref in defines]
            for name, node in defines.items()}


def _components(defines: dict[str, etree._Element],
                edges: dict[str, list[str]] | None = None) -> list[list[str]]:
    """Strongly connected components of the define graph, dependencies first (iterative Tarjan)."""
    edges = edges if edges is not None else _edges(defines)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in defines:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = edges[node]
            if position < len(successors):
                work.append((node, position + 1))
                nxt = successors[position]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


def _replace(node: etree._Element, kind: str) -> etree._Element:
    parent = node.getparent()
    new = etree.Element(f"{_RNG}{kind}")
    new.tail = node.tail
    parent.replace(node, new)
    return new


def _drop_redundant_empty(node: etree._Element) -> None:
    """In a sequence, ``empty`` next to other patterns means nothing: drop it.

    libxml2 mis-validates some groups holding ``empty`` beside other patterns (seen with
    ``biblStruct``), so the pruned grammar avoids producing them.
    """
    if _local(node) not in ("group", "interleave", "oneOrMore", "zeroOrMore", "optional",
                            "element", "define", "start", "mixed", "list"):
        return
    children = _pattern_children(node)
    empties = [child for child in children if _local(child) == "empty"]
    if empties and len(empties) < len(children):
        for child in empties:
            _remove_keep_tail(child)


def _unwrap_single(node: etree._Element) -> None:
    """Replace a ``group``/``choice``/``interleave`` of one pattern by that pattern.

    libxml2 2.14 loops forever compiling a self-recursive element whose content is a
    one-child ``group`` beside attributes (``rdgGrp`` once ``lem`` is pruned), so the
    pruned grammar never contains such wrappers.
    """
    if _local(node) not in ("group", "choice", "interleave") or node.getparent() is None:
        return
    if any(_local(child) is None for child in node):
        return
    children = _pattern_children(node)
    if len(children) != 1:
        return
    child = children[0]
    for inherited in ("ns", "datatypeLibrary"):
        if node.get(inherited) is not None and child.get(inherited) is None:
            child.set(inherited, node.get(inherited))
    child.tail = node.tail
    node.getparent().replace(node, child)


def _rewrite(node: etree._Element, evaluator: _Evaluator) -> bool:
    """Apply the simplification rules below ``node`` in place; return whether it is allowed."""
    kind = _local(node)
    if kind in _ALWAYS:
        if kind == "data":
            for child in list(node):
                if _local(child) == "except":
                    if not any([_rewrite(sub, evaluator) for sub in _pattern_children(child)]):
                        node.remove(child)
                    else:
                        for sub in _pattern_children(child):
                            if _local(sub) == "notAllowed":
                                _remove_keep_tail(sub)
        return True
    if kind == "notAllowed":
        return False
    if kind == "ref":
        if evaluator.allowed.get(node.get("name", ""), False):
            return True
        _replace(node, "notAllowed")
        return False
    if kind == "element" and not evaluator.element_name_ok(node):
        _replace(node, "notAllowed")
        return False
    children = _pattern_children(node)
    results = [_rewrite(child, evaluator) for child in children]
    if kind == "choice":
        if not any(results):
            if node.getparent() is not None:
                _replace(node, "notAllowed")
            return False
        for child in _pattern_children(node):
            if _local(child) == "notAllowed":
                _remove_keep_tail(child)
        _unwrap_single(node)
        return True
    if all(results):
        _drop_redundant_empty(node)
        _unwrap_single(node)
        return True
    if kind in _OPTIONAL_LIKE:
        _replace(node, "empty")
        return True
    if kind in ("define", "start"):
        return False
    _replace(node, "notAllowed")
    return False


def prune_grammar(grammar: etree._ElementTree | etree._Element,
                  names: Iterable[Name] | None, *,
                  keep_annotations: bool = False,
                  complete: bool = False) -> tuple[etree._ElementTree, PruneStats]:
    """Return a copy of ``grammar`` reduced to elements whose names are in ``names``.

    ``names`` are (namespace, local name) pairs; ``None`` keeps every element and only
    propagates ``notAllowed`` and removes unreachable defines. ``complete`` first adds the
    elements that the named ones require (``complete_names``), for precise error messages.
    Raises ``UnsupportedGrammar`` for grammars with include/externalRef/nested grammars
    (compile those unpruned).
    """
    root = grammar.getroot() if isinstance(grammar, etree._ElementTree) else grammar
    tree = copy.deepcopy(root).getroottree()
    root = tree.getroot()
    defines, start = _prepare(root)
    if not keep_annotations:
        _strip_annotations(root)
    elements_before = sum(1 for _ in root.iter(f"{_RNG}element"))
    defines_before = len(defines)

    if complete and names is not None:
        evaluator, _grew = _complete(root, defines, start, frozenset(names))
    else:
        evaluator = _Evaluator(defines, frozenset(names) if names is not None else None)
        evaluator.solve()
    start_allowed = evaluator.pattern(start)

    reachable: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        for ref in _refs(node):
            if ref not in reachable and evaluator.allowed.get(ref, False) and ref in defines:
                reachable.add(ref)
                todo.append(defines[ref])
    for name, define in defines.items():
        if name not in reachable:
            _remove_keep_tail(define)
    for name in reachable:
        _rewrite(defines[name], evaluator)
    if not _rewrite(start, evaluator):
        for child in list(start):
            if _local(child) is not None:
                start.remove(child)
        etree.SubElement(start, f"{_RNG}notAllowed")

    stats = PruneStats(
        elements_before=elements_before,
        elements_after=sum(1 for _ in root.iter(f"{_RNG}element")),
        defines_before=defines_before,
        defines_after=len(reachable),
        start_allowed=start_allowed,
    )
    return tree, stats


def element_names(tree: etree._ElementTree | etree._Element) -> set[Name]:
    """The expanded names of every element in a document, as ``prune_grammar`` wants them."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    found: set[Name] = set()
    for node in root.iter(tag=etree.Element):
        qname = etree.QName(node)
        found.add((qname.namespace or "", qname.localname))
    return found
