"""``tei-toolkit build``: the whole pipeline over a corpus folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tei_toolkit.cli import main
from tei_toolkit.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATE = "2026-11-26"  # the date corpus/tei was generated with
INVALID_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Broken</title></titleStmt>
    <publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
  <text><body><p>Serge in <span>Paris</span>.</p></body></text>
</TEI>
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "edition"
    assert main(["build", str(CORPUS), "-o", str(out), "--change-date", DATE]) == 0
    return out


def test_build_writes_tei_report_site_and_tables(built: Path) -> None:
    assert (built / "tei" / "victor-serge-a-life-in-revolution.xml").is_file()
    assert "1 valid, 0 invalid" in (built / "validation.txt").read_text(encoding="utf-8")
    for page in ("index.html", "persons.html", "places.html", "orgs.html",
                 "victor-serge-a-life-in-revolution.html"):
        assert (built / "site" / page).is_file(), page
    for table in ("documents.csv", "mentions.csv", "entities.csv"):
        assert (built / "tables" / table).is_file(), table


def test_build_report_lists_the_boilerplate_left_out(built: Path) -> None:
    report = (built / "build-report.txt").read_text(encoding="utf-8")
    assert "Add new comment" in report
    assert "By continuing to use this website, you agree to our Privacy Policy and Terms & Conditions." in report


def test_build_output_matches_the_committed_corpus_tei(built: Path) -> None:
    for committed in (CORPUS / "tei").glob("*.xml"):
        assert (built / "tei" / committed.name).read_bytes() == committed.read_bytes(), (
            f"corpus/tei/{committed.name} is stale: regenerate it with "
            f"`tei-toolkit build -o build/edition --change-date {DATE}` and copy tei/")


def test_build_prints_a_one_screen_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(CORPUS), "-o", str(tmp_path / "out"), "--change-date", DATE]) == 0
    summary = capsys.readouterr().out
    assert "built 1 document(s)" in summary
    assert "mentions: 32 persons, 15 places, 11 organisations" in summary
    assert "index.html" in summary and len(summary.splitlines()) < 25


def test_build_stops_on_an_invalid_document_with_exit_1(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "authority", corpus / "authority")
    (corpus / "sources").mkdir()
    shutil.copy(CORPUS / "sources" / "victor-serge-a-life-in-revolution.txt", corpus / "sources")
    (corpus / "sources" / "broken.xml").write_text(INVALID_TEI, encoding="utf-8")
    assert main(["build", str(corpus), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.xml:5" in err
    assert "invalid" in (tmp_path / "out" / "validation.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "out" / "site").exists()


def test_build_refuses_a_folder_without_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.strip().endswith("no sources/ folder; expected a corpus folder with sources/ and authority/")


def test_build_on_a_dask_cluster_writes_the_same_tei_and_tables(built: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    import tei_toolkit.export

    export_schedulers = []
    write_tables = tei_toolkit.export.write_tables
    monkeypatch.setattr(tei_toolkit.export, "write_tables", lambda paths, out, options: (
        export_schedulers.append(options.scheduler), write_tables(paths, out, options))[1])
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        build(CORPUS, tmp_path, options=BuildOptions(scheduler=cluster.scheduler_address,
                                                     change_date=DATE))
    assert export_schedulers == [cluster.scheduler_address]
    name = "victor-serge-a-life-in-revolution.xml"
    assert (tmp_path / "tei" / name).read_bytes() == (built / "tei" / name).read_bytes()
    for table in ("documents", "mentions", "entities", "cooccurrence"):  # documents.file names each build's TEI
        data = (tmp_path / "tables" / f"{table}.csv").read_bytes().replace(bytes(tmp_path), bytes(built))
        assert data == (built / "tables" / f"{table}.csv").read_bytes()


def test_build_console_script_runs_from_a_fresh_process(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "tei_toolkit", "build", "-o", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_build_with_no_convertible_source_is_one_line_and_exit_2(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "empty.txt").write_bytes(b"")
    assert main(["build", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no document could be converted" in err and "empty.txt" in err
