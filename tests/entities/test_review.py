"""entities suggest / accept: the review table and its promotion into the registers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from lxml import etree

from tei_toolkit.cli import main
from tei_toolkit.entities.authority import load_registers
from tei_toolkit.xmlio import NS, TEI_NS, parse_xml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "discover"


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def body_text(path: Path) -> str:
    tree = parse_xml(path.read_bytes(), source=str(path))
    return "".join(tree.getroot().find("tei:text", NS).itertext())


def names(path: Path) -> dict[str, list[tuple[str | None, str | None]]]:
    tree = parse_xml(path.read_bytes(), source=str(path))
    out: dict[str, list] = {}
    for e in tree.getroot().find("tei:text", NS).iter():
        if etree.QName(e).localname in ("persName", "placeName", "orgName"):
            out.setdefault("".join(e.itertext()), []).append((e.get("ref"), e.get("resp")))
    return out


@pytest.fixture()
def suggested(tmp_path) -> tuple[Path, Path]:
    tei = tmp_path / "letter.xml"
    assert main(["convert", str(FIXTURES / "letter.txt"), "--discover", "-o", str(tei)]) == 0
    table = tmp_path / "candidates.csv"
    assert main(["entities", "suggest", str(tei), "-o", str(table)]) == 0
    return tei, table


def test_review_suggest_lists_candidates_with_the_contract_columns(suggested):
    _, table = suggested
    rows = read_rows(table)
    assert list(rows[0]) == ["decision", "type", "surface", "forms", "count", "proposed_id", "id", "label",
                             "authority", "certainty", "context", "documents"]
    by_id = {row["proposed_id"]: row for row in rows}
    assert by_id["thomas-whitcombe"]["count"] == "2"
    assert by_id["thomas-whitcombe"]["forms"] == "Thomas Whitcombe | Whitcombe"
    assert by_id["lisbon"]["authority"] == "geonames:2267057"
    assert "[Lisbon]" in by_id["lisbon"]["context"]
    assert all(row["certainty"] in ("high", "medium", "low") for row in rows)


def test_review_suggest_runs_discovery_on_tei_without_suggestions(tmp_path):
    table = tmp_path / "candidates.csv"
    assert main(["entities", "suggest", str(FIXTURES / "curated.xml"), "-o", str(table)]) == 0
    rows = {row["surface"]: row for row in read_rows(table)}
    assert rows["Harriet Lomax"]["type"] == "person"


def test_review_accept_round_trip(suggested, tmp_path):
    tei, table = suggested
    text_before = body_text(tei)
    rows = read_rows(table)
    for row in rows:
        if row["proposed_id"] == "thomas-whitcombe":
            row["id"], row["label"], row["authority"] = "whitcombe-thomas", "Thomas Whitcombe", "wikidata:Q4115189"
        elif row["proposed_id"] == "lisbon":
            pass
        elif row["proposed_id"] == "holloway":
            row["decision"] = "reject"
        else:
            row["decision"] = ""
    edited = tmp_path / "reviewed.csv"
    write_rows(edited, rows)
    registers = tmp_path / "authority"
    assert main(["entities", "accept", str(edited), "--registers", str(registers), str(tei)]) == 0

    entries = load_registers(registers)
    person = entries.get("whitcombe-thomas")
    assert person.label == "Thomas Whitcombe" and "Whitcombe" in person.names and person.wikidata == "Q4115189"
    assert person.resp is None and person.cert is None
    lisbon = entries.get("lisbon")
    assert lisbon.geonames == "2267057" and lisbon.lat is not None
    assert entries.get("holloway") is None

    marked = names(tei)
    assert marked["Thomas Whitcombe"][0][0] == "#whitcombe-thomas"
    assert marked["Whitcombe"][0][0] == "#whitcombe-thomas"
    assert marked["Lisbon"][0][0] == "#lisbon"
    assert "Mrs. Holloway" not in marked  # rejected: unwrapped
    assert body_text(tei) == text_before
    tree = parse_xml(tei.read_bytes(), source=str(tei))
    entry = tree.getroot().find("tei:standOff//tei:person[@xml:id='whitcombe-thomas']", NS)
    assert entry is not None and entry.get("resp") is None
    assert tree.getroot().find("tei:standOff//tei:person[@xml:id='thomas-whitcombe']", NS) is None


def test_review_accept_reuses_an_existing_register_entry(suggested, tmp_path):
    tei, table = suggested
    registers = tmp_path / "authority"
    registers.mkdir()
    (registers / "places.xml").write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>places</title></titleStmt>'
        "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>"
        '<text><body><listPlace><place xml:id="lisboa"><placeName>Lisboa</placeName></place></listPlace>'
        "</body></text></TEI>", encoding="utf-8")
    rows = [row for row in read_rows(table) if row["proposed_id"] == "lisbon"]
    rows[0]["id"] = "lisboa"
    edited = tmp_path / "reviewed.csv"
    write_rows(edited, rows)
    assert main(["entities", "accept", str(edited), "--registers", str(registers), str(tei)]) == 0
    assert names(tei)["Lisbon"][0][0] == "#lisboa"
    assert [e.id for e in load_registers(registers)] == ["lisboa"]


@pytest.mark.parametrize("column, value, message", [
    ("decision", "maybe", "expected accept, reject or empty"),
    ("type", "ship", "expected one of person, place, org"),
    ("id", "1 bad id", "not a valid xml:id"),
    ("authority", "dbpedia:Lisbon", "expected geonames:ID, wikidata:QID, viaf:ID"),
])
def test_review_accept_rejects_bad_rows_with_the_line(suggested, tmp_path, capsys, column, value, message):
    tei, table = suggested
    rows = read_rows(table)
    rows[1][column] = value
    edited = tmp_path / "bad.csv"
    write_rows(edited, rows)
    assert main(["entities", "accept", str(edited), "--registers", str(tmp_path / "reg"), str(tei)]) == 2
    err = capsys.readouterr().err
    assert f"{edited}:3:" in err and message in err
    assert not (tmp_path / "reg").exists()


def test_review_accept_rejects_a_table_without_header(suggested, tmp_path, capsys):
    tei, _ = suggested
    edited = tmp_path / "bad.csv"
    edited.write_text("surface,type\nLisbon,place\n", encoding="utf-8")
    assert main(["entities", "accept", str(edited), "--registers", str(tmp_path / "reg"), str(tei)]) == 2
    assert "no 'decision' column" in capsys.readouterr().err


def test_review_suggest_leaves_out_names_already_in_the_registers(tmp_path):
    registers = tmp_path / "authority"
    registers.mkdir()
    (registers / "persons.xml").write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>persons</title></titleStmt>'
        "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>"
        '<text><body><listPerson><person xml:id="lomax-h"><persName>Harriet Lomax</persName></person></listPerson>'
        "</body></text></TEI>", encoding="utf-8")
    table = tmp_path / "candidates.csv"
    assert main(["entities", "suggest", str(FIXTURES / "curated.xml"), "--registers", str(registers),
                 "-o", str(table)]) == 0
    surfaces = {row["surface"] for row in read_rows(table)}
    assert "Harriet Lomax" not in surfaces and "Lisbon" in surfaces


def test_review_entities_without_action_is_a_usage_error(capsys):
    assert main(["entities"]) == 2
