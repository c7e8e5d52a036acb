"""Writing one output file from a subcommand: atomically, with one clear line when it fails."""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from ..xmlio import io_problem, write_atomic


def write_output(path: str, data: bytes) -> None:
    """Write ``path`` atomically; an I/O problem becomes a one-line ``SourceError`` naming it."""
    try:
        write_atomic(path, data)
    except OSError as error:
        raise SourceError(f"cannot write the output ({io_problem(path, error)}); expected a writable file "
                          "in a writable folder", path=path) from None


def outside_output(found: list[Path], named: list[str], output: str) -> list[Path]:
    """``found`` without the files a folder scan picked up inside the output folder.

    ``convert texts -o texts/tei`` run twice must not read its own earlier outputs as sources.
    Files named on the command line are kept (the caller refuses overwriting them).
    """
    if output == "-":
        return found
    target = Path(output).resolve()
    if any(Path(path).resolve() == target for path in named):
        return found  # the output is an input folder itself: the caller refuses each overwrite
    explicit = {Path(path).resolve() for path in named if Path(path).is_file()}
    return [path for path in found
            if path.resolve() in explicit or not path.resolve().is_relative_to(target)]
