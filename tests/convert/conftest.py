"""Fixtures for the convert tests."""

from __future__ import annotations

import pytest

from convert_helpers import ARTICLE


@pytest.fixture
def article_bytes() -> bytes:
    return ARTICLE.read_bytes()


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "jing: runs the jing RelaxNG validator once (needs java)")
