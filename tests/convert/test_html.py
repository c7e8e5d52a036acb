"""The web page reader: main text only, metadata from meta/OpenGraph/JSON-LD, boilerplate reported."""

from __future__ import annotations

import pytest

from tei_toolkit.convert import ConvertOptions, convert_file, read_source
from tei_toolkit.errors import SourceError

from convert_helpers import FIXTURES, PINNED_DATE, body_text, xp

PAGE = FIXTURES / "article.html"


@pytest.fixture(scope="module")
def page():
    return convert_file(PAGE, ConvertOptions(change_date=PINNED_DATE))


def test_html_metadata_comes_from_meta_opengraph_and_json_ld(page):
    tree = page.tree
    assert xp(tree, "string(//tei:titleStmt/tei:title)") == "Victor Serge: a life in revolution"
    assert xp(tree, "string(//tei:titleStmt/tei:author)") == "Matthew"
    bibl = xp(tree, "//tei:sourceDesc/tei:bibl")[0]
    assert xp(bibl, "string(tei:date/@when)") == "2011-09-28T12:24:00"
    assert xp(bibl, "string(tei:publisher)") == "The Commune"
    assert xp(bibl, "string(tei:ptr/@target)") == "https://example.org/victor-serge-a-life-in-revolution"
    assert xp(tree, "string(/tei:TEI/@xml:lang)") == "en"


def test_html_main_text_element_by_element(page):
    article = xp(page.tree, "//tei:div[@type='article']")[0]
    assert [child.tag.split("}")[1] for child in article] == ["head", "byline", "p", "p", "quote", "p"]
    assert xp(article, "string(tei:byline/tei:docAuthor)") == "Matthew"
    assert xp(article, "string(tei:byline/tei:date/@when)") == "2011-09-28T12:24:00"
    assert xp(article, "tei:p[1]/tei:hi[@rend='italic']/text()") == [
        "The Case of Comrade Toulayev", "Midnight in the Century"]
    assert xp(article, "string(tei:p[2]/tei:ref/@target)") == "https://en.wikipedia.org/wiki/Bonnot_Gang"
    assert xp(article, "string(tei:p[2]/tei:ref)") == "Bonnot gang"
    assert xp(article, "string(tei:quote/tei:p)") == \
        "I have more confidence in mankind and the future than ever before."


def test_html_leaves_out_navigation_comments_and_cookie_banner_and_reports_them(page):
    text = body_text(page.tree)
    for boilerplate in ("News", "About us", "Great piece", "Add new comment", "uses cookies",
                        "Privacy Policy", "© 2011"):
        assert boilerplate not in text
        assert any(boilerplate in line for line in page.dropped), boilerplate
    assert "He died in Mexico City in 1947." in text


def test_html_keeps_every_character_of_the_article_text(page):
    from lxml import html

    article = html.fromstring(PAGE.read_bytes()).xpath("//article")[0]
    expected = "".join(article.itertext())
    assert "".join(body_text(page.tree).split()) == "".join(expected.split())


@pytest.mark.parametrize("page_bytes", [
    b"<!DOCTYPE html><html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/about'>About</a>"
    b"</li></ul></nav><div class='cookie'>We use cookies.</div></body></html>",
    b"<!DOCTYPE html><html><head><title>Nothing</title></head><body></body></html>",
    b"<html><body><form><label>Name</label><input name='n'></form></body></html>",
])
def test_html_without_main_text_is_one_clear_line(page_bytes):
    with pytest.raises(SourceError) as caught:
        read_source(page_bytes, source="empty.html")
    assert str(caught.value) == ("empty.html: no main text found (only navigation, forms or "
                                 "boilerplate); expected an article with paragraphs of text")
