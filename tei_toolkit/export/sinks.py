"""Table writers that take rows batch by batch: CSV (RFC 4180, UTF-8) and Parquet (pyarrow).

Each writes to a temporary file in the target folder and renames it into place when closed,
so a failed export leaves the old table or none, never half a file.
"""

from __future__ import annotations

import errno
import math
import os
import tempfile
from pathlib import Path

from ..xmlio import move_into_place
from .schema import TABLES


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _quoted(value: str) -> str:
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def csv_text(rows: list[list]) -> str:
    """RFC 4180 text of ``rows`` (lists of one length), CRLF after each row: the text ``csv.writer``
    writes with minimal quoting, except that None is an empty cell and other values are written as
    ``_cell`` says. Built column by column, since in a batch of rows most columns need no quoting at
    all; csv.writer examines every character of every cell, the largest cost of an export after the
    rows themselves."""
    columns = []
    for column in zip(*rows):
        try:
            joined = "".join(column)
        except TypeError:  # None, numbers
            column = [value if value.__class__ is str else _cell(value) for value in column]
            joined = "".join(column)
        if '"' in joined or "," in joined or "\n" in joined or "\r" in joined:
            column = list(map(_quoted, column))
        columns.append(column)
    if len(columns) == 1:  # a row of one empty cell is written "", not as a blank line
        columns[0] = [value or '""' for value in columns[0]]
    return "".join([line + "\r\n" for line in map(",".join, zip(*columns))])


class _AtomicFile:
    """A temporary file beside ``path`` that becomes ``path`` on commit. Its OSErrors name ``path`` or
    its folder, not the temporary file, and a folder standing at ``path`` is refused before any row."""

    def __init__(self, path: Path, mode: str) -> None:
        self.path = path
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as error:
            raise OSError(error.errno, error.strerror, str(path.parent)) from None
        os.close(fd)

    def commit(self) -> None:
        try:
            move_into_place(self.tmp, self.path)
        except OSError as error:
            self.discard()
            raise OSError(error.errno, error.strerror, str(self.path)) from None

    def discard(self) -> None:
        Path(self.tmp).unlink(missing_ok=True)


class CsvSink(_AtomicFile):
    """``<name>.csv``: header row, CRLF line ends, fields quoted when they hold quotes, commas or newlines."""

    def __init__(self, folder: Path, name: str) -> None:
        super().__init__(folder / f"{name}.csv", "w")
        self.columns = TABLES[name]
        self.handle = open(self.tmp, "w", encoding="utf-8", newline="")
        self.handle.write(csv_text([[column.name for column in self.columns]]))
        # a datetime column is written as the ISO text it came from (``<name>_text``)
        self.names = [(f"{column.name}_text" if column.kind == "datetime" else column.name)
                      for column in self.columns]

    def write(self, rows: list) -> None:
        """Append rows: lists in column order (strings or None), or dicts keyed by column."""
        for start in range(0, len(rows), 1000):  # in slices, so the text of a large table is never whole in memory
            part = rows[start:start + 1000]
            if isinstance(part[0], dict):
                part = [list(map(row.get, self.names)) for row in part]
            self.handle.write(csv_text(part))

    def flush(self) -> None:
        self.handle.flush()

    def close(self, *, ok: bool = True) -> None:
        self.handle.close()
        self.commit() if ok else self.discard()


class ParquetSink(_AtomicFile):
    """``<name>.parquet`` with the documented column types, in row groups of ``ROW_GROUP_ROWS`` rows.

    Rows wait until a row group is full: typing a batch's few hundred rows through pandas cost more
    than the rows themselves, and readers skip through large row groups faster than small ones."""

    ROW_GROUP_ROWS = 10_000

    def __init__(self, folder: Path, name: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        super().__init__(folder / f"{name}.parquet", "wb")
        self.name = name
        kinds = {"string": pa.string(), "int": pa.int64(), "Int": pa.int64(), "float": pa.float64(),
                 "bool": pa.bool_(), "datetime": pa.timestamp("us")}
        self.schema = pa.schema([(column.name, kinds[column.kind]) for column in TABLES[name]])
        self.writer = pq.ParquetWriter(self.tmp, self.schema)
        self.pending: list = []

    def write(self, rows: list) -> None:
        self.pending.extend(rows)
        if len(self.pending) >= self.ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the rows waiting as one row group (when a group is full, and at the end)."""
        import pyarrow as pa

        from .frames import frame

        if self.pending:
            self.writer.write_table(pa.Table.from_pandas(frame(self.name, self.pending), schema=self.schema,
                                                         preserve_index=False))
            self.pending = []

    def close(self, *, ok: bool = True) -> None:
        try:
            if ok:
                self.flush()
        except BaseException:
            ok = False
            raise
        finally:
            self.writer.close()
            self.commit() if ok else self.discard()


def parquet_available() -> bool:
    """True when pyarrow can be imported (the ``parquet`` extra)."""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True
