"""A scholar's folder of mixed texts through the real CLI: convert, annotate, standard output.

Nothing is lost (the body holds the source's content, whitespace aside, minus only the
boilerplate the run reported), annotation never changes the text, sources are never touched,
outputs are deterministic and no temporary file is left behind.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html

from acceptance_helpers import CHANGE_DATE, FIXTURES, leftovers, run_all, snapshot

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
MIXED = FIXTURES / "mixed"
ARTICLE = FIXTURES.parents[2] / "corpus" / "sources" / "victor-serge-a-life-in-revolution.txt"
SOURCES = ("letter.txt", "notes.md", "page.html", "blog.html")
DOCX_PARAGRAPHS = ("Victor Serge wrote in ", "Paris", " and in Mexico City about Trotsky.")
DOCX_TEXT = ("Essay on Serge", "".join(DOCX_PARAGRAPHS),
             "A second paragraph on the POUM in Barcelona.", "An item", "Year", "1947")
DOCX_FURNITURE = ("J. Smith, Essay on Serge (draft)", "Not for circulation")
# What a reader of each source expects marked with the bundled registers (counted by hand).
EXPECTED_REFS = {
    "letter": {"victor-serge": 2, "leon-trotsky": 1, "mexico-city": 2, "kronstadt": 1},
    "notes": {"victor-serge": 1, "mexico-city": 1, "leon-trotsky": 1, "poum": 1},
    "page": {"victor-serge": 2, "bonnot-gang": 1, "leningrad": 1, "comintern": 1, "orenburg": 1},
    "essay": {"victor-serge": 2, "mexico-city": 1, "leon-trotsky": 1, "poum": 1},
    "blog": {"victor-serge": 2, "mexico-city": 2, "france": 1},
}


def write_docx(path: Path) -> None:
    """A small Word essay made with python-docx: heading, styled run, list item, table."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = "Essay on Serge"
    document.core_properties.author = "John Smith"
    document.add_heading(DOCX_TEXT[0], 1)
    paragraph = document.add_paragraph(DOCX_PARAGRAPHS[0])
    paragraph.add_run(DOCX_PARAGRAPHS[1]).italic = True
    paragraph.add_run(DOCX_PARAGRAPHS[2])
    document.add_paragraph(DOCX_TEXT[2])
    document.add_paragraph(DOCX_TEXT[3], style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = DOCX_TEXT[4], DOCX_TEXT[5]
    document.sections[0].header.paragraphs[0].text = DOCX_FURNITURE[0]
    document.sections[0].footer.paragraphs[0].text = DOCX_FURNITURE[1]
    document.save(str(path))


@pytest.fixture(scope="module")
def scholar(tmp_path_factory):
    """Run the scholar's session once: convert the folder, annotate it, and the `-o -` forms."""
    root = tmp_path_factory.mktemp("scholar")
    src = root / "texts"
    src.mkdir()
    for name in SOURCES:
        shutil.copy2(MIXED / name, src / name)
    write_docx(src / "essay.docx")
    (src / "~$essay.docx").write_bytes(b"\x0aJohn Smith" + b"\x00" * 150)  # Word has it open
    before = snapshot(src)
    first = run_all({
        "convert": ("convert", "texts", "-o", "tei", "--change-date", CHANGE_DATE),
        "page_stdout": ("convert", "texts/page.html", "-o", "-", "--change-date", CHANGE_DATE),
        "article": ("convert", str(ARTICLE), "-o", "article/tei.xml", "--change-date", CHANGE_DATE),
    }, cwd=root)
    second = run_all({
        "annotate": ("annotate", "tei", "-o", "annotated", "--change-date", CHANGE_DATE),
        "letter_stdout": ("annotate", "tei/letter.xml", "-o", "-", "--change-date", CHANGE_DATE),
        "article_annotated": ("annotate", "article/tei.xml", "-o", "article/annotated.xml",
                              "--change-date", CHANGE_DATE),
    }, cwd=root)
    third = run_all({"again": ("annotate", "annotated", "-o", "again", "--change-date", CHANGE_DATE)},
                    cwd=root)
    return {"root": root, "before": before, "after": snapshot(src), **first, **second, **third}


def body_text(root: etree._Element) -> str:
    body = root.find("t:text/t:body", NS)
    assert body is not None, "no text/body"
    return "".join(body.itertext())


def squeeze(text: str) -> str:
    """Text with all whitespace removed: the comparison 'ignoring whitespace'."""
    return re.sub(r"\s+", "", text)


def read(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def expected_text(name: str, stem: str) -> str:
    if name.endswith(".txt"):
        return (MIXED / name).read_text(encoding="utf-8")
    if name.endswith(".docx"):
        return " ".join(DOCX_TEXT)
    return (MIXED / f"{stem}.expected.txt").read_text(encoding="utf-8")


def reported_boilerplate(stderr: str, name: str) -> list[str]:
    prefix = f"texts/{name}: dropped boilerplate: "
    return [line[len(prefix):] for line in stderr.splitlines() if line.startswith(prefix)]


def test_convert_folder_of_mixed_formats_succeeds_with_a_summary(scholar):
    result = scholar["convert"]
    assert result.code == 0, result
    assert result.stdout == b"", "convert -o FOLDER must print nothing on standard output"
    assert sorted(p.name for p in (scholar["root"] / "tei").iterdir()) == [
        "blog.xml", "essay.xml", "letter.xml", "notes.xml", "page.xml"]
    assert result.lines[-1].startswith("converted 5 file(s) (1 docx, 2 html, 1 markdown, 1 text)")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", [*SOURCES, "essay.docx"])
def test_convert_keeps_every_character_of_the_content(scholar, name):
    stem = Path(name).stem
    root = read(scholar["root"] / "tei" / f"{stem}.xml")
    assert root.tag == f"{{{TEI}}}TEI"
    assert root.get(XML_ID) == stem
    assert squeeze(body_text(root)) == squeeze(expected_text(name, stem))


def test_convert_reports_exactly_the_boilerplate_left_out_of_a_web_page(scholar):
    """Main text + reported boilerplate = every word of the page: nothing vanishes silently."""
    page = lxml_html.parse(str(MIXED / "page.html")).getroot().find("body")
    visible = " ".join(page.itertext())
    dropped = reported_boilerplate(scholar["convert"].stderr, "page.html")
    assert dropped == ["Home About", "Add new comment", "Great post!",
                       "This website uses cookies to improve your experience.",
                       "Copyright 2019 The Site. Privacy policy."]
    kept = body_text(read(scholar["root"] / "tei" / "page.xml"))
    assert Counter((kept + " " + " ".join(dropped)).split()) == Counter(visible.split())


def test_word_lock_file_beside_an_open_document_is_skipped_not_failed(scholar):
    result = scholar["convert"]
    assert "texts/~$essay.docx: skipped: a Word lock file (the document is open in Word)" in result.lines
    assert ", skipped 1, failed 0," in result.lines[-1], result


def test_web_page_byline_stays_in_the_body_and_only_boilerplate_is_reported(scholar):
    """Extraction libraries take a byline for boilerplate; the contract keeps it as <byline>."""
    root = read(scholar["root"] / "tei" / "blog.xml")
    byline = root.find("t:text/t:body/t:div/t:byline", NS)
    assert byline is not None and "".join(byline.itertext()) == "By Anna Weber, 12 March 2021"
    assert root.findtext("t:teiHeader/t:fileDesc/t:titleStmt/t:author", namespaces=NS) == "Anna Weber"
    assert reported_boilerplate(scholar["convert"].stderr, "blog.html") == [
        "Home", "Blog", "Victor Serge in Mexico, 1946.", "Related posts", "Trotsky in Coyoacán",
        "© 2021 Example Blog"]


def test_word_running_headers_and_footers_are_left_out_and_reported(scholar):
    assert reported_boilerplate(scholar["convert"].stderr, "essay.docx") == list(DOCX_FURNITURE)


def test_convert_to_stdout_writes_only_tei_and_reports_on_stderr(scholar):
    result = scholar["page_stdout"]
    assert result.code == 0, result
    assert result.stdout.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    etree.fromstring(result.stdout)  # one well-formed document, nothing else
    assert b"dropped boilerplate" not in result.stdout
    assert "texts/page.html: dropped boilerplate: Add new comment" in result.lines


def test_convert_is_deterministic_between_runs_and_output_forms(scholar):
    written = (scholar["root"] / "tei" / "page.xml").read_bytes()
    assert scholar["page_stdout"].stdout == written


@pytest.mark.parametrize("stem", ["letter", "notes", "page", "essay", "blog"])
def test_annotate_never_changes_the_text_of_the_body(scholar, stem):
    converted = read(scholar["root"] / "tei" / f"{stem}.xml")
    annotated = read(scholar["root"] / "annotated" / f"{stem}.xml")
    assert body_text(annotated) == body_text(converted)


@pytest.mark.parametrize("stem", sorted(EXPECTED_REFS))
def test_annotate_marks_register_names_and_carries_their_entries(scholar, stem):
    result = scholar["annotate"]
    assert result.code == 0, result
    root = read(scholar["root"] / "annotated" / f"{stem}.xml")
    names = root.xpath("t:text//t:persName | t:text//t:placeName | t:text//t:orgName", namespaces=NS)
    assert Counter(name.get("ref").lstrip("#") for name in names) == EXPECTED_REFS[stem]
    assert {(name.get("resp"), name.get("cert")) for name in names} == {("#tei-toolkit", "high")}
    assert root.xpath("t:teiHeader//t:application/@xml:id", namespaces=NS) == ["tei-toolkit"]
    entries = set(root.xpath("t:standOff//@xml:id", namespaces=NS))
    assert set(EXPECTED_REFS[stem]) <= entries, "every @ref resolves inside the document"


def test_annotate_to_stdout_writes_only_tei_equal_to_the_file_output(scholar):
    result = scholar["letter_stdout"]
    assert result.code == 0, result
    assert result.stdout == (scholar["root"] / "annotated" / "letter.xml").read_bytes()
    assert "tei/letter.xml: 6 mention(s)" in result.stderr


def test_annotating_annotated_tei_again_changes_nothing(scholar):
    assert scholar["again"].code == 0, scholar["again"]
    for path in (scholar["root"] / "annotated").iterdir():
        assert (scholar["root"] / "again" / path.name).read_bytes() == path.read_bytes(), path.name


def test_sources_are_never_modified_and_no_temporary_files_remain(scholar):
    assert scholar["after"] == scholar["before"]
    assert leftovers(scholar["root"]) == []


def test_bundled_article_keeps_its_text_through_convert_and_annotate_minus_reported_boilerplate(
        scholar):
    """Source = body + the boilerplate lines the run listed (shortened ones found in the source)."""
    assert scholar["article"].code == 0 and scholar["article_annotated"].code == 0
    source = ARTICLE.read_text(encoding="utf-8")
    prefix = f"{ARTICLE}: dropped boilerplate: "
    reported = [line[len(prefix):] for line in scholar["article"].lines if line.startswith(prefix)]
    assert reported, "the article ends with web-page boilerplate the run must list"
    dropped = []
    for line in reported:
        if line.endswith("..."):
            full = [s for s in source.splitlines() if s.strip().startswith(line[:-3])]
            assert len(full) == 1, line
            line = full[0]
        dropped.append(line)
    root = scholar["root"] / "article"
    converted, annotated = body_text(read(root / "tei.xml")), body_text(read(root / "annotated.xml"))
    assert annotated == converted
    assert squeeze(source) == squeeze(converted) + squeeze("".join(dropped))
