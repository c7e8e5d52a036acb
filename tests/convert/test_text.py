"""The plain-text reader: title, byline, paragraphs, quotations with attributions, boilerplate."""

from __future__ import annotations

import pytest

from tei_toolkit.convert import text
from tei_toolkit.convert.boilerplate import is_boilerplate
from tei_toolkit.errors import SourceError


def _plain(block) -> str:
    return "".join(inline.text for inline in block.inlines)


def test_text_reads_title_and_byline_of_the_article(article_bytes):
    document = text.read(article_bytes, source="article.txt")
    assert document.meta.title == "Victor Serge: a life in revolution"
    assert document.meta.authors == ("Matthew",)
    assert document.meta.date == "2011-09-28T12:24:00"
    assert document.meta.date_text == "28 September, 2011 - 12:24"
    assert [block.kind for block in document.blocks[:3]] == ["head", "byline", "p"]
    byline = document.blocks[1]
    assert [(inline.style, inline.text) for inline in byline.inlines] == [
        ("", "Submitted by "), ("docAuthor", "Matthew"), ("", " on "),
        ("date", "28 September, 2011 - 12:24")]
    assert byline.inlines[3].attributes == (("when", "2011-09-28T12:24:00"),)


def test_text_splits_the_line_that_lost_its_full_stop_into_two_paragraphs(article_bytes):
    paragraphs = [b for b in text.read(article_bytes, source="a.txt").blocks if b.kind == "p"]
    assert len(paragraphs) == 7
    assert _plain(paragraphs[0]).endswith("of the Stalinist purges")
    assert _plain(paragraphs[1]).startswith("And what a curriculum vitae!")
    assert paragraphs[1].source.line == 6


def test_text_marks_quotation_with_attribution_as_cit(article_bytes):
    paragraphs = [b for b in text.read(article_bytes, source="a.txt").blocks if b.kind == "p"]
    cits = [inline for block in paragraphs for inline in block.inlines if inline.style == "cit"]
    assert len(cits) == 1
    cit = cits[0]
    assert cit.text.startswith("‘I have undergone a little over 10 years")
    assert cit.text.endswith("the future than ever before,’")
    assert (cit.bibl.text, cit.bibl.author, cit.bibl.title) == (
        "(Serge – Memoirs of a revolutionary)", "Serge", "Memoirs of a revolutionary")
    assert paragraphs[2].inlines[-1].text == "."


def test_text_does_not_mark_a_quotation_without_attribution():
    document = text.read("T\n\nthe ‘midnight in the century’ of the purges (1936).".encode(), source="t.txt")
    assert all(inline.style == "" for block in document.blocks for inline in block.inlines)


def test_text_drops_web_boilerplate_at_the_end_and_reports_it(article_bytes):
    document = text.read(article_bytes, source="a.txt")
    assert document.dropped == (
        "Add new comment",
        "This website uses cookies, you can find out more and set your preferences here.",
        "By continuing to use this website, you agree to our Privacy Policy and Terms & Conditions.")
    assert not any("cookies" in _plain(block) for block in document.blocks)


@pytest.mark.parametrize("tail", [
    "Leave a reply", "Share this article", "© 2019 The Paper Ltd. All rights reserved.",
    "Log in or register to post comments", "Tags: anarchism, Russia", "3 comments",
    "We use cookies to improve your experience.", "Read our privacy policy",
])
def test_text_drops_other_kinds_of_trailing_boilerplate(tail):
    source = f"Title\n\nA real paragraph about things.\n\n{tail}\n"
    document = text.read(source.encode(), source="t.txt")
    assert document.dropped == (tail,)
    assert _plain(document.blocks[-1]) == "A real paragraph about things."


def test_text_keeps_boilerplate_words_in_the_middle_of_the_text():
    source = "Cookies\n\nThis website uses cookies, she wrote, and laughed.\n\nAdd new comment\n\nThe end of the story."
    document = text.read(source.encode(), source="t.txt")
    assert document.dropped == ()
    assert _plain(document.blocks[-1]) == "The end of the story."


def test_text_boilerplate_patterns_never_match_long_prose():
    assert is_boilerplate("Add new comment")
    assert not is_boilerplate("This website uses cookies " + "and more words " * 20)


def test_text_joins_hard_wrapped_lines_into_one_paragraph():
    source = ("Title\n\nThis paragraph was wrapped by an editor at a fixed width\n"
              "of about sixty characters, so its lines are all about\nthe same length.\n")
    paragraphs = [b for b in text.read(source.encode(), source="t.txt").blocks if b.kind == "p"]
    assert len(paragraphs) == 1
    assert paragraphs[0].inlines[0].text.count("\n") == 2


def test_text_keeps_short_uneven_lines_apart_with_lb():
    source = "Title\n\nThe Revd Doctor Sprague\nAlbany\nNEW YORK SEP 19\n"
    paragraphs = [b for b in text.read(source.encode(), source="t.txt").blocks if b.kind == "p"]
    assert len(paragraphs) == 1
    assert [inline.style for inline in paragraphs[0].inlines] == ["", "lb", "", "lb", ""]


def test_text_without_title_or_byline_is_all_paragraphs():
    source = "This is the display of the inquiry of Herodotus of Halicarnassus, so that things done by man not be forgotten.\n\nThe Persian learned men say so.\n"
    document = text.read(source.encode(), source="h.txt")
    assert [block.kind for block in document.blocks] == ["p", "p"]
    assert document.meta.title == ""


@pytest.mark.parametrize("written, iso", [
    ("28 September, 2011 - 12:24", "2011-09-28T12:24:00"),
    ("September 28, 2011", "2011-09-28"),
    ("1st July 1820", "1820-07-01"),
    ("Aug. 16, 1844 at 3:05 pm", "1844-08-16T15:05:00"),
    ("2011-09-28", "2011-09-28"),
    ("31 Smarch 2011", None),
    ("yesterday", None),
])
def test_text_parse_date_normalises_to_iso(written, iso):
    assert text.parse_date(written) == iso


@pytest.mark.parametrize("data, message", [
    (b"caf\xe9 au lait\n", "1:4: not UTF-8 (byte 0xe9)"),
    (b"  \n\n", "file is empty"),
])
def test_text_rejects_bad_bytes_with_one_line(data, message):
    with pytest.raises(SourceError) as caught:
        text.read(data, source="bad.txt")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_text_drops_leading_web_furniture_only_from_a_copied_web_page():
    page = "Skip to main content\nMenu\n\nTitle\n\nA real paragraph.\n\nAdd new comment\n"
    document = text.read(page.encode(), source="t.txt")
    assert document.dropped == ("Skip to main content", "Menu", "Add new comment")
    poem = "Search\n\nI search the sky for a sign of you.\n"
    assert text.read(poem.encode(), source="p.txt").dropped == ()
