"""``tei-toolkit entities suggest TEI… -o candidates.csv`` and ``tei-toolkit entities accept CSV --registers DIR TEI…``."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from lxml import etree

from ..corpus import find_files
from ..errors import SourceError, UsageError
from ..xmlio import TEI_NS, XML_NS, decode_text, parse_xml, read_bytes, read_tei, serialize, tei, write_atomic

SUFFIXES = (".xml",)
REGISTER_FILE = {"person": "persons.xml", "place": "places.xml", "org": "orgs.xml"}
REGISTER_TITLE = {"person": "persons", "place": "places", "org": "organisations"}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``entities`` subcommand with ``suggest`` and ``accept``."""
    parser = subparsers.add_parser(
        "entities", help="Review discovered entities: suggest a table, accept it into the register.",
        description="Review what entity discovery proposed: 'suggest' writes an editable CSV of candidates, "
                    "'accept' promotes the reviewed rows into the registers and rewrites the TEI's @ref. "
                    "See docs/discovery.md.")
    commands = parser.add_subparsers(dest="entities_command", metavar="ACTION")
    suggest = commands.add_parser(
        "suggest", help="Write a CSV of discovered candidates (one row per proposed entry).",
        description="List the machine-proposed persons, places and organisations of TEI files: the suggestion "
                    "markup already there (from --discover), or, for a file without any, what discovery finds "
                    "now. Columns: decision, type, surface, forms, count, proposed_id, id, label, authority, "
                    "certainty, context, documents. Edit decision (accept/reject), id, label, type, authority.")
    suggest.add_argument("inputs", nargs="+", metavar="TEI", help="TEI files or folders of .xml files")
    suggest.add_argument("-o", "--output", required=True, metavar="CSV", help="the CSV to write, or - for stdout")
    suggest.add_argument("--registers", metavar="DIR",
                         help="registers whose names are already curated (they are not listed as candidates)")
    _engine_options(suggest)
    suggest.set_defaults(run=run_suggest)
    accept = commands.add_parser(
        "accept", help="Promote reviewed rows into the registers and rewrite @ref in the TEI.",
        description="Add the accepted rows as curated entries to the register files in --registers (written "
                    "atomically; existing ids are reused, not changed), point the accepted suggestions at them "
                    "and unwrap the rejected ones (the text is kept). TEI files are rewritten in place unless "
                    "-o names a folder.")
    accept.add_argument("candidates", metavar="CSV", help="the reviewed candidates table")
    accept.add_argument("inputs", nargs="+", metavar="TEI", help="TEI files or folders to rewrite")
    accept.add_argument("--registers", required=True, metavar="DIR",
                        help="folder of persons.xml, places.xml, orgs.xml (created when missing)")
    accept.add_argument("-o", "--output", metavar="DIR", help="write the rewritten TEI here instead of in place")
    _engine_options(accept)
    accept.set_defaults(run=run_accept)
    parser.set_defaults(run=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", default="rules", choices=("rules", "spacy", "rules+spacy"),
                        help="discovery engine for files without suggestion markup (default: rules)")
    parser.add_argument("--spacy-model", default="en_core_web_sm", metavar="NAME",
                        help="installed spaCy model package for --engine spacy (default: en_core_web_sm)")


def _engine(args: argparse.Namespace, registers=None):
    from ..entities.discover import DiscoverOptions, discovery_engine

    return discovery_engine(registers, DiscoverOptions(engine=args.engine, spacy_model=args.spacy_model))


def _tei_files(paths: list[str]) -> list[Path]:
    files = find_files(paths, SUFFIXES)
    if not files:
        raise UsageError(f"no TEI files in {' '.join(paths)}; expected .xml files or folders holding them")
    return files


def run_suggest(args: argparse.Namespace) -> int:
    """Write the candidates table."""
    from ..entities.review import COLUMNS, suggest

    from ..entities.authority import load_registers

    files = _tei_files(args.inputs)
    engine = _engine(args, load_registers(args.registers) if args.registers else None)
    rows = suggest(((path.name, read_tei(path)) for path in files), engine)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    if args.output == "-":
        sys.stdout.write(buffer.getvalue())
    else:
        write_atomic(args.output, buffer.getvalue())
        print(f"{args.output}: {len(rows)} candidates from {len(files)} file(s)", file=sys.stderr)
    return 0


def run_accept(args: argparse.Namespace) -> int:
    """Promote reviewed rows into the registers and rewrite the TEI files."""
    from ..entities.authority import entry_to_element, load_registers, make_registers
    from ..entities.review import merged_registers, new_entries, read_decisions, rewrite_tree
    from ..entities.review import _proposed_entries

    source = args.candidates
    text = decode_text(read_bytes(source), source=source)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "decision" not in reader.fieldnames:
        raise SourceError("no 'decision' column; expected the header written by 'entities suggest'",
                          path=source, line=1)
    decisions = read_decisions(list(reader), source=source)
    folder = Path(args.registers)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder; expected the register folder")
    registers = load_registers(folder) if folder.is_dir() and any(folder.glob("*.xml")) else make_registers([])
    files = _tei_files(args.inputs)
    trees = [(path, read_tei(path)) for path in files]
    proposed = {}
    for _, tree in trees:
        proposed.update(_proposed_entries(tree.getroot()))
    added = new_entries(decisions, registers, proposed)
    for kind in REGISTER_FILE:
        entries = [entry for entry in added if entry.kind == kind]
        if entries:
            path = folder / REGISTER_FILE[kind]
            document = _register_document(path, kind)
            container = document.getroot().find(f".//{tei(_list_tag(kind))}")
            for entry in sorted(entries, key=lambda e: e.id):
                container.append(entry_to_element(entry))
            etree.indent(container, space="  ", level=_depth(container))
            write_atomic(path, serialize(document))
    everything = merged_registers(registers, added)
    engine = None
    changed = 0
    for path, tree in trees:
        if engine is None and not _proposed_entries(tree.getroot()):
            engine = _engine(args, everything)
        changed += rewrite_tree(tree, decisions, everything, engine)
        target = Path(args.output) / path.name if args.output else path
        write_atomic(target, serialize(tree))
    accepted = sum(d.accept for d in decisions)
    print(f"{source}: {accepted} accepted, {len(decisions) - accepted} rejected; {len(added)} new register "
          f"entries; {changed} mentions rewritten in {len(trees)} file(s)", file=sys.stderr)
    return 0


def _list_tag(kind: str) -> str:
    return {"person": "listPerson", "place": "listPlace", "org": "listOrg"}[kind]


def _depth(element: etree._Element) -> int:
    return sum(1 for _ in element.iterancestors())


def _register_document(path: Path, kind: str) -> etree._ElementTree:
    """The register file for ``kind``, or a new minimal one when it does not exist yet."""
    if path.exists():
        tree = parse_xml(read_bytes(path), source=str(path))
        if tree.getroot().find(f".//{tei(_list_tag(kind))}") is None:
            body = tree.getroot().find(f".//{tei('body')}")
            if body is None:
                raise SourceError(f"no <body>; expected a TEI register with a {_list_tag(kind)}", path=str(path))
            etree.SubElement(body, tei(_list_tag(kind)))
        return tree
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    root.set(f"{{{XML_NS}}}id", f"register-{REGISTER_TITLE[kind]}")
    header = etree.SubElement(root, tei("teiHeader"))
    desc = etree.SubElement(header, tei("fileDesc"))
    etree.SubElement(etree.SubElement(desc, tei("titleStmt")), tei("title")).text = \
        f"Register of {REGISTER_TITLE[kind]}"
    etree.SubElement(etree.SubElement(desc, tei("publicationStmt")), tei("p")).text = \
        "Entries accepted by an editor from tei-toolkit entity discovery."
    etree.SubElement(etree.SubElement(desc, tei("sourceDesc")), tei("p")).text = "Born digital."
    body = etree.SubElement(etree.SubElement(root, tei("text")), tei("body"))
    etree.SubElement(body, tei(_list_tag(kind)))
    return etree.ElementTree(root)
