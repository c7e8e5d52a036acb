"""Discovery inside the pipeline: text never changes, curated markup stays, output stays valid TEI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_toolkit.entities.annotate import AnnotateOptions, annotate_tree
from tei_toolkit.entities.discover import discovery_engine
from tei_toolkit.xmlio import NS, TEI_NS, parse_xml, serialize

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "discover"
SHARED = ROOT.parent / "shared"
ENGINE = discovery_engine()

WORDS = st.sampled_from([
    "Mr.", "Mrs", "Dr.", "Sir", "the", "The", "of", "de", "in", "at", "and", ",", ".", "'s", "’", "-", "—",
    "Paris", "Lisbon", "London", "Victor", "Serge", "Harriet", "Baker", "J.", "R.", "Greeks", "French",
    "Bishop", "River", "Society", "March", "said", "born", "walked", "O'Brien", "Jean-Paul", "Ister",
    "Zoë", "Staël", "&", "<", "14th", "II", "\u00a0", "  ", "\n",
])
TEXTS = st.lists(WORDS, min_size=0, max_size=40).map(" ".join)


def tei_of(paragraphs: list[str]) -> etree._ElementTree:
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    header = etree.SubElement(root, f"{{{TEI_NS}}}teiHeader")
    file_desc = etree.SubElement(header, f"{{{TEI_NS}}}fileDesc")
    etree.SubElement(etree.SubElement(file_desc, f"{{{TEI_NS}}}titleStmt"), f"{{{TEI_NS}}}title").text = "t"
    etree.SubElement(etree.SubElement(file_desc, f"{{{TEI_NS}}}publicationStmt"), f"{{{TEI_NS}}}p").text = "t"
    etree.SubElement(etree.SubElement(file_desc, f"{{{TEI_NS}}}sourceDesc"), f"{{{TEI_NS}}}p").text = "t"
    body = etree.SubElement(etree.SubElement(root, f"{{{TEI_NS}}}text"), f"{{{TEI_NS}}}body")
    for text in paragraphs:
        etree.SubElement(body, f"{{{TEI_NS}}}p").text = text
    return etree.ElementTree(root)


def body_text(tree) -> str:
    return "".join(tree.getroot().find("tei:text", NS).itertext())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_discover_never_changes_the_text(paragraphs):
    tree = tei_of(paragraphs)
    before = body_text(tree)
    annotate_tree(tree, AnnotateOptions(), engines=[ENGINE])
    assert body_text(tree) == before


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_discover_mentions_are_in_range_and_do_not_overlap(paragraphs):
    for text, mentions in zip(paragraphs, ENGINE.find_blocks(paragraphs)):
        end = 0
        for m in mentions:
            assert 0 <= m.start < m.end <= len(text) and m.start >= end
            assert text[m.start:m.end].strip() == text[m.start:m.end]
            end = m.end


def test_discover_leaves_curated_markup_alone():
    tree = parse_xml((FIXTURES / "curated.xml").read_bytes(), source="curated.xml")
    body = tree.getroot().find("tei:text", NS)
    curated = [e for e in body.iter(f"{{{TEI_NS}}}persName", f"{{{TEI_NS}}}placeName")]
    before = [etree.tostring(e, with_tail=False) for e in curated]
    annotate_tree(tree, AnnotateOptions(), engines=[discovery_engine()])
    assert [etree.tostring(e, with_tail=False) for e in curated] == before
    assert all(e.getparent().tag == f"{{{TEI_NS}}}p" for e in curated)
    for element in body.iter(f"{{{TEI_NS}}}persName", f"{{{TEI_NS}}}placeName"):
        assert not any(etree.QName(a).localname in ("persName", "placeName") for a in element.iterancestors())
    suggested = ["".join(e.itertext()) for e in body.iter() if e.get("resp") == "#tei-toolkit"]
    assert "Harriet Lomax" in suggested and "Lisbon" in suggested and "Bristol" not in suggested


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("discover") / "letter.xml"
    exe = Path(sys.executable).parent / "tei-toolkit"
    result = subprocess.run([str(exe), "convert", str(FIXTURES / "letter.txt"), "--discover", "-o", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


def test_convert_discover_marks_suggestions_with_resp_and_cert(converted):
    tree = parse_xml(converted.read_bytes(), source=str(converted))
    names = {"".join(e.itertext()): (etree.QName(e).localname, e.get("resp"), e.get("cert"))
             for e in tree.getroot().find("tei:text", NS).iter()
             if etree.QName(e).localname in ("persName", "placeName", "orgName")}
    assert names["Mrs. Holloway"] == ("persName", "#tei-toolkit", "high")
    assert names["Lisbon"][0] == "placeName" and names["Lisbon"][1] == "#tei-toolkit"
    assert "Greeks" not in names and "French" not in names
    lisbon = tree.getroot().find("tei:standOff//tei:place[@xml:id='lisbon']", NS)
    assert lisbon.get("resp") == "#tei-toolkit" and lisbon.find("tei:idno[@type='geonames']", NS).text == "2267057"


@pytest.mark.skipif(not (SHARED / "tei-schemas" / "tei_all.rng").exists(), reason="../shared not present")
@pytest.mark.skipif(shutil.which("java") is None, reason="no java for jing")
def test_convert_discover_output_is_valid_tei_all(converted):
    pyjing = Path(sys.executable).parent / "pyjing"
    result = subprocess.run([str(pyjing), str(SHARED / "tei-schemas" / "tei_all.rng"), str(converted)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr


def test_convert_discover_output_is_valid_against_project_schema(converted):
    from tei_toolkit.resources import schema_path

    try:
        rng = schema_path("tei-toolkit.rng")
    except Exception:  # noqa: BLE001 - the schema belongs to another part of the project
        pytest.skip("project schema not present")
    if not Path(rng).exists():
        pytest.skip("project schema not present")
    schema = etree.RelaxNG(etree.parse(str(rng)))
    tree = etree.parse(str(converted))
    assert schema.validate(tree), str(schema.error_log)


def test_serialised_discovery_output_round_trips(converted):
    tree = parse_xml(converted.read_bytes(), source=str(converted))
    assert serialize(tree) == converted.read_bytes()
