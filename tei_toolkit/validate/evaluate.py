"""Which patterns of a RelaxNG grammar can match a tree whose elements have only the given names.

``prepare`` flattens ``div``s and merges combined defines; ``Evaluator`` then decides, without
changing the tree, which defines are ``notAllowed``: strongly connected components of the
define graph (iterative Tarjan), dependencies first, each to its least fixpoint.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from .rng import RNG, Name, inherited, pattern_children, qname, rng_local

__all__ = ["ALWAYS", "OPTIONAL_LIKE", "Evaluator", "UnsupportedGrammar", "element_name_class", "prepare", "refs"]

#: Patterns that become ``empty`` when their content is notAllowed.
OPTIONAL_LIKE = frozenset({"optional", "zeroOrMore"})
#: Leaf patterns that always match something.
ALWAYS = frozenset({"text", "empty", "value", "data"})
#: Constructs the pruner does not rewrite: grammars using them are compiled as they are.
_UNSUPPORTED = frozenset({"include", "externalRef", "parentRef", "grammar"})


class UnsupportedGrammar(ValueError):
    """The grammar uses a construct (include, externalRef, nested grammar) the pruner leaves alone."""


def element_name_class(element: etree._Element) -> etree._Element | str:
    """The name class of an ``element`` pattern: its ``name`` attribute or first child."""
    name = element.get("name")
    if name is not None:
        return name
    for child in element:
        if rng_local(child) is not None:
            return child
    raise ValueError("element pattern without a name class")


def _nc_matches(nc: etree._Element, name: Name) -> bool:
    kind = rng_local(nc)
    if kind == "name":
        return qname(nc, nc.text or "", default_ns=inherited(nc, "ns")) == name
    if kind == "anyName" or kind == "nsName":
        if kind == "nsName" and inherited(nc, "ns") != name[0]:
            return False
        for child in nc:
            if rng_local(child) == "except":
                return not any(_nc_matches(sub, name) for sub in child if rng_local(sub))
        return True
    if kind == "choice":
        return any(_nc_matches(sub, name) for sub in nc if rng_local(sub))
    raise ValueError(f"unknown name class {nc.tag}")


def _element_can_match(element: etree._Element, names: frozenset[Name]) -> bool:
    nc = element_name_class(element)
    if isinstance(nc, str):
        return qname(element, nc, default_ns=inherited(element, "ns")) in names
    return any(_nc_matches(nc, name) for name in names)


def _flatten_divs(grammar: etree._Element) -> None:
    for div in list(grammar.iter(f"{RNG}div")):
        parent = div.getparent()
        index = parent.index(div)
        for offset, child in enumerate(list(div)):
            for attribute in ("ns", "datatypeLibrary"):
                if div.get(attribute) is not None and child.get(attribute) is None:
                    child.set(attribute, div.get(attribute))
            parent.insert(index + offset, child)
        parent.remove(div)


def _merge_combined(grammar: etree._Element, defines: dict[str, list[etree._Element]]) -> None:
    """Merge defines (and starts) that share a name into one, honouring ``combine``."""
    for name, group in defines.items():
        if len(group) < 2:
            continue
        combine = next((d.get("combine") for d in group if d.get("combine")), "choice")
        first = group[0]
        wrapper = etree.Element(f"{RNG}{combine}")
        for define in group:
            inner = etree.SubElement(wrapper, f"{RNG}group")
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


def prepare(grammar: etree._Element) -> tuple[dict[str, etree._Element], etree._Element]:
    """Flatten ``div``s and merge combined defines in place; return the defines by name and ``start``."""
    if rng_local(grammar) != "grammar":
        raise UnsupportedGrammar("the root is not a RelaxNG <grammar>")
    for node in grammar.iter():
        if node is not grammar and rng_local(node) in _UNSUPPORTED:
            raise UnsupportedGrammar(f"the grammar uses <{rng_local(node)}>")
    _flatten_divs(grammar)
    groups: dict[str, list[etree._Element]] = {}
    starts: list[etree._Element] = []
    for child in grammar:
        kind = rng_local(child)
        if kind == "define":
            groups.setdefault(child.get("name", ""), []).append(child)
        elif kind == "start":
            starts.append(child)
    if not starts:
        raise UnsupportedGrammar("the grammar has no <start>")
    _merge_combined(grammar, groups)
    _merge_combined(grammar, {"": starts})
    defines = {name: group[0] for name, group in groups.items()}
    for ref in grammar.iter(f"{RNG}ref"):
        if ref.get("name") not in defines:  # a broken grammar: let libxml2 say what is wrong
            raise UnsupportedGrammar(f'the grammar refers to an undefined pattern "{ref.get("name")}"')
    return defines, starts[0]


def refs(node: etree._Element) -> Iterable[str]:
    """The names of the defines ``ref``'d below ``node``."""
    for ref in node.iter(f"{RNG}ref"):
        yield ref.get("name", "")


class Evaluator:
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
        kind = rng_local(node)
        if kind in ALWAYS:
            return True
        if kind == "notAllowed":
            return False
        if kind == "ref":
            return self.allowed.get(node.get("name", ""), False)
        if kind == "choice":
            return any(self.pattern(child) for child in pattern_children(node))
        if kind in OPTIONAL_LIKE:
            return True
        if kind == "element" and not self.element_name_ok(node):
            return False
        return all(self.pattern(child) for child in pattern_children(node))

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


def _edges(defines: dict[str, etree._Element]) -> dict[str, list[str]]:
    return {name: [ref for ref in dict.fromkeys(refs(node)) if ref in defines]
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
