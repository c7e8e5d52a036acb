"""Header metadata from outside the source: ``NAME.meta.yaml`` sidecars and a folder's ``metadata.csv``.

Both give the same fields (``FIELDS``). Precedence, strongest first: command-line options
(``ConvertOptions``), the sidecar YAML, the folder CSV, what the source itself says.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import io
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..xmlio import decode_text
from .model import Meta
from .text import parse_date

SIDECAR_SUFFIX = ".meta.yaml"
FOLDER_TABLE = "metadata.csv"
FILE_COLUMN = "file"
# field name in YAML/CSV (and aliases) → Meta attribute
FIELDS: dict[str, str] = {
    "title": "title", "author": "authors", "authors": "authors", "date": "date",
    "source_url": "source_url", "url": "source_url", "licence": "licence", "license": "licence",
    "licence_url": "licence_url", "language": "language", "lang": "language",
    "publisher": "publisher", "site": "site", "keywords": "keywords", "tags": "keywords",
}


def parse_yaml(data: bytes | str, *, source: str, line_offset: int = 0) -> dict[str, Any]:
    """A YAML mapping of metadata (safe loader); ``SourceError`` with the line when it is broken."""
    import yaml  # imported when metadata is read: keeps every tei-toolkit start fast

    text = data if isinstance(data, str) else decode_text(data, source=source)
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "cannot be parsed"
        raise SourceError(f"broken YAML metadata: {problem}; expected key: value lines",
                          path=source, line=(mark.line + 1 + line_offset) if mark else None,
                          column=(mark.column + 1) if mark else None) from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SourceError(f"YAML metadata is a {type(value).__name__}; expected key: value lines",
                          path=source, line=1 + line_offset)
    return {str(key): item for key, item in value.items()}


def parse_table(data: bytes, *, source: str, name: str) -> dict[str, Any]:
    """The row of a ``metadata.csv`` whose ``file`` column names ``name`` (file name or stem)."""
    reader = csv.DictReader(io.StringIO(decode_text(data, source=source)))
    if not reader.fieldnames or FILE_COLUMN not in reader.fieldnames:
        raise SourceError(f'no "{FILE_COLUMN}" column; expected a header row naming the files',
                          path=source, line=1)
    stem = name.split(".")[0]
    for row in reader:
        if row.get(FILE_COLUMN, "").strip() in (name, stem):
            return {key: value for key, value in row.items()
                    if key and key != FILE_COLUMN and value not in (None, "")}
    return {}


def load_sidecars(path: Path) -> dict[str, Any]:
    """Metadata fields for a source file from its folder's CSV and its own YAML sidecar (YAML wins)."""
    fields: dict[str, Any] = {}
    table = path.parent / FOLDER_TABLE
    if table.is_file():
        fields.update(parse_table(table.read_bytes(), source=str(table), name=path.name))
    sidecar = path.with_name(path.name.split(".")[0] + SIDECAR_SUFFIX)
    if sidecar.is_file():
        fields.update(parse_yaml(sidecar.read_bytes(), source=str(sidecar)))
    return fields


def apply(meta: Meta, fields: dict[str, Any]) -> Meta:
    """``meta`` with the known fields replaced; unknown fields are kept in ``Meta.extra``."""
    changes: dict[str, Any] = {}
    extra = list(meta.extra)
    for key, value in fields.items():
        attribute = FIELDS.get(key.lower())
        if value is None or value == "":
            continue
        if attribute is None:
            extra.append((key, str(value)))
        elif attribute in ("authors", "keywords"):
            items = value if isinstance(value, list) else str(value).split(";")
            changes[attribute] = tuple(str(item).strip() for item in items if str(item).strip())
        elif attribute == "date":
            changes.update(_date(value))
        else:
            changes[attribute] = str(value).strip()
    changes["extra"] = tuple(extra)
    return dataclasses.replace(meta, **changes)


def _date(value: Any) -> dict[str, str | None]:
    """ISO ``date`` and original ``date_text`` from a YAML date, datetime or free text."""
    if isinstance(value, _dt.datetime):
        iso = value.replace(tzinfo=None).isoformat(timespec="seconds")
        return {"date": iso, "date_text": iso}
    if isinstance(value, _dt.date):
        return {"date": value.isoformat(), "date_text": value.isoformat()}
    text = str(value).strip()
    if text.isdigit() and len(text) == 4:
        return {"date": text, "date_text": text}
    return {"date": parse_date(text), "date_text": text}
