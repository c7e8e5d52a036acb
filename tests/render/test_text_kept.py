"""Nothing lost, nothing live: every character of a TEI text reaches the page, as text."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_toolkit.render import render_edition
from tei_toolkit.xmlio import NS, read_tei

from .conftest import FIXTURES, SAMPLES
from .sitecheck import content_model_errors, parse_page

# Page furniture inside the text that is not TEI text: paragraph numbers, note markers,
# the small per-entry links of names with several refs, page-break and gap markers.
FURNITURE = ("//a[@class='pnum'] | //sup[@class='note-ref'] | //sup[@class='entity-links']"
             " | //span[@class='pb'] | //span[@class='gap']")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def tei_text(path: Path) -> str:
    """The TEI's text without its notes (they are listed after the text on the page)."""
    root = read_tei(path).getroot()
    texts = root.xpath("//tei:text[not(ancestor::tei:text)]", namespaces=NS)
    for note in root.xpath("//tei:text//tei:note", namespaces=NS):
        tail = note.tail
        parent = note.getparent()
        if parent is not None:
            previous = note.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + (tail or "")
            else:
                parent.text = (parent.text or "") + (tail or "")
            parent.remove(note)
    return "".join("".join(t.itertext()) for t in texts)


def page_text(page: Path) -> str:
    root = parse_page(page)
    for element in root.xpath(FURNITURE):
        tail = element.tail
        parent = element.getparent()
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + (tail or "")
        else:
            parent.text = (parent.text or "") + (tail or "")
        parent.remove(element)
    text = root.xpath("//div[@class='text']")[0]
    return "".join(text.itertext())


@pytest.mark.parametrize("name", ["serge-letter.xml", "hostile.xml"])
def test_document_page_keeps_every_character_of_the_text(tmp_path: Path, name: str) -> None:
    source = FIXTURES / "tei" / name
    report = render_edition([source], tmp_path)
    assert _squash(page_text(tmp_path / report.documents[0])) == _squash(tei_text(source))


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/tei-samples is not present")
@pytest.mark.parametrize("name", ["jean-paul-briefe/vonbriefe_I_10.xml", "lebenswelten/1746-07-02_Klage_Schulze.xml",
                                  "perseus-latinlit/phi0914.phi00111s.perseus-eng1.xml"])
def test_other_projects_pages_keep_the_text(tmp_path: Path, name: str) -> None:
    source = SAMPLES / name
    report = render_edition([source], tmp_path)
    page = tmp_path / report.documents[0]
    kept = _squash(page_text(page))
    assert kept == _squash(tei_text(source))


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40)


def _xml_safe(text: str) -> str:
    return "".join(c for c in text if c in "\t\n\r" or (" " <= c and c not in "\ufffe\uffff"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(TEXT.map(_xml_safe).filter(lambda t: t.strip()), min_size=1, max_size=3),
       target=TEXT.map(_xml_safe))
def test_any_text_and_any_link_target_render_as_plain_text(words: list[str], target: str) -> None:
    tei = etree.Element("{http://www.tei-c.org/ns/1.0}TEI", nsmap={None: "http://www.tei-c.org/ns/1.0"})
    text = etree.SubElement(etree.SubElement(tei, "{http://www.tei-c.org/ns/1.0}text"),
                            "{http://www.tei-c.org/ns/1.0}body")
    p = etree.SubElement(text, "{http://www.tei-c.org/ns/1.0}p")
    p.text = words[0]
    ref = etree.SubElement(p, "{http://www.tei-c.org/ns/1.0}ref", target=target)
    ref.text = words[-1]
    name = etree.SubElement(p, "{http://www.tei-c.org/ns/1.0}persName", ref=target)
    name.text = words[len(words) // 2]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.xml"
        source.write_bytes(etree.tostring(tei, encoding="UTF-8", xml_declaration=True))
        report = render_edition([source], Path(folder) / "site")
        page = Path(folder) / "site" / report.documents[0]
        root = parse_page(page)
        assert content_model_errors(root) == []
        assert _squash(page_text(page)) == _squash("".join(words[0] + words[-1] + words[len(words) // 2]))
        for value in root.xpath("//@href | //@src"):
            cleaned = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            assert not re.match(r"^[a-z][a-z0-9+.-]*:", cleaned) or cleaned.startswith(("http:", "https:")), value
        assert len(root.xpath("//script")) == 1
