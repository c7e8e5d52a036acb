"""``tei-toolkit render TEI… -o DIR``: a static HTML edition from TEI files."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..render import RenderOptions, render_edition
from .common import add_parallel_options


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``render`` subcommand."""
    parser = subparsers.add_parser(
        "render", help="Render TEI as a static HTML edition.",
        description="Render TEI files as a static HTML edition: one page per document, "
                    "registers of persons, places and organisations with every mention, "
                    "a sortable document index, a search page and a map. Open DIR/index.html "
                    "in a browser; no server is needed.")
    parser.add_argument("paths", nargs="+", metavar="TEI", help="TEI files or folders of them")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the site")
    parser.add_argument("--registers", metavar="DIR", type=Path,
                        help="folder of TEI registers (persons.xml, places.xml, orgs.xml) that "
                             "label and link the names, besides each document's standOff")
    parser.add_argument("--title", default="TEI edition", help="the edition's name (default: %(default)s)")
    parser.add_argument("--hide-suggestions", action="store_true",
                        help="open pages with machine suggestions not highlighted")
    parser.add_argument("--tiles", metavar="URL",
                        help="tile server URL template ({z}/{x}/{y}) for a tiled map above the "
                             "offline SVG map (the tiles are fetched by the reader's browser)")
    parser.add_argument("--tiles-attribution", default="", metavar="TEXT",
                        help="the credit line the tile server requires")
    add_parallel_options(parser, work="the document pages")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Render and print a one-line summary."""
    options = RenderOptions(registers=args.registers, site_title=args.title, jobs=args.jobs,
                            scheduler=args.scheduler, show_suggestions=not args.hide_suggestions,
                            tile_url=args.tiles, tile_attribution=args.tiles_attribution)
    report = render_edition(args.paths, args.output, options)
    kinds = ", ".join(f"{report.kinds.get(k, 0)} {k}" for k in ("person", "place", "org"))
    print(f"rendered {len(report.documents)} documents, {report.entries} register entries, "
          f"{report.mentions} linked mentions ({kinds}), {report.places_on_map} places on the map "
          f"→ {Path(args.output) / 'index.html'}")
    return 0
