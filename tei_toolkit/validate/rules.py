"""What a RelaxNG grammar allows, element by element: the data of a ``GrammarIndex``.

Names are in Clark notation (``{ns}local``, or ``local`` in no namespace); a name class is a
tuple: ``("name", ns, local)`` | ``("nsName", ns, except)`` | ``("anyName", except)`` |
``("choice", (nc, ...))``.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from functools import cached_property

__all__ = ["AttributeRule", "ElementRule", "GrammarIndex", "NameClass", "clark", "name_class_matches",
           "split_clark"]

NameClass = tuple

#: ``GrammarIndex.parents_of`` tables, built on first use, by the grammar's SHA-256.
_PARENTS: dict[str, dict[str, frozenset[str]]] = {}


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
        return _named_or_matched(clark, self.children, self.child_wildcards)

    def allows_attribute(self, clark: str) -> bool:
        """Whether an attribute with this Clark name is declared (by name or by a wildcard)."""
        return _named_or_matched(clark, self.attributes, self.attribute_wildcards)


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


def _named_or_matched(clark: str, names: Container[str], wildcards: tuple[NameClass, ...]) -> bool:
    if clark in names:
        return True
    ns, local = split_clark(clark)
    return any(name_class_matches(nc, ns, local) for nc in wildcards)
