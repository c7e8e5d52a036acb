"""The register engine: find every name form of the registers in a text, as Mentions with refs.

One compiled regular expression per register set: every name form (and its case variants) as
an alternative, longest first, so "Victor Serge" wins over "Serge" and "Mexico City" over
"Mexico". Word boundaries make derived words impossible to match: "Stalinist", "Trotskyism",
"Oppositionists" continue with a letter; "Trotsky’s" ends the name before the apostrophe, so
only "Trotsky" is marked. Multi-word forms match across any run of whitespace (line breaks in
TEI), and a straight or typographic apostrophe inside a name matches either.

Case: a form matches as written, with its first letter upper-cased ("left opposition" at the
start of a sentence) and in capitals ("SERGE" in a heading); never in lower case only.
A form that two entries share is ambiguous: it is matched (so it hides shorter forms inside
it) but gives no mention; ``ambiguous`` lists such forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .authority import Registers
from .engine import Entry, Mention

_SPACE = re.compile(r"\s+")
_APOSTROPHES = "'’"


def _key(text: str) -> str:
    """The lookup key of a matched text: spaces collapsed, apostrophes unified."""
    return _SPACE.sub(" ", text.strip()).replace("’", "'")


def _variants(form: str) -> set[str]:
    variants = {form, form[:1].upper() + form[1:], form.upper()}
    return {variant for variant in variants if variant.strip()}


def _pattern(form: str) -> str:
    parts = []
    for char in form:
        if char.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif char in _APOSTROPHES:
            parts.append("['’]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


class RegisterEngine:
    """An Engine over curated registers: ``find(text)`` returns Mentions with ``ref`` and ``cert="high"``."""

    name = "registers"

    def __init__(self, entries: Registers | Iterable[Entry], *, cert: str = "high") -> None:
        items = list(entries)
        self.cert = cert
        self._refs: dict[str, set[str]] = {}
        self._kinds: dict[str, str] = {}
        for entry in items:
            self._kinds[entry.id] = entry.kind
            for form in entry.names or (entry.label,):
                if not form.strip():
                    continue
                for variant in _variants(form):
                    self._refs.setdefault(_key(variant), set()).add(entry.id)
        forms = sorted(self._refs, key=lambda form: (-len(form), form))
        self.ambiguous = tuple(sorted(form for form, refs in self._refs.items() if len(refs) > 1))
        if forms:
            alternatives = "|".join(_pattern(form) for form in forms)
            self._regex: re.Pattern[str] | None = re.compile(
                rf"(?<![\w\-])(?<![\w]['’])(?:{alternatives})(?![\w])(?!-\w)")
        else:
            self._regex = None

    def find(self, text: str) -> list[Mention]:
        """Every register name in ``text``, leftmost-longest, as non-overlapping Mentions."""
        if self._regex is None:
            return []
        mentions = []
        for match in self._regex.finditer(text):
            refs = self._refs.get(_key(match.group()))
            if not refs or len(refs) != 1:
                continue
            (ref,) = refs
            mentions.append(Mention(match.start(), match.end(), self._kinds[ref], ref, self.cert))
        return mentions


def register_engine(registers: Registers | Iterable[Entry], *, cert: str = "high") -> RegisterEngine:
    """The register Engine for a set of registers (build it once, use it for every document)."""
    return RegisterEngine(registers, cert=cert)
