"""Words for validation messages: quoted name lists, names as the document writes them, datatypes.

Shared by the document walk (``walk.py``) and the rewording of lxml's errors (``relaxng_log.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from lxml import etree

from .rng import XML_NS
from .rules import AttributeRule, split_clark

MAX_NAMES = 20  # longest list of names spelled out in a message


def quoted_list(names: Iterable[str], *, conjunction: str = "or") -> str:
    """``"a", "b" or "c"``; long lists are cut after ``MAX_NAMES`` with a count."""
    items = [f'"{name}"' for name in names]
    if len(items) > MAX_NAMES:
        shown = ", ".join(items[:MAX_NAMES])
        return f"{shown} {conjunction} {len(items) - MAX_NAMES} more"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def display_names(clarks: Iterable[str], context: etree._Element | None = None,
                  prefer: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Sorted display names (with the document's prefixes) of a set of Clark names.

    Names in ``prefer`` (those the document already uses) come first: in a list of 200
    allowed elements, the familiar ones are the useful examples.
    """
    nsmap = tuple(sorted((k or "", v) for k, v in context.nsmap.items())) if context is not None else ()
    names = list(_names_cached(frozenset(clarks), nsmap))
    return sorted(names, key=lambda name: name not in prefer) if prefer else names


@lru_cache(maxsize=4096)
def _names_cached(clarks: frozenset[str], nsmap: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    prefixes = {uri: prefix for prefix, uri in reversed(nsmap)}
    shown = set()
    for name in clarks:
        ns, local = split_clark(name)
        if not ns or ns not in prefixes:
            shown.add(f"xml:{local}" if ns == XML_NS else local)
        else:
            shown.add(f"{prefixes[ns]}:{local}" if prefixes[ns] else local)
    return tuple(sorted(shown, key=str.lower))


def clark_display(name: str, context: etree._Element | None = None, *, attribute: bool = False) -> str:
    """A Clark name as the document would write it (``xml:id``, ``tei:p``, ``p``)."""
    ns, local = split_clark(name)
    if not ns:
        return local
    if ns == XML_NS:
        return f"xml:{local}"
    if context is not None:
        for prefix, uri in context.nsmap.items():
            if uri == ns and (prefix or not attribute):
                return f"{prefix}:{local}" if prefix else local
    return local if not attribute else name


_DATATYPES: dict[str, tuple[str, str]] = {
    # XSD datatype → (regular expression after whitespace collapse, description in words)
    "language": (r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", 'a language tag such as "en", "de" or "la-Latn"'),
    "integer": (r"[+-]?\d+", "a whole number"),
    "nonNegativeInteger": (r"\+?\d+|-0+", "a whole number, 0 or more"),
    "positiveInteger": (r"\+?0*[1-9]\d*", "a whole number, 1 or more"),
    "decimal": (r"[+-]?(\d+(\.\d*)?|\.\d+)", "a decimal number"),
    "double": (r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN", "a number"),
    "float": (r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN", "a number"),
    "boolean": (r"true|false|1|0", '"true" or "false"'),
    "NCName": (r"[^\W\d][\w.\-\u00B7\u0300-\u036F\u203F\u2040]*", "a name without spaces or colons"),
    "ID": (r"[^\W\d][\w.\-\u00B7\u0300-\u036F\u203F\u2040]*", "a name without spaces or colons"),
    "IDREF": (r"[^\W\d][\w.\-\u00B7\u0300-\u036F\u203F\u2040]*", "a name without spaces or colons"),
    "NMTOKEN": (r"[\w.:\-\u00B7\u0300-\u036F\u203F\u2040]+", "a single word"),
    "date": (r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?", "a date written YYYY-MM-DD"),
    "gYear": (r"-?\d{4,}(Z|[+-]\d\d:\d\d)?", "a year written YYYY"),
    "gYearMonth": (r"-?\d{4,}-\d\d(Z|[+-]\d\d:\d\d)?", "a month written YYYY-MM"),
    "gMonthDay": (r"--\d\d-\d\d(Z|[+-]\d\d:\d\d)?", "a day of the year written --MM-DD"),
    "gMonth": (r"--\d\d(Z|[+-]\d\d:\d\d)?", "a month written --MM"),
    "gDay": (r"---\d\d(Z|[+-]\d\d:\d\d)?", "a day written ---DD"),
    "time": (r"\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "a time written hh:mm:ss"),
    "dateTime": (r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?",
                 "a date and time written YYYY-MM-DDThh:mm:ss"),
    "duration": (r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?",
                 "a duration such as P1Y2M or PT3H"),
}


@lru_cache(maxsize=None)
def _datatype_pattern(datatype: str) -> re.Pattern[str] | None:
    """The compiled pattern of an XSD datatype we can judge (compiled on first use)."""
    return re.compile(_DATATYPES[datatype][0]) if datatype in _DATATYPES else None


def value_ok(token: str, rule: AttributeRule) -> bool:
    """Whether one attribute value token is allowed by the rule (a datatype we cannot judge counts as yes)."""
    if rule.free or token in rule.values:
        return True
    for datatype in rule.datatypes:
        pattern = _datatype_pattern(datatype)
        if pattern is None or pattern.fullmatch(token):
            return True  # a datatype we cannot judge counts as satisfied
    return False


def expected_value(rule: AttributeRule) -> str:
    """What an attribute rule allows, in words: listed values, datatypes, an empty value."""
    parts = [f"one of {quoted_list(v for v in rule.values if v)}"] if any(rule.values) else []
    parts += [_DATATYPES[d][1] for d in dict.fromkeys(rule.datatypes) if d in _DATATYPES]
    if "" in rule.values:
        parts.append("an empty value")
    return " or ".join(parts) if parts else "another value"


def ns_words(ns: str) -> str:
    """``the namespace "…"`` or ``no namespace``."""
    return f'the namespace "{ns}"' if ns else "no namespace"


def expected_ns(names: Sequence[str]) -> str:
    """The namespaces the given Clark names are in, in words."""
    spaces = sorted({split_clark(n)[0] for n in names})
    return " or ".join(ns_words(ns) for ns in spaces)


def written_name(element: etree._Element, attr: str) -> str:
    """The attribute's name as the source most likely spells it (``xml:id``, ``tei:ref``)."""
    shown = clark_display(attr, element, attribute=True)
    return split_clark(attr)[1] if shown.startswith("{") else shown
