"""``tei-toolkit annotate TEI… [--registers DIR] [--discover] [--from-mentions TABLE] -o OUT``."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..corpus import find_files, run_stage
from ..entities.annotate import AnnotateOptions, AnnotateReport, annotate_tree
from ..entities.authority import load_registers
from ..errors import UsageError
from ..resources import corpus_root
from ..xmlio import read_tei, serialize
from ._output import outside_output, write_output
from .common import add_change_date, add_parallel_options, check_jobs

SUFFIXES = (".xml",)
EXAMPLES = """\
examples:
  tei-toolkit annotate tei/letter.xml -o annotated/letter.xml
  tei-toolkit annotate tei/ -o annotated/             every .xml in tei/
  tei-toolkit annotate tei/ --registers my-registers/ -o annotated/
  tei-toolkit annotate letter.xml -o -                the TEI on standard output

exit status: 0 all annotated, 2 an input unreadable or an output not written
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``annotate`` subcommand."""
    parser = subparsers.add_parser(
        "annotate", help="Mark persons, places and organisations in TEI from registers.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=textwrap.fill(
            "Mark every name of a register entry in the text blocks of TEI documents as "
            "persName / placeName / orgName with @ref, @resp and @cert, and write the entries "
            "used into the document's standOff (see docs/registers.md). The text never changes "
            "and existing markup is kept. A file that cannot be read gets one line; the others "
            "are still annotated (exit status 2). Input files are never modified.", width=78),
        epilog=EXAMPLES)
    parser.add_argument("inputs", nargs="+", metavar="TEI", help="TEI files or folders of .xml files")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output file (one input), folder (writes NAME.xml per input), "
                             "or - for standard output (one input)")
    parser.add_argument("--registers", metavar="DIR",
                        help="folder with persons.xml, places.xml, orgs.xml "
                             "(default: the bundled corpus/authority)")
    parser.add_argument("--no-registers", action="store_true",
                        help="match no register (useful with --discover)")
    parser.add_argument("--discover", action="store_true",
                        help="also mark names found by entity discovery, as suggestions (@cert below high "
                             "possible); register markup always wins")
    parser.add_argument("--from-mentions", metavar="TABLE",
                        help="put markup back from a mentions.csv (or .parquet) written by tei-toolkit export "
                             "(no register matching then; the registers still fill standOff)")
    add_change_date(parser)
    add_parallel_options(parser)
    parser.set_defaults(run=run)


@dataclass(frozen=True)
class _Job:
    """One input to annotate (picklable, for worker processes)."""

    source: str
    target: str | None          # None: standard output
    registers: str | None       # register folder, None: no registers
    discover: bool
    mentions: str | None        # --from-mentions TABLE (.csv or .parquet)
    change_date: str | None


@dataclass(frozen=True)
class _Annotated:
    """What annotating one file says (picklable, for worker processes)."""

    lines: str              # its report lines
    not_restored: int = 0   # rows of the --from-mentions table that were not put back


_STATE: dict[tuple, tuple] = {}  # per process: (options, engines, mentions table) by job settings


def _state(job: _Job) -> tuple[AnnotateOptions, list, object]:
    """Registers, engines and the mentions table, loaded once per process."""
    key = (job.registers, job.discover, job.mentions, job.change_date)
    if key not in _STATE:
        registers = load_registers(job.registers) if job.registers else None
        engines = [_discovery_engine(registers)] if job.discover else []
        mentions = _read_mentions(job.mentions) if job.mentions else None
        options = AnnotateOptions(registers=registers, match_registers=mentions is None,
                                  change_date=job.change_date)
        _STATE[key] = (options, engines, mentions)
    return _STATE[key]


def annotate_one(job: _Job) -> _Annotated:
    """Annotate one file and write it (a stage for ``run_stage``); return what it says."""
    options, engines, mentions = _state(job)
    try:
        tree = read_tei(job.source)
        restored, not_restored = _restore(tree, mentions, job.source) if mentions is not None else ([], 0)
        report = annotate_tree(tree, options, engines)
    except UsageError as error:  # SourceErrors already name the file
        raise UsageError(f"{job.source}: {error}") from None
    data = serialize(tree)
    if job.target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_output(job.target, data)
    if restored and not (report.mentions or report.skipped or report.unresolved):
        # registers are not matched then: the annotate pass had nothing to say
        return _Annotated("\n".join(restored), not_restored)
    return _Annotated("\n".join([*restored, _report_line(job.source, report)]), not_restored)


def run(args: argparse.Namespace) -> int:
    """Annotate every input; one line per failure and a summary on stderr."""
    check_jobs(args.jobs)
    folder = None
    if not args.no_registers:
        folder = str(Path(args.registers) if args.registers else corpus_root() / "authority")
    missing = [f"{path}: no such file or folder; expected a TEI file or a folder of them"
               for path in args.inputs if not Path(path).exists()]
    inputs = find_files([path for path in args.inputs if Path(path).exists()], SUFFIXES)
    inputs = outside_output(inputs, args.inputs, args.output)
    if not inputs:
        for line in missing[:-1]:
            print(line, file=sys.stderr)
        raise UsageError(missing[-1] if missing else "no TEI files found; expected files ending in .xml")
    many = len(args.inputs) > 1 or any(Path(path).is_dir() for path in args.inputs)
    jobs = [_Job(str(source), None if target is None else str(target), folder, args.discover,
                 args.from_mentions, args.change_date)
            for source, target in _targets(inputs, args.output, many=many)]
    _state(jobs[0])  # load registers, engines and mentions once here: a bad one stops the run early
    outcomes = run_stage(annotate_one, jobs, jobs=args.jobs, scheduler=args.scheduler,
                         label="annotating",
                         progress=None if len(jobs) > 1 else False)
    failures = missing + [outcome.error for outcome in outcomes if not outcome.ok]
    not_restored = 0
    for outcome in outcomes:
        if outcome.ok:
            print(outcome.value.lines, file=sys.stderr)
            not_restored += outcome.value.not_restored
    for failure in failures:
        print(failure, file=sys.stderr)
    done = sum(1 for outcome in outcomes if outcome.ok)
    if many or done:  # one input that failed: its one line is the whole story
        summary = f"annotated {done} file(s), failed {len(failures)}"
        if not_restored:
            summary += f", {not_restored} mention(s) of the table not restored"
        print(summary, file=sys.stderr)
    # 1, as validate says "invalid": the files were written, but markup of the table is missing from them
    return 2 if failures else 1 if not_restored else 0


def _targets(inputs: list[Path], output: str, *, many: bool) -> list[tuple[Path, Path | None]]:
    if output == "-":
        if len(inputs) != 1 or many:
            got = f"{len(inputs)} inputs" if len(inputs) != 1 else "a folder or several names"
            raise UsageError(f"-o - writes one document to standard output, got {got}; "
                             "expected one TEI file")
        return [(inputs[0], None)]
    target = Path(output)
    folder = target.is_dir() or output.endswith(("/", os.sep)) or many
    if folder and target.exists() and not target.is_dir():
        raise UsageError(f"{output}: is a file; expected a folder for {len(inputs)} inputs")
    if folder and not target.exists() and target.suffix.lower() == ".xml":
        raise UsageError(f"{output}: names a file but there are {len(inputs)} inputs (or a folder); "
                         "expected a folder for the outputs")
    pairs = []
    taken: set[Path] = set()
    for path in inputs:
        out = target / path.name if folder else target
        if out.resolve() == path.resolve():
            raise UsageError(f"{path}: the output {out} is the input file; expected another output "
                             "(an input is never modified)")
        if out.resolve() in taken:
            raise UsageError(f"{path}: the output {out} is written twice; expected inputs with different names")
        taken.add(out.resolve())
        pairs.append((path, out))
    return pairs


def _report_line(source: str, report: AnnotateReport) -> str:
    line = f"{source}: {report.summary()}"
    if report.skipped:
        line += f", {len(report.skipped)} refused"
    if report.unresolved:
        line += f", unresolved refs: {' '.join('#' + ref for ref in report.unresolved)}"
    # each refusal on its own line, so a scholar sees why a name was left unmarked
    refusals = [f'{source}: {where}: "{surface}" not marked: {reason}'
                for where, surface, reason in report.skipped]
    return "\n".join([line, *refusals])


def _discovery_engine(registers):
    try:
        from ..entities.discover import discovery_engine
    except ModuleNotFoundError as error:
        raise UsageError(f"entity discovery is not installed ({error.name} is missing); "
                         "expected tei_toolkit.entities.discover") from None
    return discovery_engine(registers)


def _read_mentions(path: str):
    try:
        from ..entities.restore import REQUIRED, mentions_by_document
    except ModuleNotFoundError as error:
        raise UsageError(f"--from-mentions is not available ({error.name} is missing); "
                         "expected tei_toolkit.entities.restore") from None
    import pandas as pd

    from ..export.frames import TableError, column_names, read_table

    expected = "expected the mentions.csv (or mentions.parquet) written by tei-toolkit export"
    if not Path(path).is_file():
        what = "is a folder" if Path(path).is_dir() else "no such mentions table"
        raise UsageError(f"{path}: {what}; {expected}")
    try:
        missing = [name for name in REQUIRED if name not in column_names(path)]
        if missing:  # read_table would fill them with empty cells
            raise UsageError(f"{path}: not a mentions table: no column(s) {', '.join(missing)}; {expected}")
        return mentions_by_document(read_table(path, "mentions"))
    except TableError as error:  # names the file, the row and the column
        raise UsageError(str(error)) from None
    except (ValueError, KeyError, UnicodeDecodeError, OSError, pd.errors.ParserError) as error:
        raise UsageError(f"{path}: cannot read the mentions table ({str(error).splitlines()[0]}); {expected}") from None


def _restore(tree, mentions, source: str) -> tuple[list[str], int]:
    """Put the table's mentions back into ``tree``; the report lines (how many, and each one not
    restored) and the number not restored."""
    from ..entities.restore import restore_mentions

    report = restore_mentions(tree, mentions, path=source)
    line = f"{source}: restored {report.restored} mention(s) from the mentions table, {report.present} already there"
    if report.skipped:
        line += f", {len(report.skipped)} not restored"
    if report.unmatched:  # a document without mentions, or a table exported from other files
        line += f"; the table has no row for {', '.join(report.unmatched)}"
    return [line, *(f"{source}: mention {index} of {document} not restored: {reason}"
                    for document, index, reason in report.skipped)], len(report.skipped)
