"""Words of a text block for the discovery rules: offsets, possessives, full stops, sentence starts."""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"\b[MD]\.(?:rs|r|me|lle|iss)\b|[^\W\d_]+(?:['’\-][^\W\d_]+)*")
ELIDED = re.compile(r"^[dl]['’][A-ZÀ-Þ]")  # d'Orléans, l'Isle
SENT_END = re.compile(r"[.!?:]|[\"“”‘’(\[—–]|--|^\s*-\s")  # not ";": a capital after it is a name

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "revd", "rev", "col", "capt", "gen", "lieut", "lt", "prof",
                           "mt", "ft", "messrs", "mme", "mlle", "jr", "sr", "esq", "hon", "sen", "gov", "pres", "maj",
                           "adm", "sgt", "fr", "rt", "ste", "mons", "edw", "wm", "jas", "chas", "thos", "geo", "jno",
                           "coll"})


@dataclass(slots=True)
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
        return self.text[:1].isupper() or bool(ELIDED.match(self.text))


def tokenize(text: str, block: int = 0) -> list[Token]:
    """Split a block into word tokens, marking possessives, full stops and sentence starts."""
    tokens: list[Token] = []
    prev_end = 0
    for match in TOKEN.finditer(text):
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
            if SENT_END.search(gap):
                abbrev = gap.strip() == "." and (len(prev.text) == 1 or prev.text.lower() in ABBREVIATIONS)
                tok.initial_pos = not abbrev
            elif "\n" in gap:
                tok.initial_pos = True
        tokens.append(tok)
        prev_end = end
    return tokens
