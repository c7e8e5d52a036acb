"""Fixtures for the export tests (helpers live in export_helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from export_helpers import FIXTURES


@pytest.fixture(scope="session")
def serge() -> Path:
    return FIXTURES / "serge-letters.xml"


@pytest.fixture(scope="session")
def foreign() -> Path:
    return FIXTURES / "foreign-corpus.xml"
