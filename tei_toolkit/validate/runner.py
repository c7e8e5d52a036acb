"""Validate many TEI files: parse safely, RelaxNG (pruned, compiled once), then Schematron.

``validate_files`` reads every file once to learn the element names of the batch, prunes
each schema to them (``relaxng.py``), then validates file by file, in this process or in a
process pool where each worker compiles the pruned schema once. Problems never stop the run:
an unreadable file, a parser error (not well-formed, undefined entity, bad or repeated
``xml:id``) or a schema violation becomes a ``Finding`` of that file's ``DocumentReport``.

External DTDs and entities are read only from files in the document's own folder (or below
it), never from the network (``parse.py``); libxml2's entity-amplification limits stay on.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..corpus import Progress, run_stage
from ..errors import ToolkitError, UsageError
from .explain import explain_invalid
from .grammar import grammar_index
from .locate import element_path, node_at
from .model import DocumentReport, Finding
from .parse import ParsedDocument, parse_document
from .prune import Name, element_names
from .relaxng import PrunedSchema, compile_relaxng, pruned_schema
from .schematron import RuleSet, SkippedPattern, check_rules, embedded_rules, load_rules
from .schemas import (PROJECT_SCHEMATRON, Schema, auto_schema_path, auto_schematron_paths,
                      load_schema, load_schema_file)
from ..resources import schema_path


#: Keep parsed trees between the name scan and validation up to this many bytes of input.
KEEP_TREES_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class ValidateOptions:
    """How to validate.

    ``schema``: ``auto`` (each document's ``<?xml-model?>``, else the project schema),
    ``project``, ``tei_all``, ``tei_lite`` or a ``.rng``/``.rnc`` path. ``schematron``: extra
    ``.sch`` files for every document. ``project_rules``: run ``schemas/tei-toolkit.sch`` with
    the project schema (and the ``.sch`` a document names in ``auto``). ``embedded_rules``: also
    run the XPath 1.0 Schematron embedded in the RelaxNG (TEI's own constraints; off by default
    so verdicts equal jing's). ``prune``/``use_cache``: the speed machinery (off only to measure).
    ``time_limit``: seconds one document may take; documents then run in worker processes that
    are stopped when a document exceeds it (libxml2 cannot be interrupted inside a process).
    """

    schema: str = "auto"
    schematron: tuple[str, ...] = ()
    project_rules: bool = True
    embedded_rules: bool = False
    jobs: int = 1
    progress: bool | None = None
    prune: bool = True
    use_cache: bool = True
    explain: bool = True
    time_limit: float | None = None


@dataclass(frozen=True)
class _Plan:
    """What a worker needs for one schema group: the pruned grammar and the rule files."""

    schema: Schema
    pruned: PrunedSchema
    rules: tuple[tuple[str, bytes], ...] = ()
    embedded: bool = False
    explain: bool = True


# --------------------------------------------------------------------------- schemas per document

def _schema_for(spec: str, tree: etree._ElementTree | None, path: str,
                loaded: dict[str, Schema]) -> tuple[Schema, tuple[str, ...]]:
    """The schema and the Schematron files for one document under ``spec``."""
    rule_files: tuple[str, ...] = ()
    if spec == "auto":
        found = auto_schema_path(tree, Path(path)) if tree is not None else None
        if tree is not None:
            rule_files = tuple(str(p) for p in auto_schematron_paths(tree, Path(path)))
        key = str(found) if found is not None else "project"
        if key not in loaded:
            loaded[key] = load_schema_file(found) if found is not None else load_schema("project")
        if found is None and not rule_files:
            rule_files = (str(schema_path(PROJECT_SCHEMATRON)),)
        return loaded[key], rule_files
    if spec not in loaded:
        loaded[spec] = load_schema(spec)
    if spec == "project":
        rule_files = (str(schema_path(PROJECT_SCHEMATRON)),)
    return loaded[spec], rule_files


# --------------------------------------------------------------------------- checking one document

def _relaxng_findings(relaxng: etree.RelaxNG, tree: etree._ElementTree, plan: _Plan, file: str,
                      data: bytes | None) -> list[Finding]:
    if relaxng.validate(tree):
        return []
    entries = list(relaxng.error_log)
    if plan.explain:
        try:
            return explain_invalid(tree, grammar_index(plan.schema.data), file, entries,
                                   valid=False, source=data)
        except Exception:  # wording must never hide a verdict: fall back to lxml's words
            pass
    return _raw_relaxng(entries, tree, file)


def readable_path(entry_path: str | None, tree: etree._ElementTree) -> str | None:
    """lxml's ``/*[local-name()=…]`` error path as ``/TEI/text/body/div[2]/p[3]``."""
    if not entry_path:
        return None
    node = node_at(tree.getroot(), entry_path)
    return element_path(node) if node is not None else entry_path


def _raw_relaxng(entries: Sequence[etree._LogEntry], tree: etree._ElementTree,
                 file: str) -> list[Finding]:
    findings = [Finding(file=file, line=entry.line or None, column=entry.column or None,
                        message=entry.message, path=readable_path(entry.path, tree),
                        source="relaxng") for entry in entries]
    return findings or [Finding(file=file, line=None, column=None, source="relaxng",
                                message="the document does not match the schema")]


@functools.lru_cache(maxsize=None)
def _rules(name: str, data: bytes) -> RuleSet:
    return load_rules(data, label=name, base_url=name)


def _check(path: str, plan: _Plan, parsed: ParsedDocument | None = None) -> DocumentReport:
    started = time.monotonic()
    parsed = parsed or parse_document(path)
    findings = list(parsed.findings)
    if parsed.tree is not None:
        relaxng = compile_relaxng(plan.pruned)
        findings += _relaxng_findings(relaxng, parsed.tree, plan, path, parsed.data)
        rule_sets = [_rules(name, data) for name, data in plan.rules]
        if plan.embedded:
            embedded = embedded_rules(plan.schema)
            if embedded is not None:
                rule_sets.append(embedded)
        for rules in rule_sets:
            findings += check_rules(rules, parsed.tree, file=path, source=parsed.data)
    return DocumentReport(file=path, findings=tuple(findings), schema=plan.schema.label,
                          seconds=time.monotonic() - started)


# --------------------------------------------------------------------------- process pool

_WORKER_PLANS: dict[str, _Plan] = {}


def _init_worker(plans: dict[str, _Plan]) -> None:
    _WORKER_PLANS.clear()
    _WORKER_PLANS.update(plans)
    for plan in plans.values():  # compile once per worker, before the first file
        try:
            compile_relaxng(plan.pruned)
        except UsageError:
            pass  # raised again (and reported) by the first document that needs it


def _check_item(item: tuple[str, str]) -> DocumentReport:
    path, key = item
    return _check(path, _WORKER_PLANS[key])


# --------------------------------------------------------------------------- the public function

def _plan_batch(files: list[str], options: ValidateOptions, extra_rules: tuple[tuple[str, bytes], ...]
                ) -> tuple[dict[str, ParsedDocument], dict[str, str], dict[str, _Plan]]:
    """Read every file once: its schema and rule files, and the element names of each schema's
    documents; prune each schema to its names. Returns the parsed documents kept in memory,
    each file's plan key, and the plans."""
    loaded: dict[str, Schema] = {}
    parsed: dict[str, ParsedDocument] = {}
    assignments: dict[str, str] = {}
    groups: dict[str, tuple[Schema, tuple[str, ...]]] = {}
    names: dict[str, set[Name]] = {}
    kept = 0
    for path in files:
        doc = parse_document(path)
        schema, rule_files = _schema_for(options.schema, doc.tree, path, loaded)
        if not options.project_rules:
            rule_files = ()
        key = f"{schema.digest}|{'|'.join(rule_files)}"
        groups[key] = (schema, rule_files)
        assignments[path] = key
        if doc.tree is not None:
            names.setdefault(schema.digest, set()).update(element_names(doc.tree))
        if doc.tree is None or kept + len(doc.data or b"") <= KEEP_TREES_BYTES:
            kept += len(doc.data or b"")
            parsed[path] = doc

    plans: dict[str, _Plan] = {}
    pruned_by_schema: dict[str, PrunedSchema] = {}
    for key, (schema, rule_files) in groups.items():
        if schema.digest not in pruned_by_schema:
            wanted = names.get(schema.digest, set()) if options.prune else None
            pruned_by_schema[schema.digest] = pruned_schema(schema, wanted, use_disk=options.use_cache)
        rules = tuple((f, _read_rules(f)) for f in rule_files) + extra_rules
        plans[key] = _Plan(schema=schema, pruned=pruned_by_schema[schema.digest], rules=rules,
                           embedded=options.embedded_rules, explain=options.explain)

    return parsed, assignments, plans


def validate_files(paths: Iterable[str | Path], options: ValidateOptions = ValidateOptions()) -> list[DocumentReport]:
    """Validate files against RelaxNG (and Schematron); one report per file, in order.

    Raises ``UsageError`` only for a bad option or schema (unknown name, unreadable or broken
    grammar); problems of single documents are findings in their reports.
    """
    files = [str(p) for p in paths]
    if options.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    extra_rules = tuple((str(f), _read_rules(f)) for f in options.schematron)
    for name, data in extra_rules:
        _rules(name, data)  # a broken rule file is a usage error before any document is read

    parsed, assignments, plans = _plan_batch(files, options, extra_rules)
    if options.time_limit is not None:
        return _run_with_limit(files, assignments, plans, options)
    if options.jobs > 1 and len(files) > 1:
        outcomes = run_stage(_check_item, [(path, assignments[path]) for path in files],
                             jobs=options.jobs, label="validating", progress=options.progress,
                             initializer=functools.partial(_init_worker, plans))
        reports = []
        for outcome in outcomes:
            if outcome.ok:
                reports.append(outcome.value)
            else:
                reports.append(DocumentReport(file=outcome.item[0], findings=(Finding(
                    file=outcome.item[0], line=None, column=None, message=outcome.error or "failed",
                    source="io" if outcome.exit_code == 2 else "parser"),)))
        return reports

    for plan in plans.values():
        compile_relaxng(plan.pruned)  # a broken schema is a usage error, raised once, here
    bar = Progress(len(files), "validating", enabled=options.progress)
    reports = []
    try:
        for path in files:
            plan = plans[assignments[path]]
            try:
                reports.append(_check(path, plan, parsed.pop(path, None)))
            except ToolkitError as error:
                reports.append(DocumentReport(file=path, findings=(Finding(
                    file=path, line=None, column=None, message=str(error), source="io"),)))
            bar.advance()
    finally:
        bar.close()
    return reports


def _run_with_limit(files: list[str], assignments: dict[str, str], plans: dict[str, _Plan],
                    options: ValidateOptions) -> list[DocumentReport]:
    """Validate in a ``multiprocessing`` pool; a document over the limit stops the pool, is
    reported as too slow, and the pool restarts for the documents not done yet."""
    import multiprocessing

    limit = float(options.time_limit or 0)
    done: dict[str, DocumentReport] = {}
    pending = list(files)
    bar = Progress(len(files), "validating", enabled=options.progress)
    try:
        while pending:
            pool = multiprocessing.Pool(processes=max(1, options.jobs), initializer=_init_worker,
                                        initargs=(plans,))
            try:
                results = [(path, pool.apply_async(_check_item, ((path, assignments[path]),)))
                           for path in pending]
                for path, result in results:
                    try:
                        done[path] = result.get(timeout=limit)
                    except multiprocessing.TimeoutError:
                        done[path] = DocumentReport(file=path, findings=(Finding(
                            file=path, line=None, column=None, source="parser",
                            message=f"validation took longer than {limit:g} s and was stopped",
                            expected="a document the validator can check in time (or a larger "
                                     "time limit)"),), schema=plans[assignments[path]].schema.label,
                            seconds=limit)
                        bar.advance()
                        break
                    except ToolkitError as error:
                        done[path] = DocumentReport(file=path, findings=(Finding(
                            file=path, line=None, column=None, message=str(error), source="io"),))
                    bar.advance()
            finally:
                pool.terminate()
                pool.join()
            pending = [path for path in pending if path not in done]
    finally:
        bar.close()
    return [done[path] for path in files]


def skipped_embedded_rules(schema: str) -> tuple[int, tuple[SkippedPattern, ...]]:
    """For ``--schema`` specs other than ``auto``: how many embedded Schematron patterns run,
    and the ones skipped because they need XPath 2.0 (each with the reason)."""
    rules = embedded_rules(load_schema(schema))
    if rules is None:
        return 0, ()
    return len(rules.patterns), rules.skipped


def _read_rules(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read the Schematron file: {error.strerror}") from None
