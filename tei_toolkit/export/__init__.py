"""Tables for analysis: documents, mentions, entities (registers) and co-occurrence.

``tables(paths)`` returns typed pandas DataFrames; ``write_tables(paths, out_dir)`` streams
them to CSV (RFC 4180, UTF-8) and Parquet, plus the co-occurrence network as GraphML/GEXF.
``tei_toolkit.export(paths)`` is ``tables(paths)``.
The per-document tables come from XSLT 3.0 stylesheets (``xslt/tei-to-<table>.xsl``);
the columns are documented in ``docs/tables.md`` and listed in ``export.schema``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from typing import TYPE_CHECKING

from .._callable import make_callable
from ..corpus import chunks
from ..errors import UsageError
from ..xmlio import io_problem, open_atomic
from .network import WRITERS as NETWORK_WRITERS, network_nodes
from .options import ExportOptions
from .run import ExportReport, check_paths, export
from .schema import TABLES
from .sinks import CsvSink, ParquetSink, parquet_available

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "parquet")


def read_table(path: str | os.PathLike[str], name: str) -> pd.DataFrame:
    """Read one CSV written by ``write_tables`` back with the documented dtypes."""
    from .frames import read_table as read

    return read(path, name)


def read_tables(folder: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """Every table CSV in ``folder`` (as written by ``write_tables``) as a typed DataFrame."""
    from .frames import read_tables as read

    return read(folder)


def tables(paths: Iterable[str | os.PathLike[str]], options: ExportOptions = ExportOptions()
           ) -> dict[str, pd.DataFrame]:
    """The four tables of the TEI files (or folders) in ``paths``, as typed DataFrames.

    The rows stream to CSV files in a temporary folder, which ``read_tables`` reads back: memory
    then holds the DataFrames, not every row as Python objects too. Raises the first file's error
    (``SourceError``) when a file cannot be read; use ``write_tables`` to export what can be read
    and report the rest.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tei-toolkit-tables-") as folder:
        report = write_tables(paths, folder, replace(options, formats=("csv",), network=()))
        if report.errors:
            from ..errors import SourceError

            raise SourceError(report.errors[0] + (f" (and {len(report.errors) - 1} more)"
                                                  if len(report.errors) > 1 else ""))
        return read_tables(folder)


def write_tables(paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                 options: ExportOptions = ExportOptions()) -> ExportReport:
    """Stream the tables of ``paths`` into ``out_dir``: ``<table>.csv`` and/or ``<table>.parquet``,
    plus ``cooccurrence.graphml`` / ``.gexf``. Bad files are reported in ``report.errors``; the
    others are exported."""
    unknown = [fmt for fmt in options.formats if fmt not in FORMATS]
    if unknown or not options.formats:
        raise UsageError(f"unknown table format {', '.join(unknown) or '(none)'}; expected csv, parquet")
    unknown = [kind for kind in options.network if kind not in NETWORK_WRITERS]
    if unknown:
        raise UsageError(f"unknown network format {', '.join(unknown)}; expected graphml, gexf")
    if "parquet" in options.formats and not parquet_available():
        raise UsageError("parquet needs pyarrow; install tei-toolkit[parquet] or use --format csv")
    files = check_paths(paths)
    folder = Path(out_dir)
    try:
        return _write(files, folder, options)
    except OSError as error:  # the inputs' own I/O errors are already one line each in the report
        where = error.filename or folder
        raise UsageError(f"{where}: cannot write the tables ({io_problem(where, error)}); "
                         "expected a folder that can be written") from None


def _write(files: list[str], folder: Path, options: ExportOptions) -> ExportReport:
    """``write_tables`` once its arguments are checked: every table is written, or none."""
    sinks: dict[str, list] = {name: [] for name in TABLES}
    report = ExportReport()
    ok = False
    try:
        for name in TABLES:
            if "csv" in options.formats:
                sinks[name].append(CsvSink(folder, name))
            if "parquet" in options.formats:
                sinks[name].append(ParquetSink(folder, name))
        aggregator = export(files, options, sinks, report=report)
        entities = aggregator.entity_rows()
        report.rows["entities"] = len(entities)
        for sink in sinks["entities"]:
            sink.write(entities)
        report.rows["cooccurrence"] = len(aggregator.pairs)
        for rows in chunks(aggregator.cooccurrence_rows(), 1000):  # a corpus may have millions of pairs
            for sink in sinks["cooccurrence"]:
                sink.write(rows)
        for table_sinks in sinks.values():  # what a sink still holds is written while errors can still discard all
            for sink in table_sinks:
                sink.flush()
        ok = True
    finally:
        failed: OSError | None = None
        for table_sinks in sinks.values():
            for sink in table_sinks:
                try:
                    sink.close(ok=ok and failed is None)  # after a failed one, the others are discarded
                except OSError as error:
                    failed = failed or error
                else:
                    if ok and failed is None:
                        report.outputs.append(str(sink.path))
        if failed is not None:
            raise failed
    nodes = network_nodes(entities, aggregator.pairs) if options.network else []
    for kind in options.network:
        target = folder / f"cooccurrence.{kind}"
        with open_atomic(target) as handle:
            NETWORK_WRITERS[kind](handle, nodes, aggregator.cooccurrence_rows())
        report.outputs.append(str(target))
    return report


make_callable(__name__, tables)  # tei_toolkit.export(paths) is tables(paths)

__all__ = ["ExportOptions", "ExportReport", "TABLES", "read_table", "read_tables", "tables",
           "write_tables"]
