"""The per-document stages on a real Dask cluster give the same files as a local run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_toolkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpus" / "sources"
DATE = "2026-11-26"


@pytest.fixture(scope="module")
def scheduler() -> str:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        yield cluster.scheduler_address


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.xml"))}


def test_convert_and_annotate_with_scheduler_match_a_local_run(scheduler: str, tmp_path: Path) -> None:
    for where, extra in (("local", []), ("dask", ["--scheduler", scheduler])):
        assert main(["convert", str(SOURCES), "-o", str(tmp_path / where / "tei"),
                     "--change-date", DATE, *extra]) == 0
        assert main(["annotate", str(tmp_path / where / "tei"), "-o", str(tmp_path / where / "annotated"),
                     "--change-date", DATE, *extra]) == 0
    assert _files(tmp_path / "dask" / "annotated") == _files(tmp_path / "local" / "annotated")
    assert _files(tmp_path / "local" / "annotated") == _files(ROOT / "corpus" / "tei")


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    code = main(["render", str(ROOT / "corpus" / "tei"), "-o", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "cannot reach the Dask scheduler" in err
