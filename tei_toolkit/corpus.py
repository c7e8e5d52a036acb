"""Find a corpus's files and run one stage over many of them.

A stage function takes one item (usually a path) and returns a picklable value.
``run_stage`` runs it in this process, in a local process pool (``jobs > 1``) or on
a Dask cluster (``scheduler="tcp://host:port"``): the same code, only a flag differs.
One failing item never stops the others: each result is an ``Outcome``.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Generic, TypeVar

from .errors import ToolkitError, UsageError

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What one item gave: a value, or the one-line error that stopped it."""

    item: Any
    value: R | None = None
    error: str | None = None
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def find_files(paths: Iterable[str | os.PathLike[str]], suffixes: Sequence[str]) -> list[Path]:
    """Expand files and folders into a sorted list of files with one of ``suffixes``.

    A file named explicitly is kept whatever its suffix (the stage will say if it cannot
    read it); a folder contributes its matching files, recursively, hidden ones skipped.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*")
                       if p.is_file() and p.suffix.lower() in suffixes
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
            )
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    unique = list(dict.fromkeys(found))
    return unique


def _call(func: Callable[[T], R], item: T) -> Outcome[R]:
    try:
        return Outcome(item, value=func(item))
    except ToolkitError as error:
        return Outcome(item, error=str(error), exit_code=error.exit_code)
    except (OSError, ValueError) as error:
        return Outcome(item, error=f"{getattr(item, 'source', item)}: {error}", exit_code=2)


def _call_chunk(func: Callable[[T], R], chunk: Sequence[T]) -> list[Outcome[R]]:
    return [_call(func, item) for item in chunk]


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), taken as they come."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


PROGRESS_MINIMUM = 20  # items; shorter runs show no progress bar


class Progress:
    """A one-line progress bar on stderr. ``enabled=None``: shown when stderr is a terminal and the
    run has at least ``PROGRESS_MINIMUM`` items."""

    def __init__(self, total: int, label: str, *, enabled: bool | None = None) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.enabled = sys.stderr.isatty() and total >= PROGRESS_MINIMUM if enabled is None else enabled
        self._last = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                             f"{self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.total:
            sys.stderr.write("\n")
            sys.stderr.flush()


def run_stage(func: Callable[[T], R], items: Sequence[T], *, jobs: int = 1,
              scheduler: str | None = None, chunksize: int = 25,
              label: str = "working", progress: bool | None = None,
              initializer: Callable[[], None] | None = None,
              connect_timeout: float = 10.0) -> list[Outcome[R]]:
    """Run ``func`` over ``items`` and return one ``Outcome`` per item, in order.

    ``func`` must be a module-level function (it is pickled for worker processes).
    ``jobs`` > 1 uses a local process pool, each worker compiling what it needs once;
    ``scheduler`` sends chunks of items to a Dask distributed cluster instead.
    """
    return list(iter_stage(func, items, jobs=jobs, scheduler=scheduler, chunksize=chunksize,
                           label=label, progress=progress, initializer=initializer,
                           connect_timeout=connect_timeout))


def iter_stage(func: Callable[[T], R], items: Sequence[T], *, jobs: int = 1,
               scheduler: str | None = None, chunksize: int = 25, window: int | None = None,
               label: str = "working", progress: bool | None = None,
               initializer: Callable[[], None] | None = None,
               connect_timeout: float = 10.0) -> Iterator[Outcome[R]]:
    """Like ``run_stage``, but yield outcomes in order as they come, with at most
    ``window`` chunks in flight (default: two per worker), so memory stays bounded
    however many items there are.
    """
    items = list(items)
    bar = Progress(len(items), label, enabled=progress)
    try:
        if scheduler:
            yield from _iter_dask(func, items, scheduler, chunksize, window, bar, connect_timeout)
            return
        if jobs <= 1 or len(items) <= 1:
            if initializer:
                initializer()
            for item in items:
                outcome = _call(func, item)
                bar.advance()
                yield outcome
            return
        from concurrent.futures import ProcessPoolExecutor  # 10 ms of start-up that one process never needs

        size = max(1, min(chunksize, -(-len(items) // (jobs * 4))))
        with ProcessPoolExecutor(max_workers=jobs, initializer=initializer) as pool:
            yield from _drain(lambda chunk: pool.submit(_call_chunk, func, chunk),
                              chunks(items, size), window or 2 * jobs, bar)
    finally:
        bar.close()


def _drain(submit: Callable[[Sequence[T]], Any], pieces: Iterator[Sequence[T]], window: int,
           bar: Progress) -> Iterator[Outcome[R]]:
    """Keep ``window`` chunks submitted; yield each chunk's outcomes in submission order."""
    pending: deque = deque()
    for chunk in pieces:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from _finish(pending.popleft(), bar)
    while pending:
        yield from _finish(pending.popleft(), bar)


def _finish(future: Any, bar: Progress) -> list[Outcome[R]]:
    outcomes = future.result()
    bar.advance(len(outcomes))
    return outcomes


def _iter_dask(func: Callable[[T], R], items: list[T], scheduler: str, chunksize: int,
               window: int | None, bar: Progress, connect_timeout: float) -> Iterator[Outcome[R]]:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask; expected `pip install 'tei-toolkit[dask]'`") from None
    try:
        client = Client(scheduler, timeout=f"{connect_timeout}s", set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        yield from _drain(lambda chunk: client.submit(_call_chunk, func, chunk, pure=False),
                          chunks(items, chunksize), window or 2 * workers, bar)
    finally:
        client.close()


def entity_counts(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A stage that summarises one TEI file: its id and how many entities of each kind it marks.

    Used by ``build`` for its summary, and small enough to ship to any worker.
    """
    from .xmlio import NS, read_tei

    root = read_tei(path).getroot()
    body = root.find("tei:text", NS)
    counts = {kind: 0 for kind in ("persName", "placeName", "orgName")}
    if body is not None:
        for kind in counts:
            counts[kind] = len(body.findall(f".//tei:{kind}", NS))
    doc_id = root.get("{http://www.w3.org/XML/1998/namespace}id") or Path(path).stem
    return {"id": doc_id, "file": str(path), **counts}
