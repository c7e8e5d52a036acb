"""The disk cache of the speed machinery: pruned grammars, grammar indexes, Schematron validators,
the discovery lexicon.

One folder, ``$TEI_TOOLKIT_CACHE`` or the user cache (``$XDG_CACHE_HOME/tei-toolkit``),
with a subfolder per kind. A cached file is only ever a copy of something that can be
rebuilt, so failing to write one costs speed, never a result.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "TEI_TOOLKIT_CACHE"

__all__ = ["CACHE_ENV", "cache_subfolder", "store"]


def cache_subfolder(kind: str) -> Path:
    """``$TEI_TOOLKIT_CACHE/<kind>``, else ``$XDG_CACHE_HOME`` (or ``~/.cache``) ``/tei-toolkit/<kind>``."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit) / kind
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tei-toolkit" / kind


def store(target: Path, data: bytes) -> None:
    """Write a cache file via a temporary file and a rename; a read-only folder is no error."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only cache folder only costs speed
