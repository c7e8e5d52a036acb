"""Files written by write_tables and the export command: CSV, Parquet, GraphML/GEXF, errors."""

from __future__ import annotations

import csv
import io
import sys

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from export_helpers import FIXTURES, documents, entity_elements, parse

from tei_toolkit.cli import main
from tei_toolkit.corpus import PROGRESS_MINIMUM
from tei_toolkit.errors import UsageError
from tei_toolkit.export import ExportOptions, read_table, read_tables, tables, write_tables
from tei_toolkit.export.frames import TableError
from tei_toolkit.export.schema import PANDAS_DTYPES, TABLES
from tei_toolkit.export.sinks import csv_text


@pytest.fixture(scope="module")
def written(tmp_path_factory, serge, foreign):
    out = tmp_path_factory.mktemp("tables")
    report = write_tables([serge, foreign], out, ExportOptions(formats=("csv", "parquet")))
    return out, report


def test_write_tables_csv_has_one_row_per_entity_element(written, serge, foreign):
    out, report = written
    with open(out / "mentions.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = sum(len(entity_elements(tei)) for path in (serge, foreign)
                   for tei in documents(parse(path)))
    assert len(rows) == expected == report.rows["mentions"]
    assert 'the printer, "Jan"' in {row["surface"] for row in rows}
    assert "Nadezhda\n            Krupskaya" in {row["surface"] for row in rows}


def test_write_tables_csv_is_rfc4180(written):
    out, _ = written
    data = (out / "mentions.csv").read_bytes()
    data.decode("utf-8")
    assert data.startswith(b"document,index,block,") and data.endswith(b"\r\n")
    assert b'"the printer, ""Jan"""' in data


def test_write_tables_csv_loads_in_pandas_with_documented_columns_and_dtypes(written, serge, foreign):
    out, _ = written
    for name, columns in TABLES.items():
        dtypes = {c.name: PANDAS_DTYPES[c.kind] for c in columns if c.kind not in ("datetime", "bool")}
        frame = pd.read_csv(out / f"{name}.csv", dtype=dtypes, keep_default_na=False,
                            na_values=[""], parse_dates=[c.name for c in columns if c.kind == "datetime"])
        assert list(frame.columns) == [c.name for c in columns]
    again = read_tables(out)
    direct = tables([serge, foreign])
    for name in TABLES:
        pd.testing.assert_frame_equal(again[name], direct[name], check_dtype=True)


@pytest.mark.parametrize(("column", "cell", "says"), [
    ("start", "twelve", "column start: 'twelve'; expected a whole number or an empty cell"),
    ("start", "1.5", "column start: '1.5'; expected a whole number or an empty cell"),
    ("index", "", "column index: empty; expected a whole number"),
    ("depth", "x", "column depth: 'x'; expected a whole number"),
    ("in_quote", "maybe", "column in_quote: 'maybe'; expected true or false"),
])
def test_read_table_names_the_file_row_and_column_of_a_cell_its_type_cannot_hold(written, tmp_path, column,
                                                                                  cell, says):
    """Such a cell is not read as missing: an edited table would otherwise lose it without a word."""
    out, _ = written
    with open(out / "mentions.csv", encoding="utf-8", newline="") as handle:
        header, *rows = csv.reader(handle)
    rows[2][header.index(column)] = cell
    rows[5][header.index(column)] = cell
    edited = tmp_path / "mentions.csv"
    with open(edited, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    with pytest.raises(TableError) as caught:
        read_table(edited, "mentions")
    assert str(caught.value) == f"{edited}: row 4, {says} (1 more row(s) like it)"


def test_write_tables_parquet_keeps_types(written, serge, foreign):
    out, _ = written
    frame = pd.read_parquet(out / "documents.parquet")
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["words"].dtype == "int64"
    mentions = pd.read_parquet(out / "mentions.parquet", dtype_backend="numpy_nullable")
    direct = tables([serge, foreign])["mentions"]
    assert mentions["surface"].tolist() == direct["surface"].tolist()
    assert mentions["start"].astype("Int64").tolist() == direct["start"].tolist()


def test_read_table_reads_parquet_as_it_reads_csv(written):
    out, _ = written
    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(out / f"{name}.parquet", name), read_table(out / f"{name}.csv", name))


def test_read_table_says_parquet_needs_pyarrow_when_it_is_not_there(written, monkeypatch):
    from tei_toolkit.export import sinks

    out, _ = written
    monkeypatch.setattr(sinks, "parquet_available", lambda: False)
    with pytest.raises(UsageError, match=r"mentions\.parquet: reading Parquet needs pyarrow; install "
                                         r"tei-toolkit\[parquet\] or use the CSV table"):
        read_table(out / "mentions.parquet", "mentions")


def test_write_tables_parquet_fills_row_groups_and_holds_every_row(tmp_path, monkeypatch, serge, foreign):
    """Rows wait for a full row group; the last, partial one is written when the file closes."""
    import pyarrow.parquet as pq

    from tei_toolkit.export.sinks import ParquetSink

    monkeypatch.setattr(ParquetSink, "ROW_GROUP_ROWS", 5)
    write_tables([serge, foreign], tmp_path, ExportOptions(formats=("parquet",), batch_size=1, network=()))
    direct = tables([serge, foreign])
    for name in TABLES:
        parquet = pq.ParquetFile(tmp_path / f"{name}.parquet")
        sizes = [parquet.metadata.row_group(group).num_rows for group in range(parquet.num_row_groups)]
        assert sum(sizes) == len(direct[name]) and all(size >= 5 for size in sizes[:-1])
        values = [frame.astype(object).where(frame.notna(), None)  # NA is NA, whatever its dtype's flavour
                  for frame in (pd.read_parquet(tmp_path / f"{name}.parquet"), direct[name])]
        pd.testing.assert_frame_equal(*values)


def test_write_tables_network_opens_in_networkx(written):
    out, report = written
    pairs = pd.read_csv(out / "cooccurrence.csv")
    for kind, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        graph = reader(out / f"cooccurrence.{kind}")
        assert graph.number_of_edges() == len(pairs) == report.rows["cooccurrence"]
        assert graph["leon-trotsky"]["victor-serge"]["weight"] == 2.0
        assert {(*sorted((source, target)), weight) for source, target, weight in graph.edges(data="weight")} == {
            (*sorted((row.source, row.target)), float(row.count)) for row in pairs.itertuples()}
    entities = pd.read_csv(out / "entities.csv", keep_default_na=False).set_index("id")
    graph = nx.read_graphml(out / "cooccurrence.graphml")
    assert {node: data["label"] for node, data in graph.nodes(data=True)} == {
        node: entities.loc[node, "label"] for node in graph.nodes}


def test_a_network_file_that_fails_half_way_leaves_the_old_one_and_no_temporary_file(tmp_path, monkeypatch,
                                                                                     serge):
    from tei_toolkit.export import network

    write_tables([serge], tmp_path, ExportOptions(network=("gexf",)))
    before = (tmp_path / "cooccurrence.gexf").read_bytes()

    def failing(handle, nodes, pairs):
        network.write_gexf(handle, nodes, pairs)
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(network.WRITERS, "gexf", failing)
    with pytest.raises(UsageError, match=r": cannot write the tables \(no space left on device\)"):
        write_tables([serge], tmp_path, ExportOptions(network=("gexf",)))
    assert (tmp_path / "cooccurrence.gexf").read_bytes() == before
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == []


@pytest.mark.parametrize("engine", ["xslt", "lxml"])
def test_write_tables_parallel_jobs_give_the_same_rows(tmp_path, serge, foreign, engine):
    paths = [serge, foreign] * 3
    write_tables(paths, tmp_path / "one", ExportOptions(batch_size=1))
    write_tables(paths, tmp_path / "two", ExportOptions(batch_size=1, jobs=2, engine=engine))
    for name in TABLES:
        assert (tmp_path / "one" / f"{name}.csv").read_bytes() == (tmp_path / "two" / f"{name}.csv").read_bytes()


def test_write_tables_batch_size_does_not_change_the_files(tmp_path, serge, foreign):
    # later batches leave out the entries a process already sent: the tables must not notice
    copy = tmp_path / "serge-copy.xml"  # another document whose standOff repeats serge's entries
    copy.write_text(serge.read_text(encoding="utf-8").replace('xml:id="serge-letters"', 'xml:id="copy"', 1),
                    encoding="utf-8")
    paths = [serge, foreign, copy]
    write_tables(paths, tmp_path / "one", ExportOptions(batch_size=1))
    write_tables(paths, tmp_path / "all", ExportOptions(batch_size=50))
    for name in TABLES:
        assert (tmp_path / "one" / f"{name}.csv").read_bytes() == (tmp_path / "all" / f"{name}.csv").read_bytes()
    again = write_tables(paths, tmp_path / "again", ExportOptions(batch_size=1))  # a new run starts afresh
    assert again.rows["entities"] > 0
    assert (tmp_path / "again" / "entities.csv").read_bytes() == (tmp_path / "one" / "entities.csv").read_bytes()


@pytest.mark.parametrize(("options", "message"), [
    ({"context_words": -1}, "context_words -1: expected a whole number, 0 or more"),
    ({"jobs": 0}, "jobs 0: expected a whole number, 1 or more"),
    ({"batch_size": 2.5}, "batch_size 2.5: expected a whole number, 1 or more"),
    ({"cooccurrence_window": 0}, "cooccurrence_window 0: expected None (the same block) or 1 or more sentences"),
])
def test_export_options_refuse_numbers_that_mean_nothing(options, message):
    """A notebook gets the one-line error the command line gives, not rows cut by a negative window."""
    with pytest.raises(UsageError) as caught:
        ExportOptions(**options)
    assert str(caught.value) == message


def test_write_tables_rejects_unknown_format(tmp_path, serge):
    with pytest.raises(UsageError, match="unknown table format xlsx; expected csv, parquet"):
        write_tables([serge], tmp_path, ExportOptions(formats=("xlsx",)))


def test_export_cli_reports_bad_files_and_exports_the_others(tmp_path, capsys, serge):
    bad = [FIXTURES / name for name in ("bad-empty.xml", "bad-not-well-formed.xml", "bad-not-tei.xml",
                                        "bad-external-entity.xml")]
    code = main(["export", str(serge), *map(str, bad), str(tmp_path / "missing.xml"),
                 "-o", str(tmp_path / "out"), "--format", "both", "--context-words", "3"])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 5 and all(line.startswith("tei-toolkit export: ") for line in lines)
    assert "TOP-SECRET" not in captured.err + captured.out
    assert "missing.xml: no such file" in captured.err
    frame = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert frame["id"].tolist() == ["serge-letters"]
    assert (tmp_path / "out" / "mentions.parquet").exists()
    assert "TOP-SECRET" not in (tmp_path / "out" / "mentions.csv").read_text(encoding="utf-8")


def test_export_cli_exit_zero_and_summary(tmp_path, capsys, serge):
    assert main(["export", str(serge), "-o", str(tmp_path)]) == 0
    assert "16 mentions" in capsys.readouterr().out


def test_export_cli_usage_error_for_bad_jobs(tmp_path, capsys, serge):
    assert main(["export", str(serge), "-o", str(tmp_path), "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_data_dictionary_names_every_column():
    from export_helpers import ROOT

    text = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    for name, columns in TABLES.items():
        assert f"## {name}" in text
        for column in columns:
            assert f"| `{column.name}` |" in text, (name, column.name)


def test_export_cli_registers_folder_fills_labels(tmp_path, foreign):
    folder = tmp_path / "authority"
    folder.mkdir()
    (folder / "persons.xml").write_bytes((FIXTURES / "persons-register.xml").read_bytes())
    assert main(["export", "--registers", str(folder), str(foreign), "-o", str(tmp_path / "out")]) == 0
    mentions = pd.read_csv(tmp_path / "out" / "mentions.csv")
    assert set(mentions.loc[mentions["entity"] == "goethe", "label"]) == {"Johann Wolfgang von Goethe"}


def test_export_cli_bad_register_is_a_usage_error(tmp_path, capsys, serge):
    code = main(["export", str(serge), "--registers", str(FIXTURES / "bad-empty.xml"), "-o", str(tmp_path)])
    assert code == 2 and "cannot read register" in capsys.readouterr().err


LETTER = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{id}"><teiHeader><fileDesc><titleStmt><title>T</title>'
          '</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>'
          '<text><body><p><persName ref="#x">X</persName></p></body></text>{standoff}</TEI>')


@pytest.mark.parametrize("engine", ["xslt", "lxml"])
def test_write_tables_label_comes_from_this_or_an_earlier_document_whatever_the_batches(tmp_path, engine):
    # "a" mentions #x before "b" holds the entry: a's row has no label, however the files are batched
    (tmp_path / "a.xml").write_text(LETTER.format(id="a", standoff=""), encoding="utf-8")
    (tmp_path / "b.xml").write_text(LETTER.format(id="b", standoff=(
        '<standOff><listPerson><person xml:id="x"><persName>Xavier</persName></person></listPerson></standOff>')),
        encoding="utf-8")
    paths = [tmp_path / "a.xml", tmp_path / "b.xml"]
    outputs = []
    for number, options in enumerate((ExportOptions(batch_size=1, engine=engine),
                                      ExportOptions(batch_size=20, engine=engine),
                                      ExportOptions(batch_size=1, jobs=2, engine=engine))):
        write_tables(paths, tmp_path / f"out{number}", options)
        outputs.append((tmp_path / f"out{number}" / "mentions.csv").read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    labels = pd.read_csv(tmp_path / "out1" / "mentions.csv")["label"].tolist()
    assert pd.isna(labels[0]) and labels[1] == "Xavier"


def test_export_leaves_the_garbage_collector_as_it_found_it(tmp_path, serge):
    import gc

    from tei_toolkit.export.run import collector_relaxed

    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    write_tables([serge], tmp_path / "out", ExportOptions(engine="lxml"))
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
    with pytest.raises(RuntimeError):
        with collector_relaxed():
            assert gc.get_threshold()[0] > before[0][0]
            raise RuntimeError("a sink failed")
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


_CELLS = st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
                   st.sampled_from(['"', ",", "\n", "\r", "\r\n", '""', " , ", "é,\"ü\"\n"]))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(st.lists(_CELLS, min_size=width, max_size=width), min_size=1, max_size=6)))
def test_csv_text_writes_what_the_standard_csv_writer_writes(rows):
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerows(rows)
    assert csv_text(rows) == expected.getvalue()


def test_csv_text_reads_back_as_the_same_cells():
    rows = [["a", 'say "hi"', "x,y", "two\nlines", ""], ["é", None, "\r", '"', "plain"]]
    back = list(csv.reader(io.StringIO(csv_text(rows), newline="")))
    assert back == [["a", 'say "hi"', "x,y", "two\nlines", ""], ["é", "", "\r", '"', "plain"]]


def test_csv_text_writes_booleans_numbers_and_missing_values_as_the_tables_document_them():
    assert csv_text([["a", True, False, 3, 2.5, float("nan"), None]]) == "a,true,false,3,2.5,,\r\n"


def test_export_shows_the_files_done_on_a_terminal(tmp_path, terminal, serge):
    for number in range(PROGRESS_MINIMUM + 1):
        (tmp_path / "tei").mkdir(exist_ok=True)
        (tmp_path / "tei" / f"letters-{number:02d}.xml").write_bytes(serge.read_bytes())
    terminal()
    write_tables([tmp_path / "tei"], tmp_path / "out", ExportOptions(batch_size=4, network=()))
    shown = sys.stderr.getvalue()
    total = PROGRESS_MINIMUM + 1
    assert shown.endswith(f"] {total}/{total}\n") and shown.startswith("\rexporting [")
    terminal()
    write_tables([tmp_path / "tei"], tmp_path / "quiet", ExportOptions(network=(), progress=False))
    assert sys.stderr.getvalue() == ""
