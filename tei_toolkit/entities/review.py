"""Review of discovered entities: a candidates table a scholar edits, and its promotion into the registers.

``suggest(documents, engine)`` lists every machine-proposed entry found in the documents, one row
per (type, proposed id), from the suggestion markup already in the TEI (``@resp`` on the entry) or,
where a document has none, from running the discovery engine over its text blocks.

The scholar edits the table: ``decision`` (accept / reject; a blank row is left as it is),
``id`` (the register id to use: keep the proposal, or point at an existing register entry),
``label``, ``type`` and ``authority`` (``geonames:2988507``, ``wikidata:Q90``, ``viaf:…`` or a URL).

``accept_rows(rows, registers, trees)`` returns the new register entries and rewrites the trees in
place: accepted suggestions point at the curated id, rejected suggestion markup is unwrapped
(its text kept), and each document's standOff carries the curated entries it now refers to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from lxml import etree

from tei_toolkit.entities.annotate import AnnotateOptions, annotate_tree, text_blocks
from tei_toolkit.entities.authority import Registers, entry_from_element, make_registers
from tei_toolkit.entities.engine import KINDS, Entry, Mention
from tei_toolkit.entities.insert import block_text, insert_mentions, owned_ranges, text_offset
from tei_toolkit.errors import SourceError
from tei_toolkit.xmlio import XML_NS, normalize_space, tei

COLUMNS = ("decision", "type", "surface", "forms", "count", "proposed_id", "id", "label", "authority",
           "certainty", "context", "documents")
DECISIONS = ("accept", "reject", "")
RESP = "#tei-toolkit"
_XML_ID = f"{{{XML_NS}}}id"
_NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")
_KIND_OF_TAG = {tag: kind for kind, tag in KINDS.items()}
_CONTEXT = 60
_AUTHORITY = re.compile(r"^(?:(geonames|wikidata|viaf):(\S+)|https?://(?:www\.)?(?:sws\.)?"
                        r"(geonames|wikidata|viaf)\.org/(?:wiki/|entity/|viaf/)?(\S+?)/?)$")


@dataclass
class Row:
    """One candidate entity of the review table."""

    type: str
    proposed_id: str
    surface: str = ""
    forms: Counter = field(default_factory=Counter)
    count: int = 0
    label: str = ""
    authority: str = ""
    certainty: str = ""
    context: str = ""
    documents: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, str]:
        forms = [form for form, _ in self.forms.most_common()]
        return {
            "decision": "accept", "type": self.type, "surface": forms[0] if forms else self.surface,
            "forms": " | ".join(forms), "count": str(self.count), "proposed_id": self.proposed_id,
            "id": self.proposed_id, "label": self.label, "authority": self.authority,
            "certainty": self.certainty, "context": self.context, "documents": " ".join(self.documents),
        }


def _context(text: str, start: int, end: int) -> str:
    left = normalize_space(text[max(0, start - _CONTEXT):start])
    right = normalize_space(text[end:end + _CONTEXT])
    return f"{left} [{normalize_space(text[start:end])}] {right}".strip()


def _authority(entry: Entry) -> str:
    if entry.geonames:
        return f"geonames:{entry.geonames}"
    if entry.wikidata:
        return f"wikidata:{entry.wikidata}"
    if entry.viaf:
        return f"viaf:{entry.viaf}"
    return ""


def _proposed_entries(root: etree._Element) -> dict[str, Entry]:
    """Machine-proposed entries in a document's standOff (those with @resp)."""
    found: dict[str, Entry] = {}
    for standoff in root.iter(tei("standOff")):
        for element in standoff.iter(tei("person"), tei("place"), tei("org")):
            if element.get("resp") and element.get(_XML_ID):
                entry = entry_from_element(element)
                found[entry.id] = entry
    return found


def _add(rows: dict[tuple[str, str], Row], entry: Entry, surface: str, cert: str | None, context: str,
         name: str) -> None:
    row = rows.setdefault((entry.kind, entry.id), Row(entry.kind, entry.id, label=entry.label,
                                                      authority=_authority(entry), certainty=entry.cert or ""))
    row.forms[surface] += 1
    row.count += 1
    if not row.context or (cert == "high" and row.certainty != "high"):
        row.context = context
    rank = {"high": 3, "medium": 2, "low": 1, "": 0, None: 0}
    if rank[cert] > rank[row.certainty]:
        row.certainty = cert or ""
    if name not in row.documents:
        row.documents.append(name)


def suggest(documents: Iterable[tuple[str, etree._ElementTree]], engine) -> list[dict[str, str]]:
    """Review rows for the machine-proposed entities of ``documents`` ((name, tree) pairs), most frequent first."""
    rows: dict[tuple[str, str], Row] = {}
    for name, tree in documents:
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        proposed = _proposed_entries(root)
        marked = [element for element in root.iter(*(tei(tag) for tag in KINDS.values()))
                  if element.get("resp") == RESP and (element.get("ref") or "").lstrip("#") in proposed]
        if marked:
            for element in marked:
                entry = proposed[(element.get("ref") or "").lstrip("#")]
                block = next((a for a in element.iterancestors() if etree.QName(a).localname in
                              ("p", "ab", "l", "head", "item", "cell", "note")), element.getparent())
                text = block_text(block)
                surface = normalize_space("".join(element.itertext()))
                start = text_offset(block, element)
                _add(rows, entry, surface, element.get("cert"), _context(text, start, start + len(
                    "".join(element.itertext()))), name)
            continue
        blocks = text_blocks(root)
        texts = [block_text(block) for block in blocks]
        finder = getattr(engine, "find_blocks", None)
        results = finder(texts) if callable(finder) else [engine.find(text) for text in texts]
        entries = {entry.id: entry for entry in engine.entries()}
        for block, text, mentions in zip(blocks, texts, results):
            owned = owned_ranges(block)
            for m in mentions:
                entry = entries.get(m.ref or "")
                if entry is None or not any(s <= m.start and m.end <= e for s, e in owned):
                    continue  # a curated register match, or text of a nested block
                _add(rows, entry, normalize_space(text[m.start:m.end]), m.cert, _context(text, m.start, m.end),
                     name)
    ordered = sorted(rows.values(), key=lambda r: (-r.count, r.type, r.proposed_id))
    return [row.as_dict() for row in ordered]


# --- accept ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """One reviewed row, checked."""

    kind: str
    proposed_id: str
    id: str
    accept: bool
    label: str
    forms: tuple[str, ...]
    authority: dict[str, str]


def read_decisions(rows: Iterable[Mapping[str, str]], *, source: str) -> list[Decision]:
    """Check the edited rows; ``SourceError`` naming the CSV line of the first bad one."""
    decisions = []
    for number, row in enumerate(rows, start=2):
        missing = [c for c in ("decision", "type", "proposed_id", "id") if c not in row]
        if missing:
            raise SourceError(f"missing column {missing[0]!r}; expected the columns {', '.join(COLUMNS)}",
                              path=source, line=1)
        decision = (row.get("decision") or "").strip().lower()
        if decision not in DECISIONS:
            raise SourceError(f'decision "{decision}"; expected accept, reject or empty', path=source, line=number)
        if not decision:
            continue
        kind = (row.get("type") or "").strip()
        if kind not in KINDS:
            raise SourceError(f'type "{kind}"; expected one of {", ".join(KINDS)}', path=source, line=number)
        proposed = (row.get("proposed_id") or "").strip()
        ident = (row.get("id") or "").strip() or proposed
        if not _NCNAME.match(ident) or not proposed:
            raise SourceError(f'id "{ident}" is not a valid xml:id; expected a letter first, then letters, digits, '
                              "'-', '_' or '.'", path=source, line=number)
        authority: dict[str, str] = {}
        for item in (row.get("authority") or "").split():
            match = _AUTHORITY.match(item.strip())
            if not match:
                raise SourceError(f'authority "{item}"; expected geonames:ID, wikidata:QID, viaf:ID or their URL',
                                  path=source, line=number)
            authority[match.group(1) or match.group(3)] = match.group(2) or match.group(4)
        forms = tuple(f.strip() for f in (row.get("forms") or "").split("|") if f.strip())
        label = (row.get("label") or "").strip() or (forms[0] if forms else (row.get("surface") or ident))
        decisions.append(Decision(kind, proposed, ident, decision == "accept", label, forms, authority))
    return decisions


def new_entries(decisions: list[Decision], registers: Registers,
                proposed: Mapping[str, Entry]) -> list[Entry]:
    """Register entries to add for the accepted decisions (ids already in the registers are reused)."""
    added: dict[str, Entry] = {}
    for d in decisions:
        if not d.accept:
            continue
        existing = registers.get(d.id)
        if existing is not None:
            if existing.kind != d.kind:
                raise SourceError(f'id "{d.id}" is a {existing.kind} in the registers; expected a {d.kind}')
            continue
        base = proposed.get(d.proposed_id)
        names = tuple(dict.fromkeys([d.label, *d.forms, *(base.names if base else ())]))
        entry = Entry(id=d.id, kind=d.kind, label=d.label, names=names)
        if base is not None and base.kind == "place" == d.kind and base.geonames \
                and d.authority.get("geonames", base.geonames) == base.geonames:
            entry = replace(entry, geonames=base.geonames, lat=base.lat, long=base.long)
        entry = replace(entry, **{k: v for k, v in d.authority.items()})
        if d.id in added:
            old = added[d.id]
            entry = replace(old, names=tuple(dict.fromkeys([*old.names, *entry.names])))
        added[d.id] = entry
    return list(added.values())


def rewrite_tree(tree: etree._ElementTree, decisions: list[Decision], registers: Registers, engine) -> int:
    """Point accepted suggestions at curated ids and unwrap rejected ones, in place; return changes made."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    by_key = {(d.kind, d.proposed_id): d for d in decisions}
    changed = 0
    seen_any = False
    proposed = _proposed_entries(root)
    for element in list(root.iter(*(tei(tag) for tag in KINDS.values()))):
        ref = (element.get("ref") or "").lstrip("#")
        if element.get("resp") != RESP or ref not in proposed:
            continue
        seen_any = True
        decision = by_key.get((_KIND_OF_TAG[etree.QName(element).localname], ref))
        if decision is None:
            continue
        if decision.accept:
            element.set("ref", f"#{decision.id}")
        else:
            _unwrap(element)
        changed += 1
    if not seen_any and engine is not None:
        changed += _insert_accepted(root, by_key, engine)
    annotate_tree(tree, AnnotateOptions(registers=registers, match_registers=False, record_change=False))
    return changed


def _insert_accepted(root: etree._Element, by_key: Mapping[tuple[str, str], Decision], engine) -> int:
    """A document reviewed without suggestion markup: find the accepted entities and mark them."""
    blocks = text_blocks(root)
    texts = [block_text(block) for block in blocks]
    finder = getattr(engine, "find_blocks", None)
    results = finder(texts) if callable(finder) else [engine.find(text) for text in texts]
    count = 0
    for block, mentions in zip(blocks, results):
        owned = owned_ranges(block)
        chosen = []
        for m in mentions:
            d = by_key.get((m.kind, m.ref or ""))
            if d is not None and d.accept and any(s <= m.start and m.end <= e for s, e in owned):
                chosen.append(Mention(m.start, m.end, m.kind, d.id, m.cert))
        count += len(insert_mentions(block, chosen, resp=RESP))
    return count


def _unwrap(element: etree._Element) -> None:
    """Replace an element by its content (text and children), keeping the text exactly."""
    parent = element.getparent()
    index = parent.index(element)
    text = element.text or ""
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    tail = element.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif index == 0:
        parent.text = (parent.text or "") + tail
    else:
        parent[index - 1].tail = (parent[index - 1].tail or "") + tail
    parent.remove(element)


def merged_registers(registers: Registers, added: list[Entry]) -> Registers:
    """The registers with the newly accepted entries."""
    return make_registers([*registers, *added], sources=registers.sources)
