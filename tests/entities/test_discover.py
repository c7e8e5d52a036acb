"""Discovery rules, one behaviour per test, on small sentences written for these tests."""

from __future__ import annotations

import pytest

from tei_toolkit.entities.discover import DiscoverOptions, discovery_engine
from tei_toolkit.entities.engine import Entry
from tei_toolkit.entities.lexicon import Place
from tei_toolkit.entities.link import choose_place, slugify
from tei_toolkit.errors import UsageError


@pytest.fixture(scope="module")
def engine():
    return discovery_engine()


def found(engine, *blocks: str) -> list[tuple[str, str]]:
    """(surface, kind) for every mention in the blocks, in order."""
    out = []
    for text, mentions in zip(blocks, engine.find_blocks(list(blocks))):
        out.extend((text[m.start:m.end], m.kind) for m in mentions)
    return out


def test_discover_honorific_keeps_title_in_person_span(engine):
    assert found(engine, "Yesterday we dined with Mrs. Holloway and Dr. Pemberton.") == [
        ("Mrs. Holloway", "person"), ("Dr. Pemberton", "person")]


def test_discover_title_alone_is_not_a_name(engine):
    assert found(engine, "We thanked the Colonel and went home.") == []


def test_discover_title_of_place_is_one_person(engine):
    assert ("Bishop of Durham", "person") in found(engine, "The letter reached the Bishop of Durham on Monday.")


def test_discover_given_name_and_surname(engine):
    assert found(engine, "My brother met Thomas Whitcombe at the station.") == [("Thomas Whitcombe", "person")]


def test_discover_surname_that_is_a_common_word_after_given_name(engine):
    assert found(engine, "We called on Harriet Baker in the afternoon.") == [("Harriet Baker", "person")]


def test_discover_initials_join_the_surname(engine):
    assert found(engine, "The essay by J. R. Fenwick was praised.") == [("J. R. Fenwick", "person")]


def test_discover_hyphenated_name_is_one_span(engine):
    assert found(engine, "We read the letters of Jean-Baptiste Moreau with care.") == [
        ("Jean-Baptiste Moreau", "person")]


def test_discover_particle_names(engine):
    assert found(engine, "There is a portrait of Madame de Rochefort in the hall.") == [
        ("Madame de Rochefort", "person")]


def test_discover_possessive_clitic_left_outside(engine):
    assert found(engine, "We read Margaret Ashby's letter twice.") == [("Margaret Ashby", "person")]


def test_discover_gazetteer_places(engine):
    assert found(engine, "On Monday we sailed from Lisbon to Boston.") == [("Lisbon", "place"), ("Boston", "place")]


def test_discover_context_types_an_unknown_place(engine):
    assert found(engine, "The old man was born in Quarrendale and never left it.") == [("Quarrendale", "place")]


def test_discover_context_types_an_unknown_person(engine):
    assert found(engine, "As Tamsworth said, the road was long.") == [("Tamsworth", "person")]


def test_discover_place_head_word_makes_a_place(engine):
    assert ("Hanover Square", "place") in found(engine, "They took rooms in Hanover Square for the winter.")


def test_discover_organisation_head_word(engine):
    assert ("Royal Geographical Society", "org") in found(engine, "He joined the Royal Geographical Society early.")


def test_discover_sentence_initial_common_word_is_not_a_name(engine):
    assert found(engine, "However, the rain kept us at home. Nearly everyone stayed.") == []


def test_discover_capitalised_common_words_mid_sentence_are_not_names(engine):
    assert found(engine, "We spoke of Truth and Beauty until late.") == []


def test_discover_peoples_and_adjectives_are_excluded(engine):
    text = "The Greeks and the Persians fought; the French envoy and a Scythian archer watched."
    assert found(engine, text) == []


def test_discover_months_and_weekdays_are_excluded(engine):
    assert found(engine, "In March and on Sunday we rested.") == []


def test_discover_document_consistency_short_form_shares_entry(engine):
    blocks = ["Victor Serge wrote to us from the coast.", "Later Serge left for Mexico."]
    mentions = engine.find_blocks(blocks)
    serge = [m for block in mentions for m in block if m.kind == "person"]
    assert len(serge) == 2 and serge[0].ref == serge[1].ref == "victor-serge"


def test_discover_document_consistency_types_every_occurrence(engine):
    blocks = ["We crossed the Vantor river at dawn.", "Beyond Vantor the plain begins; Vantor is wide."]
    kinds = {m.kind for block in engine.find_blocks(blocks) for m in block}
    assert kinds == {"place"}


def test_discover_coordination_shares_type(engine):
    text = "The rivers of that land are the Ister, and the Orvas, and Thelmis."
    assert {kind for _, kind in found(engine, text)} == {"place"}


def test_discover_mentions_carry_refs_and_certainty(engine):
    for block in engine.find_blocks(["Dr. Pemberton went to Lisbon."]):
        for m in block:
            assert m.ref and m.cert in ("high", "medium", "low")


def test_discover_entries_are_proposed_with_resp_and_cert(engine):
    engine.find_blocks(["Dr. Pemberton went to Lisbon."])
    entries = {e.id: e for e in engine.entries()}
    assert entries["pemberton"].resp == "#tei-toolkit" and entries["pemberton"].cert == "high"
    lisbon = entries["lisbon"]
    assert lisbon.geonames == "2267057" and lisbon.lat is not None and lisbon.resp == "#tei-toolkit"


def test_discover_ambiguous_place_is_not_linked(engine):
    engine.find_blocks(["From Springfield the coach went on."])
    entry = {e.id: e for e in engine.entries()}["springfield"]
    assert entry.kind == "place" and entry.geonames is None and entry.lat is None


def test_link_choose_place_prefers_the_country_named_in_the_document():
    records = (Place("1", "Perth", "city", 2_000_000, country="AU"), Place("2", "Perth", "city", 50_000, country="GB"))
    assert choose_place(records, set()).geonames == "1"
    assert choose_place(records, {"GB"}).geonames == "2"


def test_link_choose_place_refuses_close_populations():
    records = (Place("1", "Hill", "city", 160_000, country="US"), Place("2", "Hill", "city", 150_000, country="US"))
    assert choose_place(records, set()) is None


def test_link_slug_ids_are_stable_xml_names():
    assert slugify("Madame de Staël") == "madame-de-stael"
    assert slugify("1820 Society") == "n-1820-society"


def test_discover_register_names_resolve_to_curated_ids():
    registers = [Entry(id="pike-john", kind="person", label="John Pike", names=("John Pike",))]
    engine = discovery_engine(registers)
    text = "Then John Pike arrived."
    mention = engine.find(text)[0]
    assert (text[mention.start:mention.end], mention.ref) == ("John Pike", "pike-john")
    assert engine.entries() == []


def test_discover_options_min_cert_drops_low(engine):
    strict = discovery_engine(options=DiscoverOptions(min_cert="high"))
    text = "Dr. Pemberton met Quillon."
    assert [text[m.start:m.end] for m in strict.find(text)] == ["Dr. Pemberton"]


def test_discover_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError, match="expected one of rules, spacy, rules\\+spacy"):
        discovery_engine(options=DiscoverOptions(engine="magic"))


def test_discover_saint_names_a_place_when_the_gazetteer_has_it(engine):
    assert found(engine, "We reached St. Louis on Friday.") == [("St. Louis", "place")]


def test_discover_saint_without_a_place_is_a_person(engine):
    assert found(engine, "As St. Augustine wrote, time is strange.") == [("St. Augustine", "person")]


def test_discover_ordinal_joins_a_rulers_name(engine):
    assert found(engine, "The palace of Louis 14th was cold.") == [("Louis 14th", "person")]


def test_discover_ideologies_are_not_names(engine):
    assert found(engine, "He wrote against Stalinism and Fascism all his life.") == []


def test_discover_place_noun_before_the_name(engine):
    assert found(engine, "We rode along the river Quellen until dusk.") == [("Quellen", "place")]


def test_discover_apposition_after_a_list_types_it(engine):
    text = "The Ambro, Tessin, and Varda, three great rivers, meet there."
    assert {kind for _, kind in found(engine, text)} == {"place"}


def test_discover_name_given_after_called(engine):
    assert found(engine, "There is a small town called Harrowfell near the hills.") == [("Harrowfell", "place")]


def test_discover_raised_letter_titles_of_transcriptions(engine):
    assert found(engine, "We dined with M.r Ashworth and M.rs. Ashworth.") == [
        ("M.r Ashworth", "person"), ("M.rs. Ashworth", "person")]


def test_discover_elided_particle_joins_the_name(engine):
    assert found(engine, "The Duchesse d'Aubrac sent for us.") == [("Duchesse d'Aubrac", "person")]


def test_discover_possessive_without_apostrophe_after_a_title(engine):
    assert found(engine, "We stayed at Lord Fenwicks house in the spring.") == [("Lord Fenwick", "person")]


def test_discover_plural_surname_after_title_is_kept(engine):
    assert found(engine, "Then Mr. Williams spoke.") == [("Mr. Williams", "person")]


def test_discover_capitals_heading_keeps_only_gazetteer_places(engine):
    assert found(engine, "THE DECLINE AND FALL OF THE EMPIRE") == []
    assert found(engine, "NEW YORK SEP 1844") == [("NEW YORK", "place")]


def test_discover_function_words_are_never_given_names(engine):
    assert found(engine, "In Paris we met Le Brun.") == [("Paris", "place"), ("Le Brun", "person")]


def test_discover_same_slug_of_another_kind_gets_its_own_id():
    engine = discovery_engine()
    person = engine.find_blocks(["Mr. Jordan said so."])[0][0]
    place = engine.find_blocks(["We crossed the river Jordan at dawn."])[0][0]
    assert (person.kind, place.kind) == ("person", "place")
    assert person.ref != place.ref
    kinds = {e.id: e.kind for e in engine.entries()}
    assert kinds[person.ref] == "person" and kinds[place.ref] == "place"


def test_discover_sentence_initial_common_word_known_as_surname(engine):
    blocks = ["We met Mr. Baker at noon.", "Baker said nothing."]
    assert found(engine, *blocks) == [("Mr. Baker", "person"), ("Baker", "person")]


def test_discover_nationality_word_inside_a_headed_name_is_kept(engine):
    assert ("British Museum", "place") in found(engine, "We spent the morning in the British Museum.")


def test_discover_town_that_is_a_common_word_after_from(engine):
    assert found(engine, "I write from Bath in haste.") == [("Bath", "place")]


def test_discover_multiword_gazetteer_name_with_common_first_word(engine):
    assert ("New Zealand", "place") in found(engine, "Captain Cook charted New Zealand twice.")


def test_discover_scripture_is_not_a_name(engine):
    assert found(engine, "She turned to the Bible and the Gospels for comfort.") == []


def test_discover_capital_after_semicolon_is_not_a_sentence_start(engine):
    assert ("Lamb", "person") in found(engine, "Walked out with Coleridge; Lamb and Hazlitt came to tea.")


def test_discover_two_names_across_a_clause_comma_are_not_a_list(engine):
    kinds = dict(found(engine, "They left Pemberton for Warwickshire, and Kitty remained."))
    assert kinds["Warwickshire"] == "place" and kinds["Kitty"] == "person"


def test_discover_town_named_like_a_rare_word_after_a_preposition(engine):
    assert found(engine, "From Calais we went on to Amiens.") == [("Calais", "place"), ("Amiens", "place")]


def test_discover_common_word_that_is_also_a_town_is_not_a_place_without_context(engine):
    assert found(engine, "The Declaration of Independence was read aloud.") == []


def test_discover_name_found_once_is_found_everywhere_in_the_document(engine):
    blocks = ["We arrived at Bath on Monday.", "The waters of Bath are warm; Bath is pretty."]
    assert found(engine, *blocks) == [("Bath", "place")] * 3


def test_discover_gods_are_persons(engine):
    assert found(engine, "The sailors prayed to Neptune and Jupiter for calm weather.") == [
        ("Neptune", "person"), ("Jupiter", "person")]
