"""Rows → pandas DataFrames with the documented dtypes, and CSV files → the same DataFrames."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .schema import PANDAS_DTYPES, TABLES, Column


def _convert(series: pd.Series, column: Column) -> pd.Series:
    if column.kind == "datetime":
        # dates with a UTC offset become UTC; dates without one are taken as they are
        parsed = pd.to_datetime(series.astype("string"), format="ISO8601", errors="coerce", utc=True)
        return parsed.dt.tz_convert(None).astype(PANDAS_DTYPES["datetime"])
    if column.kind == "bool":
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            series = series.map({True: True, False: False, "True": True, "False": False,
                                 "true": True, "false": False}, na_action="ignore")
        return series.astype("boolean")
    if column.kind in ("int", "Int", "float") and series.dtype == object:
        series = pd.to_numeric(series)
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
    """Read one CSV written by ``write_tables`` back with the documented dtypes."""
    columns = TABLES[name]
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    data = {}
    for column in columns:
        series = raw[column.name] if column.name in raw else pd.Series([None] * len(raw), dtype=object)
        data[column.name] = _convert(series, column)
    return pd.DataFrame(data, columns=[column.name for column in columns])


def read_tables(folder: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """Every table CSV in ``folder`` (as written by ``write_tables``) as a typed DataFrame."""
    return {name: read_table(Path(folder) / f"{name}.csv", name)
            for name in TABLES if (Path(folder) / f"{name}.csv").exists()}
