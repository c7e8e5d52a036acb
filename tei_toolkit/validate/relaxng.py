"""Compile RelaxNG schemas fast: pruned to a batch's element names, cached on disk and in memory.

libxml2 compiles the full ``tei_all.rng`` in about 12 s. ``compiled_schema`` prunes the
grammar to the element names the batch uses (``prune.py``), stores the pruned grammar in the
cache folder under the schema's SHA-256 and a hash of the name set, and compiles that
(milliseconds). Compiled objects are kept per process (they cannot be pickled: each worker
of a process pool compiles its own, once).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import UsageError
from ..cache import cache_subfolder, store
from .prune import Name, UnsupportedGrammar, prune_grammar
from .schemas import Schema

#: Bump when pruning changes, so stale pruned grammars in the cache are not reused.
PRUNE_VERSION = 6

_COMPILED: dict[tuple[str, str], etree.RelaxNG] = {}


@dataclass(frozen=True)
class PrunedSchema:
    """The grammar to compile for one batch: bytes (pruned or not) and its cache key."""

    schema: Schema
    data: bytes
    key: str
    pruned: bool


def cache_folder() -> Path:
    """Where pruned grammars live: ``$TEI_TOOLKIT_CACHE/pruned`` or ``~/.cache/tei-toolkit/pruned``."""
    return cache_subfolder("pruned")


def schema_parser() -> etree.XMLParser:
    """Parser for grammars: no network, no entity expansion beyond the file itself."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           remove_comments=False, huge_tree=False)


def parse_grammar(schema: Schema) -> etree._ElementTree:
    """Parse a schema's bytes (bytes keep the encoding declaration valid), as a one-line error."""
    base = str(schema.path) if schema.path else None
    try:
        return etree.fromstring(schema.data, schema_parser(), base_url=base).getroottree()
    except etree.XMLSyntaxError as error:
        raise UsageError(f"{schema.label}: the schema is not well-formed XML: {error.msg}; "
                         "expected a RelaxNG grammar") from None


def names_key(names: Iterable[Name] | None) -> str:
    """A short stable hash of a set of element names (``all`` for no pruning)."""
    if names is None:
        return "all"
    text = "\n".join(sorted(f"{ns}\t{local}" for ns, local in names))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def pruned_schema(schema: Schema, names: Iterable[Name] | None, *, use_disk: bool = True) -> PrunedSchema:
    """The grammar reduced to ``names`` (from the disk cache when there), or the whole one.

    The names are completed with the elements those elements require (``complete_names``),
    so a document missing a required child still gets a precise error from libxml2.
    Grammars the pruner does not handle (include, externalRef) are returned unchanged.
    """
    if names is None:
        return PrunedSchema(schema, schema.data, f"{schema.digest}-all", False)
    names = frozenset(names)
    key = f"{schema.digest}-{names_key(names)}-v{PRUNE_VERSION}"
    target = cache_folder() / f"{key}.rng"
    if use_disk and target.is_file():
        try:
            return PrunedSchema(schema, target.read_bytes(), key, True)
        except OSError:
            pass
    try:
        tree, _stats = prune_grammar(parse_grammar(schema), names, complete=True)
    except UnsupportedGrammar:
        return PrunedSchema(schema, schema.data, f"{schema.digest}-all", False)
    data = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    if use_disk:
        store(target, data)
    return PrunedSchema(schema, data, key, True)


def compile_relaxng(pruned: PrunedSchema) -> etree.RelaxNG:
    """Compile a (pruned) grammar once per process; raise ``UsageError`` when it is not RelaxNG."""
    memo_key = (pruned.schema.digest, pruned.key)
    compiled = _COMPILED.get(memo_key)
    if compiled is not None:
        return compiled
    base = str(pruned.schema.path) if pruned.schema.path else None
    try:
        root = etree.fromstring(pruned.data, schema_parser(), base_url=base)
        compiled = etree.RelaxNG(root)
    except etree.XMLSyntaxError as error:
        raise UsageError(f"{pruned.schema.label}: the schema is not well-formed XML: {error.msg}; "
                         "expected a RelaxNG grammar") from None
    except etree.RelaxNGParseError as error:
        first = str(error.error_log[0].message) if error.error_log else str(error)
        raise UsageError(f"{pruned.schema.label}: not a usable RelaxNG schema: {first}; "
                         "expected a RelaxNG grammar (XML syntax, or .rnc)") from None
    _COMPILED[memo_key] = compiled
    return compiled


def compiled_schema(schema: Schema, names: Iterable[Name] | None, *,
                    use_disk: bool = True) -> etree.RelaxNG:
    """Prune (or load the pruned grammar from the cache) and compile, once per process."""
    return compile_relaxng(pruned_schema(schema, names, use_disk=use_disk))
