"""The Word reader, on .docx files written by python-docx in the test."""

from __future__ import annotations

import zipfile

import pytest

from tei_toolkit.convert import ConvertOptions, convert_file, read_source
from tei_toolkit.errors import SourceError

from convert_fixtures import make_feature_docx
from convert_helpers import PINNED_DATE, body_text, squash, xp


@pytest.fixture(scope="module")
def feature_tree(tmp_path_factory):
    path = make_feature_docx(tmp_path_factory.mktemp("docx") / "letters.docx")
    return convert_file(path, ConvertOptions(change_date=PINNED_DATE)).tree


def test_docx_core_properties_fill_the_header(feature_tree):
    assert xp(feature_tree, "string(//tei:titleStmt/tei:title)") == "Letters from exile"
    assert xp(feature_tree, "string(//tei:titleStmt/tei:author)") == "Ada Editor"
    assert xp(feature_tree, "string(//tei:sourceDesc/tei:bibl/tei:date/@when)") == "2020-05-17T09:30:00"
    assert xp(feature_tree, "string(/tei:TEI/@xml:lang)") == "en-GB"
    assert xp(feature_tree, "//tei:keywords/tei:term/text()") == ["exile", "letters"]
    assert xp(feature_tree, "string(//tei:revisionDesc/tei:change)").startswith(
        "Converted from letters.docx (Word (DOCX))")


def test_docx_headings_become_nested_divs(feature_tree):
    article = xp(feature_tree, "//tei:body/tei:div[@type='article']")[0]
    assert xp(article, "string(tei:head)") == "Letters from exile"
    assert xp(article, "tei:div/tei:head/text()") == ["Part one", "Part two"]
    assert xp(article, "string(tei:div[1]/tei:div/tei:head)") == "A subsection"


def test_docx_run_formatting_becomes_hi_rend(feature_tree):
    p = xp(feature_tree, "//tei:div[@type='article']/tei:p")[0]
    assert [(hi.get("rend"), hi.text) for hi in xp(p, "tei:hi")] == [
        ("italic", "italic"), ("bold", "bold"), ("underline", "underlined"), ("superscript", "st")]


def test_docx_footnote_becomes_note_at_its_anchor(feature_tree):
    p = xp(feature_tree, "//tei:div[@type='article']/tei:p")[0]
    note = xp(p, "tei:note")[0]
    assert (note.get("place"), note.get("n")) == ("foot", "1")
    assert xp(note, "normalize-space(tei:p)") == "Serge, Memoirs, p. 3."
    assert xp(note, "string(preceding-sibling::node()[1])") == " letter"
    assert note.tail == "."


def test_docx_quote_list_table_link_and_page_break(feature_tree):
    part_one = xp(feature_tree, "//tei:div[tei:head='Part one']")[0]
    assert xp(part_one, "string(tei:p/tei:ref/@target)") == "https://example.org/serge"
    assert xp(part_one, "string(tei:p/tei:ref)") == "the archive"
    assert xp(part_one, "string(tei:quote/tei:p)") == "I have more confidence in mankind than ever before."
    sub = xp(part_one, "tei:div")[0]
    assert xp(sub, "tei:list/tei:item/text()") == ["Moscow", "Orenburg"]
    assert xp(sub, "string(tei:list/tei:item[1]/tei:list/tei:item)") == "Leningrad"
    assert xp(feature_tree, "count(//tei:body//tei:pb)") == 1
    rows = xp(feature_tree, "//tei:table/tei:row")
    assert [[xp(cell, "string(.)") for cell in xp(row, "tei:cell")] for row in rows] == [
        ["City", "Year"], ["Mexico City", "1947"]]
    assert xp(feature_tree, "string(//tei:list[@rend='numbered']/tei:item/text())") == "Closing words."


def test_docx_endnote_becomes_note_place_end_at_its_anchor(feature_tree):
    item = xp(feature_tree, "//tei:list[@rend='numbered']/tei:item")[0]
    note = xp(item, "tei:note")[0]
    assert (note.get("place"), note.get("n")) == ("end", "1")
    assert xp(note, "normalize-space(tei:p)") == "Letter of 1946, now lost."


def test_docx_keeps_every_character_of_the_word_text(feature_tree, tmp_path):
    import docx
    from docx.table import Table

    document = docx.Document(make_feature_docx(tmp_path / "again.docx"))
    texts = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            texts.extend(cell.text for row in item.rows for cell in row.cells)
        else:
            texts.append(item.text)
    expected = squash("".join(texts)).replace("letter.", "letter" + squash("Serge, Memoirs, p. 3.") + ".")
    expected = expected.replace("follows.", "follows." + squash("Map of the Urals"))
    expected += squash("Letter of 1946, now lost.")
    assert squash(body_text(feature_tree)) == expected


@pytest.mark.parametrize("data, what", [
    (b"this is not a zip file at all", "not a readable Word document"),
    (b"PK\x03\x04 truncated zip", "not a readable Word document"),
])
def test_docx_corrupt_file_is_one_clear_line(data, what):
    with pytest.raises(SourceError) as caught:
        read_source(data, source="broken.docx")
    message = str(caught.value)
    assert message.startswith("broken.docx: " + what)
    assert message.endswith("expected a .docx (Office Open XML) file")
    assert "\n" not in message


def test_docx_zip_without_a_word_document_is_one_clear_line(tmp_path):
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(SourceError, match=r"^.*fake\.docx: not a readable Word document"):
        convert_file(path)


def test_docx_with_a_broken_document_part_is_one_clear_line(tmp_path):
    good = make_feature_docx(tmp_path / "good.docx")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[:300] if item.filename == "word/document.xml" else data)
    with pytest.raises(SourceError) as caught:
        convert_file(broken)
    assert str(caught.value).startswith(f"{broken}: not a readable Word document (XMLSyntaxError: ")
    assert "\n" not in str(caught.value)


def test_docx_text_box_becomes_a_note_where_it_is_anchored(feature_tree):
    note = xp(feature_tree, "//tei:p[starts-with(., 'A drawing follows.')]/tei:note[@type='textbox']")[0]
    assert xp(note, "string(tei:p)") == "Map of the Urals"
