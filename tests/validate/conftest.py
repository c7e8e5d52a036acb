"""Fixtures for the validation tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "tei-schemas"


@pytest.fixture(autouse=True)
def schema_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Named TEI schemas from ../shared/tei-schemas, and a cache private to each test."""
    monkeypatch.setenv("TEI_TOOLKIT_SCHEMAS", str(SCHEMAS))
    monkeypatch.setenv("TEI_TOOLKIT_CACHE", str(tmp_path / "cache"))
