"""The two export engines give the same tables: the XSLT stylesheets (the definition) and the lxml reader.

Compared row for row on our fixtures, the bundled corpus, the benchmark's synthetic letters and the
real TEI of ../shared/tei-samples, in batches of several sizes, and file for file through
``write_tables`` and the command line.
"""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest
from export_helpers import FIXTURES, ROOT, SHARED
from hypothesis import given
from hypothesis import strategies as st

from tei_toolkit.cli import main
from tei_toolkit.errors import SourceError, UsageError
from tei_toolkit.export import ExportOptions, tables, write_tables
from tei_toolkit.export.extract import context_left, context_right, extract_batch

TEI_DOC = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{id}"><teiHeader><fileDesc><titleStmt><title>T'
           '</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>'
           '</teiHeader><text><body>{body}</body></text></TEI>')


def _rows(paths: list[Path], options: ExportOptions, batch_size: int) -> tuple[dict, list[str]]:
    rows: dict[str, list] = {"documents": [], "mentions": [], "entities": []}
    errors: list[str] = []
    files = [str(path) for path in paths]
    run = f"{options.engine}-{batch_size}-{options.context_words}-{id(paths)}"
    for start in range(0, len(files), batch_size):
        batch = extract_batch(files[start:start + batch_size], options, run=run)
        for name in rows:
            rows[name].extend(batch.rows[name])
        errors.extend(batch.errors)
    return rows, sorted(errors)


def _assert_same_rows(paths: list[Path], *, batch_size: int, context_words: int) -> None:
    options = ExportOptions(context_words=context_words)
    xslt = _rows(paths, replace(options, engine="xslt"), batch_size)
    lxml = _rows(paths, replace(options, engine="lxml"), batch_size)
    for name in ("documents", "mentions", "entities"):
        assert len(lxml[0][name]) == len(xslt[0][name]), name
        for ours, reference in zip(lxml[0][name], xslt[0][name]):
            assert ours == reference, name
    assert lxml[1] == xslt[1]


def _synthetic(folder: Path, count: int) -> list[Path]:
    spec = importlib.util.spec_from_file_location("export_throughput", ROOT / "benchmarks" / "export_throughput.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(folder, count)


def test_engines_give_identical_rows_on_the_test_fixtures():
    paths = sorted((ROOT / "tests" / "fixtures").rglob("*.xml"))
    _assert_same_rows(paths, batch_size=7, context_words=8)
    _assert_same_rows(paths, batch_size=1, context_words=0)


def test_engines_give_identical_rows_on_the_bundled_corpus():
    paths = sorted((ROOT / "corpus").rglob("*.xml"))
    _assert_same_rows(paths, batch_size=20, context_words=8)


def test_engines_give_identical_rows_on_the_benchmark_letters(tmp_path):
    paths = _synthetic(tmp_path, 40)
    _assert_same_rows(paths, batch_size=20, context_words=8)
    _assert_same_rows(paths, batch_size=3, context_words=3)


@pytest.mark.skipif(not (SHARED / "tei-samples").is_dir(), reason="../shared/tei-samples absent")
def test_engines_give_identical_rows_on_real_tei_from_other_projects():
    paths = sorted((SHARED / "tei-samples").rglob("*.xml"))
    _assert_same_rows(paths, batch_size=7, context_words=8)


def test_engines_write_byte_identical_table_files(tmp_path, serge, foreign):
    register = FIXTURES / "persons-register.xml"
    paths = [serge, foreign, *sorted((ROOT / "corpus" / "tei").glob("*.xml"))]
    outputs = {}
    for engine in ("xslt", "lxml"):
        out = tmp_path / engine
        write_tables(paths, out, ExportOptions(engine=engine, registers=(str(register),)))
        outputs[engine] = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    assert sorted(outputs["lxml"]) == sorted(outputs["xslt"]) != []
    for name, data in outputs["xslt"].items():
        assert outputs["lxml"][name] == data, name


def test_cli_export_engine_lxml_writes_the_same_tables(tmp_path, capsys):
    corpus = str(ROOT / "corpus" / "tei")
    assert main(["export", corpus, "-o", str(tmp_path / "default")]) == 0
    assert main(["export", corpus, "-o", str(tmp_path / "lxml"), "--engine", "lxml"]) == 0
    for table in ("documents", "mentions", "entities", "cooccurrence"):
        assert ((tmp_path / "lxml" / f"{table}.csv").read_bytes()
                == (tmp_path / "default" / f"{table}.csv").read_bytes())


def test_cli_export_unknown_engine_exits_2_with_usage(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["export", str(ROOT / "corpus" / "tei"), "-o", str(tmp_path), "--engine", "fast"])
    assert stopped.value.code == 2
    assert "invalid choice: 'fast'" in capsys.readouterr().err


def test_tables_unknown_engine_is_a_one_line_usage_error(serge):
    with pytest.raises(UsageError, match="unknown export engine 'fast'; expected xslt, lxml"):
        tables([serge], ExportOptions(engine="fast"))


def test_engines_agree_on_a_repeated_xml_id_whatever_the_batch(tmp_path):
    twice = tmp_path / "twice.xml"
    twice.write_text(TEI_DOC.format(id="twice", body='<p xml:id="a"><persName ref="#x">X</persName></p>'
                                                   '<p xml:id="a">again</p>'), encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", encoding="utf-8")
    for batch_size in (1, 2):
        _assert_same_rows([twice, broken], batch_size=batch_size, context_words=8)
    rows, errors = _rows([twice, broken], ExportOptions(engine="lxml"), 2)
    assert [row[13] for row in rows["mentions"]] == ["X"]
    assert len(errors) == 1 and errors[0].startswith(str(broken))


def test_engines_skip_a_teicorpus_that_holds_only_its_header(tmp_path):
    header_only = tmp_path / "corpus.xml"
    header_only.write_text('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></teiCorpus>',
                           encoding="utf-8")
    for engine in ("xslt", "lxml"):
        report = write_tables([header_only], tmp_path / engine, ExportOptions(engine=engine))
        assert (report.errors, report.files, report.rows["documents"]) == ([], 0, 0)


def _words_before(text: str, start: int, words: int) -> str | None:
    return " ".join(text[:start].split()[-words:]) or None


def _words_after(text: str, end: int, words: int) -> str | None:
    return " ".join(text[end:].split()[:words]) or None


@given(st.text(alphabet=st.sampled_from("ab \t\n\u00a0\u2003é,"), max_size=400), st.data(),
       st.integers(min_value=1, max_value=12))
def test_context_words_are_the_whole_words_next_to_the_mention(text, data, words):
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    assert context_left(text, start, words) == _words_before(text, start, words)
    assert context_right(text, end, words) == _words_after(text, end, words)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_engines_refuse_an_entity_declared_in_a_utf16_or_utf32_file(tmp_path, encoding):
    path = tmp_path / "wide.xml"
    path.write_bytes(('<?xml version="1.0" encoding="%s"?>\n<!DOCTYPE TEI [<!ENTITY who "Serge">]>\n' % encoding
                      + TEI_DOC.format(id="wide", body="<p><persName>&who;</persName></p>")).encode(encoding))
    for engine in ("xslt", "lxml"):
        with pytest.raises(SourceError, match="entity reference &who; is not supported"):
            tables([path], ExportOptions(engine=engine))


def test_engines_read_a_utf16_file_alike(tmp_path):
    path = tmp_path / "wide.xml"
    path.write_bytes(('<?xml version="1.0" encoding="utf-16"?>\n'
                      + TEI_DOC.format(id="wide", body="<p>Mit <persName ref='#vs'>Sérge</persName></p>"))
                     .encode("utf-16"))
    _assert_same_rows([path], batch_size=1, context_words=8)
    assert tables([path], ExportOptions(engine="lxml"))["mentions"]["surface"].tolist() == ["Sérge"]
