"""Registers (authority files): read listPerson / listPlace / listOrg into Entries, and write them back as TEI.

A register is a TEI document whose body holds ``person`` / ``place`` / ``org`` entries (see
docs/registers.md): ``xml:id``, a preferred name (the first name element without ``@type``),
variant names (``@type="variant"`` or any other), ``idno`` (wikidata, geonames, viaf),
``location/geo`` ("lat long"), ``birth`` / ``death`` (``@when``) and a ``note``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from lxml import etree

from ..errors import SourceError, UsageError
from ..xmlio import TEI_NS, XML_NS, normalize_space, parse_xml, read_bytes, tei
from .engine import KINDS, Entry

ENTRY_TAGS = {"person": "person", "place": "place", "org": "org"}  # kind -> entry element
LIST_TAGS = {"person": "listPerson", "place": "listPlace", "org": "listOrg"}
REGISTER_FILES = ("persons.xml", "places.xml", "orgs.xml")
IDNO_FIELDS = ("wikidata", "geonames", "viaf")

_XML_ID = f"{{{XML_NS}}}id"
_NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class Registers:
    """Entries by id, and the name-form index (``"Serge"`` → ``("victor-serge",)``).

    ``entries`` is a read-only mapping; ``by_name`` maps each name form to every entry id
    that has it (more than one id means the form is ambiguous).
    """

    entries: Mapping[str, Entry] = field(default_factory=dict)
    by_name: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Registers({len(self.entries)} entries, {len(self.by_name)} name forms)"

    def __contains__(self, ident: object) -> bool:
        return ident in self.entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def get(self, ident: str) -> Entry | None:
        """The entry with this id, or None."""
        return self.entries.get(ident)

    def of_kind(self, kind: str) -> list[Entry]:
        """Entries of one kind (person, place, org), in register order."""
        return [entry for entry in self.entries.values() if entry.kind == kind]


def make_registers(entries: Iterable[Entry], *, sources: tuple[str, ...] = ()) -> Registers:
    """Build ``Registers`` from entries; raise ``UsageError`` on a duplicate id."""
    by_id: dict[str, Entry] = {}
    by_name: dict[str, list[str]] = {}
    for entry in entries:
        if entry.id in by_id:
            raise UsageError(f'duplicate entry id "{entry.id}"; expected each xml:id once across the registers')
        by_id[entry.id] = entry
        for name in entry.names or (entry.label,):
            ids = by_name.setdefault(name, [])
            if entry.id not in ids:
                ids.append(entry.id)
    return Registers(MappingProxyType(by_id), MappingProxyType({k: tuple(v) for k, v in by_name.items()}),
                     sources)


def parse_register(data: bytes, *, source: str) -> list[Entry]:
    """Read the entries of one register file (bytes); ``SourceError`` with the line of any bad entry."""
    root = parse_xml(data, source=source).getroot()
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for element in root.iter(*(tei(tag) for tag in ENTRY_TAGS.values())):
        entry = entry_from_element(element, source=source)
        if entry.id in seen:
            raise SourceError(f'duplicate xml:id "{entry.id}" (first on line {seen[entry.id]}); '
                              "expected each id once", path=source, line=element.sourceline)
        seen[entry.id] = element.sourceline or 0
        entries.append(entry)
    if not entries:
        raise SourceError("no person, place or org entries; expected a listPerson, listPlace or listOrg",
                          path=source)
    return entries


def entry_from_element(element: etree._Element, *, source: str = "") -> Entry:
    """One Entry from a TEI ``person`` / ``place`` / ``org`` element."""
    kind = etree.QName(element).localname
    line = element.sourceline
    ident = element.get(_XML_ID)
    if not ident:
        raise SourceError(f"<{kind}> without xml:id; expected a stable id such as \"victor-serge\"",
                          path=source, line=line)
    if not _NCNAME.match(ident):
        raise SourceError(f'xml:id "{ident}" is not a valid XML name; expected a letter first, '
                          "then letters, digits, '-', '_' or '.'", path=source, line=line)
    name_tag = tei(KINDS[kind])
    preferred: list[str] = []
    variants: list[str] = []
    for name in element.findall(name_tag):
        text = normalize_space("".join(name.itertext()))
        if text:
            (variants if name.get("type") else preferred).append(text)
    names = tuple(dict.fromkeys(preferred + variants))
    if not names:
        raise SourceError(f'<{kind} xml:id="{ident}"> has no <{KINDS[kind]}>; expected at least one name',
                          path=source, line=line)
    idnos = {}
    for idno in element.findall(tei("idno")):
        kind_of_id = (idno.get("type") or "").lower()
        value = normalize_space(idno.text or "")
        if kind_of_id in IDNO_FIELDS and value:
            idnos[kind_of_id] = value
    lat = long = None
    geo = element.find(f"{tei('location')}/{tei('geo')}")
    if geo is not None:
        lat, long = _geo(geo, ident, source)
    note = element.find(tei("note"))
    return Entry(
        id=ident, kind=kind, label=names[0], names=names,
        wikidata=idnos.get("wikidata"), geonames=idnos.get("geonames"), viaf=idnos.get("viaf"),
        lat=lat, long=long,
        birth=_when(element.find(tei("birth"))), death=_when(element.find(tei("death"))),
        note=normalize_space("".join(note.itertext())) if note is not None else None,
        resp=element.get("resp"), cert=element.get("cert"),
    )


def _geo(geo: etree._Element, ident: str, source: str) -> tuple[float, float]:
    parts = normalize_space(geo.text or "").split(" ")
    if len(parts) != 2 or not all(_NUMBER.match(part) for part in parts):
        raise SourceError(f'<geo> of "{ident}" is "{normalize_space(geo.text or "")}"; '
                          'expected "latitude longitude" in decimal degrees', path=source, line=geo.sourceline)
    lat, long = float(parts[0]), float(parts[1])
    if not (-90 <= lat <= 90 and -180 <= long <= 180):
        raise SourceError(f'<geo> of "{ident}" is out of range; expected latitude -90..90, longitude -180..180',
                          path=source, line=geo.sourceline)
    return lat, long


def _when(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return element.get("when") or normalize_space("".join(element.itertext())) or None


def load_registers(folder: str | Path) -> Registers:
    """Read every register in ``folder`` (``persons.xml``, ``places.xml``, ``orgs.xml`` and any other ``*.xml``)."""
    path = Path(folder)
    if not path.is_dir():
        what = "is a file" if path.exists() else "no such register folder"
        raise UsageError(f"{path}: {what}; expected a folder with persons.xml, places.xml, orgs.xml")
    files = sorted(path.glob("*.xml"), key=lambda p: (p.name not in REGISTER_FILES,
                                                       REGISTER_FILES.index(p.name)
                                                       if p.name in REGISTER_FILES else 0, p.name))
    if not files:
        raise UsageError(f"{path}: no register files; expected persons.xml, places.xml or orgs.xml")
    entries: list[Entry] = []
    origin: dict[str, str] = {}
    for file in files:
        for entry in parse_register(read_bytes(file), source=str(file)):
            if entry.id in origin:
                raise SourceError(f'duplicate xml:id "{entry.id}" (also in {origin[entry.id]}); '
                                  "expected each id once across the registers", path=str(file))
            origin[entry.id] = str(file)
            entries.append(entry)
    return make_registers(entries, sources=tuple(str(file) for file in files))


# --- writing entries as TEI ---------------------------------------------------------------------


def entry_to_element(entry: Entry) -> etree._Element:
    """The TEI ``person`` / ``place`` / ``org`` element for an entry (the contract's shape)."""
    if entry.kind not in KINDS:
        raise UsageError(f'entry "{entry.id}" has kind "{entry.kind}"; expected one of {", ".join(KINDS)}')
    element = etree.Element(tei(ENTRY_TAGS[entry.kind]), nsmap={None: TEI_NS})
    element.set(_XML_ID, entry.id)
    if entry.resp:
        element.set("resp", entry.resp)
    if entry.cert:
        element.set("cert", entry.cert)
    name_tag = tei(KINDS[entry.kind])
    names = list(dict.fromkeys((entry.label, *entry.names)))
    for index, name in enumerate(names):
        child = etree.SubElement(element, name_tag)
        if index:
            child.set("type", "variant")
        child.text = name
    if entry.kind == "person":
        for tag, value in (("birth", entry.birth), ("death", entry.death)):
            if value:
                date = etree.SubElement(element, tei(tag))
                date.set("when", value)
    if entry.kind == "place" and entry.lat is not None and entry.long is not None:
        location = etree.SubElement(element, tei("location"))
        etree.SubElement(location, tei("geo")).text = f"{_number(entry.lat)} {_number(entry.long)}"
    for kind_of_id in ("geonames", "wikidata", "viaf"):
        value = getattr(entry, kind_of_id)
        if value:
            idno = etree.SubElement(element, tei("idno"))
            idno.set("type", kind_of_id)
            idno.text = value
    if entry.note:
        etree.SubElement(element, tei("note")).text = entry.note
    return element


def _number(value: float) -> str:
    return repr(float(value))


def entries_to_lists(entries: Iterable[Entry]) -> list[etree._Element]:
    """``listPerson`` / ``listPlace`` / ``listOrg`` elements (only non-empty ones), entries sorted by id."""
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in KINDS}
    for entry in entries:
        if entry.kind not in by_kind:
            raise UsageError(f'entry "{entry.id}" has kind "{entry.kind}"; expected one of {", ".join(KINDS)}')
        by_kind[entry.kind].append(entry)
    lists = []
    for kind, items in by_kind.items():
        if items:
            container = etree.Element(tei(LIST_TAGS[kind]), nsmap={None: TEI_NS})
            for entry in sorted(items, key=lambda item: item.id):
                container.append(entry_to_element(entry))
            lists.append(container)
    return lists


def entries_to_tei(entries: Iterable[Entry]) -> etree._Element:
    """A ``standOff`` element holding the entries, grouped into listPerson / listPlace / listOrg."""
    standoff = etree.Element(tei("standOff"), nsmap={None: TEI_NS})
    for container in entries_to_lists(entries):
        standoff.append(container)
    return standoff
