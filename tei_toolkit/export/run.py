"""Drive the export: batches of files → rows (in this process or a pool) → sinks and aggregates.

Batches stream: at most two batches per worker are in flight, and each batch's rows are written
and dropped before the next is taken, so peak memory does not grow with the corpus.
"""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..corpus import Progress, chunks, iter_stage
from ..errors import UsageError
from .aggregate import Aggregator
from .extract import Batch, extract_batch
from .options import ENGINES, ExportOptions


@dataclass
class ExportReport:
    """What an export did: files read, rows per table, outputs written, one-line errors."""

    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def collector_relaxed() -> Iterator[None]:
    """Let Python's cyclic garbage collector run rarely while rows stream through.

    The rows hold no reference cycles, yet each batch allocates enough of them to start many collections,
    and each collection walks the process's long-lived objects. Freezing those and raising the thresholds
    saved about a tenth of an export's time (benchmarks/export_throughput.py). The collector's settings
    are restored afterwards (a program that froze objects itself keeps them frozen).
    """
    threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()


def _start_worker(options: ExportOptions) -> None:
    """Prepare a local worker process before its first batch: the collector relaxed for its life
    (the process is ours), and the stylesheet compiled for the XSLT engine."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    if options.engine == "xslt":
        from .extract import _executable

        _executable(options)


def batches(paths: Iterable[str | os.PathLike[str]], options: ExportOptions) -> Iterator[Batch]:
    """Extract rows batch by batch, in input order: in this process, in ``jobs`` worker processes
    or on the Dask cluster at ``options.scheduler``, with a bounded number of batches in flight
    (``corpus.iter_stage``)."""
    files = [str(path) for path in paths]
    batches_of_files = list(chunks(files, options.batch_size))
    jobs = options.jobs if len(batches_of_files) > 1 else 1
    # lets each process skip the entries it already sent in this export; a local process takes its
    # batches in corpus order, a Dask worker need not, so on Dask every batch sends all its entries
    run = None if options.scheduler else uuid.uuid4().hex
    bar = Progress(len(files), "exporting", enabled=options.progress)
    try:
        for outcome in iter_stage(partial(extract_batch, options=options, run=run), batches_of_files, jobs=jobs,
                                  scheduler=options.scheduler, chunksize=1, label="export",
                                  progress=False, initializer=partial(_start_worker, options)
                                  if jobs > 1 else None):
            bar.advance(len(outcome.item))
            if outcome.ok:
                yield outcome.value
            else:
                yield Batch(errors=[outcome.error])
    finally:
        bar.close()


def register_entries(options: ExportOptions) -> list[dict]:
    """Entity rows of the register files (or folders of them) named in the options (errors raise)."""
    if not options.registers:
        return []
    files: list[str] = []
    for path in map(Path, options.registers):
        if path.is_dir():
            files.extend(str(p) for p in sorted(path.glob("*.xml")))
        else:
            files.append(str(path))
    batch = extract_batch(files, options)
    if batch.errors:
        raise UsageError(f"cannot read register: {batch.errors[0]}")
    for row in batch.rows["entities"]:
        row["source"] = row["file"]
    return batch.rows["entities"]


def export(paths: Iterable[str | os.PathLike[str]], options: ExportOptions, sinks: dict[str, object],
           *, report: ExportReport) -> Aggregator:
    """Stream every batch into ``sinks`` (objects with ``write(rows)``) and return the aggregates."""
    if options.engine not in ENGINES:
        raise UsageError(f"unknown export engine {options.engine!r}; expected {', '.join(ENGINES)}")
    aggregator = Aggregator(window=options.cooccurrence_window)
    aggregator.add_entries(register_entries(options))
    with collector_relaxed():
        for batch in batches(paths, options):
            report.files += batch.files
            report.errors.extend(batch.errors)
            aggregator.add_batch([row[0] for row in batch.rows["documents"]], batch.rows["entities"],
                                 batch.rows["mentions"])
            for name in ("documents", "mentions"):
                rows = batch.rows[name]
                report.rows[name] = report.rows.get(name, 0) + len(rows)
                for sink in sinks.get(name, ()):
                    sink.write(rows)
    return aggregator


def check_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The TEI files to export: folders expand to their .xml files, sorted; one path may be given alone."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(str(p) for p in sorted(path.rglob("*.xml"))
                         if not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            files.append(str(path))
    if not files:
        raise UsageError("no TEI files given; expected files or folders holding .xml files")
    return files


__all__ = ["ExportReport", "batches", "check_paths", "export", "register_entries"]
