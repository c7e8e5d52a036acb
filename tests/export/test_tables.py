"""Each table checked against the TEI by independent counting with lxml XPath (not the XSLT)."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pandas as pd
import pytest
from export_helpers import (FIXTURES, NS, SHARED, documents, entity_elements, nearest_block, offset_in,
                      parse, tokens)

from tei_toolkit.entities.insert import block_text
from tei_toolkit.errors import SourceError
from tei_toolkit.export import ExportOptions, tables
from tei_toolkit.export.schema import TABLES

KIND = {"persName": "person", "placeName": "place", "orgName": "org"}


def _v(value):
    """A cell as a plain value: None for missing."""
    return None if pd.isna(value) else value


def _doc_id(tei, path, all_docs):
    own = tei.get("{http://www.w3.org/XML/1998/namespace}id")
    if own:
        return own
    return path.stem if len(all_docs) == 1 else f"{path.stem}-{all_docs.index(tei) + 1}"


@pytest.fixture(scope="module")
def fixture_tables(serge, foreign, engine):
    return tables([serge, foreign], ExportOptions(engine=engine))


def test_tables_have_documented_columns_in_order(fixture_tables):
    for name, columns in TABLES.items():
        assert list(fixture_tables[name].columns) == [column.name for column in columns]


def test_tables_mentions_one_row_per_entity_element_both_ways(fixture_tables, serge, foreign):
    mentions = fixture_tables["mentions"]
    expected = []
    for path in (serge, foreign):
        docs = documents(parse(path))
        for tei in docs:
            for number, element in enumerate(entity_elements(tei), 1):
                expected.append((_doc_id(tei, path, docs), number, element))
    assert len(mentions) == len(expected)
    keys = list(zip(mentions["document"], mentions["index"]))
    assert len(set(keys)) == len(keys)  # each row is one element …
    assert set(keys) == {(doc, number) for doc, number, _ in expected}  # … and each element one row
    rows = mentions.set_index(["document", "index"])
    for doc, number, element in expected:
        row = rows.loc[(doc, number)]
        assert row["element"] == element.xpath("local-name()")
        assert row["surface"] == element.xpath("string()")
        assert _v(row["ref"]) == element.get("ref")
        assert _v(row["key"]) == element.get("key")


def test_tables_mention_offsets_point_into_the_block_text(fixture_tables, serge, foreign):
    rows = fixture_tables["mentions"].set_index(["document", "index"])
    for path in (serge, foreign):
        docs = documents(parse(path))
        for tei in docs:
            for number, element in enumerate(entity_elements(tei), 1):
                row = rows.loc[(_doc_id(tei, path, docs), number)]
                block = nearest_block(element)
                if block is None:
                    assert _v(row["block"]) is None and _v(row["start"]) is None
                    continue
                start = offset_in(block, element)
                assert (row["start"], row["end"]) == (start, start + len(element.xpath("string()")))
                assert block_text(block)[row["start"]:row["end"]] == row["surface"]
                assert row["block"] == block.xpath("local-name()")
                assert _v(row["block_id"]) == block.get("{http://www.w3.org/XML/1998/namespace}id")


def test_tables_mentions_flag_nesting_notes_and_quotations(fixture_tables, serge):
    tei = documents(parse(serge))[0]
    rows = fixture_tables["mentions"]
    rows = rows[rows["document"] == "serge-letters"].set_index("index")
    for number, element in enumerate(entity_elements(tei), 1):
        assert rows.loc[number, "in_note"] == bool(element.xpath("ancestor::tei:note", namespaces=NS))
        assert rows.loc[number, "in_quote"] == bool(
            element.xpath("ancestor::tei:quote or ancestor::tei:cit", namespaces=NS))
        assert rows.loc[number, "depth"] == int(element.xpath(
            "count(ancestor::tei:persName | ancestor::tei:placeName | ancestor::tei:orgName)",
            namespaces=NS))
    assert rows["depth"].max() == 1  # Barcelona inside the POUM orgName
    assert rows["in_note"].sum() == 2 and rows["in_quote"].sum() == 2


def test_tables_mentions_keep_quotes_commas_newlines_and_non_ascii(fixture_tables):
    surfaces = set(fixture_tables["mentions"]["surface"])
    assert 'the printer, "Jan"' in surfaces
    assert "Nadezhda\n            Krupskaya" in surfaces
    assert {"Coyoacán", "Łódź"} <= surfaces


def test_tables_mentions_sentence_index_from_s_elements(fixture_tables):
    rows = fixture_tables["mentions"]
    p3 = rows[rows["block_id"] == "p3"]
    assert list(p3["sentence"]) == [1, 2, 2, 2]
    assert rows[rows["block_id"] == "p1"]["sentence"].isna().all()


def test_tables_mentions_context_window_has_requested_words(serge, engine):
    rows = tables([serge], ExportOptions(context_words=2, engine=engine))["mentions"].set_index("index")
    assert rows.loc[3, "left"] == "wrote to"          # … Victor Serge wrote to [Trotsky]
    assert rows.loc[3, "right"] == ', "the'
    zero = tables([serge], ExportOptions(context_words=0, engine=engine))["mentions"]
    assert (zero["left"].fillna("") == "").all()


def test_tables_documents_match_header_and_counts(fixture_tables, serge, foreign):
    frame = fixture_tables["documents"].set_index("id")
    for path in (serge, foreign):
        docs = documents(parse(path))
        for tei in docs:
            row = frame.loc[_doc_id(tei, path, docs)]
            text = tei.find("tei:text", NS)
            assert row["words"] == tokens(text.xpath("string()"))
            assert row["paragraphs"] == int(text.xpath("count(.//tei:p)", namespaces=NS))
            kinds = Counter(KIND.get(e.xpath("local-name()"), e.get("type")) for e in entity_elements(tei))
            assert (row["persons"], row["places"], row["orgs"]) == (
                kinds["person"], kinds["place"], kinds["org"])
            assert row["mentions"] == sum(kinds.values())
    serge_row = frame.loc["serge-letters"]
    assert serge_row["title"] == 'Letters, "notes", and memories, 1936–1940'
    assert serge_row["authors"] == "Matthew; Ана Петрова"
    assert str(serge_row["date"]) == "2011-09-28 12:24:00"
    assert serge_row["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    assert serge_row["language"] == "en" and serge_row["source"] == "https://example.org/serge"
    assert frame.loc["foreign-corpus-1", "language"] == "de"


def test_tables_entities_count_mentions_and_documents(fixture_tables, serge):
    tei = documents(parse(serge))[0]
    entities = fixture_tables["entities"].set_index("id")
    for entry in tei.xpath("tei:standOff//*[@xml:id]", namespaces=NS):
        entry_id = entry.get("{http://www.w3.org/XML/1998/namespace}id")
        refs = tei.xpath("tei:text//*[@ref = $r]", namespaces=NS, r=f"#{entry_id}")
        assert entities.loc[entry_id, "mentions"] == len(refs)
        assert entities.loc[entry_id, "documents"] == (1 if refs else 0)
    assert entities.loc["mexico-city", "lat"] == pytest.approx(19.4333)
    assert entities.loc["mexico-city", "long"] == pytest.approx(-99.1333)
    assert entities.loc["mexico-city", "geonames"] == "3530597"
    assert entities.loc["leon-trotsky", "viaf"] == "59091198"
    assert entities.loc["victor-serge", "variants"] == "Serge"
    assert entities.loc["poum", "variants"] == 'Workers\' Party of Marxist Unification, "POUM"'
    assert entities.loc["nadezhda-krupskaya", "resp"] == "#tei-toolkit"
    assert str(entities.loc["victor-serge", "birth"]) == "1890-12-30 00:00:00"
    assert entities.loc["victor-serge", "death_text"] == "1947-11-17"
    assert str(entities["birth"].dtype).startswith("datetime64")


def test_tables_registers_fill_labels_and_entities(foreign, engine):
    register = FIXTURES / "persons-register.xml"
    result = tables([foreign], ExportOptions(registers=(str(register),), engine=engine))
    goethe = result["mentions"][result["mentions"]["entity"] == "goethe"]
    assert list(goethe["label"]) == ["Johann Wolfgang von Goethe"] * 2
    entities = result["entities"].set_index("id")
    assert entities.loc["goethe", "wikidata"] == "Q5879"
    assert (entities.loc["goethe", "mentions"], entities.loc["goethe", "documents"]) == (2, 2)
    assert entities.loc["goethe", "source"] == str(register)


def test_tables_cooccurrence_pairs_entities_of_the_same_block(fixture_tables, serge, foreign):
    expected = Counter()
    for path in (serge, foreign):
        for tei in documents(parse(path)):
            units: dict = {}
            for element in entity_elements(tei):
                block = nearest_block(element)
                refs = (element.get("ref") or "").split()
                entity = next((r[1:] for r in refs if r.startswith("#")), refs[0] if refs else
                              element.get("key"))
                if block is not None and entity:
                    units.setdefault(block, set()).add(entity)
            for entities in units.values():
                expected.update(combinations(sorted(entities), 2))
    frame = fixture_tables["cooccurrence"]
    assert dict(zip(zip(frame["source"], frame["target"]), frame["count"])) == dict(expected)
    assert frame.iloc[0][["source", "target", "count"]].tolist() == ["leon-trotsky", "victor-serge", 2]


def test_tables_cooccurrence_window_limits_pairs_to_nearby_sentences(serge, engine):
    frame = tables([serge], ExportOptions(cooccurrence_window=1, engine=engine))["cooccurrence"]
    pairs = set(zip(frame["source"], frame["target"]))
    assert ("nadezhda-krupskaya", "victor-serge") not in pairs  # sentences 1 and 2 of p3
    assert ("leon-trotsky", "victor-serge") in pairs


def test_tables_dtypes_are_typed(fixture_tables):
    documents_frame = fixture_tables["documents"]
    assert str(documents_frame["date"].dtype).startswith("datetime64")
    assert documents_frame["words"].dtype == "int64"
    assert fixture_tables["entities"]["lat"].dtype == "float64"
    assert str(fixture_tables["mentions"]["start"].dtype) == "Int64"
    assert str(fixture_tables["mentions"]["in_note"].dtype) == "boolean"


@pytest.mark.parametrize("name, message", [
    ("bad-empty.xml", "file is empty"),
    ("bad-not-well-formed.xml", "not well-formed XML"),
    ("bad-not-tei.xml", "root element is <html>"),
    ("bad-external-entity.xml", "entity reference &secret; is not supported"),
])
def test_tables_bad_input_raises_one_line_error(name, message, engine):
    with pytest.raises(SourceError) as caught:
        tables([FIXTURES / name], ExportOptions(engine=engine))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert "TOP-SECRET" not in str(caught.value)


@pytest.mark.skipif(not (SHARED / "tei-samples").is_dir(), reason="../shared/tei-samples absent")
def test_tables_shared_samples_one_row_per_entity_element(engine):
    paths = sorted(p for p in (SHARED / "tei-samples").rglob("*.xml") if "fMS_box_c56_ch_v_113" not in p.name)
    result = tables(paths, ExportOptions(engine=engine))
    expected = 0
    for path in paths:
        for tei in documents(parse(path)):
            expected += len(entity_elements(tei))
    assert len(result["mentions"]) == expected
    assert result["documents"]["mentions"].sum() == expected
    with_block = result["mentions"].dropna(subset=["start"])
    assert (with_block["end"] - with_block["start"] == with_block["surface"].str.len()).all()


TEI_WITH = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t"><teiHeader><fileDesc><titleStmt><title>T</title>'
            '</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>'
            '<text><body><p xml:id="p1">{}</p></body></text></TEI>')


def test_tables_file_with_doctype_goes_through_lxml_and_keeps_tabs(tmp_path, engine):
    path = tmp_path / "doctype.xml"
    body = 'tab\there <persName ref="#a\\b">A\tB \\ C</persName>'
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI>\n' + TEI_WITH.format(body),
                    encoding="utf-8")
    row = tables([path], ExportOptions(engine=engine))["mentions"].iloc[0]
    assert (row["surface"], row["ref"], row["start"], row["end"]) == ("A\tB \\ C", "#a\\b", 9, 16)
    assert row["left"] == "tab here"


def test_tables_xslt_engine_refuses_unicode_noncharacters_it_uses_as_separators(tmp_path):
    path = tmp_path / "odd.xml"
    path.write_text(TEI_WITH.format("x \ufdd0 y"), encoding="utf-8")
    with pytest.raises(SourceError, match="noncharacter U\\+FDD0"):
        tables([path], ExportOptions(engine="xslt"))


def test_tables_lxml_engine_keeps_unicode_noncharacters(tmp_path):
    path = tmp_path / "odd.xml"
    path.write_text(TEI_WITH.format('x \ufdd0 <persName ref="#a">A\ufdd1</persName>'), encoding="utf-8")
    row = tables([path], ExportOptions(engine="lxml"))["mentions"].iloc[0]
    assert (row["surface"], row["start"], row["left"]) == ("A\ufdd1", 4, "x \ufdd0")


def test_tables_latin1_file_is_read_through_lxml(tmp_path, engine):
    path = tmp_path / "latin1.xml"
    path.write_bytes(('<?xml version="1.0" encoding="ISO-8859-1"?>\n'
                      + TEI_WITH.format('<placeName>Zürich</placeName>')).encode("latin-1"))
    assert tables([path], ExportOptions(engine=engine))["mentions"]["surface"].tolist() == ["Zürich"]


def test_tables_is_what_tei_toolkit_export_returns(serge):
    import tei_toolkit

    frames = tei_toolkit.export([serge])
    assert set(frames) == set(TABLES) and len(frames["mentions"]) == 16


def test_tables_dates_with_and_without_offsets_become_datetimes(tmp_path, engine):
    paths = []
    for number, when in enumerate(("2011-09-28T12:24:00+02:00", "1890", "-0043-03-15", "not a date")):
        path = tmp_path / f"d{number}.xml"
        path.write_text(TEI_WITH.format("x").replace(
            '<sourceDesc><p/></sourceDesc>', f'<sourceDesc><bibl><date when="{when}"/></bibl></sourceDesc>')
            .replace('xml:id="t"', f'xml:id="d{number}"'), encoding="utf-8")
        paths.append(path)
    frame = tables(paths, ExportOptions(engine=engine))["documents"].set_index("id")
    assert str(frame.loc["d0", "date"]) == "2011-09-28 10:24:00"
    assert str(frame.loc["d1", "date"]) == "1890-01-01 00:00:00"
    assert frame.loc["d2", "date_text"] == "-0043-03-15"
    assert pd.isna(frame.loc["d3", "date"]) and frame.loc["d3", "date_text"] == "not a date"


def test_tables_dates_prefer_when_whatever_the_attribute_order(engine):
    result = tables([FIXTURES / "edge-cases.xml"], ExportOptions(engine=engine))
    documents = result["documents"].set_index("id")
    # <date notBefore="1901" when="1902">: @when wins although it is written second
    assert documents.loc["edge-cases-1", "date_text"] == "1902"
    assert documents.loc["edge-cases-2", "date_text"] == "1920-05-01"  # docDate, the only date
    entities = result["entities"].set_index("id")
    assert entities.loc["vs", "birth_text"] == "1890-12-30" and entities.loc["vs", "death_text"] == "1947-11-17"


def test_tables_coordinates_need_both_numbers(engine):
    entities = tables([FIXTURES / "edge-cases.xml"], ExportOptions(engine=engine))["entities"].set_index("id")
    assert (entities.loc["paris", "lat"], entities.loc["paris", "long"]) == (48.85, 2.35)
    for place in ("nowhere", "odd"):  # geo ", 1 2" and "north 2"
        assert pd.isna(entities.loc[place, "lat"]) and pd.isna(entities.loc[place, "long"])
