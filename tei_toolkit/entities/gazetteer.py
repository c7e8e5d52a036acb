"""The register engine: find every name form of the registers in a text, as Mentions with refs.

The text is cut into tokens (runs of letters and digits, and single other characters); at each
token the engine looks up the longest run of tokens that spells a name form (one dictionary
lookup per candidate length, only at tokens that can start a name), so the cost does not grow
with the size of the registers. "Victor Serge" wins over "Serge", "Mexico City" over "Mexico".
A name is whole tokens, so derived words never match: "Stalinist", "Trotskyism", "Oppositionists"
are single tokens; in "Trotsky’s" the name ends before the apostrophe, so only "Trotsky" is
marked. A hyphen joins words ("Serge-like", "anti-Stalin" are not names). Multi-word forms match
across any run of whitespace (line breaks in TEI), and ' and ’ are the same character.

Case: a form matches as written, with its first letter upper-cased ("left opposition" at the
start of a sentence) and in capitals ("SERGE" in a heading); never in lower case only.
A form that two entries share is ambiguous: it is matched (so it hides shorter forms inside
it) but gives no mention; ``ambiguous`` lists such forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .authority import Registers
from .engine import Entry, Mention

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w")
# Endings that make adjectives, movements and members from names: Stalin-ism, Trotsky-ist, Russia-n.
DERIVING_SUFFIXES = ("isms", "ism", "ists", "ist", "istic", "ites", "ite", "ians", "ian", "ans", "an", "ns",
                     "n", "ese", "ic", "ish")


def _is_word(char: str) -> bool:
    return bool(_WORD.match(char))


def _key(text: str) -> str:
    """The lookup key of a text: spaces collapsed, apostrophes unified."""
    return _SPACE.sub(" ", text.strip()).replace("’", "'")


def _variants(form: str) -> set[str]:
    variants = {form, form[:1].upper() + form[1:], form.upper()}
    return {variant for variant in variants if variant.strip()}


class RegisterEngine:
    """An Engine over curated registers: ``find(text)`` returns Mentions with ``ref`` and ``cert="high"``."""

    name = "registers"

    def __init__(self, entries: Registers | Iterable[Entry], *, cert: str = "high") -> None:
        self.cert = cert
        self._refs: dict[str, set[str]] = {}
        self._kinds: dict[str, str] = {}
        for entry in list(entries):
            self._kinds[entry.id] = entry.kind
            for form in entry.names or (entry.label,):
                for variant in _variants(form):
                    self._refs.setdefault(_key(variant), set()).add(entry.id)
        # first token of a form -> the token counts of the forms starting with it, longest first
        self._starts: dict[str, list[int]] = {}
        for form in self._refs:
            tokens = _TOKEN.findall(form)
            if tokens:
                self._starts.setdefault(tokens[0], []).append(len(tokens))
        for counts in self._starts.values():
            counts[:] = sorted(set(counts), reverse=True)
        self.ambiguous = tuple(sorted(form for form, refs in self._refs.items() if len(refs) > 1))

    def derived_from(self, word: str) -> str | None:
        """The register name a word is derived from ("Stalinism" → "Stalin", "Russian" → "Russia"), or None."""
        for suffix in DERIVING_SUFFIXES:
            stem = word[:-len(suffix)]
            if word.endswith(suffix) and len(stem) >= 3 and stem in self._refs:
                return stem
        return None

    def find(self, text: str) -> list[Mention]:
        """Every register name in ``text``, leftmost-longest, as non-overlapping Mentions."""
        tokens = [(match.start(), match.end(), match.group().replace("’", "'"))
                  for match in _TOKEN.finditer(text)]
        mentions: list[Mention] = []
        index, total = 0, len(tokens)
        while index < total:
            start, _, first = tokens[index]
            counts = self._starts.get(first)
            matched = 0
            if counts and self._free_start(text, start):
                for count in counts:
                    if index + count > total:
                        continue
                    end = tokens[index + count - 1][1]
                    refs = self._refs.get(_key(text[start:end]))
                    if refs is not None and self._free_end(text, end):
                        matched = count
                        if len(refs) == 1:
                            (ref,) = refs
                            mentions.append(Mention(start, end, self._kinds[ref], ref, self.cert))
                        break
            index += matched or 1
        return mentions

    @staticmethod
    def _free_start(text: str, start: int) -> bool:
        """Not glued to a word before it (by a letter, a hyphen or an elided apostrophe)."""
        before = text[start - 1] if start else " "
        if _is_word(before):
            return False
        return not (before in "-'’" and start >= 2 and _is_word(text[start - 2]))

    @staticmethod
    def _free_end(text: str, end: int) -> bool:
        """Not continued by a letter, or by a hyphen and a letter."""
        after = text[end] if end < len(text) else " "
        if _is_word(after):
            return False
        return not (after == "-" and end + 1 < len(text) and _is_word(text[end + 1]))


class DictEngine(RegisterEngine):
    """A register engine from a fixed map ``{"Victor Serge": ("person", "victor-serge"), …}`` (tests, docs)."""

    name = "dict"

    def __init__(self, names: Mapping[str, tuple[str, str]], *, cert: str = "high") -> None:
        forms: dict[tuple[str, str], list[str]] = {}
        for form, (kind, ref) in names.items():
            forms.setdefault((ref, kind), []).append(form)
        super().__init__([Entry(ref, kind, found[0], tuple(found)) for (ref, kind), found in forms.items()],
                         cert=cert)


def register_engine(registers: Registers | Iterable[Entry], *, cert: str = "high") -> RegisterEngine:
    """The register Engine for a set of registers (build it once, use it for every document)."""
    return RegisterEngine(registers, cert=cert)
