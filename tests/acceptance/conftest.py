"""Acceptance tests run the installed console script; skip them when it is missing."""

from __future__ import annotations

import pytest

from acceptance_helpers import TOOL


@pytest.fixture(scope="session", autouse=True)
def _tool_installed() -> None:
    if not TOOL.exists():
        pytest.skip(f"{TOOL} is not installed (pip install -e .)")
