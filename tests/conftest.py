"""Settings for the whole test run."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep every cache the tests fill (pruned grammars, grammar indexes, Schematron, the
    discovery lexicon) out of the user's cache folder; subprocesses inherit the setting."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TEI_TOOLKIT_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture()
def terminal(monkeypatch: pytest.MonkeyPatch) -> Callable[[], io.StringIO]:
    """Make a fresh stream that says it is a terminal the process's stderr, and return it."""
    def install() -> io.StringIO:
        stream = _Terminal()
        monkeypatch.setattr(sys, "stderr", stream)
        return stream
    return install
