"""Reading RelaxNG grammars (XML syntax): pattern kinds, pattern children, inherited attributes, names.

Shared by the grammar index (``grammar.py``, ``indexer.py``) and the pruner (``evaluate.py``,
``complete.py``, ``prune.py``).
"""

from __future__ import annotations

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
RNG = f"{{{RNG_NS}}}"  # the Clark prefix of RelaxNG elements
XML_NS = "http://www.w3.org/XML/1998/namespace"

Name = tuple[str, str]
"""An expanded element name: (namespace URI, local name)."""

__all__ = ["RNG", "RNG_NS", "XML_NS", "Name", "inherited", "pattern_children", "qname", "rng_children",
           "rng_local"]


def rng_local(node: etree._Element) -> str | None:
    """The pattern kind (``element``, ``ref``, ``choice``…) of a RelaxNG node; None for anything else."""
    tag = node.tag
    if isinstance(tag, str) and tag.startswith(RNG):
        return tag[len(RNG):]
    return None


def inherited(node: etree._Element, attribute: str) -> str:
    """An attribute RelaxNG inherits (``ns``, ``datatypeLibrary``): on the node or its nearest ancestor."""
    current: etree._Element | None = node
    while current is not None:
        value = current.get(attribute)
        if value is not None:
            return value
        current = current.getparent()
    return ""


def qname(node: etree._Element, value: str, *, default_ns: str) -> Name:
    """A name as written in the grammar (``p``, ``tei:p``, ``xml:id``) as (namespace, local name)."""
    value = value.strip()
    if ":" in value:
        prefix, local = value.split(":", 1)
        if prefix == "xml":
            return XML_NS, local
        return node.nsmap.get(prefix, ""), local
    return default_ns, value


def rng_children(node: etree._Element) -> list[etree._Element]:
    """The RelaxNG children of ``node`` (annotations in other namespaces left out)."""
    return [child for child in node if rng_local(child) is not None]


def pattern_children(node: etree._Element) -> list[etree._Element]:
    """The RNG pattern children of ``node`` (skipping annotations and name classes)."""
    children = rng_children(node)
    kind = rng_local(node)
    if kind in ("element", "attribute") and node.get("name") is None and children:
        children = children[1:]
    return children
