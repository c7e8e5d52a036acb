"""Discovery: find persons, places and organisations nobody has registered yet.

``discovery_engine(registers, options)`` returns an Engine. Its ``find(text)`` reads one text block;
``find_blocks(texts)`` reads all blocks of one document at once, which lets evidence from one
mention type every other mention of the same name (prefer it when you have a whole document).
Every mention carries ``ref`` (the proposed entry id, or the curated register id when the name is
already registered) and ``cert``; ``entries()`` returns the machine-proposed entries for the refs
returned so far (``resp="#tei-toolkit"``).

Engines: ``rules`` (default: gazetteers from installed data packages + linguistic rules, no model),
``spacy`` (a spaCy model named in the options, installed separately), ``rules+spacy`` (both; the
rules win where they overlap).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tei_toolkit.entities.engine import Engine, Entry, Mention
from tei_toolkit.entities.lexicon import lexicon
from tei_toolkit.entities.link import merge, named_entry, place_entry, slugify
from tei_toolkit.entities.evidence import resolve
from tei_toolkit.entities.rules import DocumentRules
from tei_toolkit.errors import UsageError

ENGINE_NAMES = ("rules", "spacy", "rules+spacy")
_CERT_RANK = {"high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True, kw_only=True)
class DiscoverOptions:
    """How discovery runs.

    ``engine``: one of rules, spacy, rules+spacy. ``spacy_model``: the installed spaCy package to load.
    ``min_cert``: drop mentions below this certainty (low keeps everything).
    ``kinds``: which entity kinds to report.
    """

    engine: str = "rules"
    spacy_model: str = "en_core_web_sm"
    min_cert: str = "low"
    kinds: tuple[str, ...] = ("person", "place", "org")


def _register_names(registers: object | None) -> dict[str, Entry]:
    """Name form -> curated entry, from a Registers object, a mapping or an iterable of Entry."""
    if registers is None:
        return {}
    entries: Iterable[object] = getattr(registers, "entries", registers)  # authority.Registers or entries
    if callable(entries):
        entries = entries()
    if isinstance(entries, Mapping):
        entries = entries.values()
    names: dict[str, Entry] = {}
    for entry in entries:
        if isinstance(entry, Entry):
            for name in (entry.label, *entry.names):
                names.setdefault(name, entry)
    return names


class RulesEngine:
    """The default engine: gazetteers (GeoNames, given names, a dictionary) plus document-level rules."""

    name = "discover-rules"

    def __init__(self, registers: object | None = None, options: DiscoverOptions | None = None) -> None:
        self.options = options or DiscoverOptions()
        self.lex = lexicon()
        self.registered = _register_names(registers)
        self.known_kinds = {name: entry.kind for name, entry in self.registered.items()}
        self.curated_ids = {entry.id for entry in self.registered.values()}
        self._entries: dict[str, Entry] = {}

    def find(self, text: str) -> list[Mention]:
        """Mentions in one text block (treated as a one-block document)."""
        return self.find_blocks([text])[0]

    def find_blocks(self, texts: list[str]) -> list[list[Mention]]:
        """Mentions per block for all blocks of one document, typed consistently across it."""
        rules = DocumentRules(self.lex, list(texts), self.known_kinds)
        resolved = resolve(rules, rules.candidates())
        # a name found with high or medium certainty once is a name everywhere in the document ("at Bath" … "Bath")
        rules.confirmed = {c.key for c, _, cert in resolved if cert in ("high", "medium") and " " not in c.key}
        if rules.confirmed:
            resolved = resolve(rules, rules.candidates())
        countries = {
            p.country for c, kind, _ in resolved if kind == "place"
            for p in self.lex.places.get(c.key, ())[:1] if p.kind in ("country", "state")
        }
        if any(p.kind == "state" for c, kind, _ in resolved if kind == "place"
               for p in self.lex.places.get(c.key, ())[:1]):
            countries.add("US")
        groups = self._groups(resolved)
        out: list[list[Mention]] = [[] for _ in texts]
        minimum = _CERT_RANK[self.options.min_cert]
        ids: dict[tuple[str, str], str] = {}
        labels: dict[tuple[str, str], str] = {}
        used: dict[str, tuple[str, str]] = {}
        for cand, kind, cert in resolved:
            if kind not in self.options.kinds or _CERT_RANK[cert] < minimum:
                continue
            surface = texts[cand.block][cand.start:cand.end]
            label = groups.get((kind, cand.key), cand.key)
            labels.setdefault((kind, label), cand.label or label)
            if (kind, label) == (kind, cand.key) and len(cand.label) > len(labels[(kind, label)]):
                labels[(kind, label)] = cand.label
            curated = self.registered.get(cand.key) or self.registered.get(surface)
            if curated is not None and curated.kind == kind:
                out[cand.block].append(Mention(cand.start, cand.end, kind, curated.id, "high"))
                continue
            ident = ids.get((kind, label))
            if ident is None:
                ident = slugify(label if len(label) > 1 else surface)
                if (ident in used and used[ident] != (kind, label)) or ident in self.curated_ids or \
                        (ident in self._entries and self._entries[ident].kind != kind):
                    ident = f"{ident}-{kind}"  # the same slug already names something else
                ids[(kind, label)] = ident
                used[ident] = (kind, label)
            written = labels[(kind, label)]
            if kind == "place":
                entry = place_entry(label, surface, self.lex, countries, cert)
                entry = Entry(**{**entry.__dict__, "label": written,
                                 "names": tuple(dict.fromkeys([written, *entry.names]))})
            else:
                entry = named_entry(kind, written, [cand.label or cand.key, surface], cert)
            entry = Entry(**{**entry.__dict__, "id": ident})
            self._entries[ident] = merge(self._entries[ident], entry) if ident in self._entries else entry
            out[cand.block].append(Mention(cand.start, cand.end, kind, ident, cert))
        for mentions in out:
            mentions.sort(key=lambda m: (m.start, -m.end))
        return out

    def _groups(self, resolved: list) -> dict[tuple[str, str], str]:
        """Map (kind, short name) to the full name it abbreviates within this document."""
        persons = {c.key for c, kind, _ in resolved if kind == "person" and " " in c.key}
        by_last: dict[str, set[str]] = {}
        for full in persons:
            by_last.setdefault(full.split()[-1], set()).add(full)
        groups: dict[tuple[str, str], str] = {}
        for c, kind, _ in resolved:
            if kind == "person" and " " not in c.key and len(by_last.get(c.key, ())) == 1:
                groups[(kind, c.key)] = next(iter(by_last[c.key]))
        return groups

    def entries(self) -> list[Entry]:
        """Machine-proposed entries for every ref returned so far, sorted by id."""
        return [self._entries[k] for k in sorted(self._entries)]


class CombinedEngine:
    """Rules first; a statistical engine fills the gaps where the rules found nothing."""

    name = "discover-rules+spacy"

    def __init__(self, rules: RulesEngine, extra: Engine) -> None:
        self.rules = rules
        self.extra = extra

    def find(self, text: str) -> list[Mention]:
        return self.find_blocks([text])[0]

    def find_blocks(self, texts: list[str]) -> list[list[Mention]]:
        out = self.rules.find_blocks(texts)
        for text, mentions in zip(texts, out):
            taken = [(m.start, m.end) for m in mentions]
            for m in self.extra.find(text):
                if all(m.end <= s or m.start >= e for s, e in taken):
                    ident = slugify(text[m.start:m.end])
                    if ident not in self.rules._entries:
                        self.rules._entries[ident] = named_entry(m.kind, text[m.start:m.end], [], "low") \
                            if m.kind != "place" else place_entry(text[m.start:m.end], text[m.start:m.end],
                                                                  self.rules.lex, set(), "low")
                    mentions.append(Mention(m.start, m.end, m.kind, ident, "low"))
                    taken.append((m.start, m.end))
            mentions.sort(key=lambda m: (m.start, -m.end))
        return out

    def entries(self) -> list[Entry]:
        return self.rules.entries()


def discovery_engine(registers: object | None = None, options: DiscoverOptions = DiscoverOptions()) -> Engine:
    """Build the discovery engine named in ``options`` (default: rules only, no model needed)."""
    if options.engine not in ENGINE_NAMES:
        raise UsageError(f'unknown discovery engine "{options.engine}"; expected one of {", ".join(ENGINE_NAMES)}')
    if options.engine == "rules":
        return RulesEngine(registers, options)
    from tei_toolkit.entities.spacy_engine import SpacyEngine

    spacy_engine = SpacyEngine(options.spacy_model)
    if options.engine == "spacy":
        return CombinedEngine(RulesEngine(registers, DiscoverOptions(kinds=())), spacy_engine)
    return CombinedEngine(RulesEngine(registers, options), spacy_engine)
