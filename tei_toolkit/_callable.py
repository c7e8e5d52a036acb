"""Let a stage package be called like a function: ``tei_toolkit.convert(...)``.

``tei_toolkit.convert`` is both the package holding the readers and the function a
notebook calls; Python binds the package to that name on import, so the package
itself must be callable.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any


class _StageModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__stage__(*args, **kwargs)


def make_callable(module_name: str, stage: Callable[..., Any]) -> None:
    """Make the module ``module_name`` callable as ``stage``."""
    module = sys.modules[module_name]
    module.__stage__ = stage  # type: ignore[attr-defined]
    module.__class__ = _StageModule
