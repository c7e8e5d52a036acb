"""Where the project's data files (stylesheets, schemas, bundled corpus) live."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def data_root() -> Path:
    """The folder holding ``xslt/`` and ``schemas/``: the checkout, or the installed share folder."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "xslt").is_dir() and (checkout / "schemas").is_dir():
        return checkout
    installed = Path(sys.prefix) / "share" / "tei-toolkit"
    if installed.is_dir():
        return installed
    return checkout


def xslt_path(name: str) -> Path:
    """Path of a stylesheet in ``xslt/``."""
    return data_root() / "xslt" / name


def schema_path(name: str) -> Path:
    """Path of a file in ``schemas/``."""
    return data_root() / "schemas" / name


def corpus_root() -> Path:
    """The bundled corpus folder (``corpus/``)."""
    return data_root() / "corpus"
