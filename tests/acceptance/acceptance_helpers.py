"""Helpers of the acceptance tests: the real ``tei-toolkit`` console script, run in subprocesses as a scholar
or a CI job runs it.

Each ``tei-toolkit`` start costs about a second on a busy machine, so the commands of a
test module are started together (``run_all``) in a module-scoped fixture, and the tests
then read their results.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

TOOL = Path(sys.executable).parent / "tei-toolkit"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "acceptance"
CHANGE_DATE = "2026-01-01"


@dataclass(frozen=True)
class Result:
    """What one ``tei-toolkit`` run gave: exit status, standard output (bytes), standard error."""

    argv: tuple[str, ...]
    code: int
    stdout: bytes
    stderr: str

    @property
    def lines(self) -> list[str]:
        """The non-empty lines of standard error."""
        return [line for line in self.stderr.splitlines() if line.strip()]

    def __str__(self) -> str:  # shown by pytest when an assertion about a run fails
        return (f"$ tei-toolkit {' '.join(self.argv)}\nexit {self.code}\n"
                f"stderr:\n{self.stderr}stdout:\n{self.stdout[:2000].decode('utf-8', 'replace')}")


def run(*args: str, cwd: Path | None = None, timeout: float = 120,
        wrapper: tuple[str, ...] = ()) -> Result:
    """Run ``tei-toolkit ARGS…`` (behind ``wrapper``, e.g. setpriv) and return its result.

    Never raises on a non-zero exit.
    """
    env = {**os.environ, "COLUMNS": "80", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([*wrapper, str(TOOL), *args], cwd=cwd, capture_output=True, timeout=timeout,
                          env=env)
    return Result(tuple(args), done.returncode, done.stdout,
                  done.stderr.decode("utf-8", "replace"))


def run_all(commands: dict[str, tuple[str, ...]], *, cwd: Path | None = None,
            workers: int = 4) -> dict[str, Result]:
    """Run independent commands side by side (each in its own process); results by key."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {key: pool.submit(run, *args, cwd=cwd) for key, args in commands.items()}
        return {key: future.result() for key, future in futures.items()}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every file under ``folder`` (to prove nothing changed)."""
    return {str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def leftovers(folder: Path) -> list[Path]:
    """Temporary files a write left behind."""
    return [path for path in folder.rglob("*") if path.name.endswith(".tmp")]

