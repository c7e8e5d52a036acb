"""The ``tei-toolkit`` command: one subcommand per stage, each a thin wrapper over the library.

Each subcommand lives in ``cli/<name>.py`` and exposes ``register(subparsers)``,
which adds its parser and sets ``run=`` to a function ``run(args) -> int``.
Errors raised by the library become one line on stderr and an exit code:
0 ok, 1 invalid documents, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..errors import ToolkitError

SUBCOMMANDS = {
    "convert": "Turn source texts (.txt .md .html .docx) into TEI.",
    "annotate": "Mark persons, places and organisations in TEI from registers.",
    "validate": "Check TEI against RelaxNG and Schematron.",
    "render": "Render TEI as a static HTML edition.",
    "export": "Write tables (CSV, Parquet) of documents, mentions and registers.",
    "build": "Run convert, annotate, validate, render and export over a corpus folder.",
    "entities": "Review discovered entities: suggest a table, accept it into the register.",
    "schemas": "Manage the local cache of TEI schemas.",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; only ``command``'s module is imported (all of them when None).

    Importing a subcommand pulls in its stage's libraries, so a run of one command
    does not pay for the others; the top-level help lists every command from
    ``SUBCOMMANDS`` without importing them.
    """
    parser = argparse.ArgumentParser(
        prog="tei-toolkit",
        description="Convert texts to TEI P5, mark entities, validate, and publish "
                    "an HTML edition and tables.",
        epilog="Run `tei-toolkit COMMAND --help` for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"tei-toolkit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in SUBCOMMANDS.items():
        if command is not None and name != command:
            subparsers.add_parser(name, help=summary, add_help=False)
            continue
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"{__name__}.{name}":
                continue
            raise
        module.register(subparsers)
    return parser


def _command(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (its first word that is not an option), if any."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in SUBCOMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = sys.argv[1:] if argv is None else argv
    command = _command(argv)
    parser = build_parser(command if command else ("" if argv and argv[0] == "--version" else None))
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args) or 0)
    except ToolkitError as error:
        print(f"tei-toolkit {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    except OSError as error:  # a file or folder the system refused, where no stage said it in its own words
        from ..xmlio import io_problem

        where = f"{error.filename}: " if error.filename else ""
        print(f"tei-toolkit {args.command}: {where}{io_problem(error.filename or '', error)}; "
              "expected a path that can be read or written", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tei-toolkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
