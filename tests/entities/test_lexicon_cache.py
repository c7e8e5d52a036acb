"""The discovery lexicon's disk cache: the cached lexicon is the built one, and a bad file is rebuilt."""

from __future__ import annotations

import pickle
import shutil
from dataclasses import replace

import pytest

from tei_toolkit.entities import lexicon as lexicon_module
from tei_toolkit.entities.lexicon import (Lexicon, build_lexicon, lexicon_cache_path, lexicon_key,
                                          load_lexicon)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test gets its own cache folder, never the user's."""
    monkeypatch.setenv("TEI_TOOLKIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def fresh() -> Lexicon:
    return build_lexicon()


def _cached(key: str) -> Lexicon:
    with lexicon_cache_path(key).open("rb") as handle:
        stored_key, lex = pickle.load(handle)
    assert stored_key == key
    return lex


def test_lexicon_cache_file_equals_fresh_build(fresh, private_cache):
    key = lexicon_key()
    assert not lexicon_cache_path(key).exists()
    first = load_lexicon()  # builds and writes the file
    assert lexicon_cache_path(key).is_file()
    assert lexicon_cache_path(key).is_relative_to(private_cache)
    second = load_lexicon()  # reads the file
    assert first == fresh and second == fresh
    assert _cached(key) == fresh
    assert second.places["Paris"] == fresh.places["Paris"]
    assert list(second.places) == list(fresh.places)  # same order, so the same first match everywhere
    assert list(second.given) == list(fresh.given)
    assert second.places.get("Xqzzyville") is None and "Xqzzyville" not in second.places
    assert all(second.places[name] == fresh.places[name] for name in ("London", "Perth", "Georgia", "Alps"))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_lexicon_corrupt_cache_file_is_rebuilt(fresh, damage):
    key = lexicon_key()
    target = lexicon_cache_path(key)
    good = pickle.dumps((key, fresh), protocol=pickle.HIGHEST_PROTOCOL)
    target.parent.mkdir(parents=True)
    target.write_bytes({"garbage": b"not a pickle at all\n" * 50, "truncated": good[: len(good) // 2],
                        "empty": b""}[damage])
    assert load_lexicon() == fresh
    assert _cached(key) == fresh  # the bad file was replaced by a good one


def test_lexicon_stale_cache_file_is_rebuilt(fresh):
    key = lexicon_key()
    target = lexicon_cache_path(key)
    target.parent.mkdir(parents=True)
    wrong = replace(fresh, titles=frozenset({"stale"}), places={})
    target.write_bytes(pickle.dumps(("another key", wrong)))  # written for other data under the same name
    assert load_lexicon() == fresh
    assert _cached(key) == fresh


def test_lexicon_key_changes_with_a_data_file(tmp_path, monkeypatch):
    before = lexicon_key()
    data = tmp_path / "data"
    shutil.copytree(lexicon_module.DATA, data)
    monkeypatch.setattr(lexicon_module, "DATA", data)
    assert lexicon_key() == before  # same bytes, same key
    with (data / "titles.txt").open("a", encoding="utf-8") as handle:
        handle.write("Archdeacon\n")
    assert lexicon_key() != before
    assert lexicon_cache_path(lexicon_key()) != lexicon_cache_path(before)
