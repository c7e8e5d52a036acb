"""The columns of every table: name, type and meaning, in output order.

One list drives everything: the pandas dtypes of ``tables()``, the CSV header, the Parquet
schema, ``read_tables()`` and the data dictionary in ``docs/tables.md`` (a test checks that
the dictionary names every column).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` is one of string, int (never null), Int (nullable), float, bool, datetime."""

    name: str
    kind: str
    meaning: str


def _cols(*rows: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*row) for row in rows)


DOCUMENTS = _cols(
    ("id", "string", "document id: TEI/@xml:id, else the file stem (numbered when a file holds several TEI)"),
    ("file", "string", "path of the TEI file as given"),
    ("title", "string", "titleStmt/title (the main title when typed), whitespace-normalised"),
    ("authors", "string", "titleStmt/author (else sourceDesc authors), '; '-separated"),
    ("date", "datetime", "the document's date (the first sourceDesc date with @when, @notBefore or @from, read "
                         "in that order; else publication, "
                         "correspondence or byline date) as a datetime; empty when missing or not ISO"),
    ("date_text", "string", "the same date exactly as written in the attribute (ISO 8601, any precision)"),
    ("language", "string", "TEI/@xml:lang, else langUsage/language/@ident"),
    ("source", "string", "sourceDesc: ptr/@target or URI idno, else the bibliographic description"),
    ("licence", "string", "availability/licence/@target, else the licence or availability text"),
    ("words", "int", "whitespace-separated tokens in tei:text"),
    ("paragraphs", "int", "p elements in tei:text"),
    ("mentions", "int", "entity elements (persName, placeName, orgName, rs, name) in tei:text"),
    ("persons", "int", "mentions of type person"),
    ("places", "int", "mentions of type place"),
    ("orgs", "int", "mentions of type org"),
    ("others", "int", "mentions of any other type (rs/name with another @type or none)"),
)

MENTIONS = _cols(
    ("document", "string", "id of the document (documents.id)"),
    ("index", "int", "1-based number of the mention in its document, document order"),
    ("block", "string", "element name of the text block holding the mention (nearest of p, ab, l, head, "
                        "item, cell, note); empty when the mention is in no block"),
    ("block_id", "string", "xml:id of that block"),
    ("block_index", "Int", "1-based number of that block among the text blocks of the document"),
    ("sentence", "Int", "1-based number of the enclosing s element within the block, when sentences are marked"),
    ("element", "string", "element name: persName, placeName, orgName, rs or name"),
    ("type", "string", "person, place or org (from the element name, or @type of rs/name); else @type or other"),
    ("tei_type", "string", "the element's own @type, as written"),
    ("ref", "string", "the @ref attribute exactly as written (e.g. '#victor-serge', or URIs)"),
    ("key", "string", "the @key attribute exactly as written"),
    ("entity", "string", "the entry the mention points at: first local @ref without '#', else the first "
                         "@ref URI, else @key"),
    ("label", "string", "preferred name of that entry: entities.label (registers first, then the first standOff "
                        "entry with that id in this document or an earlier one; empty when it comes only later)"),
    ("surface", "string", "the mention's text exactly as in the TEI (string value, whitespace kept)"),
    ("text", "string", "the surface text whitespace-normalised"),
    ("start", "Int", "offset (Python code points) of the mention in the string value of its block"),
    ("end", "Int", "offset just after the mention: surface == block_text[start:end]"),
    ("cert", "string", "@cert (high, medium, low) of machine markup"),
    ("resp", "string", "@resp: '#tei-toolkit' when software made the markup; empty when curated"),
    ("suggestion", "bool", "true when the entry is machine-proposed (entry has @resp): render as suggestion"),
    ("depth", "int", "number of entity elements around this one (0 = not nested)"),
    ("in_note", "bool", "true inside a note"),
    ("in_quote", "bool", "true inside quote, q, cit or said"),
    ("left", "string", "up to context_words whole words of the block text before the mention"),
    ("right", "string", "up to context_words whole words of the block text after the mention"),
)

ENTITIES = _cols(
    ("id", "string", "entry xml:id (what mentions.entity holds)"),
    ("type", "string", "person, place or org"),
    ("label", "string", "preferred name (first name element not typed variant)"),
    ("variants", "string", "the other name forms, '; '-separated"),
    ("wikidata", "string", "idno type=wikidata (bare id, Q…)"),
    ("geonames", "string", "idno type=geonames (bare id)"),
    ("viaf", "string", "idno type=viaf (bare id)"),
    ("gnd", "string", "idno type=gnd"),
    ("idnos", "string", "every idno as type:value, '; '-separated"),
    ("birth", "datetime", "birth/@when (else @notBefore, else @from) as a datetime (a year alone gives 1 January); "
                          "empty when missing or not ISO"),
    ("birth_text", "string", "the same date exactly as written (ISO 8601, any precision)"),
    ("death", "datetime", "death/@when (else @notAfter, else @to) as a datetime"),
    ("death_text", "string", "the same date exactly as written"),
    ("lat", "float", "latitude from location/geo ('lat long'); both empty unless both are numbers"),
    ("long", "float", "longitude from location/geo"),
    ("resp", "string", "@resp of the entry: set when software proposed it"),
    ("cert", "string", "@cert of a machine-proposed entry"),
    ("source", "string", "where the entry was read: the register file, or the first document whose standOff holds it"),
    ("mentions", "int", "mentions pointing at the entry in the exported documents"),
    ("documents", "int", "documents with at least one such mention"),
)

COOCCURRENCE = _cols(
    ("source", "string", "entity id (the smaller of the pair, sorted)"),
    ("target", "string", "entity id (the larger of the pair)"),
    ("source_label", "string", "label of source"),
    ("target_label", "string", "label of target"),
    ("source_type", "string", "type of source"),
    ("target_type", "string", "type of target"),
    ("count", "int", "units (blocks, or sentence windows) in which both are mentioned"),
    ("documents", "int", "documents in which they co-occur"),
    ("document_ids", "string", "those documents' ids, '; '-separated, first seen first"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "documents": DOCUMENTS,
    "mentions": MENTIONS,
    "entities": ENTITIES,
    "cooccurrence": COOCCURRENCE,
}

PANDAS_DTYPES = {"string": "string", "int": "int64", "Int": "Int64", "float": "float64",
                 "bool": "boolean", "datetime": "datetime64[us]"}
