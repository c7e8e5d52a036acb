"""Rule-based name finding: capitalised-word chains, trimmed and typed by linguistic evidence.

The rules work on a whole document (a list of text blocks) so that evidence found in one place
("Mr. Pond", "the river Ister") types every other mention of the same name in the document.
Steps: tokenise -> chain capitalised words (with initials, particles and title+of) -> cut each
chain into a name span (titles kept, sentence-initial common words, months, peoples dropped) ->
score person/place/org evidence per occurrence -> add the scores per name over the document ->
give every occurrence the document's type for that name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from tei_toolkit.entities.lexicon import Lexicon

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_TOKEN = re.compile(r"\b[MD]\.(?:rs|r|me|lle|iss)\b|[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_PARTICLES = frozenset({"de", "du", "des", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le",
                        "ten", "ter", "bin", "ibn", "y", "zu", "af", "d'", "d’"})
_OF_JOINERS = frozenset({"of"})
_DEMONYM = re.compile(r"(?:ians?|eans?|icans?|ans|ese|ish|ic|ics|ites?|idae|adae|ids|isms?|ists?|[gt]ae)$")
_PLACE_SUFFIX = re.compile(r"(?:ia|land|lands|stan|polis|burg|bourg|burgh|ville|ford|shire|mouth|chester|caster|"
                           r"borough|bury|grad|pur|abad|heim|stadt|dorf|ton|minster|wick|by|thorpe|field|"
                           r"sea|ium|ene|os)$")
_ELIDED = re.compile(r"^[dl]['’][A-ZÀ-Þ]")  # d'Orléans, l'Isle
_ORDINAL = re.compile(r"(?:\s+the)?\s+\d{1,2}(?:st|nd|rd|th|d)s?\b")
_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("men", "man"), ("ied", "y"),
                ("ed", ""), ("ed", "e"), ("ly", ""))
_NAME_ABBREVIATIONS = frozenset({"wm", "jas", "chas", "thos", "geo", "edw", "jno", "benj", "robt", "richd", "saml",
                                 "danl", "fredk", "alexr", "eliz", "margt", "wm", "hy"})
_ROMAN = re.compile(r"^(?:[IVXL]{2,}|[VX])$")
_SENT_END = re.compile(r"[.!?:;]|[\"“”‘’(\[—–]|--|^\s*-\s")

_STRONG_PLACE_PREP = frozenset({"in", "at", "into", "near", "through", "across", "throughout", "within", "inside",
                                "towards", "toward", "unto", "beyond", "via", "reached", "entered", "crossed",
                                "visited", "visit", "reach", "enter", "cross", "around", "outside", "along",
                                "between", "among", "leaving", "left"})
_WEAK_PLACE_PREP = frozenset({"to", "from", "for", "over", "past", "upon", "on", "against", "by"})
_PLACE_OF_NOUNS = frozenset({"city", "town", "land", "lands", "country", "kingdom", "king", "queen", "river", "island",
                             "isle", "province", "region", "people", "inhabitants", "coast", "shores", "shore",
                             "borders", "border", "capital", "tyrant", "ruler", "satrap", "territory", "mouth",
                             "mouths", "banks", "north", "south", "east", "west", "parts", "district", "village",
                             "county", "state", "plain", "gulf", "bay", "sea", "lake", "mount", "mountains",
                             "empire", "port", "harbour", "harbor", "streets", "walls", "citizens", "governor",
                             "prince", "duke", "emperor", "lord", "queen", "neighbourhood", "neighborhood",
                             "vicinity", "outskirts", "centre", "center", "heart", "rest", "whole", "all",
                             "government", "map", "history", "climate", "hills", "plains", "valley", "straits",
                             "strait", "side", "land", "soil", "springs", "source", "sources", "edge", "end",
                             "heights", "middle", "part", "top", "foot", "summit", "slopes", "sides", "boundary",
                             "boundaries", "frontier", "frontiers", "interior", "ruins", "gates", "bank",
                             "suburbs", "environs", "inhabitant", "natives", "native", "lake", "hill", "hills",
                             "castle", "cathedral", "church", "bishop", "archbishop", "mayor", "university",
                             "way", "road", "route", "direction", "streets", "market", "people", "peoples"})
_PERSON_OF_NOUNS = frozenset({"son", "sons", "daughter", "daughters", "wife", "husband", "father", "mother",
                              "brother", "sister", "friend", "children", "child", "descendant", "descendants",
                              "widow", "heir", "nephew", "niece", "grandson", "granddaughter", "uncle", "aunt",
                              "cousin", "servant", "slave", "murderer", "successor", "reign", "death", "life",
                              "letter", "letters", "works", "memoirs", "portrait", "family", "opinion"})
_PERSON_BEFORE = frozenset({"king", "queen", "prince", "princess", "emperor", "general", "captain", "tyrant",
                            "son", "daughter", "wife", "husband", "brother", "sister", "father", "mother", "uncle",
                            "aunt", "cousin", "friend", "poor", "dear", "said", "says", "ask", "asked", "told",
                            "tell", "met", "married", "saw", "see", "thank", "thanks", "called", "named", "herald",
                            "goddess", "god", "hero", "lady", "sir", "mr", "mrs", "miss", "with", "sent", "love"})
_PERSON_AFTER = frozenset({"said", "says", "say", "replied", "answered", "asked", "told", "tells", "wrote", "writes",
                           "thought", "thinks", "believed", "knew", "knows", "felt", "died", "married", "reigned",
                           "spoke", "speaks", "smiled", "laughed", "cried", "himself", "herself", "who", "whom",
                           "whose", "he", "she", "sends", "sent", "desires", "begs", "hopes", "seems",
                           "seemed", "looked", "looks", "came", "comes", "made", "gave", "took", "brought",
                           "wished", "wishes", "ruled", "fled", "sat", "stood", "loved", "hated", "feared",
                           "promised", "refused", "learned", "learnt", "decided", "heard", "wept", "ordered",
                           "commanded", "sought", "kissed", "wrote", "read", "sang", "prayed", "insisted"})
_AUXILIARIES = frozenset({"has", "had", "is", "was", "did", "does", "would", "will", "could", "can", "should",
                          "might", "must", "shall"})
_PLACE_AFTER = frozenset({"river", "sea", "mountains", "mountain", "lake", "island", "valley", "road", "street",
                          "where", "flows", "runs", "lies", "rises"})
_ARTICLES = frozenset({"the", "The"})
_PLACE_NOUNS = frozenset({"river", "mount", "mountain", "lake", "city", "town", "island", "isle", "port", "cape",
                          "gulf", "sea", "village", "fort", "country", "land", "region", "province", "county",
                          "kingdom", "valley", "hamlet", "parish", "harbour", "harbor", "bay", "stream",
                          "capital", "colony", "district", "state", "peninsula", "desert", "forest", "hill",
                          "street", "square", "castle", "palace", "temple", "church", "abbey", "rivers",
                          "cities", "towns", "islands", "mountains", "countries", "lands", "places", "villages",
                          "seas", "lakes", "streams", "regions", "provinces", "states", "colonies", "ports"})
_PERSON_NOUNS = frozenset({"man", "woman", "son", "daughter", "king", "queen", "god", "goddess", "wife", "husband",
                           "boy", "girl", "child", "servant", "slave", "prince", "princess", "brother", "sister",
                           "father", "mother", "friend", "hero", "priest", "priestess", "poet", "author",
                           "men", "women", "sons", "daughters", "kings", "gods", "goddesses", "brothers", "sisters",
                           "children", "heroes", "friends", "poets", "authors", "names", "name"})
_CALLED = frozenset({"called", "named", "name", "styled", "termed"})
_APPOSITION = re.compile(r"^\s*,?\s*(?:(?:the|all|both|three|two|four|five|six|several|many|other|great|small|"
                         r"large|famous|these|those|which|are|were|of|them|its|their)\s+){0,4}([a-z]+)")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "my", "our", "your", "his", "her",
                          "their", "its", "every", "each", "no", "some", "any", "such", "what", "which"})
_SAINTS = frozenset({"St", "Saint", "Ste", "Sainte", "Sankt"})


@dataclass
class Token:
    """A word of one block: offsets into the block text and what the rules know about it."""

    start: int
    end: int
    text: str
    poss: bool = False
    dot: bool = False
    initial_pos: bool = False  # first word of a sentence, heading or quotation: capital says nothing
    block: int = 0
    index: int = 0

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper() or bool(_ELIDED.match(self.text))


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


def tokenize(text: str, block: int = 0) -> list[Token]:
    """Split a block into word tokens, marking possessives, full stops and sentence starts."""
    tokens: list[Token] = []
    prev_end = 0
    for match in _TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        if "." in word:
            word = word.replace(".", "")
        poss = False
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            word, end, poss = word[:-2], end - 2, True
        elif word.endswith("s") and text[end:end + 1] in ("'", "’") and not text[end + 1:end + 2].isalpha():
            poss = True
        gap = text[prev_end:start]
        tok = Token(start, end, word, poss=poss, dot=text[end:end + 1] == ".", block=block, index=len(tokens))
        if not tokens:
            tok.initial_pos = True
        else:
            prev = tokens[-1]
            if _SENT_END.search(gap):
                abbrev = gap.strip() == "." and (len(prev.text) == 1 or prev.text.lower() in _ABBREV)
                tok.initial_pos = not abbrev
            elif "\n" in gap:
                tok.initial_pos = True
        tokens.append(tok)
        prev_end = end
    return tokens


_ABBREV = frozenset({"mr", "mrs", "ms", "dr", "st", "revd", "rev", "col", "capt", "gen", "lieut", "lt", "prof", "mt",
                     "ft", "messrs", "mme", "mlle", "jr", "sr", "esq", "hon", "sen", "gov", "pres", "maj", "adm",
                     "sgt", "fr", "rt", "ste", "mons", "edw", "wm", "jas", "chas", "thos", "geo", "jno", "coll"})


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
        for suffix, repl in _INFLECTIONS:
            if suffix == "s" and (low[-2:-1] in ("a", "i", "o", "u", "y", "s")
                                  or self.lex.surnames.get(word, 10**9) <= 5_000):
                continue
            if suffix == "es" and not low.endswith(("ses", "xes", "zes", "ches", "shes")):
                continue
            if suffix == "ed" and low[-3:-2] == low[-4:-3] and low[:-3] in self.lex.common:
                return True  # a doubled consonant: "submitted"
            if low.endswith(suffix) and len(low) - len(suffix) >= 4 and low[: -len(suffix)] + repl in self.lex.common:
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
        return bool(records) and not records[0].alternate

    def is_initial(self, t: Token) -> bool:
        return len(t.text) == 1 and t.text.isupper() and t.text not in ("I", "O", "A")

    def excluded(self, word: str) -> bool:
        """Peoples, nationality adjectives, months and the like: never a name alone."""
        lex = self.lex
        if word in lex.not_names or word in lex.peoples:
            return True
        if self.in_gazetteer(word) or word in self.known or self.is_given(word, 4):
            return False
        if _DEMONYM.search(word) and len(word) > 4:
            return True
        if word.endswith("s") and (word[:-1] in self.cap_seen or word[:-1] in lex.peoples):
            return True  # plural of a name used in the document: a people or family ("Greeks", "Medes")
        return False

    # -- chains ---------------------------------------------------------------------------------
    def chains(self, toks: list[Token]) -> list[list[Token]]:
        """Maximal runs of capitalised words joined by spaces, initials, particles or "of" after a head."""
        out: list[list[Token]] = []
        i, n = 0, len(toks)
        text = None
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
                dotted = gap.strip() == "." and (self.is_initial(last) or last.text.lower() in _ABBREV
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
                if (nxt.text in _PARTICLES or nxt.text in _OF_JOINERS) and j + 2 < n:
                    after = toks[j + 2]
                    gap2 = text[nxt.end:after.start]
                    joinable = nxt.text in _PARTICLES and (len(chain) > 1 or not chain[0].initial_pos
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
        # leading words that are not part of a name
        while toks:
            t = toks[0]
            if t.text in _ARTICLES or (t.text in lex.not_names and not self.is_title(t)) or \
                    (len(toks) > 1 and self.excluded(t.text) and not self.is_title(t)):
                toks.pop(0)
                continue
            if self.is_title(t) or t.text in lex.place_before or t.text in lex.org_before:
                break
            if t.text.lower() in _PARTICLES and len(toks) > 1 and not self.is_common(toks[1].text):
                break  # "La Beaume", "Van Buren", "De Quincey"
            if self.is_initial(t) or self.in_gazetteer(t.text) or t.text in self.known:
                break
            if t.text.isupper() and len(t.text) > 1 and not t.initial_pos:
                break
            common = self.is_common(t.text)
            if t.initial_pos and common:
                if self.is_given(t.text, 5) and len(toks) > 1 and toks[1].text.lower() not in self.lower_seen \
                        and toks[1].text not in lex.not_names and not self.is_title(toks[1]):
                    break
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
        while toks and toks[-1].text in _PARTICLES | _OF_JOINERS:
            toks.pop()
        if not toks:
            return []
        first, last = toks[0], toks[-1]
        if first.text in _SAINTS and len(toks) > 1:
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
                and not self.in_gazetteer(toks[-1].text) and not _ROMAN.match(toks[-1].text):
            toks.pop()
        if len(toks) == 1:
            t = toks[0]
            if self.excluded(t.text) or (t.text.isupper() and len(t.text) > 1 and self.is_common(t.text)):
                return []
            if self.is_initial(t) or _ROMAN.match(t.text):
                return []
            if self.is_common(t.text) and not self.name_like_common(t):
                return []
            follows = self.blocks[t.block][t.end:t.end + 1]
            if follows == "." and len(t.text) <= 3 and t.text.lower() not in _NAME_ABBREVIATIONS \
                    and not self.is_given(t.text, 1) and t.text not in self.surnames:
                return []  # an abbreviation ("Ev.", "Vol.")
        else:
            toks = [t for t in toks]
            if all(self.excluded(t.text) for t in toks if t.text not in _PARTICLES):
                return []
            while toks and self.excluded(toks[-1].text):
                toks.pop()
            if not toks:
                return []
        return [(toks, None)]

    def name_like_common(self, t: Token) -> bool:
        """A capitalised dictionary word mid-sentence counts only with gazetteer or register support."""
        if t.initial_pos:
            return False
        if t.text in self.known or self.is_given(t.text, 4) or t.text in self.surnames:
            return True
        toks = self.tokens[t.block]
        before = toks[t.index - 1].text if t.index else ""
        if self.lex.surnames.get(t.text, 10**9) <= 5_000 and t.text.lower() not in self.lower_seen \
                and before.lower() not in _DETERMINERS:
            return True
        places = self.lex.places.get(t.text)
        if places and not places[0].alternate and (places[0].kind in ("country", "continent", "state", "feature") or places[0].population
                       >= 500_000):
            return True
        if places and not places[0].alternate and places[0].population >= 50_000 and before in _STRONG_PLACE_PREP:
            return True
        return False

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
                    if span[-1].text in ("." ,):
                        pass
                    if self.blocks[b][cand.end:cand.end + 1] == "." and (
                            self.is_initial(span[-1]) or self.is_title(span[-1])):
                        cand.end += 1
                    ordinal = _ORDINAL.match(self.blocks[b], cand.end)
                    if ordinal and (fixed == "person" or fixed is None) and not span[-1].poss:
                        cand.end = ordinal.end()
                    self.score(cand, toks)
                    cands.append(cand)
        return cands

    # -- evidence ---------------------------------------------------------------------------------
    def score(self, c: Candidate, toks: list[Token]) -> None:
        lex, s = self.lex, c.scores
        span = c.tokens
        first, last = span[0], span[-1]
        words = [t.text for t in span]
        if c.fixed:
            s[c.fixed] += 5
            c.strong = True
            if c.fixed != "person":
                return
        names = [t for t in span if not self.is_title(t) and t.text not in _PARTICLES and t.text != "of"]
        key = c.key
        if key in self.known:
            s[self.known[key]] += 6
            c.strong = True
        places = lex.places.get(key, ())
        if places and not c.fixed:
            top = places[0]
            if top.alternate:
                s["place"] += 0.3
            elif top.kind in ("country", "continent", "state", "feature"):
                s["place"] += 4
                c.strong = True
            elif top.population >= 1_000_000:
                s["place"] += 3
                c.strong = True
            elif top.population >= 100_000:
                s["place"] += 2
            else:
                s["place"] += 1
        if names and len(names) >= 2:
            if self.is_given(names[0].text) or self.is_initial(names[0]):
                s["person"] += 3
                c.strong = True
            elif not places:
                s["person"] += 1
        elif names and self.is_given(names[0].text, 3) and not c.fixed:
            s["person"] += 1.0 + 0.1 * lex.given.get(names[0].text, 0)
        elif names and len(names) == 1 and not c.fixed and self.is_surname(names[0].text, 10_000):
            s["person"] += 0.7
        if len(names) == 1 and _PLACE_SUFFIX.search(names[0].text) and not self.is_given(names[0].text, 3):
            s["place"] += 1.0
        if len(words) == 1 and words[0].isupper() and len(words[0]) > 1:
            s["org"] += 1.5
        # context before
        i0, i1 = first.index, last.index
        before = toks[i0 - 1].text if i0 > 0 else ""
        before2 = toks[i0 - 2].text if i0 > 1 else ""
        gap_before = self.blocks[c.block][toks[i0 - 1].end:first.start] if i0 > 0 else ""
        after = toks[i1 + 1].text if i1 + 1 < len(toks) else ""
        gap_after = self.blocks[c.block][last.end:toks[i1 + 1].start] if i1 + 1 < len(toks) else ""
        after2 = toks[i1 + 2].text if i1 + 2 < len(toks) else ""
        plain_before = gap_before.strip() == ""
        plain_after = gap_after.strip() == ""
        low_before = before.lower() if plain_before else ""
        if low_before in _STRONG_PLACE_PREP or (before2.lower() in ("born", "lived", "died", "arrived", "situated",
                                                                     "living", "stay", "stayed", "live")
                                                 and low_before in ("in", "at", "near")):
            s["place"] += 1.5
        elif low_before in _WEAK_PLACE_PREP:
            s["place"] += 0.4
        elif low_before == "of":
            b2 = before2.lower()
            if b2 in _PLACE_OF_NOUNS:
                s["place"] += 2
            elif b2 in _PERSON_OF_NOUNS:
                s["person"] += 2
        elif before in _ARTICLES and plain_before and len(names) == 1 and not last.poss:
            s["place"] += 1.0
        if plain_before and before in _PLACE_NOUNS and before.islower():
            s["place"] += 2.0
        if low_before in _CALLED or (low_before in ("by", "the") and before2 in _CALLED):
            window = [t.text for t in toks[max(0, i0 - 6):i0]]
            if any(w in _PLACE_NOUNS for w in window):
                s["place"] += 2.0
            elif any(w in _PERSON_NOUNS for w in window):
                s["person"] += 2.0
        if low_before in _PERSON_BEFORE and before.islower():
            s["person"] += 1.2
        if gap_before.strip() == "," and before.lower() in ("and", "or"):
            pass
        # context after
        if last.poss:
            s["person"] += 0.6
        if plain_after and after.lower() in _PLACE_AFTER and after.islower():
            s["place"] += 2
        if plain_after and after in _PERSON_AFTER and after.islower():
            s["person"] += 1.0 if after not in ("who", "whom", "whose", "himself", "herself", "said") else 2.0
        elif plain_after and after in _AUXILIARIES:
            s["person"] += 0.3
        if gap_after.strip() == "," and after in ("who", "whom", "whose", "son", "daughter", "wife", "the") and \
                (after != "the" or after2 in ("son", "daughter", "wife", "king", "father", "mother", "brother")):
            s["person"] += 1.5
        if gap_after.strip() == "," and after in ("where", "a", "which", "capital") and \
                (after != "a" or after2 in ("city", "town", "village", "river", "country", "place", "port")):
            s["place"] += 1.5
        # weak prior: unknown capitalised words name people slightly more often than places
        s["person"] += 0.3


def resolve(rules: DocumentRules, cands: list[Candidate]) -> list[tuple[Candidate, str, str]]:
    """Type every occurrence by the evidence summed over the document; return (candidate, kind, cert)."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: {"person": 0.0, "place": 0.0, "org": 0.0})
    strong: dict[str, bool] = defaultdict(bool)
    for c in cands:
        for k, v in c.scores.items():
            totals[c.key][k] += v
        strong[c.key] |= c.strong
    # parts of multi-word person names are the same person ("Victor Serge" ... "Serge")
    persons = [k for k, v in totals.items() if " " in k and max(v, key=v.get) == "person"]
    for full in persons:
        parts = [p for p in full.split() if p not in _PARTICLES and p != "of" and len(p) > 1]
        for part in parts[-1:]:
            if part in totals:
                totals[part]["person"] += 2.5
    # names in a coordination share a type ("the Tyras, and Hypanis, and Borysthenes")
    for group in coordinations(rules, cands):
        keys = list(dict.fromkeys(c.key for c in group))
        last = group[-1]
        noun = _APPOSITION.match(rules.blocks[last.block][last.end:last.end + 60])
        if noun and noun.group(1) in _PLACE_NOUNS and noun.group(1).endswith("s"):
            for key in keys:
                totals[key]["place"] += 2.0
        elif noun and noun.group(1) in _PERSON_NOUNS and noun.group(1) not in ("name", "names"):
            for key in keys:
                totals[key]["person"] += 2.0
        if len(keys) < 2:
            continue
        before = {key: dict(totals[key]) for key in keys}
        for key in keys:
            others = [before[other] for other in keys if other != key]
            for k in ("person", "place", "org"):
                totals[key][k] += min(1.2, 0.8 * sum(o[k] for o in others) / len(others))
    out: list[tuple[Candidate, str, str]] = []
    for c in cands:
        if c.fixed and c.fixed != "person":
            kind = c.fixed
            cert = "medium"
        else:
            tot = totals[c.key]
            kind = "person" if c.fixed == "person" else max(tot, key=tot.get)
            ranked = sorted(tot.values(), reverse=True)
            margin = ranked[0] - ranked[1]
            if c.fixed == "person" or (strong[c.key] and margin >= 2):
                cert = "high"
            elif margin >= 1.5 or ranked[0] >= 2.5:
                cert = "medium"
            else:
                cert = "low"
        out.append((c, kind, cert))
    return out


_COORD_GAP = re.compile(r"^\s*(?:,|,?\s*(?:and|or|nor)|,?\s*(?:and|or)\s+the|,\s*the)\s*$")


def coordinations(rules: DocumentRules, cands: list[Candidate]) -> list[list[Candidate]]:
    """Runs of names joined only by commas and "and"/"or" in one block (a list of like things)."""
    groups: list[list[Candidate]] = []
    current: list[Candidate] = []
    for c in cands:
        if current and current[-1].block == c.block and not current[-1].fixed and not c.fixed and \
                _COORD_GAP.match(rules.blocks[c.block][current[-1].end:c.start]):
            current.append(c)
            continue
        if len(current) > 1:
            groups.append(current)
        current = [c]
    if len(current) > 1:
        groups.append(current)
    return groups
