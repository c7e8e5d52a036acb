"""Proposed register entries for discovered names: stable ids, GeoNames links, one entry per entity.

- Ids are slugs of the normalised name ("Victor Serge" -> ``victor-serge``), so the same name gets
  the same id in every run and every document.
- Places are linked to GeoNames only when the choice is clear: a single record, or one whose
  population dwarfs the others, or the only one in a country the document also names. Otherwise
  the entry carries no link (an editor decides).
- Short forms of a person's name in one document share the full name's entry ("Serge" -> Victor Serge).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from tei_toolkit.entities.engine import Entry
from tei_toolkit.entities.lexicon import Lexicon, Place

RESP = "#tei-toolkit"
_TITLE_DOT = re.compile(r"\.(?=\s)")


def slugify(name: str) -> str:
    """Lower-case ASCII slug usable as an xml:id ("Madame de Staël" -> ``madame-de-stael``)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not slug:
        slug = "name"
    if not slug[0].isalpha():
        slug = "n-" + slug
    return slug


def choose_place(records: tuple[Place, ...], countries: set[str]) -> Place | None:
    """Pick the GeoNames record a name most likely means, or None when unsure."""
    records = tuple(r for r in records if r.geonames)
    if records and records[0].alternate:
        return None  # only an alternate or historical name matched: an editor decides
    records = tuple(r for r in records if not r.alternate)
    if not records:
        return None
    if len(records) == 1:
        return records[0]
    wide = [r for r in records if r.kind in ("continent", "country", "state")]
    if len(wide) == 1:
        return wide[0]
    if countries:
        local = [r for r in records if r.country in countries]
        if len(local) == 1:
            return local[0]
        if local:
            records = tuple(local)
    first, second = records[0], records[1]
    if first.population >= 10 * max(second.population, 1) and first.population >= 100_000:
        return first
    return None


def place_entry(key: str, surface: str, lex: Lexicon, countries: set[str], cert: str) -> Entry:
    """A proposed place entry, linked to GeoNames when the record is clear."""
    chosen = choose_place(lex.places.get(key, ()), countries)
    names = tuple(dict.fromkeys([key, surface]))
    if chosen is None:
        return Entry(id=slugify(key), kind="place", label=key, names=names, resp=RESP, cert=cert)
    return Entry(id=slugify(key), kind="place", label=key, names=names, geonames=chosen.geonames,
                 lat=chosen.lat, long=chosen.long, resp=RESP, cert=cert)


def named_entry(kind: str, label: str, forms: list[str], cert: str) -> Entry:
    """A proposed person or organisation entry with an id from its normalised name."""
    names = tuple(dict.fromkeys([label, *forms]))
    return Entry(id=slugify(label), kind=kind, label=label, names=names, resp=RESP, cert=cert)


def merge(old: Entry, new: Entry) -> Entry:
    """The same entry seen again: keep every name form, keep the higher certainty."""
    rank = {"high": 3, "medium": 2, "low": 1, None: 0}
    names = tuple(dict.fromkeys([*old.names, *new.names]))
    cert = old.cert if rank[old.cert] >= rank[new.cert] else new.cert
    return replace(old, names=names, cert=cert)
