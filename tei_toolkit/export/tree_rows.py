"""The ``lxml`` engine: the documents, mentions and entities rows read from lxml trees.

The same rows, cell for cell, as the XSLT 3.0 stylesheet ``xslt/tables/tei-to-tables.xsl`` (the
definition of the tables; tests/export/test_engines.py compares the two engines on our fixtures,
the bundled corpus and real TEI from other projects). It exists for speed on large corpora: no
Saxon in the process, and lxml's parser is about three times faster than Saxon's, which alone
takes a quarter of what a ``pandas.read_xml`` extraction spends per file.

Rows are lists in the column order of ``schema.TABLES`` for documents and mentions (the mention's
``label`` and ``suggestion`` stay None for the aggregator) and dicts for entities, as the XSLT
engine gives them (``extract.Batch``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from ..entities.insert import TEXT_BLOCKS
from ..errors import SourceError, ToolkitError
from ..xmlio import TEI_NS, XML_NS, normalize_space, read_bytes, safe_parser

T = f"{{{TEI_NS}}}"
XML_ID, XML_LANG = f"{{{XML_NS}}}id", f"{{{XML_NS}}}lang"
TEI_TAG = T + "TEI"
NAMED = frozenset({T + "persName", T + "placeName", T + "orgName"})
FOREIGN = frozenset({T + "rs", T + "name"})
BLOCK_TAGS = tuple(f"{{*}}{name}" for name in TEXT_BLOCKS)
BLOCK_NAMES = frozenset(TEXT_BLOCKS)
QUOTES = frozenset({T + "quote", T + "q", T + "cit", T + "said"})
ENTRY_TAGS = (T + "person", T + "personGrp", T + "place", T + "org")
LABEL_TAGS = frozenset(T + name for name in ("persName", "placeName", "orgName", "name", "settlement",
                                             "country", "geogName"))
VARIANT_TYPES = frozenset({"variant", "alt", "alternative"})

# element name or @type → kind, as $kinds in xslt/tables/functions.xsl
KINDS = {"persName": "person", "person": "person", "pers": "person", "personGrp": "person",
         "placeName": "place", "place": "place", "settlement": "place", "country": "place",
         "orgName": "org", "org": "org", "organisation": "org", "organization": "org"}

# authority ids found inside URIs, as tt:authority's arguments in xslt/tei-to-entities.xsl
AUTHORITIES = (("wikidata", "wikidata.org/", re.compile(r"wikidata\.org/(wiki|entity)/(Q[0-9]+)")),
               ("geonames", "geonames.org/", re.compile(r"geonames\.org/([0-9]+)")),
               ("viaf", "viaf.org/viaf/", re.compile(r"viaf\.org/viaf/([0-9]+)")),
               ("gnd", "d-nb.info/gnd/", re.compile(r"d-nb\.info/gnd/([0-9X-]+)")))
# the lexical form of xs:double (what "castable as xs:double" accepts)
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[Ee][+-]?[0-9]+)?|[+-]?INF|NaN")
_GEO_SEPARATORS = re.compile(r"[ ,]+")

_NORMALIZED_STRING = etree.XPath("normalize-space()")  # libxml2's, the same definition, much faster
_DECLARATIONS = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_PARSERS: dict[bool, etree.XMLParser] = {}


def _parser(declarations: bool) -> etree.XMLParser:
    """One parser per process and kind (building one costs more than parsing a letter). Without a
    DOCTYPE, a repeated xml:id is accepted, as the XSLT engine's Saxon does (it is the validator's
    business); with one, lxml must collect ids, since without it lxml tries to load the external DTD."""
    if declarations not in _PARSERS:
        _PARSERS[declarations] = safe_parser(collect_ids=declarations)
    return _PARSERS[declarations]


def parse_tei_file(path: str) -> etree._Element | None:
    """The file's root element, safely parsed; None when the file needs ``extract.tei_fragment`` to say
    what is wrong with it (not well formed, not TEI, entity references)."""
    data = read_bytes(path)
    # UTF-16/32 hide the declarations from an ASCII search: those files take the careful parser
    declarations = b"\x00" in data[:4] or bool(_DECLARATIONS.search(data))
    try:
        root = etree.fromstring(data, _parser(declarations))
    except etree.XMLSyntaxError:
        return None
    if root.tag not in (TEI_TAG, T + "teiCorpus"):
        return None
    if declarations:  # without a DTD, an entity reference is not well formed: lxml has refused it
        for _ in root.iter(etree.Entity):
            return None
    return root


def _string(element: etree._Element) -> str:
    """The XPath string value: every descendant text node, in order."""
    if not len(element):
        return element.text or ""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _first_attribute(elements: Iterable[etree._Element], names: tuple[str, ...]) -> str | None:
    """The first element that carries one of these attributes, and its first in the order of ``names``
    (XPath ``(e[@a or @b])[1] ! (@a, @b)[1]``)."""
    for element in elements:
        for name in names:
            value = element.get(name)
            if value is not None:
                return value
    return None


def _children(parents: Iterable[etree._Element], tag: str) -> list[etree._Element]:
    return [child for parent in parents for child in parent.iterchildren(tag)]


def _descendants(parents: Iterable[etree._Element], *tags: str) -> list[etree._Element]:
    return [element for parent in parents for element in parent.iterdescendants(*tags)]


def _first_of(*candidates: tuple) -> str | None:
    """The first attribute found by the first candidate (elements, names) that finds one."""
    for elements, names in candidates:
        value = _first_attribute(elements(), names)
        if value is not None:
            return value
    return None


def _descriptions(sources: list[etree._Element]) -> Iterable[etree._Element]:
    """``sourceDesc/(bibl | biblStruct | msDesc/msIdentifier)`` in document order."""
    for source in sources:
        for child in source:
            if child.tag in (T + "bibl", T + "biblStruct"):
                yield child
            elif child.tag == T + "msDesc":
                yield from child.iterchildren(T + "msIdentifier")


BLOCK, SENTENCE, NOTE, QUOTE, NAME, FOREIGN_NAME = 1, 2, 4, 8, 16, 32
_ROLES: dict[object, int] = {}


def _role(tag: object) -> int:
    """What an ancestor of a mention tells about it (bits above, 0 for nothing); cached per tag."""
    role = 0
    if isinstance(tag, str):
        role |= BLOCK if tag.rpartition("}")[2] in BLOCK_NAMES else 0
        role |= (SENTENCE if tag == T + "s" else NOTE if tag == T + "note" else QUOTE if tag in QUOTES
                 else NAME if tag in NAMED else FOREIGN_NAME if tag in FOREIGN else 0)
    _ROLES[tag] = role
    return role


def _kind(element: etree._Element) -> str:
    if element.tag in FOREIGN:
        kind = element.get("type") or ""
        return KINDS.get(kind) or kind or "other"
    return KINDS[element.tag.rpartition("}")[2]]


_NOTHING_ABOVE = (0, 0, False, False, False, None, None)


def _inside(above: tuple, element: etree._Element, role: int) -> tuple:
    """What holds inside ``element`` (of ``role``, not 0) for the mentions there, given what holds
    above it: name elements (count, rs/name above the outermost, whether there is one), inside a
    note, inside a quotation, the nearest block, and the nearest ``s`` below that block."""
    named, foreign, has_name, in_note, in_quote, block, sentence = above
    if role & BLOCK:
        block, sentence = element, None
    if role & NOTE:
        in_note = True
    elif role & QUOTE:
        in_quote = True
    elif role & SENTENCE:
        sentence = element
    elif role & NAME:
        named, has_name = named + 1, True
    elif role & FOREIGN_NAME and not has_name:
        foreign += 1
    return (named, foreign, has_name, in_note, in_quote, block, sentence)


def _ancestry(element: etree._Element) -> tuple:
    """What holds inside ``element`` (``_inside``), from the root down."""
    parent = element.getparent()
    above = _NOTHING_ABOVE if parent is None else _ancestry(parent)
    role = _ROLES.get(element.tag)
    if role is None:
        role = _role(element.tag)
    return _inside(above, element, role) if role else above


_ELEMENT = etree._Element  # not a comment or processing instruction (entity references are refused)


def _find_mentions(element: etree._Element, position: int, above: tuple, found: list[list]) -> int:
    """Append the mentions inside ``element`` to ``found`` in document order, each as [element, what
    holds above it (``_inside``), start, end], offsets into the string value of its nearest block;
    ``element`` starts at ``position`` of its own block's, and ``above`` is what holds inside it.
    Return where ``element`` ends. One walk gives what each mention needs; comments and processing
    instructions add only their tails, as in the XPath string value."""
    text = element.text
    if text:
        position += len(text)
    for child in element:
        if child.__class__ is _ELEMENT:
            role = _ROLES.get(child.tag)
            if role is None:
                role = _role(child.tag)
            if not role:
                position = _find_mentions(child, position, above, found)
            elif role & BLOCK:  # its mentions count from its own start; this block goes on after it
                position += _find_mentions(child, 0, _inside(above, child, role), found)
            elif role & NAME or (role & FOREIGN_NAME and not above[2]):  # above[2]: inside a name
                mention = [child, above, position, None]
                found.append(mention)
                position = mention[3] = _find_mentions(child, position, _inside(above, child, role), found)
            else:
                position = _find_mentions(child, position, _inside(above, child, role), found)
        tail = child.tail
        if tail:
            position += len(tail)
    return position


def _child_nodes_text(element: etree._Element) -> str:
    """``string-join(node() ! string(.), ' ')``: the string value of each child node, space-separated."""
    parts = [element.text] if element.text else []
    for child in element:
        parts.append(_string(child) if isinstance(child.tag, str) else (child.text or ""))
        if child.tail:
            parts.append(child.tail)
    return " ".join(parts)


class DocumentReader:
    """Reads the rows of one file's documents (innermost TEI elements) in document order."""

    def __init__(self, path: str, root: etree._Element, context_words: int, sent: set[str]) -> None:
        self.path = path
        self.context_words = context_words
        self.sent = sent
        self.every_tei = [root] if root.tag == TEI_TAG else list(root.iter(TEI_TAG))
        self.documents = [tei for tei in self.every_tei if tei.find(TEI_TAG) is None]
        self.numbers: dict[etree._Element, int] | None = None

    def document_id(self, tei: etree._Element) -> str:
        """TEI/@xml:id, else the file stem (numbered when the file holds several TEI)."""
        own = tei.get(XML_ID)
        if own is not None:
            return own
        stem = Path(self.path).stem
        if len(self.every_tei) <= 1:
            return stem
        if self.numbers is None:
            self.numbers = {element: number for number, element in enumerate(self.every_tei, 1)}
        return f"{stem}-{self.numbers[tei]}"

    def rows(self, into: dict[str, list]) -> None:
        """Append the file's rows to ``into`` (documents, mentions and entities lists)."""
        for tei in self.documents:
            document = self.document_id(tei)
            mentions: list[list] = []
            for text in tei.iterchildren(T + "text"):
                _find_mentions(text, 0, _ancestry(text), mentions)
            kinds = [_kind(mention[0]) for mention in mentions]
            into["documents"].append(self.document_row(tei, document, kinds))
            if mentions:
                into["mentions"].extend(self.mention_rows(tei, document, mentions, kinds))
            into["entities"].extend(self.entity_rows(tei, document))

    # ------------------------------------------------------------------ documents

    def document_row(self, tei: etree._Element, document: str, kinds: list[str]) -> list[str]:
        """One row of the documents table (tt:document-line in xslt/tei-to-documents.xsl)."""
        headers = list(tei.iterchildren(T + "teiHeader"))
        files = _children(headers, T + "fileDesc")
        title_stmts = _children(files, T + "titleStmt")
        sources = _children(files, T + "sourceDesc")
        publications = _children(files, T + "publicationStmt")
        texts = list(tei.iterchildren(T + "text"))

        titles = _children(title_stmts, T + "title")
        title = [normalize_space(_string(t)) for t in ([t for t in titles if t.get("type") == "main"] or titles)[:1]]

        stated = _children(title_stmts, T + "author")
        authors = stated + _descendants(sources, T + "author")
        if stated:
            authors = [a for a in authors if any(True for _ in a.iterancestors(T + "titleStmt"))]
        names = dict.fromkeys(name for name in (normalize_space(_string(a)) for a in authors) if name)

        profiles = _children(headers, T + "profileDesc")
        date = _first_of((lambda: _descendants(sources, T + "date"), ("when", "notBefore", "from")),
                         (lambda: _children(publications, T + "date"), ("when",)),
                         (lambda: _descendants(profiles, T + "date"), ("when", "notBefore")),
                         (lambda: self._text_dates(texts), ("when",))) or ""
        language = _first_of((lambda: [tei], (XML_LANG,)),
                             (lambda: _children(_children(profiles, T + "langUsage"), T + "language"), ("ident",)),
                             (lambda: texts, (XML_LANG,))) or ""

        text = _NORMALIZED_STRING(texts[0]) if texts else ""
        return [
            document, self.path, title[0] if title else "", "; ".join(names), date, date, language,
            self._source(sources), self._licence(publications),
            str(text.count(" ") + 1 if text else 0),
            str(sum(1 for text_element in texts for _ in text_element.iter(T + "p"))),
            str(len(kinds)), str(kinds.count("person")), str(kinds.count("place")), str(kinds.count("org")),
            str(sum(1 for kind in kinds if kind not in ("person", "place", "org"))),
        ]

    @staticmethod
    def _text_dates(texts: list[etree._Element]) -> Iterable[etree._Element]:
        """``text//(docDate | byline//date)`` in document order."""
        for text in texts:
            for element in text.iter(T + "docDate", T + "date"):
                if element.tag == T + "docDate" or any(True for _ in element.iterancestors(T + "byline")):
                    yield element

    @staticmethod
    def _source(sources: list[etree._Element]) -> str:
        """ptr/@target, else a URI idno, else bibl/biblStruct/msIdentifier, else the whole sourceDesc."""
        target = _first_attribute(_descendants(sources, T + "ptr"), ("target",))
        if target is not None:
            value = normalize_space(target)
        else:
            uris = (i for i in _descendants(sources, T + "idno") if i.get("type") in ("URI", "URL", "url"))
            element = next(uris, None)
            if element is None:
                element = next(_descriptions(sources), None)
            value = normalize_space(_child_nodes_text(element)) if element is not None else ""
        if value:
            return value
        if len(sources) > 1:
            raise SourceError("has more than one sourceDesc and none with a ptr, URI idno or bibl; "
                              "expected one sourceDesc")
        return normalize_space(_string(sources[0])) if sources else ""

    @staticmethod
    def _licence(publications: list[etree._Element]) -> str:
        for availability in _children(publications, T + "availability"):
            licences = list(availability.iterchildren(T + "licence"))
            candidates = itertools.chain((lic.get("target") for lic in licences if lic.get("target") is not None),
                                         map(_string, licences), (availability,))
            for value in candidates:
                value = normalize_space(value if value.__class__ is str else _string(value))
                if value:
                    return value
        return ""

    # ------------------------------------------------------------------ mentions

    def mention_rows(self, tei: etree._Element, document: str, mentions: list[list],
                     kinds: list[str]) -> list[list]:
        """The mention rows of one document (tt:mention-records + extract.mention_rows), from what
        ``_find_mentions`` found; each block's string value is made once."""
        from .extract import context_left, context_right, entity_of

        blocks: dict[etree._Element, tuple] = {}
        numbers: dict[etree._Element, int] = {}
        sentences: dict[etree._Element, str] = {}
        words = self.context_words
        rows = []
        append = rows.append
        for index, (mention, above, first, last) in enumerate(mentions, 1):
            named, foreign, _has_name, in_note, in_quote, block, sentence = above
            place = block_name = block_id = number = start = end = ""
            left = right = None
            if block is not None:
                known = blocks.get(block)
                if known is None:
                    if not numbers:
                        numbers.update((element, number) for number, element in enumerate(
                            (b for text in tei.iterchildren(T + "text") for b in text.iter(*BLOCK_TAGS)), 1))
                    known = blocks[block] = (block.tag.rpartition("}")[2], block.get(XML_ID, ""),
                                             str(numbers[block]), _string(block))
                block_name, block_id, place, text = known
                surface = text[first:last]
                if words:
                    left = context_left(text, first, words)
                    right = context_right(text, last, words)
                if sentence is not None:
                    number = sentences.get(sentence)
                    if number is None:  # number all the s of that parent at once (thousands may share it)
                        sentences.update((element, str(position)) for position, element in enumerate(
                            sentence.getparent().iterchildren(T + "s"), 1))
                        number = sentences[sentence]
                start, end = str(first), str(last)
            else:
                surface, end = _string(mention), None
            get = mention.get
            ref, key = get("ref", ""), get("key", "")
            append([document, str(index), block_name, block_id, place, number, mention.tag.rpartition("}")[2],
                    kinds[index - 1], get("type", ""), ref, key, entity_of(ref, key) if ref or key else None, None,
                    surface, normalize_space(surface), start, end, get("cert", ""), get("resp", ""), None,
                    str(named + foreign), "true" if in_note else "false", "true" if in_quote else "false",
                    left, right])
        return rows

    # ------------------------------------------------------------------ entities

    def entity_rows(self, tei: etree._Element, document: str) -> list[dict]:
        """Rows of the register entries in this document not sent before (tt:entity-row)."""
        rows = []
        for entry in tei.iter(*ENTRY_TAGS):
            entry_id = entry.get(XML_ID)
            if entry_id is None or entry_id in self.sent:
                continue
            self.sent.add(entry_id)
            rows.append(self.entity_row(entry, entry_id, document))
        return rows

    def entity_row(self, entry: etree._Element, entry_id: str, document: str) -> dict:
        """One row of the entities table (tt:entity-row in xslt/tei-to-entities.xsl)."""
        names = [child for child in entry if child.tag in LABEL_TAGS]
        preferred = ([n for n in names if n.get("type") not in VARIANT_TYPES] or names)[:1]
        label = normalize_space(" ".join(preferred[0].itertext())) or None if preferred else None
        variants = None
        if label is not None and len(names) > 1:
            forms = (normalize_space(" ".join(n.itertext())) for n in names)
            variants = "; ".join(dict.fromkeys(form for form in forms if form and form != label)) or None
        idnos = [(i.get("type") or "", normalize_space(_string(i))) for i in entry.iterchildren(T + "idno")]
        geo = next((g for location in entry.iterchildren(T + "location") for g in location.iterchildren(T + "geo")),
                   None)
        coordinates = []
        if geo is not None:
            normalized = normalize_space(_string(geo))
            coordinates = _GEO_SEPARATORS.split(normalized) if normalized else []
        usable = len(coordinates) >= 2 and all(_DOUBLE.fullmatch(token) for token in coordinates[:2])
        wikidata, geonames, viaf, gnd = _authority_ids(entry, idnos)
        return {
            "id": entry_id, "type": KINDS[entry.tag.rpartition("}")[2]], "label": label, "variants": variants,
            "wikidata": wikidata, "geonames": geonames, "viaf": viaf, "gnd": gnd,
            "idnos": "; ".join(f"{kind}:{value}" for kind, value in idnos) or None,
            "birth_text": _first_attribute(entry.iterchildren(T + "birth"), ("when", "notBefore", "from")) or None,
            "death_text": _first_attribute(entry.iterchildren(T + "death"), ("when", "notAfter", "to")) or None,
            "lat": coordinates[0] if usable else None, "long": coordinates[1] if usable else None,
            "resp": entry.get("resp") or None, "cert": entry.get("cert") or None,
            "file": self.path, "source": document,
        }


def _authority_ids(entry: etree._Element, idnos: list[tuple[str, str]]) -> list[str | None]:
    """Per authority (``AUTHORITIES``): the idno of that type, else the id inside the first URI
    (idno, then @ref, @sameAs, @corresp) that holds one."""
    found: list[str | None] = []
    uris: list[str] | None = None
    for kind, host, pattern in AUTHORITIES:
        value = next((value for type_, value in idnos if value and type_.lower() == kind), None)
        if value is None:
            if uris is None:
                uris = [value for _type, value in idnos]
                for name, attribute in entry.items():
                    if name in ("ref", "sameAs", "corresp"):
                        tokens = normalize_space(attribute)
                        uris.extend(tokens.split(" ") if tokens else ())
            for uri in uris:
                if host in uri:
                    match = pattern.search(uri)
                    if match:
                        value = match.group(0).rpartition("/")[2]
                        break
        found.append(value)
    return found


def rows_of_files(paths: list[str], context_words: int, sent: set[str]) -> tuple[dict[str, list], list[str], int]:
    """Rows of every readable file in ``paths``, one-line errors for the others, and the number of
    files read; ``sent`` (entry ids already returned) grows with the entries returned."""
    from .extract import tei_fragment

    rows: dict[str, list] = {"documents": [], "mentions": [], "entities": []}
    errors: list[str] = []
    files = 0
    for path in paths:
        try:
            root = parse_tei_file(path)
            if root is None:
                tei_fragment(path)  # raises the one-line error that says what is wrong
                raise SourceError("cannot be parsed; expected well-formed TEI XML", path=path)
            reader = DocumentReader(path, root, context_words, sent)
            if reader.documents:  # a teiCorpus holding only its header adds nothing
                part: dict[str, list] = {"documents": [], "mentions": [], "entities": []}
                reader.rows(part)  # all of a file's rows or, when it fails half-way, none
                for name, values in part.items():
                    rows[name].extend(values)
                files += 1
        except ToolkitError as error:
            errors.append(str(error) if str(error).startswith(path) else f"{path}: {error}")
    return rows, errors, files
