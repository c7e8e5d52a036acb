"""Saved web page reader: the main text only (trafilatura), metadata from meta/OpenGraph/JSON-LD.

trafilatura finds the article and already names its elements in TEI fashion (``p``, ``head``,
``hi rend="#i"``, ``ref``, ``quote``, ``list``, ``table``); this module maps that tree to the
neutral model. Navigation, comments, cookie banners and footers are left out, and every
text block of the page that is not in the main text is listed in ``Document.dropped``.
Metadata: title, author, date (with time when the page gives it), site name, canonical URL,
language (``html/@lang``), licence (``link rel="license"``), keywords.
"""

from __future__ import annotations

import codecs
import json
import re

from lxml import etree
from lxml import html as lxml_html

from ..errors import SourceError
from ..xmlio import decode_text, normalize_space
from .boilerplate import is_boilerplate
from .model import Block, Document, Inline, Meta
from .structure import cite, nest, with_byline
from .text import parse_byline

# trafilatura's hi/@rend → rendition words of the model
RENDS = {"#i": "italic", "#b": "bold", "#u": "underline", "#t": "code", "#sup": "superscript",
         "#sub": "subscript"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
# meta names/properties, strongest first
META_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dc.title", "citation_title"),
    "author": ("author", "article:author", "dc.creator", "citation_author", "parsely-author"),
    "date": ("article:published_time", "dc.date", "citation_publication_date", "date",
             "og:published_time", "datePublished"),
    "site": ("og:site_name", "application-name"),
    "url": ("og:url",),
    "keywords": ("keywords", "news_keywords", "article:tag"),
}
BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
                        "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "blockquote",
                        "pre", "form", "figure", "figcaption", "address", "h1", "h2", "h3", "h4",
                        "h5", "h6", "body", "button", "label", "option", "select", "textarea"})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg"})
# <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…">
CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# labels that browsers read as windows-1252 (WHATWG Encoding Standard)
WINDOWS_1252 = frozenset({"latin-1", "iso8859-1", "ascii", "cp1252"})
MIN_WORDS = 6  # a page whose extracted text (boilerplate lines aside) is shorter has no main text


def read(data: bytes, *, source: str) -> Document:
    """Read a saved HTML page into a ``Document`` of its main text; ``SourceError`` when it has none."""
    import trafilatura  # heavy: imported when a web page is read

    text = _decode_page(data, source=source)
    try:
        page = lxml_html.document_fromstring(text.encode("utf-8"),
                                             parser=lxml_html.HTMLParser(encoding="utf-8", no_network=True))
    except (etree.ParserError, ValueError) as error:
        raise SourceError(f"cannot parse HTML ({error}); expected a web page", path=source) from None
    page_meta = _page_meta(page)
    result = trafilatura.bare_extraction(
        text, url=page_meta.get("url"), include_comments=False, include_tables=True,
        include_formatting=True, include_links=True, with_metadata=True, deduplicate=False)
    body = getattr(result, "body", None)
    if body is None or not _has_main_text(body):
        raise SourceError("no main text found (only navigation, forms or boilerplate); "
                          "expected an article with paragraphs of text", path=source)
    flat = [item for element in body for item in _block(element)]
    if flat and flat[0][0] == "heading" and sum(1 for r, lvl, _ in flat
                                                if r == "heading" and lvl <= flat[0][1]) == 1:
        flat[0] = ("title", 0, flat[0][2])
    meta = Meta(
        title=page_meta.get("title") or (result.title or ""),
        authors=tuple(a for a in [page_meta.get("author") or result.author] if a),
        date=page_meta.get("date") or result.date, date_text=page_meta.get("date") or result.date,
        language=page_meta.get("language") or "en", source_url=page_meta.get("url") or result.url,
        site=page_meta.get("site") or result.sitename, licence=page_meta.get("licence"),
        licence_url=page_meta.get("licence"), keywords=tuple(page_meta.get("keywords", ())),
        source_format="html")
    kept = normalize_space("".join(body.itertext()))
    dropped = _dropped(page, kept)
    rescued = _article_byline(page, dropped)
    if rescued is not None:  # extraction took the article's byline for boilerplate: keep it
        flat.insert(1 if flat and flat[0][0] == "title" else 0, ("p", 0, Block("p", (Inline(rescued),))))
        dropped = tuple(chunk for chunk in dropped if chunk != rescued)
    document = Document(meta=meta, blocks=tuple(nest(flat)))
    document = with_byline(document)
    return Document(meta=document.meta, blocks=document.blocks, dropped=dropped)


def _article_byline(page: lxml_html.HtmlElement, dropped: tuple[str, ...]) -> str | None:
    """A left-out block of the article that reads as a byline (``By NAME, DATE``), if any."""
    candidates = [chunk for chunk in dropped if parse_byline(chunk) is not None]
    if not candidates:
        return None
    for element in page.xpath("//article//*[self::p or self::div or self::span or self::address]"
                              " | //main//*[self::p or self::div or self::span or self::address]"
                              " | //*[contains(@class, 'byline')]"):
        if len(element) < 8 and normalize_space(element.text_content()) in candidates:
            return normalize_space(element.text_content())
    return None


def _decode_page(data: bytes, *, source: str) -> str:
    """The page's text: UTF-8 unless its ``<meta charset>`` declares another encoding."""
    found = CHARSET.search(data[:4096])
    if found is None or data.startswith(codecs.BOM_UTF8):
        return decode_text(data, source=source)
    label = found.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        raise SourceError(f'unknown charset "{label}" in <meta>; expected UTF-8 or another known '
                          "encoding", path=source) from None
    if name == "utf-8":
        return decode_text(data, source=source)
    name = "cp1252" if name in WINDOWS_1252 else name
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"not {label} (byte 0x{data[error.start]:02x}) although the page "
                          f"declares it; expected text in the declared charset", path=source,
                          line=line) from None
    if not text.strip():
        raise SourceError("file is empty; expected some text", path=source)
    return text


def _has_main_text(body: etree._Element) -> bool:
    lines = [line for block in body for line in "".join(block.itertext()).splitlines()]
    words = sum(len(line.split()) for line in lines
                if not is_boilerplate(line) and not is_boilerplate(line, leading=True))
    return words >= MIN_WORDS


def _block(element: etree._Element) -> list[tuple[str, int, Block]]:
    tag = element.tag
    if tag == "head":
        level = HEADINGS.get(element.get("rend", ""), 2)
        return [("heading", level, Block("head", _inlines(element)))]
    if tag == "p":
        return [("block", 0, Block("p", cite(_inlines(element))))]
    if tag == "quote":
        children = [b for child in element for _, _, b in _block(child)]
        if element.text and element.text.strip() or not children:
            return [("block", 0, Block("quote", _inlines(element)))]
        return [("block", 0, Block("quote", children=tuple(children)))]
    if tag == "list":
        items = [Block("item", _inlines(item, skip=("list",)),
                       children=tuple(b for sub in item.findall("list") for _, _, b in _block(sub)))
                 for item in element.findall("item")]
        rend = "numbered" if element.get("rend") == "ol" else "bulleted"
        return [("block", 0, Block("list", children=tuple(items), attributes=(("rend", rend),)))]
    if tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = tuple(Block("cell", _inlines(cell), attributes=(("role", "label"),)
                                if cell.get("role") == "head" else ()) for cell in row.findall("cell"))
            rows.append(Block("row", children=cells))
        return [("block", 0, Block("table", children=tuple(rows)))]
    if tag == "code":
        return [("block", 0, Block("code", (Inline("".join(element.itertext())),)))]
    text = normalize_space("".join(element.itertext()))
    return [("block", 0, Block("p", _inlines(element)))] if text else []


def _inlines(element: etree._Element, skip: tuple[str, ...] = ()) -> tuple[Inline, ...]:
    out: list[Inline] = []
    if element.text:
        out.append(Inline(element.text))
    for child in element:
        if child.tag in skip:
            pass
        elif child.tag == "lb":
            out.append(Inline(style="lb"))
        elif child.tag == "hi":
            style = RENDS.get(child.get("rend", ""), "italic")
            out.append(Inline(style=style, parts=_inlines(child)))
        elif child.tag == "ref" and child.get("target"):
            out.append(Inline(style="ref", target=child.get("target"), parts=_inlines(child)))
        elif child.tag == "del":
            out.append(Inline(style="strikethrough", parts=_inlines(child)))
        elif child.tag == "code":
            out.append(Inline("".join(child.itertext()), "code"))
        elif child.tag != "graphic":
            out.append(Inline(parts=_inlines(child)))
        if child.tail:
            out.append(Inline(child.tail))
    return tuple(out)


def _page_meta(page: lxml_html.HtmlElement) -> dict:
    """Metadata from ``<meta>``, OpenGraph, JSON-LD, ``<link>`` and ``html/@lang``."""
    found: dict = {}
    values: dict[str, str] = {}
    for meta in page.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and meta.get("content") and key not in values:
            values[key] = meta.get("content").strip()
    for script in page.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]):
            if isinstance(item, dict):
                author = item.get("author")
                author = author[0] if isinstance(author, list) and author else author
                name = author.get("name") if isinstance(author, dict) else author
                for key, value in (("datepublished", item.get("datePublished")),
                                   ("ld:title", item.get("headline")), ("ld:author", name)):
                    if isinstance(value, str) and value.strip():
                        values.setdefault(key, value.strip())
    for field, keys in META_FIELDS.items():
        for key in (*keys, f"ld:{field}"):
            if values.get(key.lower()):
                found[field] = values[key.lower()]
                break
    if "date" in found:
        found["date"] = _iso(found["date"])
    if "keywords" in found:
        found["keywords"] = [k.strip() for k in found["keywords"].split(",") if k.strip()]
    canonical = page.xpath("string(//link[@rel='canonical']/@href)")
    if canonical and "url" not in found:
        found["url"] = canonical
    licence = page.xpath("string((//link|//a)[@rel='license']/@href)")
    if licence:
        found["licence"] = licence
    language = page.get("lang") or page.get("{http://www.w3.org/XML/1998/namespace}lang")
    if language and re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", language):
        found["language"] = language
    return {key: value for key, value in found.items() if value}


def _iso(value: str) -> str | None:
    match = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?", value)
    if not match:
        return None
    time = match.group(2)
    return match.group(1) + (f"T{time}:00"[:9] if time and len(time) == 5 else f"T{time}" if time else "")


def _dropped(page: lxml_html.HtmlElement, kept: str) -> tuple[str, ...]:
    """Each text block of the page's body that is not part of the kept main text."""
    body = page.find("body")
    chunks: list[str] = []
    if body is not None:
        _own_text(body, chunks)
    return tuple(dict.fromkeys(chunk for chunk in chunks if chunk not in kept))


def _own_text(element: etree._Element, chunks: list[str]) -> None:
    """Text of a block element and its inline descendants (nested blocks make their own chunks)."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str) or child.tag in SKIP_TAGS:
            parts.append(child.tail or "")
            continue
        if child.tag in BLOCK_TAGS:
            _own_text(child, chunks)
            parts.append(" ")
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    text = normalize_space("".join(parts))
    if text:
        chunks.append(text)


def _inline_text(element: etree._Element) -> str:
    if element.tag in SKIP_TAGS:
        return ""
    return (element.text or "") + "".join(_inline_text(c) + (c.tail or "") for c in element
                                          if isinstance(c.tag, str))
