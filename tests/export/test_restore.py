"""The round trip: mentions table + plain text put the entity markup back, identical."""

from __future__ import annotations

import pytest
from export_helpers import ENTITY_XPATH, FIXTURES, NS, ROOT, SHARED, parse
from lxml import etree

from tei_toolkit.entities.restore import mentions_by_document, restore_mentions
from tei_toolkit.errors import UsageError
from tei_toolkit.export import ExportOptions, read_table, write_tables

def strip_entities(tree: etree._ElementTree) -> int:
    """Unwrap every mention element in tei:text, keeping its content (forename, hi …); return how many."""
    elements = tree.xpath(ENTITY_XPATH, namespaces=NS)
    for element in reversed(elements):  # innermost first
        parent = element.getparent()
        position = parent.index(element)
        text, tail = element.text or "", element.tail or ""
        previous = parent[position - 1] if position else None
        if previous is None:
            parent.text = (parent.text or "") + text
        else:
            previous.tail = (previous.tail or "") + text
        children = list(element)
        for offset, child in enumerate(children):
            parent.insert(position + offset, child)
        last = children[-1] if children else (parent[position - 1] if position else None)
        parent.remove(element)
        if last is None:
            parent.text = (parent.text or "") + tail
        else:
            last.tail = (last.tail or "") + tail
    return len(elements)


def canonical(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, method="c14n")


def round_trip(path, tmp_path):
    write_tables([path], tmp_path, ExportOptions(network=()))
    mentions = read_table(tmp_path / "mentions.csv", "mentions")
    original = parse(path)
    stripped = parse(path)
    removed = strip_entities(stripped)
    assert removed and not stripped.xpath(ENTITY_XPATH, namespaces=NS)
    assert "".join(stripped.getroot().itertext()) == "".join(original.getroot().itertext())
    report = restore_mentions(stripped, mentions)
    return original, stripped, report, removed


def test_restore_mentions_rebuilds_identical_markup(tmp_path, serge):
    original, restored, report, removed = round_trip(serge, tmp_path)
    assert removed == 16  # 14 persName/placeName/orgName, one rs, one name
    assert (report.restored, report.present, report.skipped) == (removed, 0, [])
    assert canonical(restored) == canonical(original)


def test_restore_mentions_puts_back_names_nested_in_names_and_around_name_parts(tmp_path):
    """persName inside rs, orgName inside orgName, rs inside rs, a persName holding only a forename,
    a placeName holding only a settlement, empty names (one in a note): each back where it was."""
    original, restored, report, removed = round_trip(FIXTURES / "nested-names.xml", tmp_path)
    assert removed == 12
    assert (report.restored, report.skipped) == (removed, [])
    assert canonical(restored) == canonical(original)


def test_restore_mentions_twice_changes_nothing(tmp_path, serge):
    original, restored, _, removed = round_trip(serge, tmp_path)
    again = restore_mentions(restored, read_table(tmp_path / "mentions.csv", "mentions"))
    assert (again.restored, again.present, again.skipped) == (0, removed, [])
    assert canonical(restored) == canonical(original)


def test_restore_mentions_reports_a_row_of_an_element_that_is_no_mention(tmp_path, serge):
    write_tables([serge], tmp_path, ExportOptions(network=()))
    mentions = read_table(tmp_path / "mentions.csv", "mentions")
    mentions.loc[mentions["index"] == 1, "element"] = "hi"
    tree = parse(serge)
    strip_entities(tree)
    report = restore_mentions(tree, mentions)
    assert report.skipped == [("serge-letters", 1, "<hi> is not restored; "
                                                   "expected persName, placeName, orgName, rs, name")]
    assert report.restored == 15


def test_restore_mentions_reports_a_span_that_crosses_other_markup(tmp_path, serge):
    write_tables([serge], tmp_path, ExportOptions(network=()))
    mentions = read_table(tmp_path / "mentions.csv", "mentions")
    quoted = mentions[mentions["surface"] == "Serge"].iloc[0]  # p2: <quote>… said Serge</quote> <bibl>
    mentions.loc[mentions["index"] == quoted["index"], ["end", "surface"]] = [quoted["end"] + 2, "Serge ("]
    tree = parse(serge)
    strip_entities(tree)
    report = restore_mentions(tree, mentions)
    assert ("serge-letters", quoted["index"], "span crosses the boundary of <quote>") in report.skipped


def test_restore_mentions_refuses_a_span_whose_text_differs(tmp_path, serge):
    write_tables([serge], tmp_path, ExportOptions(network=()))
    mentions = read_table(tmp_path / "mentions.csv", "mentions")
    mentions.loc[mentions["index"] == 2, "start"] += 1
    tree = parse(serge)
    strip_entities(tree)
    report = restore_mentions(tree, mentions)
    assert any(index == 2 and "is not 'Victor Serge'" in reason for _, index, reason in report.skipped)


@pytest.mark.parametrize(("start", "end"), [(-12, 0), (5, 2), (0, 100_000)])
def test_restore_mentions_refuses_a_span_outside_its_block(tmp_path, serge, start, end):
    """A negative offset is not read from the block's end, nor a span past it cut short."""
    write_tables([serge], tmp_path, ExportOptions(network=()))
    mentions = read_table(tmp_path / "mentions.csv", "mentions")
    mentions.loc[mentions["index"] == 2, ["start", "end"]] = [start, end]
    tree = parse(serge)
    strip_entities(tree)
    report = restore_mentions(tree, mentions)
    reasons = [reason for _, index, reason in report.skipped if index == 2]
    assert len(reasons) == 1 and reasons[0].startswith(f"start {start} and end {end} are not a span of block ")


def test_restore_mentions_takes_a_corpus_table_split_once_by_document(tmp_path, serge, foreign):
    write_tables([serge, foreign], tmp_path, ExportOptions(network=()))
    mentions = read_table(tmp_path / "mentions.csv", "mentions")
    by_document = mentions_by_document(mentions)
    assert sorted(by_document) == sorted(set(mentions["document"]))
    for path in (serge, foreign):
        whole, split = parse(path), parse(path)
        for tree in (whole, split):
            strip_entities(tree)
        assert restore_mentions(whole, mentions) == restore_mentions(split, by_document)
        assert canonical(whole) == canonical(split)


def test_restore_mentions_matches_documents_without_xml_id_by_file_name_as_export_does(tmp_path, serge, foreign):
    """In a table of several files, a TEI without @xml:id is the document export named after its file."""
    copies = []
    for name, path in (("letter-one", serge), ("letter-two", foreign)):
        tree = parse(path)
        for tei in tree.iter(f"{{{NS['tei']}}}TEI"):
            tei.attrib.pop(f"{{{NS['xml']}}}id", None)
        copies.append(tmp_path / f"{name}.xml")
        tree.write(str(copies[-1]), encoding="UTF-8", xml_declaration=True)
    write_tables(copies, tmp_path / "tables", ExportOptions(network=()))
    mentions = read_table(tmp_path / "tables" / "mentions.csv", "mentions")
    assert set(mentions["document"]) == {"letter-one", "letter-two-1", "letter-two-2"}  # foreign: a teiCorpus of two
    for path in copies:
        original, stripped = parse(path), parse(path)
        removed = strip_entities(stripped)
        report = restore_mentions(stripped, mentions, path=str(path))
        assert report.unmatched == [] and report.restored + len(report.skipped) == removed
        assert {reason for _, _, reason in report.skipped} <= {"mention is in no text block"}  # a dateline
        if not report.skipped:
            assert canonical(stripped) == canonical(original)


def test_restore_mentions_reports_a_document_the_table_has_no_row_for(tmp_path, serge, foreign):
    write_tables([foreign, FIXTURES / "export" / "nested-names.xml"], tmp_path, ExportOptions(network=()))
    tree = parse(serge)
    report = restore_mentions(tree, read_table(tmp_path / "mentions.csv", "mentions"))
    assert (report.restored, report.unmatched) == (0, [tree.getroot().get(f"{{{NS['xml']}}}id")])


def test_restore_mentions_needs_the_mentions_columns(serge):
    import pandas as pd

    with pytest.raises(UsageError, match="lacks column"):
        restore_mentions(parse(serge), pd.DataFrame({"document": ["x"]}))


CORPUS_TEI = sorted((ROOT / "corpus" / "tei").glob("*.xml"))


@pytest.mark.skipif(not CORPUS_TEI, reason="corpus/tei/ not generated yet")
@pytest.mark.parametrize("path", CORPUS_TEI, ids=lambda p: p.name)
def test_restore_mentions_round_trip_on_bundled_corpus(tmp_path, path):
    original, restored, report, removed = round_trip(path, tmp_path)
    assert report.restored == removed, report.skipped
    assert canonical(restored) == canonical(original)


SAMPLES = sorted((SHARED / "tei-samples").rglob("*.xml")) if (SHARED / "tei-samples").is_dir() else []


@pytest.mark.skipif(not SAMPLES, reason="../shared/tei-samples absent")
def test_restore_mentions_round_trip_on_real_tei_from_other_projects(tmp_path):
    """Every mention inside a text block comes back, and a file whose mentions all are in text
    blocks comes back identical. Mentions outside them (a register's listPlace, a letter's
    address) have no offsets: they are reported, and only they."""
    identical = restored = 0
    for number, path in enumerate(SAMPLES):
        out = tmp_path / str(number)
        if write_tables([path], out, ExportOptions(network=(), engine="lxml")).errors:
            continue  # not well formed or not TEI: the validator's business
        mentions = read_table(out / "mentions.csv", "mentions")
        try:
            original, stripped = parse(path), parse(path)
        except etree.XMLSyntaxError:  # an xml:id that is no NCName: export reads it, lxml's ids refuse it
            continue
        if not strip_entities(stripped):
            continue
        report = restore_mentions(stripped, mentions)
        in_blocks = int(mentions["block_index"].notna().sum())
        assert report.restored == in_blocks, (path.name, report.skipped)
        assert {reason for _, _, reason in report.skipped} <= {"mention is in no text block"}, path.name
        if not report.skipped:
            assert canonical(stripped) == canonical(original), path.name
            identical += 1
        restored += report.restored
    assert identical >= 20 and restored >= 290  # what ../shared/tei-samples held when this was written
