"""An index of a RelaxNG grammar (XML syntax): what each element allows, read from the schema.

Error messages need to say what the schema expected ("expected element sourceDesc",
"allowed values: a, b, c"); lxml's RelaxNG errors do not. ``index_grammar`` reads the
grammar once and answers, for every element name (Clark notation ``{ns}local``):
the allowed child elements, the required ones (each requirement a set of alternatives),
whether text is allowed, the attributes (required or optional, closed value lists,
datatypes). Refs, defines and ``combine`` are resolved; ``notAllowed`` branches (pruned
grammars) drop out. Nothing here is a hand-written table: all of it comes from the schema.

``grammar_index(data)`` caches the index in memory and on disk (a pickle keyed by the
schema's SHA-256), so building it costs once per schema, not once per run. The rules live in
``rules.py``, the reading of the grammar in ``indexer.py``.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import Union

from lxml import etree

from ..cache import cache_subfolder, store
from .indexer import Indexer
from .rules import GrammarIndex

__all__ = ["GrammarIndex", "Schema", "grammar_index", "index_grammar"]

INDEX_VERSION = 6  # bump when the pickled shape changes (6: the classes moved to rules.py)

Schema = Union[bytes, etree._ElementTree, etree._Element]

_MEMORY: dict[str, GrammarIndex] = {}


def index_grammar(schema: Schema) -> GrammarIndex:
    """Build the index of a RelaxNG grammar given as bytes or as a parsed tree (no cache)."""
    data = schema if isinstance(schema, bytes) else etree.tostring(schema)
    if isinstance(schema, bytes):
        parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                                 huge_tree=True, remove_comments=True)
        root = etree.fromstring(schema, parser)
    else:
        root = schema.getroot() if isinstance(schema, etree._ElementTree) else schema
    indexer = Indexer(root)
    elements, wildcards = indexer.rules(root)
    return GrammarIndex(elements=elements, start=indexer.start_names(), wildcards=tuple(wildcards),
                        sha256=hashlib.sha256(data).hexdigest())


def grammar_index(schema: Schema, *, use_disk: bool = True) -> GrammarIndex:
    """The index of a grammar, cached in memory and on disk by the schema's SHA-256."""
    data = schema if isinstance(schema, bytes) else etree.tostring(schema)
    key = hashlib.sha256(data).hexdigest()
    if key in _MEMORY:
        return _MEMORY[key]
    target = cache_subfolder("grammar-index") / f"{key}-v{INDEX_VERSION}.pickle"
    index: GrammarIndex | None = None
    if use_disk and target.is_file():
        try:
            with target.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, GrammarIndex) and loaded.sha256 == key:
                index = loaded
        except Exception:  # a corrupt or stale cache is rebuilt, never fatal
            index = None
    if index is None:
        index = index_grammar(data)
        if use_disk:
            store(target, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    _MEMORY[key] = index
    return index
