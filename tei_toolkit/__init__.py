"""tei-toolkit: convert texts to TEI, mark entities, validate, render and export.

Every command is also a function, so a notebook can do what the CLI does::

    import tei_toolkit
    result = tei_toolkit.convert("letter.docx")           # ConvertResult: .tree, .dropped
    tei_toolkit.annotate(result.tree, registers="corpus/authority")
    reports = tei_toolkit.validate(["letter.xml"])        # list[DocumentReport]
    tei_toolkit.render(["letter.xml"], "site")            # a static HTML edition
    frames = tei_toolkit.export(["letter.xml"])           # dict[str, pandas.DataFrame]
    tei_toolkit.build("corpus", "build/edition")          # all of it

Stages load lazily, so ``import tei_toolkit`` stays fast.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "annotate", "build", "convert", "export", "render", "validate"]

_STAGES = {"convert": ".convert", "validate": ".validate", "render": ".render", "export": ".export"}


def annotate(tree: Any, *, registers: str | os.PathLike[str] | Any | None = None,
             discover: bool = False, change_date: str | None = None) -> Any:
    """Mark persons, places and organisations in a TEI tree in place; return the report.

    ``registers`` is a folder of register files (default: none) or loaded ``Registers``;
    ``discover`` adds entity discovery for names the registers lack.
    """
    from .entities.annotate import AnnotateOptions, annotate_tree
    from .entities.authority import Registers, load_registers

    loaded = registers if isinstance(registers, Registers) or registers is None else load_registers(registers)
    engines = []
    if discover:
        from .entities.discover import discovery_engine
        engines.append(discovery_engine(registers=loaded))
    return annotate_tree(tree, AnnotateOptions(registers=loaded, change_date=change_date), engines=engines)


def build(corpus_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str], **options: Any) -> Any:
    """Run the whole pipeline over a corpus folder (see ``tei_toolkit.pipeline.build``)."""
    from .pipeline import BuildOptions
    from .pipeline import build as build_corpus

    return build_corpus(corpus_dir, out_dir, options=BuildOptions(**options))


def __getattr__(name: str) -> Any:
    if name in _STAGES:
        return importlib.import_module(_STAGES[name], __name__)
    raise AttributeError(f"module 'tei_toolkit' has no attribute {name!r}")
