"""The Markdown reader: front matter, headings, emphasis, quotes, lists, footnotes, links, code."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from tei_toolkit.convert import ConvertOptions, convert_bytes, convert_file, read_source
from tei_toolkit.errors import SourceError

from convert_helpers import FIXTURES, PINNED_DATE, body_text, squash, xp
from convert_strategies import markdown_texts

LETTER = FIXTURES / "letter.md"


@pytest.fixture(scope="module")
def letter():
    return convert_file(LETTER, ConvertOptions(change_date=PINNED_DATE)).tree


def test_markdown_front_matter_fills_the_header(letter):
    assert xp(letter, "string(//tei:titleStmt/tei:title)") == "A letter from Mexico City"
    assert xp(letter, "string(//tei:titleStmt/tei:author)") == "Victor Serge"
    bibl = xp(letter, "//tei:sourceDesc/tei:bibl")[0]
    assert xp(bibl, "string(tei:date/@when)") == "1946-03-12"
    assert xp(bibl, "string(tei:ptr/@target)") == "https://example.org/letters/serge-1946"
    assert xp(letter, "//tei:keywords/tei:term/text()") == ["exile", "Mexico"]


def test_markdown_structure_element_by_element(letter):
    article = xp(letter, "//tei:div[@type='article']")[0]
    assert [child.tag.split("}")[1] for child in article] == ["head", "p", "div"]
    p = xp(article, "tei:p")[0]
    assert [(hi.get("rend"), hi.text) for hi in xp(p, "tei:hi")] == [("italic", "friend"), ("bold", "news")]
    assert (xp(p, "string(tei:ref/@target)"), xp(p, "string(tei:ref)")) == ("https://example.org/paris", "Paris")
    assert xp(p, "string(tei:code)") == "plain text"
    note = xp(p, "tei:note")[0]
    assert (note.get("place"), note.get("n")) == ("foot", "1")
    assert xp(note, "string(tei:p/tei:hi[@rend='italic'])") == "Trotsky"
    section = xp(article, "tei:div")[0]
    assert [child.tag.split("}")[1] for child in section] == ["head", "quote", "list", "table", "ab"]
    assert xp(section, "tei:list[@rend='bulleted']/tei:item/text()") == ["Orenburg", "Moscow"]
    assert xp(section, "tei:list/tei:item[2]/tei:list[@rend='numbered']/tei:item/text()") == ["by train", "by cart"]
    assert xp(section, "tei:table/tei:row[1]/tei:cell/@role") == ["label", "label"]
    assert xp(section, "string(tei:ab[@type='code']/tei:code/@lang)") == "python"


def test_markdown_keeps_every_character_of_the_text(letter):
    source = LETTER.read_text(encoding="utf-8").split("---", 2)[2]
    for markup in ("| --- | --- |", "## ", "# ", "*", "`", "> ", "- ", "1. ", "2. ", "|", "---", "[^1]:", "[^1]",
                   "(https://example.org/paris)", "python\n", "[", "]"):
        source = source.replace(markup, "")
    assert sorted(squash(body_text(letter))) == sorted(squash(source))


def test_markdown_title_heading_with_sibling_top_headings_is_a_div():
    document = read_source(b"# One\n\ntext\n\n# Two\n\nmore\n", source="t.md")
    assert [block.kind for block in document.blocks] == ["div", "div"]


@pytest.mark.parametrize("source, where, what", [
    ("---\ntitle: [unclosed\n---\n\ntext\n", "2:17", "broken YAML metadata"),
    ("---\ntitle: a: b\n---\n\ntext\n", "2:9", "broken YAML metadata: mapping values are not allowed here"),
    ("---\n- a list\n---\n\ntext\n", "2", "YAML metadata is a list; expected key: value lines"),
    ("---\ntitle: never closed\n\ntext\n", "1:1", "front matter is not closed"),
])
def test_markdown_broken_front_matter_is_one_clear_line(source, where, what):
    with pytest.raises(SourceError) as caught:
        read_source(source.encode(), source="notes.md")
    assert str(caught.value).startswith(f"notes.md:{where}: {what}")
    assert "\n" not in str(caught.value)


def test_markdown_raw_html_keeps_its_text_not_its_tags():
    source = b"Title line\n\n<div class=\"aside\"><p>Kept <b>words</b>.</p></div>\n\n<!-- a comment -->\n\nA<br>B <sup>2</sup>\n"
    document = read_source(source, source="h.md")
    texts = ["".join(i.text for i in block.inlines) for block in document.blocks]
    assert texts == ["Title line", "Kept words.", "AB 2"]
    assert [i.style for i in document.blocks[2].inlines] == ["", "lb", ""]


@settings(max_examples=50, deadline=None)
@given(markdown_texts())
def test_markdown_keeps_every_character_of_generated_texts(case):
    source, text = case
    tree = convert_bytes(source.encode("utf-8"), source="g.md",
                         options=ConvertOptions(change_date=PINNED_DATE))
    assert squash(body_text(tree.tree)) == squash(text)
