"""The HTML edition: pages, links, registers, map, search index, escaping, determinism, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tei_toolkit.errors import SourceError, UsageError
from tei_toolkit.render import RenderOptions, render_edition

from .conftest import FIXTURES, ROOT, SAMPLES, bundled_corpus
from .sitecheck import broken_links, content_model_errors, pages, parse_page

CORPUS_PAGES = ("index.html", "persons.html", "places.html", "orgs.html", "map.html", "search.html")


def page(site: Path, name: str) -> etree._Element:
    return parse_page(site / name)


def test_render_writes_document_corpus_pages_index_and_assets(fixture_site: Path) -> None:
    for name in ("serge-letter.html", "hostile.html", *CORPUS_PAGES, "search-index.json",
                 "assets/search-index.js", "assets/edition.css", "assets/search.js",
                 "assets/map.js", "assets/toggle.js", "assets/sort.js", "assets/favicon.svg"):
        assert (fixture_site / name).is_file(), name


def test_every_page_is_well_formed_html5_with_a_sound_content_model(fixture_site: Path) -> None:
    parsed = pages(fixture_site)
    assert len(parsed) == 8
    for name, root in parsed.items():
        assert content_model_errors(root) == [], name
        assert root.get("lang") == "en"
        assert root.find("head/meta[@name='viewport']") is not None


def test_link_checker_finds_no_broken_internal_link(fixture_site: Path) -> None:
    assert broken_links(fixture_site) == []


def test_entity_links_to_its_register_entry_with_readable_label(fixture_site: Path) -> None:
    root = page(fixture_site, "serge-letter.html")
    serge = root.xpath("//p[@id='p1']/a[contains(@class, 'entity')]")[0]
    assert serge.get("href") == "persons.html#victor-serge"
    assert serge.get("data-label") == "Victor Serge"
    assert "person" in serge.get("class").split()
    trotsky = root.xpath("//p[@id='p1']/a[. = 'Trotsky']")[0]
    assert trotsky.get("data-label") == "Leon Trotsky"
    labels = root.xpath("//*[contains(@class, 'entity')]/@data-label")
    assert labels and not {"victor-serge", "#victor-serge", "trotsky", "poum"} & set(labels)


def test_key_attribute_is_read_as_a_reference_to_an_entry(fixture_site: Path) -> None:
    capital = page(fixture_site, "hostile.html").xpath("//a[. = 'the French capital']")[0]
    assert capital.get("href") == "places.html#paris"
    assert capital.get("data-label") == "Paris"
    assert "place" in capital.get("class").split()


def test_document_pages_link_to_the_previous_and_next_document(fixture_site: Path) -> None:
    first = page(fixture_site, "hostile.html").xpath("//nav[@class='docnav']/a/@href")
    second = page(fixture_site, "serge-letter.html").xpath("//nav[@class='docnav']/a/@href")
    assert (first, second) == (["index.html", "serge-letter.html"], ["hostile.html", "index.html"])


def test_document_page_lists_the_names_it_mentions_by_kind(fixture_site: Path) -> None:
    section = page(fixture_site, "serge-letter.html").xpath("//section[@class='doc-entities']")[0]
    assert section.xpath("h3/text()") == ["Persons", "Places", "Organisations"]
    persons = [(a.text, a.getnext().text) for a in section.xpath("ul[1]/li/a")]
    assert persons == [("Leon Trotsky", " (3)"), ("Natalya Sedova", " (1)"), ("Victor Serge", " (3)")]


def test_paragraphs_carry_their_xml_id_and_a_visible_number(fixture_site: Path) -> None:
    root = page(fixture_site, "serge-letter.html")
    numbers = root.xpath("//p[@id]/a[@class='pnum']")
    assert [(a.getparent().get("id"), a.text, a.get("href")) for a in numbers] == [
        ("p1", "1", "#p1"), ("p2", "2", "#p2"), ("p3", "3", "#p3")]


def test_header_shows_title_author_date_source_link_and_licence(fixture_site: Path) -> None:
    root = page(fixture_site, "serge-letter.html")
    header = root.xpath("//header[@class='doc-header']")[0]
    assert header.findtext("h1") == "Victor Serge in Mexico"
    terms = header.xpath("dl/dt/text()")
    assert terms == ["Author", "Date", "Source", "Publisher", "Licence"]
    assert header.xpath("dl//time/@datetime") == ["2011-09-28T12:24:00"]
    assert "https://example.org/serge" in header.xpath("dl//a/@href")
    assert header.xpath("dl//a[@rel='license noopener']/@href") == ["https://creativecommons.org/licenses/by/4.0/"]


def test_ref_with_several_uris_gives_one_link_per_entry(fixture_site: Path) -> None:
    root = page(fixture_site, "serge-letter.html")
    name = root.xpath("//span[contains(@class, 'entity')][. = 'the two exiles']")[0]
    assert name.get("data-label") == "Victor Serge; Leon Trotsky"
    links = name.getnext().xpath("a/@href")
    assert links == ["persons.html#victor-serge", "persons.html#trotsky"]


def test_unknown_ref_is_plain_text_not_a_broken_link(fixture_site: Path) -> None:
    root = page(fixture_site, "serge-letter.html")
    someone = root.xpath("//*[. = 'Someone']")[0]
    assert someone.tag == "span"
    assert "unresolved" in someone.get("class").split()
    assert someone.get("href") is None


def test_machine_suggestions_are_marked_and_can_be_toggled(fixture_site: Path) -> None:
    root = page(fixture_site, "serge-letter.html")
    suggested = root.xpath("//div[@class='text']//a[contains(concat(' ', @class, ' '), ' suggestion ')]")
    assert [a.text for a in suggested] == ["Natalya Sedova"]
    assert suggested[0].get("data-cert") == "medium"
    curated = root.xpath("//a[. = 'Victor Serge']")[0]
    assert "suggestion" not in curated.get("class").split()
    assert root.xpath("//input[@id='tt-suggestions'][@type='checkbox']")
    assert root.xpath("//script/@src") == ["assets/toggle.js"]


def test_text_structure_becomes_semantic_html(fixture_site: Path) -> None:
    root = page(fixture_site, "serge-letter.html")
    assert root.xpath("//section[@class='div article']/h2")
    assert root.xpath("//p[@id='p2']//span[@class='cit']/q[@class='quote']")
    assert root.xpath("//p[@id='p2']//cite[@class='bibl']/i[@class='title']/text()") == ["Memoirs of a revolutionary"]
    assert root.xpath("//i[@class='hi hi-italic']/text()") == ["emphasis"]
    assert root.xpath("//b[@class='hi hi-bold']/text()") == ["strong words"]
    assert root.xpath("//p[@id='p3']/br") and root.xpath("//p[@id='p3']/span[@class='pb']/text()") == ["[2]"]
    assert root.xpath("//ul[@class='list']/li[@id]") and root.xpath("//table//th[. = 'Place']")
    assert root.xpath("//p[@id='p3']/a[@class='ref']/@href") == ["https://example.org/more", "#p1"]
    note = root.xpath("//section[@class='notes']//li[@id='tt-note-1']")[0]
    assert "Trotsky’s widow" in "".join(note.itertext())
    assert root.xpath("//sup[@class='note-ref']/a/@href") == ["#tt-note-1"]


def test_register_entry_lists_every_mention_with_back_link_and_context(fixture_site: Path) -> None:
    root = page(fixture_site, "persons.html")
    entry = root.xpath("//article[@id='trotsky']")[0]
    assert entry.findtext("h2") == "Leon Trotsky"
    mentions = entry.xpath(".//ul[@class='mentions']/li/ul/li")
    assert [m.find("a").get("href") for m in mentions] == [
        "serge-letter.html#p1", "serge-letter.html#tt-note-1", "serge-letter.html#p2"]
    assert [m.find("a").text for m in mentions] == ["¶ 1", "Note 1", "¶ 2"]
    context = "".join(mentions[0].find("span").itertext())
    assert "Later Trotsky’s circle in Mexico City" in context
    assert mentions[0].findtext("span/mark") == "Trotsky"
    assert "Trotsky’s widow" not in "".join(mentions[2].itertext())


def test_register_entries_show_dates_coordinates_and_authority_links(fixture_site: Path) -> None:
    serge = page(fixture_site, "persons.html").xpath("//article[@id='victor-serge']")[0]
    assert serge.xpath(".//dt[. = 'Born']/following-sibling::dd[1]/text()") == ["1890"]
    assert serge.xpath(".//a[@class='external']/@href") == [
        "https://www.wikidata.org/wiki/Q364315", "https://viaf.org/viaf/49226079"]
    mexico = page(fixture_site, "places.html").xpath("//article[@id='mexico-city']")[0]
    assert mexico.xpath(".//dt[. = 'Coordinates']/following-sibling::dd[1]/a/text()") == ["19.43, -99.13"]
    assert mexico.xpath(".//a[@class='external']/@href") == [
        "https://www.geonames.org/3530597", "https://www.wikidata.org/wiki/Q1489"]
    sedova = page(fixture_site, "persons.html").xpath("//article[@id='natalya-sedova']")[0]
    assert "suggestion" in sedova.get("class").split()


def test_registers_hold_every_entry_once_including_unmentioned_ones(fixture_site: Path) -> None:
    places = page(fixture_site, "places.html").xpath("//article/@id")
    assert sorted(places) == ["brussels", "mexico-city", "moscow", "orenburg", "paris"]
    moscow = page(fixture_site, "places.html").xpath("//article[@id='moscow']//p[@class='none']")
    assert moscow
    assert page(fixture_site, "orgs.html").xpath("//article/@id") == ["bonnot-gang", "poum"]


def test_map_has_one_marker_per_place_with_coordinates(fixture_site: Path) -> None:
    root = page(fixture_site, "map.html")
    markers = root.xpath("//svg//circle[@class='marker']")
    assert sorted(m.get("data-id") for m in markers) == ["brussels", "mexico-city", "moscow", "orenburg", "paris"]
    mexico = root.xpath("//circle[@data-id='mexico-city']")[0]
    assert (float(mexico.get("cx")), float(mexico.get("cy"))) == (-99.13, -19.43)
    assert root.xpath("//svg/g[@class='places']/a[@id='map-paris']/@href") == ["places.html#paris"]


def test_index_lists_documents_with_metadata_and_mention_counts(fixture_site: Path) -> None:
    rows = page(fixture_site, "index.html").xpath("//table[contains(@class, 'sortable')]/tbody/tr")
    by_page = {row.xpath("td[1]/a/@href")[0]: [''.join(td.itertext()) for td in row.findall("td")] for row in rows}
    assert by_page["serge-letter.html"][:3] == ["Victor Serge in Mexico", "Matthew", "28 September, 2011 - 12:24"]
    assert by_page["serge-letter.html"][4:] == ["7", "5", "2"]  # name elements, by reading the fixture
    assert by_page["hostile.html"][4:] == ["1", "2", "0"]


def test_search_index_holds_documents_blocks_and_entities(fixture_site: Path) -> None:
    data = json.loads((fixture_site / "search-index.json").read_text(encoding="utf-8"))
    hrefs = [d["href"] for d in data["documents"]]
    assert hrefs == ["hostile.html", "serge-letter.html"]
    p1 = [b for b in data["blocks"] if b["a"] == "p1"][0]
    assert hrefs[p1["d"]] == "serge-letter.html" and p1["n"] == "¶ 1"
    assert p1["t"].startswith("Victor Serge was born in Brussels")
    p2 = [b for b in data["blocks"] if b["a"] == "p2"][0]
    assert "widow" not in p2["t"] and any("widow" in b["t"] for b in data["blocks"] if b["a"] == "tt-note-1")
    serge = [e for e in data["entities"] if e["href"] == "persons.html#victor-serge"][0]
    assert serge["names"] == ["Victor Serge", "Serge"] and serge["mentions"] == 3
    script = (fixture_site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.TT_SEARCH_INDEX = {")


def test_script_in_tei_text_is_escaped_and_javascript_urls_never_become_links(fixture_site: Path) -> None:
    raw = (fixture_site / "hostile.html").read_text(encoding="utf-8")
    assert "<script>" not in raw and "<img" not in raw
    assert "&lt;script&gt;alert(\"xss\")&lt;/script&gt;" in raw
    for name, root in pages(fixture_site).items():
        assert root.xpath("//script/@src") == [s for s in root.xpath("//script/@src") if s.startswith("assets/")]
        assert all(not s.text for s in root.iter("script")), name
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute, value in element.attrib.items():
                assert not attribute.lower().startswith("on"), (name, attribute)
                if attribute in ("href", "src"):
                    cleaned = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                    assert not re.match(r"^(javascript|data|vbscript):", cleaned), (name, value)
    hostile = page(fixture_site, "hostile.html")
    assert hostile.xpath("//span[@class='ref'][. = 'a javascript link']")
    assert hostile.xpath("//span[@class='ref'][. = 'a disguised one']")
    assert hostile.xpath("//span[@class='ref'][. = 'a data link']")
    assert hostile.xpath("//dd[. = 'No licence']") and not hostile.xpath("//a[. = 'No licence']")


def test_same_input_gives_byte_identical_output_also_in_parallel(tmp_path: Path, fixture_site: Path) -> None:
    options = RenderOptions(registers=FIXTURES / "authority", site_title="Fixture edition", jobs=2)
    render_edition([FIXTURES / "tei"], tmp_path, options)
    first = sorted(p.relative_to(fixture_site) for p in fixture_site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert first == second
    for relative in first:
        assert (fixture_site / relative).read_bytes() == (tmp_path / relative).read_bytes(), relative


def test_external_entities_in_tei_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    tei = tmp_path / "xxe.xml"
    tei.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY secret SYSTEM "file://{secret}">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>XXE</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>Leak: &secret;</p></body></text></TEI>""", encoding="utf-8")
    render_edition([tei], tmp_path / "site")
    text = (tmp_path / "site" / "xxe.html").read_text(encoding="utf-8")
    assert "TOP-SECRET-CONTENT" not in text
    assert "Leak: &amp;secret;" in text


def test_documents_without_xml_id_get_unique_page_names(tmp_path: Path) -> None:
    source = (FIXTURES / "tei" / "hostile.xml").read_bytes()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "index.xml").write_bytes(source)
    (tmp_path / "b" / "index.xml").write_bytes(source)
    report = render_edition([tmp_path / "a", tmp_path / "b"], tmp_path / "site")
    assert report.documents == ("doc-index.html", "doc-index-2.html")
    assert broken_links(tmp_path / "site") == []


def test_render_report_counts_entries_mentions_and_places(fixture_site: Path, tmp_path: Path) -> None:
    report = render_edition([FIXTURES / "tei"], tmp_path, RenderOptions(registers=FIXTURES / "authority"))
    assert report.documents == ("hostile.html", "serge-letter.html")
    assert (report.entries, report.places_on_map) == (10, 5)
    assert report.kinds == {"person": 7, "place": 7, "org": 2}


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"", "file is empty"),
    (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", "not well-formed XML"),
    (b"<html><body/></html>", "root element is <html> in no namespace; expected TEI or teiCorpus"),
])
def test_bad_input_raises_one_line_source_error(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "bad.xml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises((SourceError, UsageError)) as caught:
        render_edition([path], tmp_path / "site")
    text = str(caught.value)
    assert message in text and "\n" not in text
    assert text.startswith(str(path)) or message == "no such file"


def test_bad_options_raise_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="expected a number of processes"):
        render_edition([FIXTURES / "tei"], tmp_path, RenderOptions(jobs=0))
    with pytest.raises(UsageError, match="registers folder not found"):
        render_edition([FIXTURES / "tei"], tmp_path, RenderOptions(registers=tmp_path / "none"))
    with pytest.raises(UsageError, match="no TEI files"):
        render_edition([tmp_path], tmp_path / "site")
    (tmp_path / "registers").mkdir()
    (tmp_path / "registers" / "schema.xml").write_bytes(b"<schema xmlns='http://www.w3.org/2001/XMLSchema'/>")
    with pytest.raises(SourceError, match="schema.xml:1: not a TEI register; expected a TEI document"):
        render_edition([FIXTURES / "tei"], tmp_path / "site", RenderOptions(registers=tmp_path / "registers"))


def test_cli_renders_and_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tei_toolkit", "render"]
    ok = subprocess.run([*command, str(FIXTURES / "tei"), "-o", str(tmp_path / "site"),
                         "--registers", str(FIXTURES / "authority"), "--jobs", "2"],
                        capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("rendered 2 documents, 10 register entries")
    assert (tmp_path / "site" / "index.html").is_file()
    bad = subprocess.run([*command, str(tmp_path / "missing.xml"), "-o", str(tmp_path / "x")],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "missing.xml" in bad.stderr


SAMPLE_FILES = [
    "jean-paul-briefe/vonbriefe_I_10.xml",
    "jean-paul-briefe/register_personen_Q.xml",
    "lebenswelten/1762-11-11_Prinzessin_Amalie_EAH_v_L.xml",
    "frankenstein-variorum/f1818_vol_1_preface.xml",
    "frankenstein-variorum/fThomas_vol_2_chapter_v.xml",
    "patristic-text-archive/pta0013.pta003.pta-grc1.xml",
    "perseus-latinlit/phi0474.phi006.perseus-eng2.xml",
    "romdracor/seneca-medea.xml",
]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/tei-samples is not present")
def test_other_projects_tei_renders_well_formed_without_broken_links(tmp_path: Path) -> None:
    files = [SAMPLES / name for name in SAMPLE_FILES]
    report = render_edition(files, tmp_path)
    assert len(report.documents) == len(files)
    for name, root in pages(tmp_path).items():
        assert content_model_errors(root) == [], name
    assert broken_links(tmp_path) == []


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/tei-samples is not present")
def test_key_attributes_resolve_against_another_projects_register(tmp_path: Path) -> None:
    folder = SAMPLES / "lebenswelten"
    render_edition([folder / "1762-11-11_Prinzessin_Amalie_EAH_v_L.xml"], tmp_path,
                   RenderOptions(registers=folder))
    letter = page(tmp_path, "lehndorff_s1h_xfn_fz.html")
    berlin = letter.xpath("//div[@class='text']//a[@href='places.html#ed_xrv_gwb_by']")
    assert berlin and {a.get("data-label") for a in berlin} == {"Berlin"}
    assert broken_links(tmp_path) == []


@pytest.mark.skipif(not bundled_corpus(), reason="corpus/tei has not been generated yet")
def test_bundled_corpus_edition_links_every_mention_to_an_existing_entry(edition_site: Path) -> None:
    assert broken_links(edition_site) == []
    entities = [a for name, root in pages(edition_site).items() if name not in CORPUS_PAGES
                for a in root.xpath("//a[contains(concat(' ', @class, ' '), ' entity ')]")]
    assert entities
    assert all(a.get("href").split("#")[0] in ("persons.html", "places.html", "orgs.html") for a in entities)


def test_tiled_map_ships_leaflet_only_when_a_tile_server_is_given(fixture_site: Path, tmp_path: Path) -> None:
    assert not (fixture_site / "assets" / "leaflet").exists()
    assert not page(fixture_site, "map.html").xpath("//div[@id='tt-tiles']")
    render_edition([FIXTURES / "tei"], tmp_path, RenderOptions(
        registers=FIXTURES / "authority", tile_url="https://tiles.example/{z}/{x}/{y}.png",
        tile_attribution="© example"))
    root = page(tmp_path, "map.html")
    assert root.xpath("//script/@src") == ["assets/leaflet/leaflet.js", "assets/map.js"]
    assert root.xpath("//div[@id='tt-tiles']/@data-url") == ["https://tiles.example/{z}/{x}/{y}.png"]
    assert (tmp_path / "assets" / "leaflet" / "LICENSE").is_file()
    assert broken_links(tmp_path) == []


def test_renders_in_one_process_with_different_registers_do_not_mix(tmp_path: Path) -> None:
    letter = FIXTURES / "tei" / "hostile.xml"
    render_edition([letter], tmp_path / "with", RenderOptions(registers=FIXTURES / "authority"))
    render_edition([letter], tmp_path / "without")
    render_edition([letter], tmp_path / "again", RenderOptions(registers=FIXTURES / "authority"))
    assert page(tmp_path / "with", "hostile.html").xpath("//a[@href='places.html#orenburg']")
    assert not page(tmp_path / "without", "hostile.html").xpath("//a[@href='places.html#orenburg']")
    assert (tmp_path / "with" / "hostile.html").read_bytes() == (tmp_path / "again" / "hostile.html").read_bytes()


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/tei-samples is not present")
def test_authority_urls_in_registers_are_named_by_their_authority(tmp_path: Path) -> None:
    folder = SAMPLES / "lebenswelten"
    render_edition([folder / "1746-07-02_Klage_Schulze.xml"], tmp_path, RenderOptions(registers=folder))
    aachen = page(tmp_path, "places.html").xpath("//article[@id='ed_icq_ggg_h1b']//a[@class='external']")[0]
    assert (aachen.get("href"), aachen.text) == ("http://www.geonames.org/3247449", "GeoNames 3247449")
