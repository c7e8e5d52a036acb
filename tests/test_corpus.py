"""corpus.py: finding files and running a stage serially, in a process pool, and on Dask."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from tei_toolkit.corpus import PROGRESS_MINIMUM, Progress, entity_counts, find_files, iter_stage, run_stage
from tei_toolkit.errors import UsageError

LETTER = Path(__file__).parent / "fixtures" / "corpus" / "letter.xml"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    for index in range(6):
        shutil.copy(LETTER, tmp_path / f"letter-{index}.xml")
    (tmp_path / "notes.txt").write_text("not TEI", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(LETTER, tmp_path / ".hidden" / "skipped.xml")
    (tmp_path / "broken.xml").write_text("<TEI><text>", encoding="utf-8")
    return tmp_path


def test_find_files_expands_folders_by_suffix_and_skips_hidden(corpus: Path) -> None:
    files = find_files([corpus], (".xml",))
    assert [f.name for f in files] == ["broken.xml"] + [f"letter-{i}.xml" for i in range(6)]


def test_find_files_keeps_a_named_file_whatever_its_suffix(corpus: Path) -> None:
    assert find_files([corpus / "notes.txt"], (".xml",)) == [corpus / "notes.txt"]


def test_find_files_rejects_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or folder"):
        find_files([tmp_path / "absent"], (".xml",))


def test_entity_counts_counts_each_kind_in_the_text() -> None:
    assert entity_counts(LETTER) == {"id": "letter-1820", "file": str(LETTER),
                                     "persName": 1, "placeName": 2, "orgName": 1}


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_stage_keeps_order_and_reports_a_bad_file_without_stopping(corpus: Path, jobs: int) -> None:
    files = find_files([corpus], (".xml",))
    outcomes = run_stage(entity_counts, files, jobs=jobs, chunksize=2, progress=False)
    assert [o.item for o in outcomes] == files
    assert not outcomes[0].ok and outcomes[0].exit_code == 2
    assert "broken.xml:1" in outcomes[0].error and "not well-formed" in outcomes[0].error
    assert all(o.ok and o.value["placeName"] == 2 for o in outcomes[1:])


def test_run_stage_on_a_dask_cluster_gives_the_same_outcomes(corpus: Path) -> None:
    distributed = pytest.importorskip("distributed")
    files = find_files([corpus], (".xml",))
    local = run_stage(entity_counts, files, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        remote = run_stage(entity_counts, files, scheduler=cluster.scheduler_address,
                           chunksize=3, progress=False)
        with distributed.Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == 2
    assert [(o.item, o.value, o.error) for o in remote] == [(o.item, o.value, o.error) for o in local]


def test_run_stage_names_an_unreachable_scheduler() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        run_stage(entity_counts, [LETTER], scheduler="tcp://127.0.0.1:9", progress=False,
                  connect_timeout=1)


def test_iter_stage_yields_outcomes_in_order_with_a_bounded_window(corpus: Path) -> None:
    files = find_files([corpus], (".xml",)) * 5
    streamed = list(iter_stage(entity_counts, files, jobs=2, chunksize=2, window=2, progress=False))
    assert [o.item for o in streamed] == files
    assert [o.value for o in streamed] == [o.value for o in run_stage(entity_counts, files, progress=False)]


def test_progress_shows_on_a_terminal_for_a_long_run_only(monkeypatch: pytest.MonkeyPatch, terminal) -> None:
    terminal()
    assert Progress(PROGRESS_MINIMUM, "working").enabled
    assert not Progress(PROGRESS_MINIMUM - 1, "working").enabled
    assert Progress(3, "working", enabled=True).enabled
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not Progress(1000, "working").enabled


def test_progress_bar_ends_at_the_total_on_its_own_line(terminal) -> None:
    terminal()
    bar = Progress(40, "working")
    bar.advance(25)
    bar.advance(15)
    bar.close()
    assert sys.stderr.getvalue().endswith("\rworking [" + "#" * 30 + "] 40/40\n")
