"""Options several subcommands share, declared once so they read and behave the same."""

from __future__ import annotations

import argparse

from ..errors import UsageError


def add_parallel_options(parser: argparse.ArgumentParser, *, work: str = "the per-document work",
                         scheduler: bool = True) -> None:
    """Add ``--jobs N`` (local processes) and, unless ``scheduler`` is False, ``--scheduler ADDRESS`` (Dask)."""
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help=f"run {work} in N processes (default 1)")
    if scheduler:
        parser.add_argument("--scheduler", metavar="ADDRESS",
                            help=f"run {work} on a Dask cluster instead, e.g. tcp://10.0.0.5:8786 "
                                 "(needs tei-toolkit[dask])")


def check_jobs(jobs: int) -> int:
    """``jobs`` if it is a usable number of worker processes, else a ``UsageError``."""
    if jobs < 1:
        raise UsageError(f"--jobs {jobs}: too few worker processes; expected 1 or more")
    return jobs


def add_change_date(parser: argparse.ArgumentParser) -> None:
    """Add ``--change-date``, the date written in the revisionDesc change of a run."""
    parser.add_argument("--change-date", metavar="YYYY-MM-DD",
                        help="date of the revisionDesc change (default today; pin it for identical bytes)")
