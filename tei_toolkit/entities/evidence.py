"""Typing discovered names: evidence per occurrence, summed per name over the whole document."""

from __future__ import annotations

import re
from collections import defaultdict

from tei_toolkit.entities import cues
from tei_toolkit.entities.rules import Candidate, DocumentRules
from tei_toolkit.entities.tokens import Token


def score(rules: DocumentRules, c: Candidate, toks: list[Token]) -> None:
    """Add person / place / org evidence from one occurrence and its context to ``c.scores``."""
    lex, s = rules.lex, c.scores
    span = c.tokens
    first, last = span[0], span[-1]
    words = [t.text for t in span]
    if c.fixed:
        s[c.fixed] += 5
        c.strong = True
        if c.fixed != "person":
            return
    names = [t for t in span if not rules.is_title(t) and t.text not in cues.PARTICLES and t.text != "of"]
    key = c.key
    if key in rules.known:
        s[rules.known[key]] += 6
        c.strong = True
    if key in lex.deities:
        s["person"] += 2.5
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
        if rules.is_given(names[0].text) or rules.is_initial(names[0]):
            s["person"] += 3
            c.strong = True
        elif not places:
            s["person"] += 1
    elif names and rules.is_given(names[0].text, 3) and not c.fixed:
        s["person"] += 1.0 + 0.1 * lex.given.get(names[0].text, 0)
    elif names and len(names) == 1 and not c.fixed and rules.is_surname(names[0].text, 10_000):
        s["person"] += 0.7
    if len(names) == 1 and cues.PLACE_SUFFIX.search(names[0].text) and not rules.is_given(names[0].text, 3):
        s["place"] += 1.0
    if len(words) == 1 and words[0].isupper() and len(words[0]) > 1:
        s["org"] += 1.5
    # context before
    i0, i1 = first.index, last.index
    before = toks[i0 - 1].text if i0 > 0 else ""
    before2 = toks[i0 - 2].text if i0 > 1 else ""
    gap_before = rules.blocks[c.block][toks[i0 - 1].end:first.start] if i0 > 0 else ""
    after = toks[i1 + 1].text if i1 + 1 < len(toks) else ""
    gap_after = rules.blocks[c.block][last.end:toks[i1 + 1].start] if i1 + 1 < len(toks) else ""
    after2 = toks[i1 + 2].text if i1 + 2 < len(toks) else ""
    plain_before = gap_before.strip() == ""
    plain_after = gap_after.strip() == ""
    low_before = before.lower() if plain_before else ""
    if low_before in cues.STRONG_PLACE_PREP or (before2.lower() in ("born", "lived", "died", "arrived", "situated",
                                                                 "living", "stay", "stayed", "live")
                                             and low_before in ("in", "at", "near")):
        s["place"] += 1.5
    elif low_before in cues.WEAK_PLACE_PREP:
        s["place"] += 0.4 if low_before in ("to", "from") else 0.2
    elif low_before == "of":
        b2 = before2.lower()
        if b2 in cues.PLACE_OF_NOUNS:
            s["place"] += 2
        elif b2 in cues.PERSON_OF_NOUNS:
            s["person"] += 2
    elif before in cues.ARTICLES and plain_before and len(names) == 1 and not last.poss:
        s["place"] += 1.0
    if plain_before and before in cues.PLACE_NOUNS and before.islower():
        s["place"] += 2.0
    if low_before in cues.CALLED or (low_before in ("by", "the") and before2 in cues.CALLED):
        window = [t.text for t in toks[max(0, i0 - 6):i0]]
        if any(w in cues.PLACE_NOUNS for w in window):
            s["place"] += 2.0
        elif any(w in cues.PERSON_NOUNS for w in window):
            s["person"] += 2.0
    if low_before in cues.PERSON_BEFORE and before.islower():
        s["person"] += 1.2
    # context after
    if last.poss:
        s["person"] += 0.6
    if plain_after and after.lower() in cues.PLACE_AFTER and after.islower():
        s["place"] += 2
    if plain_after and after in cues.PERSON_AFTER and after.islower():
        s["person"] += 1.0 if after not in ("who", "whom", "whose", "himself", "herself", "said") else 2.0
    elif plain_after and after in cues.AUXILIARIES:
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
    for c in cands:
        score(rules, c, rules.tokens[c.block])
    totals: dict[str, dict[str, float]] = defaultdict(lambda: {"person": 0.0, "place": 0.0, "org": 0.0})
    strong: dict[str, bool] = defaultdict(bool)
    for c in cands:
        for k, v in c.scores.items():
            totals[c.key][k] += v
        strong[c.key] |= c.strong
    # parts of multi-word person names are the same person ("Victor Serge" ... "Serge")
    persons = [k for k, v in totals.items() if " " in k and max(v, key=v.get) == "person"]
    for full in persons:
        parts = [p for p in full.split() if p not in cues.PARTICLES and p != "of" and len(p) > 1]
        for part in parts[-1:]:
            if part in totals:
                totals[part]["person"] += 2.5
    # names in a coordination share a type ("the Tyras, and Hypanis, and Borysthenes")
    for group in coordinations(rules, cands):
        keys = list(dict.fromkeys(c.key for c in group))
        last = group[-1]
        noun = cues.APPOSITION.match(rules.blocks[last.block][last.end:last.end + 60])
        if noun and noun.group(1) in cues.PLACE_NOUNS and noun.group(1).endswith("s"):
            for key in keys:
                totals[key]["place"] += 2.0
        elif noun and noun.group(1) in cues.PERSON_NOUNS and noun.group(1) not in ("name", "names"):
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
        if _is_list(rules, current):
            groups.append(current)
        current = [c]
    if _is_list(rules, current):
        groups.append(current)
    return groups


def _is_list(rules: DocumentRules, group: list[Candidate]) -> bool:
    """Two names joined by a bare "and"/"or", or three and more: a comma between two may join clauses."""
    if len(group) > 2:
        return True
    return len(group) == 2 and "," not in rules.blocks[group[0].block][group[0].end:group[1].start]
