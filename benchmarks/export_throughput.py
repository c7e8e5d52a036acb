"""Export throughput and peak memory: tei-toolkit export against a pandas.read_xml extraction.

Generates a synthetic corpus of realistic TEI documents (unique ids, header, nested entity
markup, notes, quotations, standOff) into a temporary folder, then runs each route in its own
fresh subprocess:

  read_xml     pandas.read_xml(file, stylesheet=XSLT 1.0) per file for the persName rows,
               concatenated and written as CSV (the straightforward route: read_xml alone cannot
               give the text of nested markup or the document id, so it gets a flattening stylesheet)
  export       tei_toolkit.export.write_tables(...) → documents/mentions/entities/cooccurrence CSV
               with the XSLT engine (the default: the stylesheets of xslt/tables, saxonche)
  export_lxml  the same with ExportOptions(engine="lxml") (``tei-toolkit export --engine lxml``)

  baseline     what the XSLT engine costs before its first document: imports, Saxon processor,
               compiled stylesheet (the fixed part of its peak memory)

and checks that all give identical persName rows (document, ref, whitespace-normalised text, in
document order). Each route runs ``--repeat`` times (default 3, the order rotating); the figures
are medians. Prints documents/second, CPU seconds (user+system, children included), peak memory
and the ratios from this one run. Peak memory is the subprocess's VmHWM (its own high-water mark:
ru_maxrss would include the parent's memory, inherited through fork); with ``--jobs`` > 1, plus the
VmHWM of each worker process (read every 100 ms), which can only overstate the total.

    .venv/bin/python benchmarks/export_throughput.py [--docs 2000] [--jobs 1] [--repeat 3]
        [--batch-size 20] [--network] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]

FIRST = ["Victor", "Leon", "Natalia", "Rosa", "Jan", "Ana", "Łukasz", "Émile", "Olga", "Diego", "Frida",
         "Nadezhda", "Karl", "Clara", "André", "Simone", "Boris", "Zoë", "Mikhail", "Inês"]
LAST = ["Serge", "Trotsky", "Sedova", "Luxemburg", "Novák", "Petrova", "Kowalski", "Zola", "Kollontai",
        "Rivera", "Kahlo", "Krupskaya", "Liebknecht", "Zetkin", "Breton", "Weil", "Souvarine", "O'Neil"]
PLACES = ["Mexico City", "Paris", "Brussels", "Barcelona", "Petrograd", "Kraków", "Coyoacán", "Orenburg",
          "Berlin", "Marseille", "Łódź", "São Paulo"]
ORGS = ["POUM", "Comintern", "Left Opposition", "Bonnot gang", "CNT", "Fourth International"]
WORDS = ("the of and to in a that was for on with as by his her they from at which were but this had "
         "letter revolution comrades wrote years party prison exile memoirs city night question old "
         "\"quoted\" friends, book, press; army work struggle history freedom").split()

PERSNAME_XSL = """<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0">
  <xsl:template match="/">
    <rows><xsl:for-each select="//tei:text//tei:persName">
      <row><document><xsl:value-of select="ancestor::tei:TEI/@xml:id"/></document>
        <ref><xsl:value-of select="@ref"/></ref><text><xsl:value-of select="normalize-space(.)"/></text></row>
    </xsl:for-each></rows>
  </xsl:template>
</xsl:stylesheet>
"""


def _words(rng: random.Random, n: int) -> str:
    return escape(" ".join(rng.choice(WORDS) for _ in range(n)))


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _person(rng: random.Random, used: set) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    used.add(("person", f"{first} {last}"))
    if rng.random() < 0.3:
        return (f'<persName ref="#{_slug(first + " " + last)}" resp="#tei-toolkit" cert="high">'
                f'<forename>{escape(first)}</forename> <surname>{escape(last)}</surname></persName>')
    return f'<persName ref="#{_slug(first + " " + last)}">{escape(first)}\n  {escape(last)}</persName>'


def _place(rng: random.Random, used: set) -> str:
    place = rng.choice(PLACES)
    used.add(("place", place))
    return f'<placeName ref="#{_slug(place)}" resp="#tei-toolkit" cert="high">{escape(place)}</placeName>'


def _paragraph(rng: random.Random, pid: str, used: set) -> str:
    parts = [_words(rng, rng.randint(10, 30))]
    for _ in range(rng.randint(1, 3)):
        choice = rng.random()
        if choice < 0.45:
            parts.append(_person(rng, used))
        elif choice < 0.65:
            parts.append(_place(rng, used))
        elif choice < 0.8:
            org = rng.choice(ORGS)
            used.add(("org", org))
            place = rng.choice(PLACES)
            used.add(("place", place))
            parts.append(f'<orgName ref="#{_slug(org)}">the <placeName ref="#{_slug(place)}">'
                         f'{escape(place)}</placeName> {escape(org)}</orgName>')
        elif choice < 0.9:
            parts.append(f"<note place=\"foot\">{_words(rng, 4)} {_person(rng, used)} {_words(rng, 3)}.</note>")
        else:
            parts.append(f"<cit><quote>‘{_words(rng, 6)} {_person(rng, used)}’</quote> "
                         f"<bibl>(<author>{_person(rng, used)}</author>)</bibl></cit>")
        parts.append(_words(rng, rng.randint(10, 30)))
    return f'<p xml:id="{pid}">' + " ".join(parts) + "</p>"


def _standoff(used: set) -> str:
    lists = {"person": [], "place": [], "org": []}
    for kind, name in sorted(used):
        tag = {"person": "persName", "place": "placeName", "org": "orgName"}[kind]
        lists[kind].append(f'<{kind} xml:id="{_slug(name)}"><{tag}>{escape(name)}</{tag}>'
                           f'<idno type="wikidata">Q{abs(hash(name)) % 100000}</idno></{kind}>')
    return ("<standOff>" + "".join(
        f"<list{kind.capitalize()}>" + "".join(dict.fromkeys(entries)) + f"</list{kind.capitalize()}>"
        for kind, entries in lists.items() if entries) + "</standOff>")


def document(number: int, rng: random.Random) -> str:
    """One realistic TEI document (about 4–8 KB)."""
    doc_id = f"doc-{number:05d}"
    used: set = set()
    divs = []
    count = 0
    for d in range(rng.randint(2, 3)):
        paragraphs = []
        for _ in range(rng.randint(3, 6)):
            count += 1
            paragraphs.append(_paragraph(rng, f"p{count}", used))
        divs.append(f'<div type="section"><head xml:id="h{d + 1}">{_words(rng, 4)}</head>{"".join(paragraphs)}</div>')
    year = 1900 + number % 60
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en" '
            f'xml:id="{doc_id}"><teiHeader><fileDesc><titleStmt><title>Letter {number}, "to a friend"</title>'
            f'<author>{escape(rng.choice(FIRST))} {escape(rng.choice(LAST))}</author></titleStmt>'
            f'<publicationStmt><publisher>benchmark</publisher><availability><licence '
            f'target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>'
            f'</publicationStmt><sourceDesc><bibl><date when="{year}-0{1 + number % 9}-1{number % 10}">'
            f'{year}</date></bibl></sourceDesc></fileDesc></teiHeader><text><body>{"".join(divs)}</body></text>'
            f"{_standoff(used)}</TEI>\n")


def generate(folder: Path, docs: int) -> list[Path]:
    rng = random.Random(20261126)
    paths = []
    for number in range(1, docs + 1):
        path = folder / f"doc-{number:05d}.xml"
        path.write_text(document(number, rng), encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- routes (run in subprocesses)

def route_export(corpus: Path, out: Path, jobs: int, batch_size: int, network: tuple[str, ...] = (),
                 engine: str = "xslt") -> None:
    from tei_toolkit.export import ExportOptions, write_tables

    report = write_tables([corpus], out, ExportOptions(jobs=jobs, batch_size=batch_size, network=network,
                                                       engine=engine))
    assert not report.errors, report.errors[:3]


def route_export_lxml(corpus: Path, out: Path, jobs: int, batch_size: int, network: tuple[str, ...] = ()) -> None:
    route_export(corpus, out, jobs, batch_size, network, engine="lxml")


def route_baseline(corpus: Path, out: Path, jobs: int, batch_size: int, network: tuple[str, ...] = ()) -> None:
    from tei_toolkit.export import ExportOptions, write_tables  # noqa: F401
    from tei_toolkit.export.extract import _executable

    _executable(ExportOptions())


def route_read_xml(corpus: Path, out: Path, jobs: int, batch_size: int, network: tuple[str, ...] = ()) -> None:
    import io

    import pandas as pd

    frames = []
    for path in sorted(corpus.glob("*.xml")):
        frames.append(pd.read_xml(path, stylesheet=io.StringIO(PERSNAME_XSL), xpath="/rows/row",
                                  dtype=str))
    out.mkdir(parents=True, exist_ok=True)
    pd.concat(frames, ignore_index=True).to_csv(out / "persName.csv", index=False)


ROUTES = {"export": route_export, "export_lxml": route_export_lxml, "read_xml": route_read_xml,
          "baseline": route_baseline}
EXPORTS = ("export", "export_lxml")


def _status_kb(field: str, pid: int | str = "self") -> int:
    """A field of /proc/PID/status in kB (Linux); 0 when the process has ended."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found.append(int(child))
                found.extend(_descendants(int(child)))
    except OSError:
        pass  # the process ended while being read
    return found


class WorkerMemorySampler:
    """Peak memory of this process plus its worker processes (--jobs > 1): the sum of each process's
    own high-water mark (VmHWM), read every 100 ms. Summing peaks that need not coincide, and counting
    pages the workers share with their parent in each, can only overstate the figure."""

    def __init__(self) -> None:
        import threading

        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for pid in _descendants(os.getpid()):
            self.peaks[pid] = max(self.peaks.get(pid, 0), _status_kb("VmHWM", pid))

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self._read()

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return _status_kb("VmHWM") + sum(self.peaks.values())


def child(route: str, corpus: str, out: str, jobs: int, batch_size: int, network: tuple[str, ...] = ()) -> None:
    """Run one route and print its figures. Peak memory: VmHWM, this process's own high-water mark
    (ru_maxrss would include the parent's memory, inherited through fork before exec), plus its
    workers' with --jobs > 1 (WorkerMemorySampler)."""
    import resource

    sys.path.insert(0, str(REPO))
    sampler = WorkerMemorySampler() if jobs > 1 else None
    start = time.perf_counter()
    ROUTES[route](Path(corpus), Path(out), jobs, batch_size, network)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    peak_kb = sampler.stop() if sampler else _status_kb("VmHWM")
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024}))


def run(route: str, corpus: Path, out: Path, jobs: int, batch_size: int = 20, network: tuple[str, ...] = ()) -> dict:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, __file__, "--child", route, str(corpus), str(out), str(jobs),
                             str(batch_size), ",".join(network)], check=True, capture_output=True, text=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started  # including interpreter start and imports
    return figures


def persname_rows(out: Path, route: str) -> list[tuple]:
    import pandas as pd

    if route in EXPORTS:
        frame = pd.read_csv(out / "mentions.csv", dtype=str, keep_default_na=False)
        frame = frame[frame["element"] == "persName"]
        return list(zip(frame["document"], frame["ref"], frame["text"]))
    frame = pd.read_csv(out / "persName.csv", dtype=str, keep_default_na=False)
    return list(zip(frame["document"], frame["ref"], frame["text"]))


def _median(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--network", action="store_const", const=("graphml", "gexf"), default=(),
                        help="export also writes the GraphML and GEXF network files (as the command does)")
    parser.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tei-export-bench-") as tmp:
        folder = args.keep or Path(tmp) / "corpus"
        folder.mkdir(parents=True, exist_ok=True)
        paths = generate(folder, args.docs)
        size = sum(p.stat().st_size for p in paths)
        print(f"corpus: {len(paths)} documents, {size / 1e6:.1f} MB, in {folder}")
        routes = ("read_xml", *EXPORTS)
        runs: dict[str, list[dict]] = {route: [] for route in (*routes, "baseline")}
        for repeat in range(args.repeat):
            order = routes[repeat % len(routes):] + routes[:repeat % len(routes)]  # rotate: fair to all
            for route in (*order, "baseline"):
                runs[route].append(run(route, folder, Path(tmp) / f"out-{route}", args.jobs, args.batch_size,
                                       args.network))
        results = {route: _median(figures) for route, figures in runs.items()}
        rows = {route: persname_rows(Path(tmp) / f"out-{route}", route) for route in routes}
        same = all(rows[route] == rows["read_xml"] for route in EXPORTS)
        print("persName rows: " + ", ".join(f"{route} {len(rows[route])}" for route in routes)
              + f"; identical: {same}")
        print(f"medians of {args.repeat} runs, jobs={args.jobs}, batch size {args.batch_size}"
              + (", with the network files:" if args.network else ":"))
        print(f"{'route':<12}{'seconds':>9}{'docs/s':>9}{'CPU s':>8}{'docs/CPU-s':>11}{'peak MB':>9}"
              f"{'wall s':>8}")
        for route in routes:
            figures = results[route]
            print(f"{route:<12}{figures['seconds']:>9.2f}{len(paths) / figures['seconds']:>9.0f}"
                  f"{figures['cpu']:>8.2f}{len(paths) / figures['cpu']:>11.0f}{figures['peak_mb']:>9.0f}"
                  f"{figures['wall']:>8.2f}")
        base = results["baseline"]
        print(f"export (xslt) before its first document (imports, Saxon, compile): {base['seconds']:.2f} s, "
              f"{base['cpu']:.2f} CPU s, peak {base['peak_mb']:.0f} MB")
        quarter = Path(tmp) / "quarter"
        quarter.mkdir()
        for path in paths[: len(paths) // 4]:
            (quarter / path.name).symlink_to(path)
        small = {route: run(route, quarter, Path(tmp) / f"out-quarter-{route}", args.jobs, args.batch_size,
                            args.network)
                 for route in routes}
        print(f"peak MB with {len(paths) // 4} → {len(paths)} documents (one run at {len(paths) // 4}): "
              + ", ".join(f"{route} {small[route]['peak_mb']:.0f} → {results[route]['peak_mb']:.0f}"
                          for route in routes))
        for route in EXPORTS:
            speed = results["read_xml"]["seconds"] / results[route]["seconds"]
            cpu = results["read_xml"]["cpu"] / results[route]["cpu"]
            memory = results[route]["peak_mb"] / results["read_xml"]["peak_mb"]
            # the machine's speed drifts between repeats: the ratio within each repeat is steadier
            ratios = [rx["seconds"] / ex["seconds"] for rx, ex in zip(runs["read_xml"], runs[route])]
            print(f"throughput {route}/read_xml: {speed:.2f}x (elapsed), {cpu:.2f}x (CPU time), "
                  f"{statistics.median(ratios):.2f}x (median of the ratios within each repeat: "
                  f"{', '.join(f'{ratio:.2f}' for ratio in ratios)})   "
                  f"peak memory {route}/read_xml: {memory:.2f}")
        print("note: export writes all four tables (every mention, entities, co-occurrence); "
              "read_xml writes the persName rows only. export = --engine xslt, export_lxml = --engine lxml")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]),
              tuple(filter(None, sys.argv[7].split(","))) if len(sys.argv) > 7 else ())
    else:
        main()
