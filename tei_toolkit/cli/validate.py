"""``tei-toolkit validate TEI… [--schema S] [--schematron FILE] [--format F] [--jobs N] [-o REPORT]``.

Checks TEI files against RelaxNG and Schematron and prints a report (text, JSON lines,
JUnit XML or GitHub annotations). Exit status: 0 every file valid, 1 some file invalid,
2 usage error or a file that cannot be read.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from ..corpus import find_files
from ..errors import UsageError
from ..validate.model import DocumentReport
from ..validate.report import FORMATS, render_report, summary_line, use_color, write_report

SUFFIXES = (".xml",)
PROGRESS_MINIMUM = 20  # files; shorter runs show no progress bar

EPILOG = """\
schemas (--schema):
  auto        each document's <?xml-model?> schema, else the project schema (default)
  project     the tei-toolkit customisation (schemas/)
  tei_all     TEI All, tei_lite: TEI Lite (from the local schema cache)
  FILE        a RelaxNG schema, .rng (XML syntax) or .rnc (compact syntax)

formats (--format):
  text        file:line:col: error: message; expected … (colour on a terminal)
  json        one JSON object per file: {"file", "valid", "errors": [...]}
  junit       JUnit XML for GitLab and Jenkins test reports
  github      GitHub Actions annotations (::error file=…,line=…,col=…::…)

exit status: 0 all valid, 1 some file invalid, 2 usage error or unreadable file
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` subcommand."""
    parser = subparsers.add_parser(
        "validate", help="Check TEI against RelaxNG and Schematron.",
        description="Check TEI files against a RelaxNG schema and Schematron rules; report every "
                    "problem with file:line:col, the element path and what the schema expected.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="TEI", help="TEI files or folders (folders: every *.xml)")
    parser.add_argument("--schema", default="auto", metavar="S",
                        help="auto (default), project, tei_all, tei_lite, or a .rng/.rnc file")
    parser.add_argument("--schematron", action="append", default=[], metavar="FILE",
                        help="extra ISO Schematron rules to run (may be given more than once)")
    parser.add_argument("--format", default="text", choices=sorted(FORMATS), dest="fmt",
                        help="report format (default text)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="worker processes (default 1; each compiles the schema once)")
    parser.add_argument("-o", "--output", metavar="REPORT",
                        help="write the report to this file instead of standard output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate, print or write the report, and return the exit status."""
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    for rules in args.schematron:
        if not Path(rules).is_file():
            raise UsageError(f"{rules}: no such Schematron file")
    paths = find_files(args.paths, SUFFIXES)
    if not paths:
        raise UsageError("no TEI files found; expected .xml files or folders holding them")
    started = time.monotonic()
    reports = _validate([str(p) for p in paths], args)
    seconds = time.monotonic() - started

    if args.output:
        write_report(reports, args.output, args.fmt, seconds=seconds)
        print(summary_line(reports, seconds), file=sys.stderr)
    else:
        color = args.fmt == "text" and use_color(sys.stdout)
        sys.stdout.write(render_report(reports, args.fmt, color=color, seconds=seconds))
        sys.stdout.flush()
        if args.fmt != "text":
            print(summary_line(reports, seconds), file=sys.stderr)
    return exit_status(reports)


def exit_status(reports: list[DocumentReport]) -> int:
    """2 when a file could not be read, 1 when a file is invalid, else 0."""
    if any(f.source == "io" for r in reports for f in r.findings):
        return 2
    return 0 if all(r.valid for r in reports) else 1


def _validate(paths: list[str], args: argparse.Namespace) -> list[DocumentReport]:
    """Call the library's ``validate_files`` with the options it knows."""
    try:
        from ..validate import ValidateOptions, validate_files
    except ImportError:  # the engine has not landed: validate with lxml directly
        return _validate_directly(paths, args)
    wanted = {"schema": args.schema, "schematron": tuple(args.schematron), "jobs": args.jobs,
              "progress": _progress_wanted(len(paths))}
    known = {f.name for f in dataclasses.fields(ValidateOptions)}
    options = ValidateOptions(**{k: v for k, v in wanted.items() if k in known})
    return list(validate_files(paths, options=options))


def _progress_wanted(count: int) -> bool:
    return sys.stderr.isatty() and count >= PROGRESS_MINIMUM


# --------------------------------------------------------------------------- direct lxml run
# Used only while tei_toolkit.validate.validate_files is not available: one schema for every
# file, no pruning, no process pool.

def _schema_bytes(schema: str) -> tuple[str, bytes]:
    import os

    from ..resources import schema_path

    if schema in ("auto", "project"):
        candidate = schema_path("tei-toolkit.rng")
    elif schema in ("tei_all", "tei_lite"):
        folder = os.environ.get("TEI_TOOLKIT_SCHEMAS", "")
        candidate = Path(folder) / f"{schema}.rng"
    else:
        candidate = Path(schema)
        if candidate.suffix.lower() != ".rng":
            raise UsageError(f"{schema}: only .rng schemas are supported here; expected a .rng file")
    try:
        return str(candidate), candidate.read_bytes()
    except OSError:
        raise UsageError(f"{candidate}: schema not found; expected auto, project, tei_all, tei_lite "
                         "or a .rng file") from None


def _validate_directly(paths: list[str], args: argparse.Namespace) -> list[DocumentReport]:
    from lxml import etree, isoschematron

    from ..corpus import Progress
    from ..validate.explain import SVRL_NS, explain_invalid, explain_parser_error, explain_schematron
    from ..validate.grammar import grammar_index
    from ..validate.model import Finding
    from ..xmlio import safe_parser

    name, data = _schema_bytes(args.schema)
    try:
        relaxng = etree.RelaxNG(etree.fromstring(data, safe_parser()))
    except (etree.XMLSyntaxError, etree.RelaxNGParseError) as error:
        raise UsageError(f"{name}: not a usable RelaxNG schema: {error}") from None
    rules = [isoschematron.Schematron(etree.parse(f, safe_parser()), store_report=True)
             for f in args.schematron]
    reports: list[DocumentReport] = []
    bar = Progress(len(paths), "validating", enabled=_progress_wanted(len(paths)))
    for path in paths:
        started = time.monotonic()
        findings: list[Finding] = []
        try:
            source = Path(path).read_bytes()
            root = etree.fromstring(source, safe_parser(), base_url=path)
        except OSError as error:
            findings.append(Finding(file=path, line=None, column=None, source="io",
                                    message=f"cannot read the file: {error.strerror}",
                                    expected="a readable file"))
        except etree.XMLSyntaxError as error:
            findings.append(explain_parser_error(error, file=path))
        else:
            valid = relaxng.validate(root)
            if not valid:  # the grammar index is built (or loaded) only when something needs explaining
                findings += explain_invalid(root, grammar_index(data), path, list(relaxng.error_log),
                                            valid=False, source=source)
            for checker in rules:
                checker.validate(root)
                for node in checker.validation_report.iter(f"{{{SVRL_NS}}}failed-assert",
                                                           f"{{{SVRL_NS}}}successful-report"):
                    findings.append(explain_schematron(node, root, file=path, source=source))
        reports.append(DocumentReport(file=path, findings=tuple(findings), schema=name,
                                      seconds=time.monotonic() - started))
        bar.advance()
    bar.close()
    return reports
