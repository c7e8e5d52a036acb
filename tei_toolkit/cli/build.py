"""``tei-toolkit build [CORPUS_DIR] -o DIR``: the whole pipeline over a corpus folder."""

from __future__ import annotations

import argparse

from ..pipeline import BuildOptions, build
from ..resources import corpus_root
from .common import add_change_date, add_parallel_options, check_jobs


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``build`` subcommand."""
    parser = subparsers.add_parser(
        "build", help="Run convert, annotate, validate, render and export over a corpus folder.",
        description="Build a corpus folder (sources/ with the texts, authority/ with the registers) "
                    "into DIR: tei/ (TEI with persons, places and organisations marked), "
                    "validation.txt, site/ (the HTML edition: open site/index.html) and tables/ "
                    "(CSV). Stops with the validation report when a document is invalid (exit 1).")
    parser.add_argument("corpus", nargs="?", default=None, metavar="CORPUS_DIR",
                        help="corpus folder (default: the bundled corpus)")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder")
    parser.add_argument("--discover", action="store_true",
                        help="also suggest persons, places and organisations missing from the registers")
    add_change_date(parser)
    parser.add_argument("--title", default="TEI edition", help="title of the HTML edition")
    add_parallel_options(parser, work="the per-document stages")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build and print the one-screen summary."""
    options = BuildOptions(jobs=check_jobs(args.jobs), scheduler=args.scheduler, discover=args.discover,
                           change_date=args.change_date, site_title=args.title)
    report = build(args.corpus or corpus_root(), args.output, options=options)
    print(report.summary())
    return 2 if report.failed else 0
