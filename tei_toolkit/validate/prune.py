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
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from .complete import completed_evaluator
from .evaluate import ALWAYS, OPTIONAL_LIKE, Evaluator, UnsupportedGrammar, prepare, refs
from .rng import RNG, Name, pattern_children, rng_local

__all__ = ["Name", "PruneStats", "UnsupportedGrammar", "element_names", "prune_grammar"]


@dataclass(frozen=True)
class PruneStats:
    """What pruning removed, for benchmarks and reports."""

    elements_before: int
    elements_after: int
    defines_before: int
    defines_after: int
    start_allowed: bool


def _strip_annotations(grammar: etree._Element) -> None:
    """Remove every element outside the RelaxNG namespace (documentation, Schematron…)."""
    foreign = {f"{{{etree.QName(node).namespace}}}*" if etree.QName(node).namespace else etree.QName(node).localname
               for node in grammar.iter(tag=etree.Element) if not node.tag.startswith(RNG)}
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


def _replace(node: etree._Element, kind: str) -> etree._Element:
    parent = node.getparent()
    new = etree.Element(f"{RNG}{kind}")
    new.tail = node.tail
    parent.replace(node, new)
    return new


def _drop_redundant_empty(node: etree._Element) -> None:
    """In a sequence, ``empty`` next to other patterns means nothing: drop it.

    libxml2 mis-validates some groups holding ``empty`` beside other patterns (seen with
    ``biblStruct``), so the pruned grammar avoids producing them.
    """
    if rng_local(node) not in ("group", "interleave", "oneOrMore", "zeroOrMore", "optional",
                            "element", "define", "start", "mixed", "list"):
        return
    children = pattern_children(node)
    empties = [child for child in children if rng_local(child) == "empty"]
    if empties and len(empties) < len(children):
        for child in empties:
            _remove_keep_tail(child)


def _unwrap_single(node: etree._Element) -> None:
    """Replace a ``group``/``choice``/``interleave`` of one pattern by that pattern.

    libxml2 2.14 loops forever compiling a self-recursive element whose content is a
    one-child ``group`` beside attributes (``rdgGrp`` once ``lem`` is pruned), so the
    pruned grammar never contains such wrappers.
    """
    if rng_local(node) not in ("group", "choice", "interleave") or node.getparent() is None:
        return
    if any(rng_local(child) is None for child in node):
        return
    children = pattern_children(node)
    if len(children) != 1:
        return
    child = children[0]
    for inherited in ("ns", "datatypeLibrary"):
        if node.get(inherited) is not None and child.get(inherited) is None:
            child.set(inherited, node.get(inherited))
    child.tail = node.tail
    node.getparent().replace(node, child)


def _rewrite(node: etree._Element, evaluator: Evaluator) -> bool:
    """Apply the simplification rules below ``node`` in place; return whether it is allowed."""
    kind = rng_local(node)
    if kind in ALWAYS:
        if kind == "data":
            for child in list(node):
                if rng_local(child) == "except":
                    if not any([_rewrite(sub, evaluator) for sub in pattern_children(child)]):
                        node.remove(child)
                    else:
                        for sub in pattern_children(child):
                            if rng_local(sub) == "notAllowed":
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
    children = pattern_children(node)
    results = [_rewrite(child, evaluator) for child in children]
    if kind == "choice":
        if not any(results):
            if node.getparent() is not None:
                _replace(node, "notAllowed")
            return False
        for child in pattern_children(node):
            if rng_local(child) == "notAllowed":
                _remove_keep_tail(child)
        _unwrap_single(node)
        return True
    if all(results):
        _drop_redundant_empty(node)
        _unwrap_single(node)
        return True
    if kind in OPTIONAL_LIKE:
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
    defines, start = prepare(root)
    if not keep_annotations:
        _strip_annotations(root)
    elements_before = sum(1 for _ in root.iter(f"{RNG}element"))
    defines_before = len(defines)

    if complete and names is not None:
        evaluator = completed_evaluator(root, defines, start, frozenset(names))
    else:
        evaluator = Evaluator(defines, frozenset(names) if names is not None else None)
        evaluator.solve()
    start_allowed = evaluator.pattern(start)

    reachable: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        for ref in refs(node):
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
            if rng_local(child) is not None:
                start.remove(child)
        etree.SubElement(start, f"{RNG}notAllowed")

    stats = PruneStats(
        elements_before=elements_before,
        elements_after=sum(1 for _ in root.iter(f"{RNG}element")),
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
