"""Time and peak memory of the export's other outputs and of the round trip, on the synthetic letters.

Uses the corpus of ``export_throughput.py`` (same generator, same seed) and runs each route in its
own fresh subprocess, the order rotating, all with the lxml engine:

  csv          write_tables(..., formats=("csv",))        the four tables as CSV (the reference)
  parquet      write_tables(..., formats=("parquet",))    the same as Parquet (needs pyarrow)
  dataframes   tables(paths)                              the four tables as typed pandas DataFrames
  round_trip   tei-toolkit annotate STRIPPED --from-mentions mentions.csv -o OUT
               (the letters with their persName/placeName/orgName unwrapped, and the corpus's
               mentions table: every mention is put back, and the result must equal the letters)

Prints the median seconds and peak memory (the subprocess's VmHWM) of each, and each route's time
as a ratio of the CSV export's within the same repeat (the machine's speed moves between repeats).

    .venv/bin/python benchmarks/table_outputs.py [--docs 2000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from export_throughput import _status_kb, generate

REPO = Path(__file__).resolve().parents[1]
TEI = "{http://www.tei-c.org/ns/1.0}"
NAMES = tuple(TEI + name for name in ("persName", "placeName", "orgName"))


def route_csv(corpus: Path, out: Path) -> None:
    from tei_toolkit.export import ExportOptions, write_tables

    write_tables([corpus], out, ExportOptions(engine="lxml", network=(), formats=("csv",)))


def route_parquet(corpus: Path, out: Path) -> None:
    from tei_toolkit.export import ExportOptions, write_tables

    write_tables([corpus], out, ExportOptions(engine="lxml", network=(), formats=("parquet",)))


def route_dataframes(corpus: Path, out: Path) -> None:
    from tei_toolkit.export import ExportOptions, tables

    frames = tables([corpus], ExportOptions(engine="lxml"))
    assert len(frames["mentions"]) > 0


def route_round_trip(corpus: Path, out: Path) -> None:
    from tei_toolkit.cli import main

    code = main(["annotate", str(corpus.parent / "stripped"), "--from-mentions",
                 str(corpus.parent / "tables" / "mentions.csv"), "-o", str(out), "--no-registers"])
    assert code == 0, code


ROUTES = {"csv": route_csv, "parquet": route_parquet, "dataframes": route_dataframes,
          "round_trip": route_round_trip}


def child(route: str, corpus: str, out: str) -> None:
    sys.path.insert(0, str(REPO))
    start = time.perf_counter()
    ROUTES[route](Path(corpus), Path(out))
    print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": _status_kb("VmHWM") / 1024}))


def run(route: str, corpus: Path, out: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", route, str(corpus), str(out)],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare_round_trip(corpus: Path, work: Path) -> None:
    """The corpus's mentions table, and the letters with every name element unwrapped (text kept)."""
    from lxml import etree

    sys.path.insert(0, str(REPO))
    route_csv(corpus, work / "tables")
    stripped = work / "stripped"
    stripped.mkdir()
    for path in sorted(corpus.glob("*.xml")):
        tree = etree.parse(str(path))
        for text in tree.getroot().iter(TEI + "text"):
            etree.strip_tags(text, *NAMES)
        tree.write(str(stripped / path.name), encoding="UTF-8", xml_declaration=True)


def restored_identical(corpus: Path, out: Path) -> bool:
    """True when every restored letter's text equals the original's, markup included (C14N)."""
    from lxml import etree

    for path in sorted(corpus.glob("*.xml")):
        texts = [etree.tostring(etree.parse(str(p)).getroot().find(TEI + "text"), method="c14n")
                 for p in (path, out / path.name)]
        if texts[0] != texts[1]:
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    args = parser.parse_args()
    routes = list(ROUTES)
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        routes.remove("parquet")
        print("pyarrow is not installed: no parquet route")
    with tempfile.TemporaryDirectory(prefix="tei-outputs-bench-") as tmp:
        work = Path(tmp)
        corpus = args.keep or work / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        paths = generate(corpus, args.docs)
        prepare_round_trip(corpus, work)
        print(f"corpus: {len(paths)} documents in {corpus}; mentions table and stripped letters in {work}")
        runs: dict[str, list[dict]] = {route: [] for route in routes}
        for repeat in range(args.repeat):
            for route in routes[repeat % len(routes):] + routes[:repeat % len(routes)]:
                runs[route].append(run(route, corpus, work / f"out-{route}-{repeat}"))
        identical = restored_identical(corpus, work / "out-round_trip-0")
        print(f"round trip gives back the letters' markup: {identical}")
        print(f"medians of {args.repeat} runs (lxml engine):")
        print(f"{'route':<12}{'seconds':>9}{'docs/s':>9}{'peak MB':>9}  seconds / csv within each repeat")
        for route in routes:
            seconds = statistics.median(run["seconds"] for run in runs[route])
            peak = statistics.median(run["peak_mb"] for run in runs[route])
            ratios = [mine["seconds"] / csv["seconds"] for mine, csv in zip(runs[route], runs["csv"])]
            print(f"{route:<12}{seconds:>9.2f}{len(paths) / seconds:>9.0f}{peak:>9.0f}  "
                  f"{statistics.median(ratios):.2f} ({', '.join(f'{ratio:.2f}' for ratio in ratios)})")
        if not identical:
            sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
