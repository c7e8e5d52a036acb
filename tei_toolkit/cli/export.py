"""``tei-toolkit export TEI… -o DIR``: documents, mentions, entities and co-occurrence tables."""

from __future__ import annotations

import argparse
import sys

from ..export import ExportOptions, write_tables
from ..export.options import ENGINES
from .common import add_parallel_options, check_jobs


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` subcommand."""
    parser = subparsers.add_parser(
        "export", help="Write tables (CSV, Parquet) of documents, mentions and registers.",
        description="Write documents.csv, mentions.csv, entities.csv and cooccurrence.csv (and/or "
                    ".parquet) for TEI files or folders, plus the co-occurrence network as GraphML "
                    "and GEXF. Columns are described in docs/tables.md. A file that cannot be read "
                    "is reported on one line; the others are exported (exit status 2).")
    parser.add_argument("paths", nargs="+", metavar="TEI", help="TEI files or folders of .xml files")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the tables")
    parser.add_argument("--format", choices=("csv", "parquet", "both"), default="csv",
                        help="table format (parquet needs pyarrow; default: csv)")
    add_parallel_options(parser, work="the batches of files")
    parser.add_argument("--context-words", type=int, default=8, metavar="N",
                        help="words of context left and right of each mention (default 8)")
    parser.add_argument("--registers", action="append", default=[], metavar="PATH",
                        help="register file or folder of them (listPerson/listPlace/listOrg, e.g. "
                             "corpus/authority) for labels and the entities table; repeatable")
    parser.add_argument("--window", type=int, default=None, metavar="N",
                        help="co-occurrence within N sentences (needs <s>); default: same paragraph")
    parser.add_argument("--engine", choices=ENGINES, default="xslt",
                        help="xslt: the XSLT 3.0 stylesheets (saxonche), which define the tables; "
                             "lxml: the same rows read with lxml, up to twice as fast in a third of "
                             "the memory, for large corpora (default: xslt)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Export the tables; print one line per unreadable file and a summary."""
    formats = ("csv", "parquet") if args.format == "both" else (args.format,)
    check_jobs(args.jobs)
    if args.context_words < 0 or (args.window is not None and args.window < 1):
        from ..errors import UsageError

        raise UsageError("--window must be at least 1 and --context-words at least 0")
    options = ExportOptions(context_words=args.context_words, registers=tuple(args.registers),
                            cooccurrence_window=args.window, jobs=args.jobs,
                            scheduler=args.scheduler, formats=formats, engine=args.engine)
    report = write_tables(args.paths, args.output, options)
    for error in report.errors:
        print(f"tei-toolkit export: {error}", file=sys.stderr)
    counts = ", ".join(f"{count} {name}" for name, count in report.rows.items())
    print(f"exported {report.files} file(s): {counts} → {args.output}")
    return 2 if report.errors else 0
