"""insert_mentions: offsets become name elements, and the text never changes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_toolkit.entities.engine import Mention
from tei_toolkit.entities.insert import (
    TEXT_BLOCKS, Skipped, block_text, insert_mentions, owned_ranges, text_offset, wrap_span,
)
from tei_toolkit.xmlio import TEI_NS

NAME_TAGS = {"persName": "person", "placeName": "place", "orgName": "org"}


def block(xml: str) -> etree._Element:
    return etree.fromstring(f'<p xmlns="{TEI_NS}">{xml}</p>')


def xml_of(element: etree._Element) -> str:
    text = etree.tostring(element, encoding="unicode")
    return text.replace(f' xmlns="{TEI_NS}"', "")


def span(element: etree._Element, words: str, *, nth: int = 0) -> tuple[int, int]:
    text = block_text(element)
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def mention(element, words, kind="person", ref="x", cert="high", nth=0) -> Mention:
    start, end = span(element, words, nth=nth)
    return Mention(start, end, kind, ref, cert)


def test_insert_text_blocks_are_the_contract_names():
    assert TEXT_BLOCKS == ("p", "ab", "l", "head", "item", "cell", "note")


def test_insert_wraps_plain_text_with_ref_resp_and_cert():
    p = block("Victor Serge was born in Brussels.")
    made = insert_mentions(p, [mention(p, "Victor Serge", ref="victor-serge"),
                               mention(p, "Brussels", "place", "brussels")])
    assert len(made) == 2
    assert xml_of(p) == (
        '<p><persName ref="#victor-serge" resp="#tei-toolkit" cert="high">Victor Serge</persName>'
        ' was born in <placeName ref="#brussels" resp="#tei-toolkit" cert="high">Brussels</placeName>.</p>')


def test_insert_without_resp_writes_curated_markup():
    p = block("Serge")
    insert_mentions(p, [Mention(0, 5, "person", "victor-serge")], resp=None)
    assert xml_of(p) == '<p><persName ref="#victor-serge">Serge</persName></p>'


def test_insert_goes_inside_the_deepest_element_holding_the_span():
    p = block("<cit><quote>‘I have’</quote> <bibl>(<author>Serge</author> – <title>Memoirs</title>)</bibl></cit>")
    insert_mentions(p, [mention(p, "Serge")])
    assert "<author><persName" in xml_of(p)


def test_insert_wraps_whole_child_elements():
    p = block("As <hi>Victor</hi> Serge<lb/> wrote")
    insert_mentions(p, [mention(p, "Victor Serge")])
    assert xml_of(p) == ('<p>As <persName ref="#x" resp="#tei-toolkit" cert="high"><hi>Victor</hi> Serge'
                         '</persName><lb/> wrote</p>')


def test_insert_refuses_span_crossing_an_element_boundary():
    p = block("<hi>As Victor</hi> Serge wrote")
    skipped: list[Skipped] = []
    assert insert_mentions(p, [mention(p, "Victor Serge")], skipped=skipped) == []
    assert "crosses the boundary of <hi>" in skipped[0].reason
    assert xml_of(p) == "<p><hi>As Victor</hi> Serge wrote</p>"


def test_insert_refuses_span_holding_a_nested_note():
    p = block("Victor<note>n</note> Serge")
    skipped: list[Skipped] = []
    assert insert_mentions(p, [Mention(0, 13, "person")], skipped=skipped) == []
    assert skipped[0].reason == "span holds the nested block <note>"


def test_insert_refuses_overlapping_mentions_first_wins():
    p = block("Mexico City")
    skipped: list[Skipped] = []
    made = insert_mentions(p, [Mention(0, 11, "place", "mexico-city"), Mention(0, 6, "place", "mexico")],
                           skipped=skipped)
    assert len(made) == 1 and skipped[0].reason == "overlaps another mention"


def test_insert_never_nests_same_kind_inside_existing_name():
    p = block("<persName>Victor Serge</persName>")
    skipped: list[Skipped] = []
    assert insert_mentions(p, [mention(p, "Serge")], skipped=skipped) == []
    assert "same kind" in skipped[0].reason


def test_insert_never_wraps_existing_name_of_same_kind():
    p = block("Victor <persName>Serge</persName>")
    skipped: list[Skipped] = []
    assert insert_mentions(p, [mention(p, "Victor Serge")], skipped=skipped) == []
    assert xml_of(p) == "<p>Victor <persName>Serge</persName></p>"


def test_insert_leaves_existing_markup_of_the_same_span_alone():
    p = block('<placeName ref="#p1">Orenburg</placeName> and <rs type="person" key="s">Serge</rs>')
    skipped: list[Skipped] = []
    made = insert_mentions(p, [mention(p, "Orenburg", "place"), mention(p, "Serge")], skipped=skipped)
    assert made == [] and [s.reason for s in skipped] == [
        "already marked as <placeName>", "inside existing <rs>"]
    assert 'key="s"' in xml_of(p)


def test_insert_allows_other_kind_inside_a_name():
    p = block("<orgName>Bank of Mexico</orgName>")
    insert_mentions(p, [mention(p, "Mexico", "place")])
    assert "<orgName>Bank of <placeName" in xml_of(p)


def test_insert_skips_spans_in_nested_blocks_they_belong_to_the_note():
    p = block("Trotsky<note>Trotsky in Mexico</note> wrote")
    skipped: list[Skipped] = []
    assert insert_mentions(p, [mention(p, "Mexico", "place")], skipped=skipped) == []
    assert skipped[0].reason == "inside nested block <note>"
    assert owned_ranges(p) == [(0, 7), (24, 30)]
    note = p[0]
    insert_mentions(note, [mention(note, "Mexico", "place")])
    assert "<placeName" in xml_of(note)


def test_insert_refuses_bad_spans():
    p = block("Serge")
    skipped: list[Skipped] = []
    insert_mentions(p, [Mention(2, 2, "person"), Mention(0, 9, "person"), Mention(0, 5, "thing")],
                    skipped=skipped)
    assert len(skipped) == 3
    assert "unknown kind" in skipped[2].reason


def test_insert_never_goes_inside_elements_of_another_namespace():
    p = block('Serge <x:span xmlns:x="urn:x">Victor Serge</x:span> and <x:n xmlns:x="urn:x">in Serge</x:n>')
    skipped: list[Skipped] = []
    made = insert_mentions(p, [mention(p, "Victor Serge"), mention(p, "Serge", nth=2)], skipped=skipped)
    assert [etree.QName(e.getparent()).localname for e in made] == ["p"]
    assert skipped[0].reason == "<n> cannot hold a name element"


def test_insert_refuses_whitespace_only_span():
    p = block("a   b")
    skipped: list[Skipped] = []
    assert insert_mentions(p, [Mention(1, 4, "person")], skipped=skipped) == []


def test_insert_keeps_comments_and_zero_length_elements_outside_span_edges():
    p = block("<lb/>Serge<!-- c --><lb/> wrote")
    insert_mentions(p, [mention(p, "Serge")])
    assert xml_of(p) == ('<p><lb/><persName ref="#x" resp="#tei-toolkit" cert="high">Serge</persName>'
                         '<!-- c --><lb/> wrote</p>')


# --- property: the text never changes, existing elements keep their text, no same-kind nesting ---

WORDS = st.sampled_from(["Serge ", "Trotsky", "’s ", "Mexico City", " ", "a", "\n", "é", "—"])
TEXT = st.lists(WORDS, max_size=4).map("".join)
INLINE = ["hi", "lb", "note", "persName", "placeName", "orgName", "rs", "quote", "author", "comment", "num"]


@st.composite
def inline_xml(draw, depth=0):
    parts = [draw(TEXT)]
    for _ in range(draw(st.integers(0, 3 if depth < 2 else 0))):
        tag = draw(st.sampled_from(INLINE))
        if tag == "lb":
            parts.append("<lb/>")
        elif tag == "comment":
            parts.append("<!--c-->")
        else:
            parts.append(f"<{tag}>{draw(inline_xml(depth + 1))}</{tag}>")
        parts.append(draw(TEXT))
    return "".join(parts)


@st.composite
def block_and_mentions(draw):
    p = block(draw(inline_xml()))
    length = len(block_text(p))
    mentions = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, length + 1))
        end = draw(st.integers(start, length + 2))
        mentions.append(Mention(start, end, draw(st.sampled_from(["person", "place", "org"])), "r", "low"))
    return p, mentions


def _same_kind_nesting(p: etree._Element) -> bool:
    for element in p.iter():
        kind = NAME_TAGS.get(etree.QName(element).localname) if isinstance(element.tag, str) else None
        if kind and any(NAME_TAGS.get(etree.QName(a).localname) == kind for a in element.iterancestors()):
            return True
    return False


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block_and_mentions())
def test_insert_never_changes_text_nor_existing_elements(case):
    p, mentions = case
    before_text = block_text(p)
    before = [(element, "".join(element.itertext())) for element in p.iter() if isinstance(element.tag, str)]
    nested_before = _same_kind_nesting(p)
    source = xml_of(p)
    skipped: list[Skipped] = []
    made = insert_mentions(p, mentions, skipped=skipped)
    assert block_text(p) == before_text
    for element, text in before:
        assert "".join(element.itertext()) == text
    assert len(made) + len(skipped) == len(mentions)
    if not nested_before:
        assert not _same_kind_nesting(p), (source, xml_of(p))
    refused = {id(s.mention) for s in skipped}
    done = [m for m in mentions if id(m) not in refused]
    for element, m in zip(made, done):
        assert "".join(element.itertext()) == before_text[m.start:m.end]
        assert element.getparent() is not None


def test_text_offset_counts_the_block_text_before_an_element() -> None:
    p = block('As <hi>Serge <persName>himself</persName></hi> notes<note>see <placeName>Paris</placeName></note>.')
    person, place = p.find(f".//{{{TEI_NS}}}persName"), p.find(f".//{{{TEI_NS}}}placeName")
    assert block_text(p)[text_offset(p, person):].startswith("himself")
    assert (text_offset(p, person), text_offset(p, place)) == (9, 26)


def test_wrap_span_puts_a_name_inside_a_name_of_its_kind_and_around_a_whole_name_part():
    p = block('the <orgName>youth section of the POUM</orgName> and <forename>Vlady</forename>')
    inner, _ = wrap_span(p, *span(p, "youth section"), f"{{{TEI_NS}}}orgName")
    outer, _ = wrap_span(p, *span(p, "Vlady"), f"{{{TEI_NS}}}persName")
    assert inner is not None and outer is not None
    assert xml_of(p) == ('<p>the <orgName><orgName>youth section</orgName> of the POUM</orgName> and '
                         '<persName><forename>Vlady</forename></persName></p>')


def test_wrap_span_refuses_a_span_crossing_markup_or_outside_the_text_and_changes_nothing():
    p = block('Victor <hi>Serge</hi> wrote')
    before = xml_of(p)
    assert wrap_span(p, *span(p, "Victor Se"), "persName") == (None, "span crosses the boundary of <hi>")
    assert wrap_span(p, 10, 99, "persName") == (None, "span 10-99 is outside the block's text "
                                                      "(18 characters)")
    assert xml_of(p) == before
