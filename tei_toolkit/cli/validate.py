"""``tei-toolkit validate TEI… [--schema S] [--schematron FILE] [--format F] [--jobs N] [-o REPORT]``.

Checks TEI files against RelaxNG and Schematron and prints a report (text, JSON lines,
JUnit XML or GitHub annotations). Exit status: 0 every file valid, 1 some file invalid,
2 usage error or a file that cannot be read.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..corpus import find_files
from ..errors import UsageError
from ..validate import DocumentReport, Finding, ValidateOptions, validate_files
from ..validate.report import FORMATS, render_report, summary_line, use_color, write_report
from .common import add_parallel_options, check_jobs

SUFFIXES = (".xml",)

EPILOG = """\
schemas (--schema):
  auto      each document's <?xml-model?> schema, else the project schema
            (the default)
  project   the tei-toolkit customisation (schemas/)
  tei_all   TEI All, from the local schema cache ($TEI_TOOLKIT_SCHEMAS, or
            `tei-toolkit schemas fetch tei_all`)
  tei_lite  TEI Lite, from the same cache
  FILE      a RelaxNG schema: .rng (XML syntax) or .rnc (compact syntax)

formats (--format):
  text      file:line:col: error: message; expected ... (colour on a terminal)
  json      one JSON object per file: {"file", "valid", "errors": [...]}
  junit     JUnit XML for GitLab and Jenkins test reports
  github    GitHub Actions annotations (::error file=...,line=...,col=...::...)

examples:
  tei-toolkit validate corpus/tei
  tei-toolkit validate letters/ --schema tei_all --format github
  tei-toolkit validate letters/ --format junit -o tei-report.xml --jobs 4

exit status: 0 all valid, 1 some file invalid, 2 usage error or unreadable file
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` subcommand."""
    parser = subparsers.add_parser(
        "validate", help="Check TEI against RelaxNG and Schematron.",
        description="Check TEI files against a RelaxNG schema and Schematron rules.\n"
                    "Every problem is reported with file:line:col, the element path and\n"
                    "what the schema expected there (see docs/validate.md).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="TEI", help="TEI files or folders (folders: every *.xml)")
    parser.add_argument("--schema", default="auto", metavar="S",
                        help="auto (default), project, tei_all, tei_lite, or a .rng/.rnc file")
    parser.add_argument("--schematron", action="append", default=[], metavar="FILE",
                        help="extra ISO Schematron rules to run (may be given more than once)")
    parser.add_argument("--embedded-rules", action="store_true",
                        help="also run the Schematron rules embedded in the RelaxNG schema (TEI's own "
                             "constraints; rules XPath 1.0 cannot evaluate are reported as skipped)")
    parser.add_argument("--format", default="text", choices=sorted(FORMATS), dest="fmt",
                        help="report format (default text)")
    add_parallel_options(parser, work="the validation (each process compiles the schema once)",
                         scheduler=False)
    parser.add_argument("-o", "--output", metavar="REPORT",
                        help="write the report to this file instead of standard output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate, print or write the report, and return the exit status."""
    check_jobs(args.jobs)
    for rules in args.schematron:
        if not Path(rules).is_file():
            raise UsageError(f"{rules}: no such Schematron file")
    missing = [path for path in args.paths if not Path(path).exists()]
    paths = find_files([path for path in args.paths if path not in missing], SUFFIXES)
    if not paths and not missing:
        raise UsageError("no TEI files found; expected .xml files or folders holding them")
    started = time.monotonic()
    reports = _validate([str(p) for p in paths], args) if paths else []
    reports = [_missing(path) for path in missing] + reports  # the others are still checked
    seconds = time.monotonic() - started

    workspace = os.environ.get("GITHUB_WORKSPACE")
    if args.output:
        write_report(reports, args.output, args.fmt, seconds=seconds, workspace=workspace)
        print(summary_line(reports, seconds), file=sys.stderr)
    else:
        color = args.fmt == "text" and use_color(sys.stdout)
        sys.stdout.write(render_report(reports, args.fmt, color=color, seconds=seconds,
                                       workspace=workspace))
        sys.stdout.flush()
        if args.fmt != "text":
            print(summary_line(reports, seconds), file=sys.stderr)
    return exit_status(reports)


def exit_status(reports: list[DocumentReport]) -> int:
    """2 when a file could not be read, 1 when a file is invalid, else 0."""
    if any(f.source == "io" for r in reports for f in r.findings):
        return 2
    return 0 if all(r.valid for r in reports) else 1


def _missing(path: str) -> DocumentReport:
    return DocumentReport(file=path, findings=(Finding(
        file=path, line=None, column=None, source="io", message="no such file or folder",
        expected="a TEI file or a folder of .xml files"),))


def _validate(paths: list[str], args: argparse.Namespace) -> list[DocumentReport]:
    options = ValidateOptions(schema=args.schema, schematron=tuple(args.schematron), jobs=args.jobs,
                              embedded_rules=args.embedded_rules)
    return list(validate_files(paths, options=options))

