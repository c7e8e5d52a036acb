"""Per-document render time: tei-toolkit's stylesheet against the TEI Consortium's html.xsl.

Both run in this process through saxonche, each stylesheet compiled once. For every file
the median of ``--repeat`` runs is taken; the script prints the median over files of each,
and the ratio (tei-toolkit / reference; below 1 means tei-toolkit is faster).

What is timed per document:
- tei-toolkit: the full page route of ``render_edition``: safe lxml parse of the file,
  preparation (anchors, wrapper, root-only serialisation), Saxon parse of that text, and the
  transform to an HTML string (header, text, entity links to registers, notes).
- reference: ``transform_to_string(source_file=...)`` with ``html/html.xsl`` (Saxon parses the file).
The corpus-level pages (registers with every mention, index, map, search index), which the
reference does not make at all, are timed separately and reported per document.

Get the reference without copying it into the repository, for example:
    fetch TEIC/Stylesheets, then
    git --git-dir=<mirror> archive HEAD html common | tar -x -C /tmp/teic-stylesheets

Usage:
    .venv/bin/python benchmarks/render_vs_teic.py --reference /tmp/teic-stylesheets/html/html.xsl \
        [--registers corpus/authority] [--repeat 5] [FILE_OR_FOLDER ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from saxonche import PySaxonApiError  # noqa: E402

from tei_toolkit.corpus import find_files  # noqa: E402
from tei_toolkit.render.edition import edition_xml, prepare_document, registers_xml  # noqa: E402
from tei_toolkit.render.pages import SiteContext, render_corpus, render_document  # noqa: E402
from tei_toolkit.transform import saxon  # noqa: E402
from tei_toolkit.xmlio import read_tei  # noqa: E402

DEFAULT_INPUTS = [ROOT / "corpus" / "tei", ROOT / "tests" / "fixtures" / "render" / "tei",
                  ROOT.parent / "shared" / "tei-samples"]


def _median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="TEI files or folders (default: bundled "
                        "corpus, render fixtures and ../shared/tei-samples)")
    parser.add_argument("--reference", required=True, type=Path, help="path of TEIC html/html.xsl")
    parser.add_argument("--registers", type=Path, help="folder of TEI registers for tei-toolkit")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    inputs = args.paths or [p for p in DEFAULT_INPUTS if p.exists()]
    files = find_files(inputs, (".xml",))
    processor = saxon.processor()

    start = time.perf_counter()
    reference = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(args.reference.resolve()))
    reference_compile = time.perf_counter() - start

    prepared, skipped = [], []
    taken: set[str] = set()
    for path in files:
        try:
            prepared.append((path, prepare_document(read_tei(path), source=str(path), taken=taken)))
        except Exception as error:  # noqa: BLE001 - a benchmark reports and goes on
            skipped.append(f"{path}: {error}")
    documents = [d for _, d in prepared]
    register_trees = [(str(f), read_tei(f)) for f in sorted(args.registers.glob("*.xml"))] if args.registers else []
    context = SiteContext(registers_xml=registers_xml(register_trees, documents), site_title="Benchmark",
                          show_suggestions=True, context_words=8)
    start = time.perf_counter()
    render_document(context, documents[0].xml, source="warm-up")
    ours_compile = time.perf_counter() - start

    ours_times, reference_times, sizes = [], [], []
    for path, _ in prepared:
        def ours(path: Path = path) -> None:
            document = prepare_document(read_tei(path), source=str(path), taken=set())
            render_document(context, document.xml, source=str(path))

        def theirs(path: Path = path) -> None:
            reference.transform_to_string(source_file=str(path.resolve()))

        try:
            theirs()
            ours()
        except (PySaxonApiError, Exception) as error:  # noqa: BLE001
            skipped.append(f"{path}: {str(error).strip()[:120]}")
            continue
        ours_times.append(_median_time(ours, args.repeat))
        reference_times.append(_median_time(theirs, args.repeat))
        sizes.append(path.stat().st_size)

    start = time.perf_counter()
    render_corpus(context, edition_xml(documents))
    corpus_time = time.perf_counter() - start

    ours_median = statistics.median(ours_times)
    reference_median = statistics.median(reference_times)
    ratios = [o / r for o, r in zip(ours_times, reference_times)]
    print(f"documents timed: {len(ours_times)} (median size {statistics.median(sizes) / 1024:.1f} KB), "
          f"repeat {args.repeat}, skipped {len(skipped)}")
    for line in skipped:
        print(f"  skipped {line}")
    print(f"compile once: tei-toolkit {ours_compile * 1000:.0f} ms (incl. first page), "
          f"reference html.xsl {reference_compile * 1000:.0f} ms")
    print(f"per document, median: tei-toolkit {ours_median * 1000:.1f} ms, reference {reference_median * 1000:.1f} ms")
    print(f"per document, total over files: tei-toolkit {sum(ours_times):.3f} s, reference {sum(reference_times):.3f} s")
    print(f"corpus pages (registers, index, map, search index) once: {corpus_time * 1000:.0f} ms "
          f"= {corpus_time / len(documents) * 1000:.1f} ms per document")
    print(f"ratio tei-toolkit/reference: median of per-file ratios {statistics.median(ratios):.2f}, "
          f"ratio of medians {ours_median / reference_median:.2f}, "
          f"including corpus pages {(sum(ours_times) + corpus_time) / sum(reference_times):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
