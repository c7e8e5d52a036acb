"""``tei-toolkit convert SOURCE… -o OUT``: source texts (.txt .md .html .docx, TEI) → TEI files."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..convert import FORMATS, PASSTHROUGH, READERS, ConvertOptions, convert_file
from ..convert.metadata import FOLDER_TABLE, SIDECAR_SUFFIX
from ..corpus import find_files, run_stage
from ..errors import SourceError, UsageError
from ..xmlio import serialize
from ._output import outside_output, write_output
from .common import add_change_date, add_parallel_options, check_jobs

SUFFIXES = tuple(READERS) + PASSTHROUGH
EXAMPLES = """\
examples:
  tei-toolkit convert letter.txt -o letter.xml
  tei-toolkit convert texts/ -o tei/       each .txt .md .html .docx in texts/
  tei-toolkit convert notes.md -o -        the TEI on standard output
  tei-toolkit convert page.html -o page.xml --source-url https://example.org/a

exit status: 0 all converted, 2 a source unreadable or an output not written
"""
_ENGINE: list = []  # the discovery engine, built once per process


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``convert`` subcommand."""
    parser = subparsers.add_parser(
        "convert", help="Turn source texts (.txt .md .html .docx) into TEI.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=textwrap.fill(
            "Convert source texts to TEI P5 (see docs/convert.md). The format comes from "
            "the file extension or content (--from forces it). Header fields come from the "
            "source, from NAME.meta.yaml beside it or a metadata.csv in its folder, and "
            "from these options (strongest). Boilerplate left out of the body is listed on "
            "stderr. A file that cannot be converted gets one line; the others still "
            "convert (exit status 2). Source files are never modified.", width=78),
        epilog=EXAMPLES)
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="source files or folders")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output file (one source), folder (writes STEM.xml per source), "
                             "or - for standard output (one source)")
    parser.add_argument("--from", dest="fmt", metavar="FORMAT", choices=sorted(FORMATS),
                        help="read every source as this format: " + ", ".join(sorted(FORMATS)))
    parser.add_argument("--source-url", metavar="URL", help="URL of the original (sourceDesc/bibl/ptr)")
    parser.add_argument("--licence", "--license", metavar="LICENCE",
                        help="licence id (CC-BY-4.0, CC0-1.0, …) or URL; default: CC BY 4.0 for the "
                             "encoding, rights in the text stay with its authors")
    parser.add_argument("--lang", metavar="CODE", help="language of the text (xml:lang), default en")
    parser.add_argument("--title", help="title for the header (overrides the source)")
    parser.add_argument("--author", help="author for the header (overrides the source)")
    parser.add_argument("--date", metavar="ISO", help="date of the source, e.g. 2011-09-28")
    parser.add_argument("--publisher", help="publisher of the TEI file (default tei-toolkit)")
    add_change_date(parser)
    parser.add_argument("--no-sidecars", action="store_true",
                        help="ignore NAME.meta.yaml and metadata.csv files")
    parser.add_argument("--discover", action="store_true",
                        help="also mark persons, places and organisations found by entity discovery")
    add_parallel_options(parser)
    parser.set_defaults(run=run)


@dataclass(frozen=True)
class _Job:
    source: str
    output: str | None          # None: standard output
    options: ConvertOptions
    discover: bool


def run(args: argparse.Namespace) -> int:
    """Convert every source; print failures one per line and a summary on stderr."""
    check_jobs(args.jobs)
    options = ConvertOptions(
        fmt=args.fmt, source_url=args.source_url, licence=args.licence, language=args.lang,
        title=args.title, author=args.author, date=args.date, change_date=args.change_date,
        publisher=args.publisher, use_sidecars=not args.no_sidecars)
    missing = [f"{path}: no such file or folder; expected a source file or a folder of them"
               for path in args.sources if not Path(path).exists()]
    sources, skipped = _sources([p for p in args.sources if Path(p).exists()], forced=args.fmt is not None)
    sources = outside_output(sources, args.sources, args.output)
    skipped = [(path, why) for path, why in skipped
               if outside_output([Path(path)], args.sources, args.output)]
    if not sources:
        for line in missing[:-1]:
            print(line, file=sys.stderr)
        raise UsageError(missing[-1] if missing else
                         "no source files found; expected files ending in " + ", ".join(SUFFIXES))
    if args.discover:
        discovery_engine()  # fail early, once, when discovery is not installed
    many = len(args.sources) > 1 or any(Path(path).is_dir() for path in args.sources)
    jobs, failures = _plan(sources, args.output, options, args.discover, many=many)
    failures = missing + failures
    if args.output == "-":
        if failures:
            raise UsageError(failures[0])
        return _to_stdout(jobs[0], skipped)
    outcomes = run_stage(convert_one, jobs, jobs=args.jobs, scheduler=args.scheduler,
                         label="converting",
                         progress=None if len(jobs) > 1 else False)
    failures += [outcome.error for outcome in outcomes if not outcome.ok]
    done = [(job, outcome.value) for job, outcome in zip(jobs, outcomes) if outcome.ok]
    # One source that failed: its one line is the whole story (no summary line).
    _summary(done, skipped, failures, quiet=not many and not done)
    return 2 if failures else 0


def convert_one(job: _Job) -> tuple[str, tuple[str, ...]]:
    """Convert one source and write it (a stage for ``run_stage``): its format and dropped lines."""
    result = _convert(job)
    if job.output is not None:
        write_output(job.output, serialize(result.tree))
    return result.fmt, result.dropped


def discovery_engine():
    """The entity discovery engine (built once per process); ``UsageError`` when not installed."""
    if not _ENGINE:
        try:
            from ..entities.annotate import annotate_tree  # noqa: F401  (checked here, used below)
            from ..entities.discover import discovery_engine as make_engine
        except ModuleNotFoundError as error:
            raise UsageError(f"entity discovery is not installed ({error.name} is missing); "
                             "expected tei_toolkit.entities.discover and .annotate") from None
        _ENGINE.append(make_engine())
    return _ENGINE[0]


def annotate_with_discovery(tree, options: ConvertOptions) -> None:
    """Mark the entities the discovery engine finds, in place (no register matching here)."""
    from ..entities.annotate import AnnotateOptions, annotate_tree

    annotate_tree(tree, options=AnnotateOptions(change_date=options.change_date),
                  engines=[discovery_engine()])


def _sources(paths: list[str], *, forced: bool) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to convert, and files in the given folders that are skipped (with the reason)."""
    sources = find_files(paths, SUFFIXES) if paths else []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        folder = Path(raw)
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if (not path.is_file() or path in sources or path.name == FOLDER_TABLE
                    or path.name.endswith(SIDECAR_SUFFIX)
                    or any(part.startswith(".") for part in path.relative_to(folder).parts)):
                continue
            if forced:
                sources.append(path)
            else:
                skipped.append((str(path), f'no reader for "{path.suffix or path.name}"'))
    # Word's lock file (~$name.docx) sits beside a document that is open: not a source
    named = {Path(raw) for raw in paths if Path(raw).is_file()}
    locks = [path for path in sources if path.name.startswith("~$") and path not in named]
    skipped.extend((str(path), "a Word lock file (the document is open in Word)") for path in locks)
    return [path for path in sources if path not in locks], skipped


def _plan(sources: list[Path], output: str, options: ConvertOptions, discover: bool, *,
          many: bool) -> tuple[list[_Job], list[str]]:
    """One job per source with its output path; refuse overwriting a source or another output."""
    if output == "-":
        if len(sources) != 1 or many:
            got = f"{len(sources)} sources" if len(sources) != 1 else "a folder or several names"
            raise UsageError(f"-o - writes one document to standard output, got {got}; "
                             "expected one source file")
        return [_Job(str(sources[0]), None, options, discover)], []
    target = Path(output)
    folder = target.is_dir() or output.endswith(("/", os.sep)) or many
    if folder and target.exists() and not target.is_dir():
        raise UsageError(f"{output}: is a file; expected a folder for {len(sources)} sources")
    if folder and not target.exists() and target.suffix.lower() == ".xml":
        raise UsageError(f"{output}: names a file but there are {len(sources)} sources (or a folder); "
                         "expected a folder for the outputs")
    jobs, failures, taken = [], [], {}
    resolved_sources = {path.resolve() for path in sources}
    for path in sources:
        out = target / (path.stem + ".xml") if folder else target
        key = out.resolve()
        if key in resolved_sources:
            failures.append(f"{path}: the output {out} is a source file; expected another output folder")
        elif key in taken:
            failures.append(f"{path}: the output {out} is already written from {taken[key]}; "
                            "expected source files with different names")
        else:
            taken[key] = path
            jobs.append(_Job(str(path), str(out), options, discover))
    return jobs, failures


def _convert(job: _Job):
    """The converted (and, with --discover, annotated) source; lxml's refusals become one line."""
    try:
        result = convert_file(job.source, job.options)
        if job.discover:
            annotate_with_discovery(result.tree, job.options)
    except ValueError as error:  # lxml refusing a string: a source the readers let through
        raise SourceError(f"cannot be written as XML ({error}); expected text XML can hold",
                          path=job.source) from None
    return result


def _to_stdout(job: _Job, skipped: list[tuple[str, str]]) -> int:
    result = _convert(job)
    sys.stdout.buffer.write(serialize(result.tree))
    sys.stdout.flush()
    _summary([(job, (result.fmt, result.dropped))], skipped, [], quiet=True)
    return 0


def _summary(done: list, skipped: list[tuple[str, str]], failures: list[str], *, quiet: bool = False) -> None:
    """Failures, skipped files and dropped boilerplate, then one summary line, on stderr."""
    err = sys.stderr
    for failure in failures:
        print(failure, file=err)
    for path, why in skipped:
        print(f"{path}: skipped: {why}", file=err)
    for job, (_, dropped) in done:
        for line in dropped:
            shown = line if len(line) <= 70 else line[:67] + "..."
            print(f"{job.source}: dropped boilerplate: {shown}", file=err)
    if quiet and not skipped:
        return
    formats = Counter(fmt for _, (fmt, _) in done)
    kinds = ", ".join(f"{count} {fmt}" for fmt, count in sorted(formats.items()))
    print(f"converted {len(done)} file(s){f' ({kinds})' if kinds else ''}, skipped {len(skipped)}, "
          f"failed {len(failures)}, dropped {sum(len(d) for _, (_, d) in done)} boilerplate line(s)",
          file=err)
