"""``tei-toolkit schemas fetch NAME [--version V]`` and ``tei-toolkit schemas list``.

Named TEI schemas (``--schema tei_all``) are read from a local cache folder, so validation
never needs the network. ``fetch`` fills it from the TEI Consortium's site on a machine with
internet; ``TEI_TOOLKIT_SCHEMAS`` points the cache elsewhere (for example a vendored folder).
"""

from __future__ import annotations

import argparse

from ..validate.schemas import CACHE_ENV, FETCHABLE, NAMED, cache_dir, fetch_schema, schema_url


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``schemas`` subcommand with ``fetch`` and ``list``."""
    parser = subparsers.add_parser(
        "schemas", help="Manage the local cache of TEI schemas.",
        description=f"Manage the local cache of TEI RelaxNG schemas used by `validate --schema NAME` "
                    f"(folder: ${CACHE_ENV}, else {cache_dir()}).")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    fetch = actions.add_parser("fetch", help="Download a TEI schema release into the cache.",
                               description="Download the RelaxNG of a TEI customisation from "
                                           "www.tei-c.org into the schema cache.")
    fetch.add_argument("name", choices=FETCHABLE, metavar="NAME",
                       help=f"the customisation: {', '.join(FETCHABLE)}")
    fetch.add_argument("--version", default=None, metavar="V",
                       help="a TEI P5 release such as 4.12.0 (default: the current release)")
    fetch.set_defaults(run=run_fetch)
    listing = actions.add_parser("list", help="Show the cache folder and the schemas in it.")
    listing.set_defaults(run=run_list)
    parser.set_defaults(run=run_list)


def run_fetch(args: argparse.Namespace) -> int:
    """Download one schema; print where it went."""
    print(f"downloading {schema_url(args.name, args.version)}")
    path = fetch_schema(args.name, args.version)
    print(f"saved {path}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print the cache folder and which named schemas are present."""
    folder = cache_dir()
    print(f"schema cache: {folder}")
    for name, file in sorted(NAMED.items()):
        if name == "project":
            continue
        state = "present" if (folder / file).is_file() else f"missing (tei-toolkit schemas fetch {name})"
        print(f"  {name:10} {file:14} {state}")
    return 0
