"""Rule-based name finding: capitalised-word chains, trimmed and typed by linguistic evidence.

The rules work on a whole document (a list of text blocks) so that evidence found in one place
("Mr. Pond", "the river Ister") types every other mention of the same name in the document.
Steps: tokenise -> chain capitalised words (with initials, particles and title+of) -> cut each
chain into a name span (titles kept, sentence-initial common words, months, peoples dropped) ->
score person/place/org evidence per occurrence -> add the scores per name over the document ->
give every occurrence the document's type for that name.
This module finds and trims the names; ``tokens.py`` splits the words, ``evidence.py`` types the
names, ``cues.py`` holds the context word lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tei_toolkit.entities import cues
from tei_toolkit.entities.lexicon import Lexicon
from tei_toolkit.entities.tokens import ABBREVIATIONS, Token, tokenize


@dataclass
class Candidate:
    """One name occurrence: its span (with title), the bare name key, and evidence per type."""

    block: int
    start: int
    end: int
    key: str
    tokens: list[Token]
    scores: dict[str, float] = field(default_factory=lambda: {"person": 0.0, "place": 0.0, "org": 0.0})
    fixed: str | None = None  # type forced by a title or head word
    strong: bool = False  # evidence that makes the name certain (title, given+surname, gazetteer)
    label: str = ""  # the name as written (without a title), for entry labels


class DocumentRules:
    """Runs the rules over the blocks of one document."""

    def __init__(self, lex: Lexicon, blocks: list[str], known: dict[str, str] | None = None) -> None:
        self.lex = lex
        self.blocks = blocks
        self.known = known or {}  # name -> kind from curated registers
        self.tokens = [tokenize(text, i) for i, text in enumerate(blocks)]
        self.lower_seen: set[str] = set()
        self.cap_seen: set[str] = set()
        for toks in self.tokens:
            for t in toks:
                if t.text.islower():
                    self.lower_seen.add(t.text)
                elif t.cap and not t.initial_pos:
                    self.cap_seen.add(t.text)
        self.confirmed: set[str] = set()  # names typed with high certainty in a first pass over the document
        self.surnames: set[str] = set()
        for toks in self.tokens:
            for k, t in enumerate(toks[:-1]):
                nxt = toks[k + 1]
                if nxt.cap and not nxt.initial_pos and blocks[t.block][t.end:nxt.start] in (" ", ". ") and (
                        (t.cap and t.text.lower() in lex.titles and len(t.text) > 1) or self.is_given(t.text, 3)
                        or (len(t.text) == 1 and t.text.isupper() and t.text not in "IOA")):
                    if k + 2 >= len(toks) or not toks[k + 2].cap:
                        self.surnames.add(nxt.text[:-1] if nxt.text.endswith("s") and not nxt.poss
                                          and nxt.text[:-1] in self.cap_seen else nxt.text)
        for toks in self.tokens:
            for k, t in enumerate(toks[:-1]):
                stem = t.text[:-1]
                if t.cap and t.text.endswith("s") and not t.poss and len(stem) > 2 and \
                        (stem in self.cap_seen or stem in self.surnames or
                         (k > 0 and toks[k - 1].cap and toks[k - 1].text.lower() in lex.titles
                          and lex.surnames.get(stem, 10**9) * 10 < lex.surnames.get(t.text, 10**9))) \
                        and not self.excluded(stem) and toks[k + 1].text.islower() \
                        and (k == 0 or toks[k - 1].text not in ("the", "The", "of")) \
                        and blocks[t.block][t.end:toks[k + 1].start].isspace():
                    t.text, t.end, t.poss = stem, t.end - 1, True

    # -- word classes -------------------------------------------------------------------------
    def is_title(self, t: Token) -> bool:
        return t.cap and t.text.lower() in self.lex.titles and (len(t.text) > 1)

    def is_common(self, word: str) -> bool:
        """A word the dictionary or this document also writes in lower case (with simple inflections)."""
        low = word.lower()
        if "'" in low or "’" in low:
            low = re.split(r"['’]", low)[0]
        if low in self.lower_seen or low in self.lex.common:
            return True
        for suffix, repl in cues.INFLECTIONS:
            if suffix == "s" and (low[-2:-1] in ("a", "i", "o", "u", "y", "s")
                                  or self.lex.surnames.get(word, 10**9) <= 1_000):
                continue
            if suffix == "es" and not low.endswith(("ses", "xes", "zes", "ches", "shes")):
                continue
            if suffix == "ed" and low[-3:-2] == low[-4:-3] and low[:-3] in self.lex.common:
                return True  # a doubled consonant: "submitted"
            if low.endswith(suffix) and len(low) - len(suffix) >= (3 if suffix == "ing" else 4) and low[: -len(suffix)] + repl in self.lex.common:
                return True
        return False

    def is_given(self, word: str, minimum: int = 3) -> bool:
        return self.lex.given.get(word, 0) >= minimum

    def is_surname(self, word: str, rank: int = 20_000) -> bool:
        """A surname of the census list (or one this document puts after a title or given name)."""
        return word in self.surnames or self.lex.surnames.get(word, rank + 1) <= rank

    def in_gazetteer(self, word: str) -> bool:
        """A main (not alternate) GeoNames name, a country, state, continent or listed feature."""
        records = self.lex.places.get(word)
        return bool(records) and not records[0].alternate and word.lower() not in self.lex.function_words

    def is_initial(self, t: Token) -> bool:
        return len(t.text) == 1 and t.text.isupper() and t.text not in ("I", "O", "A")

    def excluded(self, word: str) -> bool:
        """Peoples, nationality adjectives, months and the like: never a name alone."""
        lex = self.lex
        if word in lex.not_names or word in lex.peoples:
            return True
        if self.in_gazetteer(word) or word in self.known or self.is_given(word, 4):
            return False
        if cues.DEMONYM.search(word) and len(word) > 4:
            return True
        if word.endswith("s") and (word[:-1] in self.cap_seen or word[:-1] in lex.peoples):
            return True  # plural of a name used in the document: a people or family ("Greeks", "Medes")
        return False

    # -- chains ---------------------------------------------------------------------------------
    def chains(self, toks: list[Token]) -> list[list[Token]]:
        """Maximal runs of capitalised words joined by spaces, initials, particles or "of" after a head."""
        out: list[list[Token]] = []
        i, n = 0, len(toks)
        while i < n:
            t = toks[i]
            if not (t.cap or t.text.isupper()):
                i += 1
                continue
            text = self.blocks[t.block]
            chain = [t]
            j = i
            while j + 1 < n and not chain[-1].poss:
                nxt = toks[j + 1]
                gap = text[chain[-1].end:nxt.start]
                last = chain[-1]
                dotted = gap.strip() == "." and (self.is_initial(last) or last.text.lower() in ABBREVIATIONS
                                                 or self.is_title(last))
                if not (gap.isspace() and len(gap) <= 3 or dotted):
                    break
                if nxt.cap and not (dotted is False and nxt.initial_pos and "\n" in gap):
                    if (nxt.text in self.lex.not_names and not self.is_title(nxt)) or \
                            (self.is_title(nxt) and not self.is_title(last) and not nxt.dot
                             and any(not self.is_title(x) for x in chain) and len(chain) > 1) or \
                            (self.is_title(nxt) and any(not self.is_title(x) for x in chain)
                             and not self.is_given(nxt.text, 1)):
                        break
                    chain.append(nxt)
                    j += 1
                    continue
                if (nxt.text in cues.PARTICLES or nxt.text in cues.OF_JOINERS) and j + 2 < n:
                    after = toks[j + 2]
                    gap2 = text[nxt.end:after.start]
                    joinable = nxt.text in cues.PARTICLES and (len(chain) > 1 or not chain[0].initial_pos
                                                           or self.is_title(chain[0]))
                    if nxt.text == "of":
                        joinable = self.is_title(last) or last.text in self.lex.place_before \
                            or last.text in self.lex.org_before
                    if joinable and after.cap and gap2.isspace() and len(gap2) <= 2 and \
                            not self.excluded(after.text):
                        chain.extend([nxt, after])
                        j += 2
                        continue
                break
            out.append(chain)
            i = j + 1
        return out

    # -- from chains to candidates ------------------------------------------------------------------
    def trim(self, chain: list[Token]) -> list[tuple[list[Token], str | None]]:
        """Cut a chain into name spans; return (tokens, forced type or None)."""
        lex = self.lex
        toks = list(chain)
        while toks and toks[0].text in cues.ARTICLES:
            toks.pop(0)
        if len(toks) > 1 and self.in_gazetteer(" ".join(t.text for t in toks)):
            return [(toks, None)]  # "New Zealand", "United States"
        if sum(len(t.text) > 1 for t in toks) > 1 and all(t.text.isupper() for t in toks):
            return self.heading(toks)
        # leading words that are not part of a name
        while toks:
            t = toks[0]
            headed = len(toks) > 1 and (toks[-1].text in lex.place_after or toks[-1].text in lex.org_after)
            if t.text in cues.ARTICLES or (t.text in lex.not_names and not self.is_title(t)) or \
                    (len(toks) > 1 and self.excluded(t.text) and not self.is_title(t) and not headed):
                toks.pop(0)
                continue
            if self.is_title(t) or t.text in lex.place_before or t.text in lex.org_before:
                break
            if t.text.lower() in cues.PARTICLES and len(toks) > 1 and not self.is_common(toks[1].text):
                break  # "La Beaume", "Van Buren", "De Quincey"
            if self.is_initial(t) or self.in_gazetteer(t.text) or t.text in self.known:
                break
            if t.text.isupper() and len(t.text) > 1 and not t.initial_pos and not self.is_common(t.text):
                break
            common = self.is_common(t.text)
            if t.initial_pos and common:
                if self.is_given(t.text, 5) and len(toks) > 1 and toks[1].text.lower() not in self.lower_seen \
                        and toks[1].text not in lex.not_names and not self.is_title(toks[1]):
                    break
                if t.text in self.surnames or t.text in self.known or t.text in self.confirmed:
                    break  # "Brown said …" where the document also has "Mr. Brown"
                toks.pop(0)
                continue
            if common and not self.is_given(t.text, 5):
                if len(toks) == 1 and self.name_like_common(t):
                    break
                head = toks[-1].text
                if len(toks) > 1 and (head in lex.place_after or head in lex.org_after):
                    break
                if len(toks) > 1 and not self.is_common(toks[1].text):
                    toks.pop(0)
                    continue
                toks.pop(0)
                continue
            break
        if not toks:
            return []
        # drop roman numerals that do not follow a name, and trailing particles / of
        while toks and toks[-1].text in cues.PARTICLES | cues.OF_JOINERS:
            toks.pop()
        if not toks:
            return []
        first, last = toks[0], toks[-1]
        if first.text in cues.SAINTS and len(toks) > 1:
            rest = " ".join(t.text for t in toks[1:])
            forms = (f"St. {rest}", f"Saint {rest}", f"St {rest}", f"Sankt {rest}", f"Sainte {rest}")
            if last.poss or any(self.lex.places.get(form) for form in forms) or last.text in lex.place_after:
                return [(toks, "place")]
        if self.is_title(first):
            while len(toks) > 2 and (toks[-1].text == "I" or (self.is_common(toks[-1].text)
                                                                and not self.in_gazetteer(toks[-1].text)
                                                                and not self.is_given(toks[-1].text, 4)
                                                                and not self.is_surname(toks[-1].text)
                                                                and not self.is_given(toks[-2].text, 3)
                                                                and not self.is_initial(toks[-2])
                                                                and toks[-2].text != "of")):
                toks.pop()
            if len(toks) == 1:
                return []
            rest = [t for t in toks[1:] if not self.is_title(t)]
            if not rest:
                return []
            if all(t.text in lex.not_names or t.text == "of" for t in rest):
                return []
            return [(toks, "person")]
        whole = " ".join(t.text for t in toks)
        if len(toks) > 1 and self.in_gazetteer(whole):
            return [(toks, None)]
        if len(toks) > 1 and last.text in lex.org_after and not last.poss:
            return [(toks, "org")]
        if len(toks) > 1 and first.text in lex.org_before and toks[1].text == "of":
            return [(toks, "org")]
        if len(toks) > 1 and (last.text in lex.place_after or first.text in lex.place_before):
            return [(toks, "place")]
        # a plain run: strip trailing common words ("Paris Observatory" kept by its head above)
        given_first = self.is_given(toks[0].text) or self.is_initial(toks[0])
        while len(toks) > 1 and self.is_common(toks[-1].text) and not self.is_given(toks[-1].text, 5) \
                and not (given_first and toks[-1].text.lower() not in self.lower_seen) \
                and not self.in_gazetteer(toks[-1].text) and not cues.ROMAN.match(toks[-1].text):
            toks.pop()
        if len(toks) == 1:
            t = toks[0]
            if self.excluded(t.text) or (t.text.isupper() and len(t.text) > 1 and self.is_common(t.text)):
                return []
            if self.is_initial(t) or cues.ROMAN.match(t.text):
                return []
            if self.is_common(t.text) and not self.name_like_common(t):
                return []
            follows = self.blocks[t.block][t.end:t.end + 1]
            if follows == "." and len(t.text) <= 3 and t.text.lower() not in cues.NAME_ABBREVIATIONS \
                    and not self.is_given(t.text, 1) and t.text not in self.surnames:
                return []  # an abbreviation ("Ev.", "Vol.")
        else:
            if all(self.excluded(t.text) for t in toks if t.text not in cues.PARTICLES):
                return []
            while toks and self.excluded(toks[-1].text):
                toks.pop()
            if not toks:
                return []
        return [(toks, None)]

    def heading(self, toks: list[Token]) -> list[tuple[list[Token], str | None]]:
        """A run of capitals ("NEW YORK SEP 1844", "A JOURNEY TO ROME"): only places the gazetteer knows."""
        found: list[tuple[list[Token], str | None]] = []
        i = 0
        while i < len(toks):
            for size in range(min(4, len(toks) - i), 0, -1):
                part = toks[i:i + size]
                name = " ".join(t.text.capitalize() for t in part)
                if size == 1 and (self.is_common(name) or self.excluded(name) or len(name) < 3):
                    continue
                if self.in_gazetteer(name):
                    found.append((part, "place"))
                    i += size
                    break
            else:
                i += 1
        return found

    def name_like_common(self, t: Token) -> bool:
        """A capitalised dictionary word mid-sentence counts only with gazetteer or register support."""
        if t.text in self.known or t.text in self.surnames or t.text in self.confirmed or t.text in self.lex.deities:
            return True
        if t.initial_pos:
            return False
        if self.is_given(t.text, 4):
            return True
        toks = self.tokens[t.block]
        before = toks[t.index - 1].text if t.index else ""
        if self.lex.surnames.get(t.text, 10**9) <= 5_000 and t.text.lower() not in self.lower_seen \
                and before.lower() not in cues.DETERMINERS:
            return True
        if not self.in_gazetteer(t.text):
            return False
        top = self.lex.places[t.text][0]
        if top.kind in ("country", "continent", "state", "feature") or top.population >= 500_000:
            return True
        before = before.lower()
        return before in cues.STRONG_PLACE_PREP or before in cues.WEAK_PLACE_PREP  # "from Calais", "at Bath"

    def candidates(self) -> list[Candidate]:
        cands: list[Candidate] = []
        for b, toks in enumerate(self.tokens):
            for chain in self.chains(toks):
                for span, fixed in self.trim(chain):
                    if not span:
                        continue
                    key_toks = span
                    if fixed == "person":
                        key_toks = [t for t in span if not self.is_title(t)] or span
                    key = " ".join(t.text for t in key_toks)
                    cand = Candidate(b, span[0].start, span[-1].end, key, span, fixed=fixed)
                    label_end = key_toks[-1].end + (1 if self.blocks[b][key_toks[-1].end:key_toks[-1].end + 1]
                                                    == "." and self.is_initial(key_toks[-1]) else 0)
                    cand.label = " ".join(self.blocks[b][key_toks[0].start:label_end].split())
                    if self.blocks[b][cand.end:cand.end + 1] == "." and (
                            self.is_initial(span[-1]) or self.is_title(span[-1])):
                        cand.end += 1
                    ordinal = cues.ORDINAL.match(self.blocks[b], cand.end)
                    if ordinal and (fixed == "person" or fixed is None) and not span[-1].poss:
                        cand.end = ordinal.end()
                    cands.append(cand)
        return cands
