"""Entity discovery: quality on the NER development set and speed, against a pinned floor.

Runs ``../shared/ner-dev/score.py`` (the shared scorer) over the real pipeline
(``tei-toolkit convert {input} --discover -o -``), prints strict and lenient P/R/F1 per type,
then times discovery alone (after start-up) on the dev texts and the bundled corpus, and compares
everything with ``benchmarks/ner_baseline.json``. Exit status 1 when a figure drops below its floor.

    python benchmarks/ner_score.py                 # pipeline scores + speed
    python benchmarks/ner_score.py --direct        # engine on the .txt paragraphs (no convert), faster
    python benchmarks/ner_score.py --lodo          # also the per-document (leave-one-out) spread
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "ner-dev"
BASELINE = Path(__file__).with_name("ner_baseline.json")
TAGS = {"person": "persName", "place": "placeName", "org": "orgName"}


def score(args: list[str]) -> dict:
    """Run the shared scorer with ``args``; return its JSON report."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "score.json"
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        subprocess.run([sys.executable, str(DEV / "score.py"), *args, "--json", str(out)], check=True,
                       env=env, stdout=subprocess.DEVNULL)
        return json.loads(out.read_text(encoding="utf-8"))


def paragraphs(path: Path) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]


def direct_predictions(folder: Path) -> None:
    """TEI with the engine's spans for every dev text (no converter involved)."""
    from tei_toolkit.entities.discover import discovery_engine

    engine = discovery_engine()
    for txt in sorted(DEV.glob("*.txt")):
        blocks = paragraphs(txt)
        body = []
        for text, mentions in zip(blocks, engine.find_blocks(blocks)):
            parts, position = [], 0
            for m in mentions:
                if m.start < position:
                    continue
                parts += [escape(text[position:m.start]), f"<{TAGS[m.kind]}>{escape(text[m.start:m.end])}"
                          f"</{TAGS[m.kind]}>"]
                position = m.end
            parts.append(escape(text[position:]))
            body.append("<p>" + "".join(parts) + "</p>")
        (folder / f"{txt.stem}.xml").write_text(
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>' + "\n".join(body) + "</body></text></TEI>",
            encoding="utf-8")


def speed(repeats: int = 5) -> dict[str, float]:
    """CPU seconds of discovery per 10,000 words (median of ``repeats``), after start-up, on one core."""
    from tei_toolkit.entities.discover import discovery_engine
    from tei_toolkit.entities.lexicon import lexicon
    from tei_toolkit.resources import corpus_root

    lexicon.cache_clear()
    started = time.perf_counter()
    engine = discovery_engine()
    startup = time.perf_counter() - started
    figures = {"startup_s": round(startup, 2)}
    sets = {"dev": [paragraphs(p) for p in sorted(DEV.glob("*.txt"))],
            "corpus": [paragraphs(p) for p in sorted((corpus_root() / "sources").glob("*.txt"))]}
    for name, docs in sets.items():
        words = sum(len(" ".join(doc).split()) for doc in docs)
        if not words:
            continue
        times = []
        for _ in range(repeats):
            t = time.process_time()  # CPU time of this process: one core, whatever else the machine runs
            for doc in docs:
                engine.find_blocks(doc)
            times.append(time.process_time() - t)
        figures[f"{name}_words"] = words
        figures[f"{name}_s_per_10k_words"] = round(statistics.median(times) / words * 10_000, 3)
    return figures


def figures_of(report: dict) -> dict[str, float]:
    """Flatten the scorer's OVERALL block into {'strict_person_f1': …}."""
    out = {}
    for mode, types in report.get("overall", {}).items():
        for kind, values in types.items():
            for key in ("P", "R", "F1"):
                if key in values:
                    out[f"{mode}_{kind}_{key.lower()}"] = round(values[key], 3)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--direct", action="store_true", help="run the engine on the texts, not the converter")
    parser.add_argument("--lodo", action="store_true", help="print each document's scores and their spread")
    parser.add_argument("--update", action="store_true", help="rewrite the baseline with these figures")
    args = parser.parse_args()
    if not (DEV / "score.py").exists():
        print(f"no development set at {DEV}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if args.direct:
            direct_predictions(Path(tmp))
            report = score(["--pred-dir", tmp])
            command = "benchmarks/ner_score.py --direct"
        else:
            command = 'score.py --cmd "tei-toolkit convert {input} --discover -o -"'
            report = score(["--cmd", "tei-toolkit convert {input} --discover -o -", "--timeout", "600"])
    figures = figures_of(report)
    print(f"NER dev set ({command})")
    print(f"{'type':8} {'strict P':>9} {'R':>6} {'F1':>6} | {'lenient P':>9} {'R':>6} {'F1':>6}")
    for kind in ("person", "place", "overall"):
        s = [figures.get(f"strict_{kind}_{k}", float("nan")) for k in ("p", "r", "f1")]
        l_ = [figures.get(f"lenient_{kind}_{k}", float("nan")) for k in ("p", "r", "f1")]
        print(f"{kind:8} {s[0]:9.3f} {s[1]:6.3f} {s[2]:6.3f} | {l_[0]:9.3f} {l_[1]:6.3f} {l_[2]:6.3f}")
    if args.lodo:
        values = []
        for doc, types in sorted(report.get("docs", {}).items()):
            micro = types.get("micro", {})
            values.append(micro.get("lenient_F1", 0.0))
            print(f"  {doc:28} strict F1 {micro.get('strict', {}).get('F1', 0):.3f}  "
                  f"lenient F1 {micro.get('lenient_F1', 0):.3f}")
        if values:
            print(f"  per-document lenient F1: min {min(values):.3f}, median {statistics.median(values):.3f}")
    timing = speed()
    print(f"speed: start-up {timing['startup_s']} s; discovery {timing.get('dev_s_per_10k_words')} CPU s per 10,000 words "
          f"on the dev texts ({timing.get('dev_words')} words), {timing.get('corpus_s_per_10k_words')} s per 10,000 "
          f"words on the bundled corpus ({timing.get('corpus_words')} words); target < 1 s")
    current = {**{k: v for k, v in figures.items() if k.endswith("_f1")}, **timing}
    if args.update:
        BASELINE.write_text(json.dumps({"floors": {k: round(v - 0.02, 3) for k, v in current.items()
                                                   if k.endswith("_f1")},
                                        "max_s_per_10k_words": 1.0, "measured": current}, indent=2) + "\n",
                            encoding="utf-8")
        print(f"wrote {BASELINE}")
        return 0
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    failures = [f"{k} {current.get(k, 0):.3f} < floor {v:.3f}" for k, v in baseline["floors"].items()
                if current.get(k, 0) < v]
    for key in ("dev_s_per_10k_words", "corpus_s_per_10k_words"):
        if current.get(key, 0) > baseline["max_s_per_10k_words"]:
            failures.append(f"{key} {current[key]} > {baseline['max_s_per_10k_words']}")
    for failure in failures:
        print(f"BELOW FLOOR: {failure}")
    print("ok: every figure at or above its floor" if not failures else f"{len(failures)} figure(s) below floor")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
