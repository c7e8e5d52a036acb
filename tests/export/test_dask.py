"""``tei-toolkit export --scheduler``: batches read by the workers of a real Dask cluster."""

from __future__ import annotations

import pytest
from export_helpers import FIXTURES

from tei_toolkit.cli import main
from tei_toolkit.export.schema import TABLES

distributed = pytest.importorskip("distributed")


def test_export_cli_on_a_dask_cluster_writes_the_same_files_as_in_process(tmp_path, serge, foreign):
    paths = [str(serge), str(foreign)] * 3
    bad = str(FIXTURES / "bad-not-well-formed.xml")
    local = main(["export", *paths, bad, "-o", str(tmp_path / "local")])
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        remote = main(["export", *paths, bad, "-o", str(tmp_path / "dask"),
                       "--scheduler", cluster.scheduler_address])
        remote_lxml = main(["export", *paths, bad, "-o", str(tmp_path / "dask-lxml"), "--engine", "lxml",
                            "--scheduler", cluster.scheduler_address])
    assert local == remote == remote_lxml == 2  # the bad file is reported either way, the others exported
    for name in TABLES:
        for run in ("dask", "dask-lxml"):
            assert ((tmp_path / "local" / f"{name}.csv").read_bytes()
                    == (tmp_path / run / f"{name}.csv").read_bytes()), (run, name)
    for kind in ("graphml", "gexf"):
        assert ((tmp_path / "local" / f"cooccurrence.{kind}").read_bytes()
                == (tmp_path / "dask" / f"cooccurrence.{kind}").read_bytes())


def test_export_cli_unreachable_scheduler_is_one_usage_line(tmp_path, capsys, serge):
    code = main(["export", str(serge), "-o", str(tmp_path / "out"),
                 "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
