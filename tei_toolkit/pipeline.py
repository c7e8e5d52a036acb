"""``build``: the whole pipeline over a corpus folder, convert → annotate → validate → render → export.

A corpus folder holds ``sources/`` (texts as given), ``authority/`` (the registers) and,
once built, ``tei/``. ``build`` never modifies a source; it writes into ``out_dir``:
``tei/``, ``validation.txt`` and ``validation.jsonl``, ``site/`` and ``tables/``.
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import Outcome, find_files, run_stage
from .entities.engine import KINDS
from .errors import InvalidDocument, UsageError
from .xmlio import io_problem, serialize, write_atomic


@dataclass(frozen=True, kw_only=True)
class BuildOptions:
    """How to build: parallelism, entity discovery, the edition's title, and the date in revision notes."""

    jobs: int = 1
    scheduler: str | None = None
    discover: bool = False
    change_date: str | None = None
    schema: str = "project"
    progress: bool | None = None
    site_title: str = "TEI edition"


@dataclass
class BuildReport:
    """What a build made and where, for the one-screen summary."""

    out_dir: Path
    documents: list[str] = field(default_factory=list)
    mentions: Counter = field(default_factory=Counter)
    dropped: dict[str, list[str]] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    site: Path | None = None
    tables: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self, *, full: bool = False) -> str:
        """The one-screen summary printed by ``tei-toolkit build`` (``full``: lines not shortened)."""
        kinds = ", ".join(f"{self.mentions[k]} {label}" for k, label in
                          (("persName", "persons"), ("placeName", "places"), ("orgName", "organisations")))
        lines = [f"built {len(self.documents)} document(s) in {self.seconds:.1f} s → {self.out_dir}",
                 f"  mentions: {kinds}"]
        for name, dropped in sorted(self.dropped.items()):
            if dropped:
                lines.append(f"  {name}: boilerplate left out of the body:")
                lines.extend(f"    {line if full or len(line) <= 70 else line[:69] + '…'}"
                             for line in dropped)
        lines.append(f"  TEI:        {self.out_dir / 'tei'}")
        lines.append(f"  report:     {self.out_dir / 'build-report.txt'}")
        lines.append(f"  validation: {self.out_dir / 'validation.txt'} "
                     f"({len(self.documents) - len(self.invalid)} valid, {len(self.invalid)} invalid)")
        if self.site:
            lines.append(f"  edition:    {self.site / 'index.html'}")
        if self.tables:
            lines.append(f"  tables:     {self.out_dir / 'tables'} "
                         f"({', '.join(Path(path).name for path in self.tables)})")
        for failure in self.failed:
            lines.append(f"  failed: {failure}")
        return "\n".join(lines)


def convert_and_annotate(source: Path, *, tei_dir: Path, registers_dir: Path,
                         discover: bool, change_date: str | None) -> dict:
    """Convert one source, mark its entities from the registers and write its TEI (a stage)."""
    from .convert import ConvertOptions, convert_file
    from .entities.annotate import AnnotateOptions, annotate_tree

    result = convert_file(source, ConvertOptions(change_date=change_date))
    registers = _registers(str(registers_dir)) if registers_dir.is_dir() else None
    engines = []
    if discover:
        from .entities.discover import discovery_engine
        engines.append(discovery_engine(registers=registers))
    report = annotate_tree(result.tree, AnnotateOptions(registers=registers, change_date=change_date),
                           engines=engines)
    target = tei_dir / f"{source.stem}.xml"
    write_atomic(target, serialize(result.tree))
    return {"tei": target, "dropped": list(result.dropped),
            "mentions": {KINDS[kind]: count for kind, count in report.per_kind.items()}}


@functools.lru_cache(maxsize=4)
def _registers(folder: str):
    from .entities.authority import load_registers
    return load_registers(Path(folder))


def build(corpus_dir: str | Path, out_dir: str | Path, *, options: BuildOptions = BuildOptions()) -> BuildReport:
    """Run the whole pipeline over ``corpus_dir`` into ``out_dir`` and report what was made.

    Raises ``InvalidDocument`` (after writing the validation report) when a document
    is invalid: an edition is not published from invalid TEI.
    """
    from .convert import PASSTHROUGH, READERS
    from .export import ExportOptions, write_tables
    from .render import RenderOptions, render_edition
    from .validate import ValidateOptions, validate_files
    from .validate.report import write_text_report

    started = time.monotonic()
    corpus, out = Path(corpus_dir), Path(out_dir)
    sources_dir, registers_dir = corpus / "sources", corpus / "authority"
    if not sources_dir.is_dir():
        raise UsageError(f"{corpus}: no sources/ folder; expected a corpus folder with sources/ and authority/")
    sources = find_files([sources_dir], tuple(READERS) + PASSTHROUGH)
    if not sources:
        raise UsageError(f"{sources_dir}: no source texts; expected files ending in {', '.join(READERS)}")
    try:  # before any work: a file standing at the output is refused at once, in words
        (out / "tei").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        where = error.filename or out
        raise UsageError(f"{where}: cannot write the build ({io_problem(where, error)}); "
                         "expected a folder that can be written") from None
    report = BuildReport(out_dir=out)
    stage = functools.partial(convert_and_annotate, tei_dir=out / "tei", registers_dir=registers_dir,
                              discover=options.discover, change_date=options.change_date)
    outcomes: list[Outcome] = run_stage(stage, sources, jobs=options.jobs, scheduler=options.scheduler,
                                        label="convert", progress=options.progress)
    tei_files = []
    for outcome in outcomes:
        if not outcome.ok:
            report.failed.append(outcome.error or str(outcome.item))
            continue
        tei_files.append(outcome.value["tei"])
        report.documents.append(outcome.value["tei"].stem)
        report.dropped[outcome.item.name] = outcome.value["dropped"]
        report.mentions.update(outcome.value["mentions"])
    if not tei_files:
        raise UsageError(f"no document could be converted; the first failure: {report.failed[0]}")

    reports = validate_files(tei_files, ValidateOptions(schema=options.schema, jobs=options.jobs,
                                                        progress=options.progress))
    write_text_report(reports, out / "validation.txt")
    report.invalid = [r.file for r in reports if not r.valid]
    if report.invalid:
        findings = [f for r in reports for f in r.findings]
        raise InvalidDocument(report.invalid[0], findings, context=(
            f"{len(report.invalid)} of {len(reports)} document(s) invalid, nothing rendered; "
            f"the report is {out / 'validation.txt'}"))

    registers = (registers_dir,) if registers_dir.is_dir() else ()
    report.site = out / "site"
    render_edition(tei_files, report.site,
                   RenderOptions(registers=registers_dir if registers else None, jobs=options.jobs,
                                 scheduler=options.scheduler, site_title=options.site_title,
                                 progress=options.progress))
    exported = write_tables(tei_files, out / "tables",
                            ExportOptions(registers=tuple(map(str, registers)), jobs=options.jobs,
                                          scheduler=options.scheduler, progress=options.progress))
    report.tables = list(exported.outputs)
    report.failed.extend(exported.errors)
    report.seconds = time.monotonic() - started
    write_atomic(out / "build-report.txt", report.summary(full=True) + "\n")
    return report
