"""``tei-toolkit annotate``: files, folders, standard output, bad input, the mentions round trip."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from lxml import etree

from tei_toolkit.cli import main
from tei_toolkit.convert import ConvertOptions, convert_file
from tei_toolkit.resources import corpus_root
from tei_toolkit.xmlio import NS, parse_xml, serialize

FIXTURES = Path(__file__).parent.parent / "fixtures" / "entities"
ARTICLE = corpus_root() / "sources" / "victor-serge-a-life-in-revolution.txt"


@pytest.fixture(scope="module")
def article_xml(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tei") / "serge.xml"
    path.write_bytes(serialize(convert_file(ARTICLE, ConvertOptions(change_date="2026-01-01")).tree))
    return path


def names(data: bytes) -> list[tuple[str, str | None, str]]:
    tree = parse_xml(data, source="out")
    return [(etree.QName(e).localname, e.get("ref"), "".join(e.itertext()))
            for e in tree.xpath("/tei:TEI/tei:text//*[self::tei:persName or self::tei:placeName"
                                " or self::tei:orgName]", namespaces=NS)]


def test_cli_annotate_writes_a_file_with_bundled_registers(article_xml, tmp_path, capsys):
    out = tmp_path / "out.xml"
    assert main(["annotate", str(article_xml), "-o", str(out), "--change-date", "2026-01-01"]) == 0
    assert len(names(out.read_bytes())) == 58
    err = capsys.readouterr().err
    assert "58 mention(s) (persons 32, places 15, organisations 11)" in err
    assert article_xml.read_bytes() != out.read_bytes()  # the input is never modified


def test_cli_annotate_writes_to_standard_output(article_xml, capfdbinary):
    assert main(["annotate", str(article_xml), "-o", "-"]) == 0
    assert len(names(capfdbinary.readouterr().out)) == 58


def test_cli_annotate_folder_output_and_bad_inputs_one_line_each(article_xml, tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(article_xml, inputs / "a.xml")
    shutil.copy(FIXTURES / "foreign.xml", inputs / "b.xml")
    (inputs / "broken.xml").write_text("<TEI><text>", encoding="utf-8")
    (inputs / "empty.xml").write_bytes(b"")
    (inputs / "latin1.xml").write_bytes("<TEI>caf\xe9</TEI>".encode("latin-1"))
    (inputs / "notei.xml").write_text("<doc/>", encoding="utf-8")
    code = main(["annotate", str(inputs), str(tmp_path / "missing.xml"), "-o", str(tmp_path / "out")])
    assert code == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.xml", "b.xml"]
    lines = capsys.readouterr().err.splitlines()
    failures = [line for line in lines if "mention(s)" not in line and " not marked: " not in line
                and not line.startswith("annotated")]
    assert len(failures) == 5
    assert any("broken.xml:1:" in line and "not well-formed" in line for line in failures)
    assert any("empty.xml: file is empty" in line for line in failures)
    assert any("latin1.xml" in line for line in failures)
    assert any("notei.xml" in line and "expected <TEI>" in line for line in failures)
    assert any("missing.xml: no such file or folder" in line for line in failures)
    assert lines[-1] == "annotated 2 file(s), failed 5"


def test_cli_annotate_own_registers_folder(article_xml, tmp_path):
    registers = tmp_path / "registers"
    registers.mkdir()
    shutil.copy(corpus_root() / "authority" / "orgs.xml", registers / "orgs.xml")
    out = tmp_path / "out.xml"
    assert main(["annotate", str(article_xml), "--registers", str(registers), "-o", str(out)]) == 0
    assert {kind for kind, _, _ in names(out.read_bytes())} == {"orgName"}


@pytest.mark.parametrize("argv, message", [
    (["--registers", "nowhere"], "no such register folder"),
    (["-o", "-", "EXTRA"], "writes one document to standard output"),
])
def test_cli_annotate_usage_errors_exit_2(article_xml, tmp_path, capsys, argv, message):
    args = ["annotate", str(article_xml)]
    if "EXTRA" in argv:
        args += [str(FIXTURES / "foreign.xml"), "-o", "-"]
    else:
        args += argv + ["-o", str(tmp_path / "x.xml")]
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_cli_annotate_bad_register_is_one_line(article_xml, tmp_path, capsys):
    registers = tmp_path / "registers"
    registers.mkdir()
    shutil.copy(FIXTURES / "bad" / "no-name.xml", registers / "places.xml")
    assert main(["annotate", str(article_xml), "--registers", str(registers), "-o", str(tmp_path / "x.xml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "places.xml:5: <place xml:id=\"nowhere\"> has no <placeName>" in err[0]


def test_cli_annotate_refuses_to_overwrite_its_input(article_xml, capsys):
    assert main(["annotate", str(article_xml), "-o", str(article_xml)]) == 2
    assert "is the input file" in capsys.readouterr().err


@pytest.mark.parametrize("table", ["mentions.csv", "mentions.parquet"])
def test_cli_annotate_from_mentions_restores_the_same_markup(article_xml, tmp_path, table):
    pytest.importorskip("tei_toolkit.entities.restore")
    if table.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    annotated = tmp_path / "annotated.xml"
    assert main(["annotate", str(article_xml), "-o", str(annotated), "--change-date", "2026-01-01"]) == 0
    assert main(["export", str(annotated), "-o", str(tmp_path / "tables"), "--format", "both"]) == 0
    restored = tmp_path / "restored.xml"
    assert main(["annotate", str(article_xml), "--from-mentions", str(tmp_path / "tables" / table),
                 "-o", str(restored), "--change-date", "2026-01-01"]) == 0
    before, after = (parse_xml(p.read_bytes(), source=str(p)) for p in (annotated, restored))
    text = "/tei:TEI/tei:text"
    assert etree.tostring(after.xpath(text, namespaces=NS)[0]) == etree.tostring(before.xpath(text, namespaces=NS)[0])
    standoff = "/tei:TEI/tei:standOff"
    assert etree.tostring(after.xpath(standoff, namespaces=NS)[0]) == etree.tostring(
        before.xpath(standoff, namespaces=NS)[0])


def edited_mentions_table(article_xml, tmp_path, column: str, cell: str):
    """The mentions table exported from the annotated article, with ``column`` of its first row set to
    ``cell`` (as a scholar edits it in a spreadsheet), and how many rows it has."""
    annotated = tmp_path / "annotated.xml"
    assert main(["annotate", str(article_xml), "-o", str(annotated)]) == 0
    assert main(["export", str(annotated), "-o", str(tmp_path / "tables")]) == 0
    with open(tmp_path / "tables" / "mentions.csv", encoding="utf-8", newline="") as handle:
        header, *rows = csv.reader(handle)
    rows[0][header.index(column)] = cell
    edited = tmp_path / "edited.csv"
    with open(edited, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return edited, len(rows)


def test_cli_annotate_from_mentions_says_which_mentions_did_not_come_back_and_exits_1(article_xml, tmp_path,
                                                                                      capsys):
    """The file is written with what could be restored; exit status 1 says markup of the table is missing."""
    pytest.importorskip("tei_toolkit.entities.restore")
    edited, rows = edited_mentions_table(article_xml, tmp_path, "element", "hi")  # no mention element is <hi>
    capsys.readouterr()
    assert main(["annotate", str(article_xml), "--from-mentions", str(edited),
                 "-o", str(tmp_path / "restored.xml")]) == 1
    assert (tmp_path / "restored.xml").exists()
    err = capsys.readouterr().err
    assert f"{article_xml}: restored {rows - 1} mention(s) from the mentions table, 0 already there, 1 not restored" in err
    assert f"{article_xml}: mention 1 of " in err and "<hi> is not restored" in err
    assert "0 mention(s) (persons 0" not in err  # the annotate pass, which matches no registers then, says nothing
    assert err.strip().splitlines()[-1] == "annotated 1 file(s), failed 0, 1 mention(s) of the table not restored"


def test_cli_annotate_from_mentions_refuses_a_table_that_is_not_a_mentions_table(article_xml, tmp_path, capsys):
    pytest.importorskip("tei_toolkit.entities.restore")
    assert main(["export", str(article_xml), "-o", str(tmp_path / "tables")]) == 0
    capsys.readouterr()
    documents = tmp_path / "tables" / "documents.csv"
    assert main(["annotate", str(article_xml), "--from-mentions", str(documents), "-o", str(tmp_path / "x.xml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"tei-toolkit annotate: {documents}: not a mentions table: no column(s) document, index, "
                   "block_index, element, start, end, surface; expected the mentions.csv (or mentions.parquet) "
                   "written by tei-toolkit export"]
    assert not (tmp_path / "x.xml").exists()


@pytest.mark.parametrize(("column", "cell", "says"), [
    ("start", "12a", "row 2, column start: '12a'; expected a whole number or an empty cell"),
    ("index", "", "row 2, column index: empty; expected a whole number"),
    ("in_note", "yes", "row 2, column in_note: 'yes'; expected true or false"),
])
def test_cli_annotate_from_mentions_names_the_row_and_column_of_a_bad_cell(article_xml, tmp_path, capsys,
                                                                           column, cell, says):
    """An edited table with a cell its column cannot hold is refused before any file is written."""
    pytest.importorskip("tei_toolkit.entities.restore")
    edited, _rows = edited_mentions_table(article_xml, tmp_path, column, cell)
    capsys.readouterr()
    assert main(["annotate", str(article_xml), "--from-mentions", str(edited), "-o", str(tmp_path / "x.xml")]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"tei-toolkit annotate: {edited}: {says}"]
    assert not (tmp_path / "x.xml").exists()


def test_cli_annotate_from_mentions_refuses_a_parquet_file_that_is_not_one(article_xml, tmp_path, capsys):
    pytest.importorskip("pyarrow")
    broken = tmp_path / "mentions.parquet"
    broken.write_bytes(b"PAR1 this is not a Parquet file")
    assert main(["annotate", str(article_xml), "--from-mentions", str(broken), "-o", str(tmp_path / "x.xml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"tei-toolkit annotate: {broken}: cannot read the mentions table (")
    assert err[0].endswith("; expected the mentions.csv (or mentions.parquet) written by tei-toolkit export")
    assert not (tmp_path / "x.xml").exists()


def test_cli_annotate_discover_adds_suggestions_without_touching_register_markup(article_xml, tmp_path):
    pytest.importorskip("tei_toolkit.entities.discover")
    plain, discovered = tmp_path / "plain.xml", tmp_path / "discovered.xml"
    assert main(["annotate", str(article_xml), "-o", str(plain)]) == 0
    assert main(["annotate", str(article_xml), "--discover", "-o", str(discovered)]) == 0
    high = [n for n in names(discovered.read_bytes()) if n[1] and n[1][1:] in {
        e.get("{http://www.w3.org/XML/1998/namespace}id") for e in parse_xml(
            plain.read_bytes(), source="p").xpath("//tei:standOff//*[@xml:id]", namespaces=NS)}]
    assert sorted(high) == sorted(names(plain.read_bytes()))


def test_cli_annotate_jobs_gives_the_same_files(article_xml, tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for index in range(4):
        shutil.copy(article_xml, inputs / f"doc{index}.xml")
    shutil.copy(FIXTURES / "foreign.xml", inputs / "foreign.xml")
    (inputs / "broken.xml").write_text("<TEI>", encoding="utf-8")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    for out, jobs in ((serial, "1"), (parallel, "2")):
        assert main(["annotate", str(inputs), "-o", str(out), "--jobs", jobs, "--change-date", "2026-01-01"]) == 2
        assert capsys.readouterr().err.strip().splitlines()[-1] == "annotated 5 file(s), failed 1"
    for path in sorted(serial.iterdir()):
        assert (parallel / path.name).read_bytes() == path.read_bytes()
