"""Mark persons, places and organisations in a TEI tree from registers (and extra engines).

``annotate_tree`` reads each text block of ``text`` (front, body, back), asks the register engine
and then each extra engine for mentions, and inserts them with ``insert.insert_mentions``:
register matches first, so an engine never overrides them, and existing markup is never
changed (see insert.py for what is refused). Then it writes the entries the document uses into
``TEI/standOff``, makes sure the header names the application that ``@resp`` points to, and
records a ``revisionDesc/change``. Annotating an annotated document again changes nothing.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from lxml import etree

from .. import __version__
from ..errors import SourceError, UsageError
from ..xmlio import TEI_NS, XML_NS, tei
from .authority import LIST_TAGS, Registers, entry_to_element
from .engine import KINDS, Engine, Entry, Mention
from .gazetteer import RegisterEngine
from .insert import (
    Skipped, block_text, element_ranges, insert_mentions, is_text_block, local_name, owned_ranges,
)

SECTIONS = ("front", "body", "back")
KIND_WORDS = {"person": "persons", "place": "places", "org": "organisations"}
_XML_ID = f"{{{XML_NS}}}id"
_ENTRY_TAGS = {tei("person"), tei("place"), tei("org")}
# elements an entity @ref may point at: an xml:id on anything else is not a register entry
_ENTRY_LIKE = _ENTRY_TAGS | {tei(name) for name in ("personGrp", "persona", "nym", "event", "object")}
_LISTS = {tei(name) for name in LIST_TAGS.values()}
_KIND_OF_TAG = {tag: kind for kind, tag in KINDS.items()}


@dataclass(frozen=True, kw_only=True)
class AnnotateOptions:
    """How to annotate.

    ``registers``: curated entries to match (None: no register matching; the CLI loads the bundled
    ``corpus/authority`` by default). ``match_registers=False`` uses them only to write ``standOff``
    for refs already in the text (the ``--from-mentions`` round trip). ``resp``: the ``@resp`` of
    software-made markup (an application id in the header). ``change_date``: the ``change/@when``
    (default today). ``skip_inside``: elements whose text is never marked (names inside work titles
    are not persons or places). ``standoff`` / ``record_change``: write those parts.
    """

    registers: Registers | None = None
    match_registers: bool = True
    resp: str = "#tei-toolkit"
    change_date: str | None = None
    skip_inside: tuple[str, ...] = ("title",)
    standoff: bool = True
    record_change: bool = True

    def __post_init__(self) -> None:
        if self.change_date is not None:
            try:
                valid = (re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.change_date) is not None
                         and bool(datetime.date.fromisoformat(self.change_date)))
            except ValueError:
                valid = False
            if not valid:
                raise UsageError(f'bad change date "{self.change_date}"; expected YYYY-MM-DD')


@dataclass(frozen=True)
class AnnotateReport:
    """What one run inserted: mentions per kind and per entry id, what was refused and why."""

    mentions: int = 0
    per_kind: Mapping[str, int] = field(default_factory=dict)
    per_entry: Mapping[str, int] = field(default_factory=dict)
    skipped: tuple[tuple[str, str, str], ...] = ()  # (block id or path, surface text, reason)
    entries: tuple[str, ...] = ()  # ids written to standOff
    unresolved: tuple[str, ...] = ()  # local refs with no entry anywhere

    def summary(self) -> str:
        """One line: ``12 mentions (persons 5, places 4, organisations 3)``."""
        kinds = ", ".join(f"{KIND_WORDS[kind]} {self.per_kind.get(kind, 0)}" for kind in KINDS)
        return f"{self.mentions} mention(s) ({kinds})"


def annotate_tree(tree: etree._ElementTree | etree._Element,
                  options: AnnotateOptions = AnnotateOptions(),
                  engines: Sequence[Engine] = ()) -> AnnotateReport:
    """Mark register names (and mentions from ``engines``) in every TEI document of ``tree``, in place."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    documents = _documents(root)
    register = (_register_engine(options.registers)
                if options.registers is not None and options.match_registers else None)
    all_engines = ([register] if register else []) + list(engines)
    per_kind: Counter[str] = Counter()
    per_entry: Counter[str] = Counter()
    skipped: list[tuple[str, str, str]] = []
    written: list[str] = []
    unresolved: list[str] = []
    guard = _register_engine(options.registers) if options.registers is not None and engines else None
    for document in documents:
        if all_engines:
            _header(document)  # refuse a header-less document before changing anything
        inserted = _annotate_document(document, all_engines, options, skipped, guard)
        for element in inserted:
            kind = _KIND_OF_TAG[local_name(element)]
            per_kind[kind] += 1
            ref = (element.get("ref") or "").lstrip("#")
            if ref:
                per_entry[ref] += 1
        if options.standoff:
            ids, missing = _write_standoff(document, options.registers, engines)
            written.extend(ids)
            unresolved.extend(missing)
        if inserted:
            _ensure_application(document, options.resp)
            if options.record_change:
                _record_change(document, options, per_kind_of(inserted), [e.name for e in all_engines])
    return AnnotateReport(
        mentions=sum(per_kind.values()),
        per_kind=MappingProxyType(dict(per_kind)),
        per_entry=MappingProxyType(dict(sorted(per_entry.items()))),
        skipped=tuple(skipped), entries=tuple(written), unresolved=tuple(unresolved),
    )


_ENGINES: dict[int, tuple[Registers, RegisterEngine]] = {}


def _register_engine(registers: Registers) -> RegisterEngine:
    """The register engine of a Registers object, built once per process (a corpus reuses it)."""
    cached = _ENGINES.get(id(registers))
    if cached is not None and cached[0] is registers:
        return cached[1]
    if len(_ENGINES) >= 4:
        _ENGINES.clear()
    engine = RegisterEngine(registers)
    _ENGINES[id(registers)] = (registers, engine)
    return engine


def per_kind_of(elements: Iterable[etree._Element]) -> Counter[str]:
    """Count name elements by kind (person, place, org)."""
    return Counter(_KIND_OF_TAG[local_name(element)] for element in elements)


def _documents(root: etree._Element) -> list[etree._Element]:
    if root.tag == tei("TEI"):
        return [root]
    documents = [element for element in root.iter(tei("TEI"))]
    if not documents:
        raise SourceError(f"root element is <{etree.QName(root).localname}> "
                          f"in {etree.QName(root).namespace or 'no namespace'}; "
                          f"expected <TEI> (or <teiCorpus>) in {TEI_NS}", path=root.base,
                          line=root.sourceline)
    return documents


def text_blocks(document: etree._Element) -> list[etree._Element]:
    """Every TEI text block inside ``text/front``, ``body`` or ``back`` (nested texts too), in document order."""
    sections = {tei(name) for name in SECTIONS}
    blocks: list[etree._Element] = []
    for text in document.iterchildren(tei("text")):
        for element in text.iter():
            if (isinstance(element.tag, str) and element.tag.startswith(f"{{{TEI_NS}}}")
                    and is_text_block(element)
                    and any(ancestor.tag in sections for ancestor in element.iterancestors())):
                blocks.append(element)
    return blocks


def _annotate_document(document: etree._Element, engines: list[Engine], options: AnnotateOptions,
                       skipped: list[tuple[str, str, str]],
                       guard: RegisterEngine | None = None) -> list[etree._Element]:
    """Insert the mentions of every engine into every text block; register matches first.

    ``guard`` (the register engine) drops engine mentions of words derived from a register
    name ("Stalinism", "Trotskyist"): the registers say they are not names.
    """
    blocks = text_blocks(document)
    if not blocks or not engines:
        return []
    texts = [block_text(block) for block in blocks]
    found: list[list[Mention]] = [[] for _ in blocks]
    for engine in engines:
        finder = getattr(engine, "find_blocks", None)
        results = finder(texts) if callable(finder) else [engine.find(text) for text in texts]
        for bucket, text, mentions in zip(found, texts, results):
            if guard is not None and engine is not guard:
                mentions = [m for m in mentions if not guard.derived_from(text[m.start:m.end])]
            bucket.extend(mentions)
    inserted: list[etree._Element] = []
    skip_names = frozenset(options.skip_inside)
    taken = _ids_of_other_elements(document)
    for block, text, mentions in zip(blocks, texts, found):
        if not mentions or any(local_name(a) in skip_names for a in block.iterancestors()):
            continue
        owned = owned_ranges(block)
        blocked = element_ranges(block, skip_names) if skip_names else []
        spans: set[tuple[int, int]] = set()
        mine = []
        for m in mentions:
            if m.ref and m.ref in taken:  # the @ref would point at a div or p, not at an entry
                skipped.append((block.get(_XML_ID) or _path(block), text[m.start:m.end],
                                f'xml:id "{m.ref}" already names a <{taken[m.ref]}> here; '
                                "expected it free for the register entry"))
                continue
            if ((m.start, m.end) not in spans  # an engine repeating a register match
                    and any(start <= m.start and m.end <= end for start, end in owned)
                    and not any(start < m.end and m.start < end for start, end in blocked)):
                spans.add((m.start, m.end))
                mine.append(m)
        refused: list[Skipped] = []
        inserted.extend(insert_mentions(block, mine, resp=options.resp, skipped=refused))
        where = block.get(_XML_ID) or _path(block)
        for item in refused:
            if not item.reason.startswith("already marked"):  # annotating again is not a refusal
                skipped.append((where, text[item.mention.start:item.mention.end], item.reason))
    return inserted


def _ids_of_other_elements(document: etree._Element) -> dict[str, str]:
    """xml:ids of elements that are not entries (a ``div``, a ``p``): id → element name."""
    return {element.get(_XML_ID): local_name(element) for element in document.iter()
            if isinstance(element.tag, str) and element.get(_XML_ID)
            and element.tag not in _ENTRY_LIKE}


def _path(element: etree._Element) -> str:
    """Where a block without xml:id is: its line in the file, else its XPath."""
    if element.sourceline:
        return f"line {element.sourceline}"
    return element.getroottree().getpath(element) if element.getroottree() is not None else local_name(element)


# --- standOff ------------------------------------------------------------------------------------


def _local_refs(document: etree._Element) -> list[str]:
    refs: dict[str, None] = {}
    for text in document.iterchildren(tei("text")):
        for element in text.iter():
            if not isinstance(element.tag, str):
                continue
            for token in (element.get("ref") or "").split():
                if token.startswith("#") and len(token) > 1:
                    refs[token[1:]] = None
    return list(refs)


def _engine_entries(engines: Sequence[Engine]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for engine in engines:
        method = getattr(engine, "entries", None)
        if callable(method):
            for entry in method():
                entries.setdefault(entry.id, entry)
    return entries


def _write_standoff(document: etree._Element, registers: Registers | None,
                    engines: Sequence[Engine]) -> tuple[list[str], list[str]]:
    """Replace the standOff entry lists by exactly the entries the text refers to."""
    standoffs = list(document.iterchildren(tei("standOff")))
    old: dict[str, etree._Element] = {}
    old_lists: list[etree._Element] = []
    for standoff in standoffs:
        for container in standoff:
            if container.tag in _LISTS:
                old_lists.append(container)
                for entry in container.iter(*_ENTRY_TAGS):
                    if entry.get(_XML_ID):
                        old.setdefault(entry.get(_XML_ID), entry)
    managed = set(old_lists)
    defined = {element.get(_XML_ID) for element in document.iter()
               if isinstance(element.tag, str) and element.get(_XML_ID)
               and not any(ancestor in managed for ancestor in element.iterancestors())}
    proposed = _engine_entries(engines)
    elements: dict[str, list[etree._Element]] = {kind: [] for kind in KINDS}
    written, missing = [], []
    for ref in sorted(_local_refs(document)):
        if ref in defined:
            continue
        entry = (registers.get(ref) if registers is not None else None) or proposed.get(ref)
        if entry is not None:
            elements[entry.kind].append(entry_to_element(entry))
        elif ref in old:
            kept = old[ref]
            elements[local_name(kept)].append(_copy(kept))
        else:
            missing.append(ref)
            continue
        written.append(ref)
    if not written and not old_lists:
        return written, missing
    for container in old_lists:
        _remove(container)
    standoff = standoffs[0] if standoffs else None
    if standoff is None:
        standoff = etree.Element(tei("standOff"))
        _place_after(document, standoff, document.find(tei("text")))
    for kind in KINDS:
        if elements[kind]:
            container = etree.SubElement(standoff, tei(LIST_TAGS[kind]))
            container.extend(elements[kind])
    if len(standoff) == 0:
        _remove(standoff)
    else:
        _tidy(standoff, level=1)
    return written, missing


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = element.tail
    elif not (parent.text or "").strip() and not (element.tail or "").strip():
        parent.text = element.tail
    parent.remove(element)


def _place_after(parent: etree._Element, element: etree._Element, anchor: etree._Element | None) -> None:
    """Insert ``element`` after ``anchor`` (or at the end), copying the indentation around it."""
    if anchor is None:
        anchor = parent[-1] if len(parent) else None
    if anchor is None:
        parent.append(element)
        return
    anchor.addnext(element)
    element.tail = anchor.tail
    anchor.tail = anchor.getprevious().tail if anchor.getprevious() is not None else parent.text


def _depth(element: etree._Element) -> int:
    return sum(1 for _ in element.iterancestors())


def _tidy(element: etree._Element, *, level: int) -> None:
    """Indent a subtree we wrote, if the document around it is indented."""
    parent = element.getparent()
    if parent is not None and (parent.text or "").strip() == "" and "\n" in (parent.text or ""):
        etree.indent(element, space="  ", level=_depth(element))


# --- header --------------------------------------------------------------------------------------


def _ensure_application(document: etree._Element, resp: str) -> None:
    """Make sure ``resp`` (``#id``) points at an ``application`` in ``encodingDesc/appInfo``."""
    if not resp.startswith("#"):
        return
    ident = resp[1:]
    if any(element.get(_XML_ID) == ident for element in document.iter() if isinstance(element.tag, str)):
        return
    header = _header(document)
    encoding = header.find(tei("encodingDesc"))
    if encoding is None:
        encoding = etree.Element(tei("encodingDesc"))
        _place_after(header, encoding, header.find(tei("fileDesc")))
    app_info = encoding.find(tei("appInfo"))
    if app_info is None:
        app_info = etree.SubElement(encoding, tei("appInfo"))
    application = etree.SubElement(app_info, tei("application"))
    application.set("ident", ident)
    application.set("version", __version__)
    application.set(_XML_ID, ident)
    etree.SubElement(application, tei("label")).text = ident
    _tidy(encoding, level=2)


def _header(document: etree._Element) -> etree._Element:
    header = document.find(tei("teiHeader"))
    if header is None:
        raise SourceError("document has no <teiHeader>; expected a TEI document with a header",
                          path=document.base, line=document.sourceline)
    return header


def _record_change(document: etree._Element, options: AnnotateOptions, counts: Counter[str],
                   engine_names: list[str]) -> None:
    header = _header(document)
    revision = header.find(tei("revisionDesc"))
    if revision is None:
        revision = etree.Element(tei("revisionDesc"))
        _place_after(header, revision, None)
    target = revision.find(tei("listChange"))
    if target is None:
        if revision.find(tei("list")) is not None:
            return  # an old-style revisionDesc/list: no place for a change element
        target = revision
    change = etree.Element(tei("change"))
    change.set("when", options.change_date or datetime.date.today().isoformat())
    change.set("who", options.resp)
    total = sum(counts.values())
    kinds = ", ".join(f"{KIND_WORDS[kind]} {counts[kind]}" for kind in KINDS if counts[kind])
    change.text = (f"Marked {total} name(s) ({kinds}) with {', '.join(engine_names)} "
                   f"by tei-toolkit {__version__}.")
    _place_after(target, change, target[-1] if len(target) else None)
    if len(target) == 1:
        _tidy(target, level=2)
