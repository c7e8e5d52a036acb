"""Settings for the whole test run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep every cache the tests fill (pruned grammars, grammar indexes, Schematron, the
    discovery lexicon) out of the user's cache folder; subprocesses inherit the setting."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TEI_TOOLKIT_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield
