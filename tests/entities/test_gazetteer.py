"""The register engine: names of the registers found in plain text, with the right refs."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tei_toolkit.entities.authority import load_registers
from tei_toolkit.entities.engine import Entry
from tei_toolkit.entities.gazetteer import RegisterEngine, register_engine
from tei_toolkit.resources import corpus_root


@lru_cache(maxsize=1)
def bundled():
    return load_registers(corpus_root() / "authority")


@pytest.fixture(scope="module")
def engine() -> RegisterEngine:
    return register_engine(bundled())


def found(engine: RegisterEngine, text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.ref) for m in engine.find(text)]


def test_gazetteer_full_name_wins_over_surname(engine):
    assert found(engine, "Victor Serge lived an exemplary life") == [("Victor Serge", "victor-serge")]


def test_gazetteer_surname_alone_resolves_to_the_person(engine):
    assert found(engine, "parents Serge quickly joined; his standing with Trotsky suffered") == [
        ("Serge", "victor-serge"), ("Trotsky", "leon-trotsky")]


@pytest.mark.parametrize("text", ["Trotsky’s widow", "Trotsky's widow", "Trotsky’ widow"])
def test_gazetteer_possessive_marks_only_the_name(engine, text):
    assert found(engine, text) == [("Trotsky", "leon-trotsky")]


def test_gazetteer_multi_word_names_and_kinds(engine):
    mentions = engine.find("the Bonnot gang, then exile in Mexico City and the Left Opposition")
    assert [(m.kind, m.ref) for m in mentions] == [
        ("org", "bonnot-gang"), ("place", "mexico-city"), ("org", "left-opposition")]
    assert all(m.cert == "high" for m in mentions)


def test_gazetteer_multi_word_name_across_a_line_break(engine):
    assert found(engine, "into exile in Mexico\n          City where") == [
        ("Mexico\n          City", "mexico-city")]


@pytest.mark.parametrize("word", [
    "Stalinist", "Stalinism", "Trotskyism", "Trotskyist", "Trotskyists", "Oppositionists",
    "Sergeant", "Serge-like", "anti-Stalin", "Russian", "Spanish", "Soviet", "Bolshevism", "Moscow2",
])
def test_gazetteer_never_matches_derived_words(engine, word):
    assert engine.find(f"the {word} purges") == []


def test_gazetteer_derived_words_in_a_real_sentence(engine):
    text = ("those untruths and slanders against Serge came not only from Stalinism but from within "
            "the camp of Trotskyism, Workers' and Left Oppositionists")
    assert found(engine, text) == [("Serge", "victor-serge")]


def test_gazetteer_case_variants(engine):
    assert found(engine, "VICTOR SERGE: A LIFE") == [("VICTOR SERGE", "victor-serge")]
    assert found(engine, "Left opposition’s role; the left opposition") == [
        ("Left opposition", "left-opposition"), ("left opposition", "left-opposition")]
    assert found(engine, "serge and trotsky in lower case are not names") == []


def test_gazetteer_acronyms_and_punctuation(engine):
    assert found(engine, "whether Cheka, KGB, NKVD – the USSR (and the U.S.S.R.)") == [
        ("Cheka", "cheka"), ("KGB", "kgb"), ("NKVD", "nkvd"), ("USSR", "soviet-union"),
        ("U.S.S.R.", "soviet-union")]


def test_gazetteer_ambiguous_form_gives_no_mention_and_hides_shorter_forms():
    engine = RegisterEngine([
        Entry("anna-a", "person", "Anna Smith", ("Anna Smith", "Smith")),
        Entry("bob-b", "person", "Bob Smith", ("Bob Smith", "Smith")),
    ])
    assert engine.ambiguous == ("SMITH", "Smith")
    assert [(m.start, m.ref) for m in engine.find("Smith met Anna Smith")] == [(10, "anna-a")]


def test_gazetteer_empty_register_finds_nothing():
    assert RegisterEngine([]).find("Victor Serge") == []


# --- property: mentions are whole register forms, in order, never overlapping ----------------------

WORDS = st.sampled_from(["Victor", "Serge", "Serge’s", "Stalinist", "Stalin", "Mexico", "City", "Mexico-City",
                         "left", "opposition", "Left", "USSR", "U.S.S.R.", "-", "’", "'", "the", "é", "_"])
SEPARATORS = st.sampled_from([" ", "  ", "\n", "", ", ", "-", "’"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, SEPARATORS), max_size=12))
def test_gazetteer_mentions_are_whole_forms_in_order(pairs):
    registers = bundled()
    engine = register_engine(registers)
    text = "".join(word + separator for word, separator in pairs)
    mentions = engine.find(text)
    previous_end = 0
    for mention in mentions:
        assert mention.start >= previous_end
        previous_end = mention.end
        surface = " ".join(text[mention.start:mention.end].split()).replace("’", "'")
        forms = {form.replace("’", "'") for form in registers.get(mention.ref).names}
        assert surface in forms | {f[:1].upper() + f[1:] for f in forms} | {f.upper() for f in forms}
        before = text[mention.start - 1] if mention.start else " "
        after = text[mention.end] if mention.end < len(text) else " "
        assert not (before.isalnum() or after.isalnum())


@pytest.mark.parametrize("word, stem", [
    ("Stalinism", "Stalin"), ("Stalinist", "Stalin"), ("Trotskyists", "Trotsky"), ("Russian", "Russia"),
    ("Franceschini", None), ("Serge", None), ("Sergeant", None), ("Oppositionists", None),
])
def test_gazetteer_knows_words_derived_from_register_names(engine, word, stem):
    assert engine.derived_from(word) == stem


def test_gazetteer_dict_engine_from_a_fixed_map():
    from tei_toolkit.entities.gazetteer import DictEngine

    engine = DictEngine({"Laurette Séjourné": ("person", "laurette"), "Séjourné": ("person", "laurette"),
                         "Marseille": ("place", "marseille")}, cert="medium")
    assert [(m.ref, m.kind, m.cert) for m in engine.find("Séjourné left Marseille")] == [
        ("laurette", "person", "medium"), ("marseille", "place", "medium")]


def test_gazetteer_hyphenated_register_forms_match_whole():
    from tei_toolkit.entities.gazetteer import DictEngine

    engine = DictEngine({"Jean-Paul": ("person", "jp"), "Saint-Denis": ("place", "sd"), "Paul": ("person", "p")})
    text = "Jean-Paul’s letter from Saint-Denis; Paul-like; ex-Paul; Paul."
    assert [(text[m.start:m.end], m.ref) for m in engine.find(text)] == [
        ("Jean-Paul", "jp"), ("Saint-Denis", "sd"), ("Paul", "p")]
