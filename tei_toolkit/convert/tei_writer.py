"""The neutral document model → TEI P5, as the project contract describes it.

The writer knows nothing of source formats. Output is deterministic: the same document
and options give the same bytes (the revision date comes from ``change_date``).
Text blocks (``p``, ``head``, ``item``, ``note``, ``cell``, ``ab``) get ``xml:id``s
``p1``, ``h1``, ``i1``, ``n1``, ``c1``, ``a1`` in document order.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import PurePath

from lxml import etree

from .. import __version__
from ..errors import SourceError, UsageError
from ..xmlio import TEI_NS, XML_NS, tei
from .model import Bibl, Block, Document, Inline
from .options import ConvertOptions, check_language, language_code, language_name, licence_for, slug

SCHEMA_PIS = (
    'href="tei-toolkit.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"',
    'href="tei-toolkit.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"',
)
APP_ID = "tei-toolkit"
DEFAULT_PUBLISHER = "tei-toolkit"
ID_PREFIXES = {"p": "p", "head": "h", "item": "i", "note": "n", "cell": "c", "ab": "a"}
REND_WORDS = frozenset({"italic", "bold", "underline", "superscript", "subscript", "smallcaps",
                        "strikethrough"})
SIMPLE_INLINES = {"code": "code", "title": "title", "q": "q", "docAuthor": "docAuthor",
                  "date": "date", "ref": "ref"}
SIMPLE_BLOCKS = {"p": "p", "head": "head", "byline": "byline", "cell": "cell"}
# Containers whose children are elements only: indented for readability (never mixed content).
INDENTED = frozenset(tei(name) for name in (
    "TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "availability", "sourceDesc",
    "encodingDesc", "appInfo", "application", "profileDesc", "langUsage", "textClass", "keywords",
    "revisionDesc", "text", "body", "div", "list", "table", "row"))
# link targets that would run code where a TEI file is turned into a page: kept out of @target
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
FORMAT_NAMES = {"text": "plain text", "markdown": "Markdown", "html": "HTML", "docx": "Word (DOCX)"}


def write_tei(document: Document, options: ConvertOptions = ConvertOptions()) -> etree._ElementTree:
    """Build the TEI document (header and body) for a ``Document``."""
    meta = document.meta
    language = check_language(options.language or _metadata_language(meta) or "en")
    stem = PurePath(meta.source_file).stem if meta.source_file else ""
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    root.set(f"{{{XML_NS}}}lang", language)
    root.set(f"{{{XML_NS}}}id", options.doc_id or slug(stem or meta.title or "document"))
    root.append(_header(document, options, language, stem))
    text = _sub(root, "text")
    body = _sub(text, "body")
    article = _sub(body, "div", type="article")
    for block in document.blocks:
        _block(article, block)
    if len(article) == 0:
        _sub(article, "p")
    _assign_ids(body)
    _indent(root, 0)
    tree = etree.ElementTree(root)
    for data in SCHEMA_PIS:
        root.addprevious(etree.ProcessingInstruction("xml-model", data))
    return tree


def _metadata_language(meta) -> str | None:
    """The language the source's metadata gives, as a code; a value that is neither a code nor a
    known language name is an error, not a silent English."""
    if meta.language is None or not str(meta.language).strip():
        return None
    code = language_code(str(meta.language))
    if code is None:
        raise SourceError(f'metadata language "{meta.language}" is neither a BCP 47 tag nor a language name '
                          "this tool knows; expected a tag such as en, fr, de-AT (or --language CODE)")
    return code


def _header(document: Document, options: ConvertOptions, language: str, stem: str) -> etree._Element:
    meta = document.meta
    title = options.title or meta.title or stem or "Untitled"
    authors = (options.author,) if options.author else meta.authors
    header = etree.Element(tei("teiHeader"))
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", text=title)
    for author in authors:
        _sub(title_stmt, "author", text=author)
    publication = _sub(file_desc, "publicationStmt")
    _sub(publication, "publisher", text=options.publisher or meta.publisher or DEFAULT_PUBLISHER)
    try:
        licence_text, licence_url = licence_for(options.licence or meta.licence)
    except UsageError:
        if options.licence:
            raise
        licence_text, licence_url = meta.licence or "", meta.licence_url
    availability = _sub(publication, "availability")
    _sub(availability, "licence", text=licence_text, **({"target": licence_url} if licence_url else {}))
    bibl = _sub(_sub(file_desc, "sourceDesc"), "bibl")
    for author in authors:
        _sub(bibl, "author", text=author)
    _sub(bibl, "title", text=title)
    if meta.site:
        _sub(bibl, "publisher", text=meta.site)
    date, date_text = (options.date, options.date) if options.date else (meta.date, meta.date_text)
    if date or date_text:
        _sub(bibl, "date", text=date_text or date, **({"when": date} if date else {}))
    url = options.source_url or meta.source_url
    if url and _harmless(url):
        _sub(bibl, "ptr", target=url)
    app = _sub(_sub(_sub(header, "encodingDesc"), "appInfo"), "application",
               ident=APP_ID, version=__version__)
    app.set(f"{{{XML_NS}}}id", APP_ID)
    _sub(app, "label", text=APP_ID)
    profile = _sub(header, "profileDesc")
    _sub(_sub(profile, "langUsage"), "language", text=language_name(language), ident=language)
    if meta.keywords:
        keywords = _sub(_sub(profile, "textClass"), "keywords")
        for keyword in meta.keywords:
            _sub(keywords, "term", text=keyword)
    when = options.change_date or _dt.date.today().isoformat()
    source_name = PurePath(meta.source_file).name if meta.source_file else "the source"
    kind = FORMAT_NAMES.get(meta.source_format or "", meta.source_format or "source")
    _sub(_sub(header, "revisionDesc"), "change",
         text=f"Converted from {source_name} ({kind}) by tei-toolkit {__version__}.",
         when=when, who=f"#{APP_ID}")
    return header


def _block(parent: etree._Element, block: Block) -> None:
    kind = block.kind
    if kind in SIMPLE_BLOCKS:
        element = _sub(parent, SIMPLE_BLOCKS[kind], **dict(block.attributes))
        _inlines(element, block.inlines)
        for child in block.children:
            _block(element, child)
    elif kind in ("div", "list", "table", "row", "item", "quote"):
        element = _sub(parent, kind, **dict(block.attributes))
        _inlines(element, block.inlines)
        for child in block.children:
            _block(element, child)
    elif kind == "cit":
        element = _sub(parent, "cit")
        _inlines(_sub(element, "quote"), block.inlines)
        if block.bibl:
            _bibl(element, block.bibl)
    elif kind == "code":
        _inlines(_sub(_sub(parent, "ab", type="code"), "code", **dict(block.attributes)), block.inlines)
    elif kind == "pb":
        _sub(parent, "pb", **dict(block.attributes))
    else:
        raise ValueError(f"unknown block kind {kind!r}")


def _harmless(target: str) -> bool:
    """False for a ``javascript:`` (``vbscript:``, ``data:``) link, however it is spaced or cased."""
    squeezed = "".join(ch for ch in target if not ch.isspace() and ord(ch) >= 0x20).lower()
    return not squeezed.startswith(SCRIPT_SCHEMES)


def _inlines(parent: etree._Element, inlines: tuple[Inline, ...]) -> None:
    for inline in inlines:
        _inline(parent, inline)


def _inline(parent: etree._Element, inline: Inline) -> None:
    style = inline.style
    attributes = dict(inline.attributes)
    if not style:
        _content(parent, inline)
        return
    if style in SIMPLE_INLINES:
        if style == "ref" and inline.target and _harmless(inline.target):
            attributes["target"] = inline.target
        element = _sub(parent, SIMPLE_INLINES[style], **attributes)
    elif set(style.split()) <= REND_WORDS:
        element = _sub(parent, "hi", rend=" ".join(sorted(set(style.split()))))
    elif style == "cit":
        cit = _sub(parent, "cit")
        _content(_sub(cit, "quote"), inline)
        if inline.bibl:
            _bibl(cit, inline.bibl)
        return
    elif style == "note":
        element = _sub(parent, "note", **attributes)
        _content(element, inline)
        for child in inline.children:
            _block(element, child)
        return
    elif style in ("lb", "pb"):
        _sub(parent, style, **attributes)
        _append_text(parent, inline.text)
        return
    else:
        raise ValueError(f"unknown inline style {style!r}")
    _content(element, inline)


def _content(element: etree._Element, inline: Inline) -> None:
    if inline.parts:
        _inlines(element, inline.parts)
    else:
        _append_text(element, inline.text)


def _bibl(parent: etree._Element, bibl: Bibl) -> None:
    """``bibl`` with ``author`` and ``title`` marked inside the attribution's own text."""
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + bibl.before
    element = _sub(parent, "bibl")
    rest = bibl.text
    for name, value in (("author", bibl.author), ("title", bibl.title)):
        at = rest.find(value) if value else -1
        if at < 0:
            continue
        _append_text(element, rest[:at])
        _sub(element, name, text=value)
        rest = rest[at + len(value):]
    _append_text(element, rest)


def _append_text(element: etree._Element, text: str) -> None:
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _sub(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tei(name))
    for key, value in attributes.items():
        element.set(key, value)
    if text:
        element.text = text
    return element


def _assign_ids(body: etree._Element) -> None:
    counters: dict[str, int] = {}
    taken = {value for value in body.xpath("//@xml:id", namespaces={"xml": XML_NS})}
    for element in body.iter():
        if not isinstance(element.tag, str) or f"{{{XML_NS}}}id" in element.attrib:
            continue
        prefix = ID_PREFIXES.get(etree.QName(element).localname)
        if prefix is None:
            continue
        while True:
            counters[prefix] = counters.get(prefix, 0) + 1
            candidate = f"{prefix}{counters[prefix]}"
            if candidate not in taken:
                break
        element.set(f"{{{XML_NS}}}id", candidate)


def _indent(element: etree._Element, level: int) -> None:
    if element.tag not in INDENTED or (element.text and element.text.strip()) or len(element) == 0:
        return
    if any(child.tail and child.tail.strip() for child in element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        child.tail = pad
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level
