"""The saxonche wrapper: compile each stylesheet once per process and run it many times.

Saxon's own parser expands external entities, so TEI is never handed to it by file name:
callers parse it safely with ``xmlio`` and pass Saxon the serialised root element.

Saxon objects cannot be pickled, so every worker process builds its own through
the caches below. Stylesheet parameters are set once per compiled executable
(each ``make_*_value`` leaks a little), which is why ``compiled`` takes them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from saxonche import PySaxonApiError, PySaxonProcessor

from ..errors import ToolkitError


class TransformError(ToolkitError):
    """A stylesheet failed to compile or to run."""


@lru_cache(maxsize=1)
def processor() -> PySaxonProcessor:
    """The process's one Saxon processor."""
    return PySaxonProcessor(license=False)


def _value(proc: PySaxonProcessor, value: object):
    if isinstance(value, bool):
        return proc.make_boolean_value(value)
    if isinstance(value, int):
        return proc.make_integer_value(value)
    if isinstance(value, float):
        return proc.make_double_value(value)
    return proc.make_string_value(str(value))


@lru_cache(maxsize=64)
def _compile(stylesheet: str, params: tuple[tuple[str, object], ...]):
    proc = processor()
    xslt = proc.new_xslt30_processor()
    try:
        executable = xslt.compile_stylesheet(stylesheet_file=stylesheet)
    except PySaxonApiError as error:
        raise TransformError(f"{stylesheet}: cannot compile: {str(error).strip()}") from None
    if executable is None:
        raise TransformError(f"{stylesheet}: cannot compile")
    for name, value in params:
        executable.set_parameter(name, _value(proc, value))
    executable.set_save_xsl_message(True)
    return executable


def compiled(stylesheet: str | Path, **params: object):
    """The compiled executable for ``stylesheet`` with ``params`` set, cached per process."""
    return _compile(str(Path(stylesheet).resolve()), tuple(sorted(params.items())))


@contextmanager
def native_stderr_captured() -> Iterator[list[str]]:
    """Capture what Saxon prints on file descriptor 2 (it bypasses ``sys.stderr``).

    Saxon reports parse and runtime errors there as well as in the exception; callers
    that turn the exception into one line use this so users do not see both. The list
    yielded receives the captured text when the block ends.
    """
    captured: list[str] = []
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield captured
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            captured.append(sink.read().decode("utf-8", "replace"))
