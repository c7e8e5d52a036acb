"""Fixtures for the export tests (helpers live in export_helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from export_helpers import FIXTURES

from tei_toolkit.export.options import ENGINES


@pytest.fixture(scope="session")
def serge() -> Path:
    return FIXTURES / "serge-letters.xml"


@pytest.fixture(scope="session")
def foreign() -> Path:
    return FIXTURES / "foreign-corpus.xml"


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    """Each table test runs with both engines: the XSLT stylesheets and the lxml reader."""
    return request.param
