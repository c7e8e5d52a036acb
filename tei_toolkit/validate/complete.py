"""Name completion: the element names a batch needs beyond its own so pruning keeps messages precise.

When a document lacks a required element, a grammar pruned to the document's names would turn
the parent (and every ancestor up to ``start``) into ``notAllowed``, and libxml2 could only say
that the root is unexpected. Adding the fewest names (greedily) that let those patterns match
keeps the verdicts (a superset of the batch's names) and the precise error.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterable

from lxml import etree

from .evaluate import ALWAYS, OPTIONAL_LIKE, Evaluator, element_name_class, prepare
from .rng import RNG, Name, inherited, pattern_children, qname, rng_local

__all__ = ["complete_names", "completed_evaluator"]


class _Witness:
    """The fewest extra element names (greedily) that would let a pattern match something."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self.memo: dict[str, frozenset[Name] | None] = {}
        self.visiting: set[str] = set()

    def define(self, name: str) -> frozenset[Name] | None:
        if name in self.memo:
            return self.memo[name]
        if name in self.visiting or name not in self.evaluator.defines:
            return None
        self.visiting.add(name)
        result = self.sequence(pattern_children(self.evaluator.defines[name]))
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
        kind = rng_local(node)
        if kind in ALWAYS or kind in OPTIONAL_LIKE:
            return frozenset()
        if kind == "notAllowed":
            return None
        if kind == "ref":
            name = node.get("name", "")
            if self.evaluator.allowed.get(name, False):
                return frozenset()
            return self.define(name)
        if kind == "choice":
            options = [part for part in (self.pattern(child) for child in pattern_children(node))
                       if part is not None]
            return min(options, key=len) if options else None
        if kind == "element":
            if self.evaluator.element_name_ok(node) and self.evaluator.pattern(node):
                return frozenset()
            nc = element_name_class(node)
            if not isinstance(nc, str):
                return None  # a wildcard cannot be named
            content = self.sequence(pattern_children(node))
            if content is None:
                return None
            return content | {qname(node, nc, default_ns=inherited(node, "ns"))}
        return self.sequence(pattern_children(node))


def complete_names(grammar: etree._ElementTree | etree._Element,
                   names: Iterable[Name]) -> frozenset[Name]:
    """``names`` plus the elements required by the elements in it (and by ``start``).

    Pruning to the result keeps the same verdicts (it is a superset of the batch's names)
    while an element missing a required child stays a pattern libxml2 can report on.
    """
    root = grammar.getroot() if isinstance(grammar, etree._ElementTree) else grammar
    tree = copy.deepcopy(root)
    defines, start = prepare(tree)
    return completed_evaluator(tree, defines, start, frozenset(names)).names


def completed_evaluator(tree: etree._Element, defines: dict[str, etree._Element], start: etree._Element,
                        current: frozenset[Name]) -> Evaluator:
    """The solved evaluator for the completed names (see ``complete_names``) of a prepared grammar."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        for _round in range(4):
            evaluator = Evaluator(defines, current)
            evaluator.solve()
            witness = _Witness(evaluator)
            extra: set[Name] = set()
            broken = [node for node in tree.iter(f"{RNG}element")
                      if evaluator.element_name_ok(node) and not evaluator.pattern(node)]
            for node in broken:
                extra |= witness.sequence(pattern_children(node)) or frozenset()
            if not evaluator.pattern(start):
                extra |= witness.pattern(start) or frozenset()
            if extra <= current:
                break
            current = current | extra
    finally:
        sys.setrecursionlimit(limit)
    return evaluator
