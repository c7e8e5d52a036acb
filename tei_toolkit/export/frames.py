"""Rows → pandas DataFrames with the documented dtypes, and CSV files → the same DataFrames."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..errors import SourceError, UsageError
from .schema import PANDAS_DTYPES, TABLES, Column


class TableError(SourceError):
    """A cell that does not hold what its column's type needs, named by file, row and column in one line."""


_EXPECTED = {"int": "a whole number", "Int": "a whole number or an empty cell", "float": "a number",
             "bool": "true or false"}


def _refuse(series: pd.Series, bad: pd.Series, column: Column, first_row: int) -> TableError:
    """The error for the first of the ``bad`` cells (and how many more there are)."""
    rows = bad.to_numpy().nonzero()[0]
    value = series.iloc[rows[0]]
    shown = "empty" if value is None or value is pd.NA or value != value else repr(str(value))
    more = f" ({len(rows) - 1} more row(s) like it)" if len(rows) > 1 else ""
    return TableError(f"row {rows[0] + first_row}, column {column.name}: {shown}; "
                      f"expected {_EXPECTED[column.kind]}{more}")


def _convert(series: pd.Series, column: Column, first_row: int = 1) -> pd.Series:
    """``series`` as ``column``'s dtype; a cell that cannot be one raises ``TableError`` (rows
    numbered from ``first_row``), since coercing it to NA would lose it without a word."""
    if column.kind == "datetime":
        if pd.api.types.is_datetime64_any_dtype(series):  # read from Parquet: typed already
            return series.astype(PANDAS_DTYPES["datetime"])
        # dates with a UTC offset become UTC; dates without one are taken as they are
        parsed = pd.to_datetime(series.astype("string"), format="ISO8601", errors="coerce", utc=True)
        return parsed.dt.tz_convert(None).astype(PANDAS_DTYPES["datetime"])
    if column.kind == "bool":
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            mapped = series.map({True: True, False: False, "True": True, "False": False,
                                 "true": True, "false": False}, na_action="ignore")
            bad = mapped.isna() & series.notna()
            if bad.any():
                raise _refuse(series, bad, column, first_row)
            series = mapped
        return series.astype("boolean")
    if column.kind in ("int", "Int", "float") and (series.dtype == object or pd.api.types.is_string_dtype(series)):
        if series.dtype != object:
            try:  # what export wrote: pandas' own parsing, the fast way
                return series.astype(PANDAS_DTYPES[column.kind])
            except (ValueError, TypeError):
                pass  # an edited cell: "2.0" is still 2, anything else is named below
        numbers = pd.to_numeric(series.astype(object), errors="coerce")
        bad = numbers.isna() & series.notna()
        if column.kind != "float":
            bad |= numbers.notna() & (numbers % 1 != 0)
        if column.kind == "int":
            bad |= series.isna()
        if bad.any():
            raise _refuse(series, bad, column, first_row)
        series = numbers
    if column.kind == "string":  # CSV cannot tell "" from missing: both are NA everywhere
        return series.replace("", None).astype("string")
    return series.astype(PANDAS_DTYPES[column.kind])


def frame(name: str, rows: list) -> pd.DataFrame:
    """The table ``name`` from rows (dicts keyed by column, or lists in column order, where a
    datetime column holds its ISO text): documented columns, in order, with their dtypes."""
    columns = TABLES[name]
    data = {}
    for position, column in enumerate(columns):
        if rows and not isinstance(rows[0], dict):
            values = [row[position] or None for row in rows]
        else:
            source = f"{column.name}_text" if column.kind == "datetime" else column.name
            values = [row.get(source) for row in rows]
        data[column.name] = _convert(pd.Series(values, dtype=object), column)
    return pd.DataFrame(data, columns=[column.name for column in columns])


def read_table(path: str | os.PathLike[str], name: str) -> pd.DataFrame:
    """Read one table written by ``write_tables`` (``.csv``, or ``.parquet`` with pyarrow) back with the
    documented dtypes. A cell its column cannot hold raises ``TableError``, naming the file, the row
    (in a CSV file the header is row 1) and the column."""
    columns = TABLES[name]
    if _is_parquet(path):
        raw, first_row = pd.read_parquet(_parquet_with_pyarrow(path)), 1
    else:
        raw, first_row = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8"), 2
    data = {}
    for column in columns:
        series = raw[column.name] if column.name in raw else pd.Series([None] * len(raw), dtype=object)
        try:
            data[column.name] = _convert(series, column, first_row=first_row)
        except TableError as error:
            raise TableError(error.message, path=str(path)) from None
    return pd.DataFrame(data, columns=[column.name for column in columns])


def column_names(path: str | os.PathLike[str]) -> list[str]:
    """The column names of a table file (the CSV header, or the Parquet schema), without its rows."""
    if _is_parquet(path):
        import pyarrow.parquet as pq

        return list(pq.read_schema(_parquet_with_pyarrow(path)).names)
    return list(pd.read_csv(path, nrows=0, encoding="utf-8").columns)


def _is_parquet(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() == ".parquet"


def _parquet_with_pyarrow(path: str | os.PathLike[str]) -> str | os.PathLike[str]:
    """``path``, once pyarrow is known to be there to read it."""
    from .sinks import parquet_available

    if not parquet_available():
        raise UsageError(f"{path}: reading Parquet needs pyarrow; install tei-toolkit[parquet] or use the CSV table")
    return path


def read_tables(folder: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """Every table CSV in ``folder`` (as written by ``write_tables``) as a typed DataFrame."""
    return {name: read_table(Path(folder) / f"{name}.csv", name)
            for name in TABLES if (Path(folder) / f"{name}.csv").exists()}
