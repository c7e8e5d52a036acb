"""Word (.docx) reader, with python-docx for the package and styles.

Headings → nested ``div``/``head`` (``Title`` → the article's ``head``); paragraphs; italic, bold,
underline, superscript, subscript, small caps, strike-through → ``hi/@rend``; footnotes and
endnotes → ``note`` at their anchor (the notes parts are parsed with the safe XML parser);
``Quote``/``Intense Quote`` paragraphs → ``quote``; text boxes → ``note type="textbox"``; list paragraphs → ``list/item`` (nested by
level); tables → ``table/row/cell``; page breaks → ``pb``; hyperlinks → ``ref``; the core
properties (title, author, created date, language, keywords) → the header.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

from lxml import etree

from ..errors import SourceError
from ..xmlio import parse_xml
from .model import Block, Document, Inline, Meta
from .structure import cite, nest, with_byline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NOTE_PARTS = {"footnotes": ("footnote", "foot"), "endnotes": ("endnote", "end")}
# run property element → rendition word
RENDITIONS = {"i": "italic", "b": "bold", "u": "underline", "smallCaps": "smallcaps", "strike": "strikethrough"}
VERT_ALIGN = {"superscript": "superscript", "subscript": "subscript"}
CHAR_STYLES = {"Emphasis": "italic", "Strong": "bold", "Intense Emphasis": "italic bold"}
QUOTE_STYLES = ("Quote", "Intense Quote", "Block Text")
LIST_STYLE = re.compile(r"List(?: (Bullet|Number|Continue|Paragraph))?(?: (\d))?$")
HEADING_STYLE = re.compile(r"Heading (\d)$")
OFF = ("0", "false", "none")


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def read(data: bytes, *, source: str) -> Document:
    """Read a .docx file's bytes into a ``Document``; ``SourceError`` when it is not a Word file."""
    import docx  # heavy: imported when a .docx is read
    from docx.opc.exceptions import PackageNotFoundError

    if not data:
        raise SourceError("file is empty; expected a Word (.docx) document", path=source)
    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError,
            OSError, EOFError) as error:
        detail = str(error).splitlines()[0] if str(error) else "corrupt"
        raise SourceError(f"not a readable Word document ({type(error).__name__}: {detail}); "
                          "expected a .docx (Office Open XML) file", path=source) from None
    reader = _Reader(word, source)
    blocks = reader.body(word.element.body)
    document = with_byline(Document(meta=reader.meta(blocks), blocks=tuple(blocks)))
    return dataclasses.replace(document, dropped=_page_furniture(word))


def _page_furniture(word) -> tuple[str, ...]:
    """Running headers and footers (page furniture, not the text): left out, but reported."""
    lines: list[str] = []
    for section in word.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            if part.is_linked_to_previous:
                continue
            for paragraph in part.paragraphs:
                text = " ".join(paragraph.text.split())
                if text:
                    lines.append(text)
    return tuple(dict.fromkeys(lines))


class _Reader:
    """State for one document: style names, hyperlink targets, notes."""

    def __init__(self, word, source: str) -> None:
        self.source = source
        self.word = word
        self.styles = {style.style_id: style.name for style in word.styles}
        self.links = {rel_id: rel.target_ref for rel_id, rel in word.part.rels.items()
                      if rel.reltype.endswith("/hyperlink")}
        self.notes: dict[tuple[str, str], etree._Element] = {}
        for rel in word.part.rels.values():
            kind = rel.reltype.rsplit("/", 1)[-1]
            if kind in NOTE_PARTS and not rel.is_external:
                tag, _ = NOTE_PARTS[kind]
                tree = parse_xml(rel.target_part.blob, source=f"{source}!{rel.target_part.partname}")
                for note in tree.getroot().iter(_w(tag)):
                    if note.get(_w("type")) in (None, "normal"):
                        self.notes[(tag, note.get(_w("id")))] = note

    def meta(self, blocks: list[Block]) -> Meta:
        props = self.word.core_properties
        title = (props.title or "").strip()
        if not title and blocks and blocks[0].kind == "head":
            title = "".join(inline.text for inline in blocks[0].inlines).strip()
        created = props.created or props.modified
        date = created.replace(tzinfo=None).isoformat(timespec="seconds") if created else None
        keywords = tuple(k.strip() for k in re.split(r"[;,]", props.keywords or "") if k.strip())
        return Meta(title=title, authors=(props.author.strip(),) if (props.author or "").strip() else (),
                    date=date, date_text=date, language=(props.language or "en").strip() or "en",
                    keywords=keywords, source_format="docx")

    # --- blocks -------------------------------------------------------------------------
    def body(self, container: etree._Element) -> list[Block]:
        """Blocks of a body (or a note, or a table cell), headings nested into divs."""
        flat: list[tuple[str, int, Block]] = []  # (role, level, block)
        for child in container:
            if child.tag == _w("p"):
                flat.extend(self.paragraph(child))
            elif child.tag == _w("tbl"):
                flat.append(("block", 0, self.table(child)))
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    flat.extend(("block", 0, block) for block in self.body(content))
        return nest(_group(flat))

    def paragraph(self, p: etree._Element) -> list[tuple[str, int, Block]]:
        style_id = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        style = self.styles.get(style_id.get(_w("val")), "") if style_id is not None else ""
        inlines = _merge(self.runs(p))
        out: list[tuple[str, int, Block]] = []
        if p.find(f"{_w('pPr')}/{_w('pageBreakBefore')}") is not None:
            out.append(("block", 0, Block("pb")))
        if not "".join(inline.text for inline in _flatten(inlines)).strip() and \
                not any(i.style == "note" for i in inlines):
            out.extend(("block", 0, Block("pb")) for i in inlines if i.style == "pb")
            return out
        heading = HEADING_STYLE.match(style)
        list_style = LIST_STYLE.match(style)
        num = p.find(f"{_w('pPr')}/{_w('numPr')}")
        if style == "Title":
            out.append(("title", 0, Block("head", tuple(inlines))))
        elif heading:
            out.append(("heading", int(heading.group(1)), Block("head", tuple(inlines))))
        elif style in QUOTE_STYLES:
            out.append(("quote", 0, Block("p", tuple(inlines))))
        elif list_style or num is not None:
            level = int(num.find(_w("ilvl")).get(_w("val"), "0")) if num is not None and \
                num.find(_w("ilvl")) is not None else int((list_style.group(2) if list_style else None) or 1) - 1
            numbered = bool(list_style and list_style.group(1) == "Number")
            out.append(("item-numbered" if numbered else "item", level, Block("item", tuple(inlines))))
        else:
            out.append(("block", 0, Block("p", cite(inlines))))
        return out

    def table(self, tbl: etree._Element) -> Block:
        rows = []
        for tr in tbl.iter(_w("tr")):
            if tr.getparent() is not tbl:
                continue
            cells = []
            for tc in tr.findall(_w("tc")):
                span = tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")
                attributes = (("cols", span.get(_w("val"))),) if span is not None else ()
                content = self.body(tc)
                if len(content) == 1 and content[0].kind == "p":
                    cells.append(Block("cell", content[0].inlines, attributes=attributes))
                else:
                    cells.append(Block("cell", children=tuple(content), attributes=attributes))
            rows.append(Block("row", children=tuple(cells)))
        return Block("table", children=tuple(rows))

    # --- inlines ------------------------------------------------------------------------
    def runs(self, element: etree._Element) -> list[Inline]:
        inlines: list[Inline] = []
        for child in element:
            tag = child.tag
            if tag == _w("r"):
                inlines.extend(self.run(child))
            elif tag == _w("hyperlink"):
                rel_id = child.get(f"{{{R}}}id")
                target = self.links.get(rel_id) if rel_id else None
                anchor = child.get(_w("anchor"))
                target = target or (f"#{anchor}" if anchor else None)
                parts = tuple(_merge(self.runs(child)))
                inlines.append(Inline(style="ref", target=target, parts=parts) if target else
                               Inline(style="", parts=parts))
            elif tag in (_w("ins"), _w("smartTag"), _w("fldSimple"), _w("customXml")):
                inlines.extend(self.runs(child))
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    inlines.extend(self.runs(content))
        return inlines

    def run(self, r: etree._Element) -> list[Inline]:
        style = _run_style(r.find(_w("rPr")), self.styles)
        out: list[Inline] = []
        for child in r:
            tag = child.tag
            if tag == _w("t"):
                out.append(Inline(child.text or "", style))
            elif tag == _w("tab"):
                out.append(Inline("\t", style))
            elif tag in (_w("noBreakHyphen"), _w("softHyphen")):
                out.append(Inline("-" if tag == _w("noBreakHyphen") else "", style))
            elif tag in (_w("br"), _w("cr")):
                out.append(Inline(style="pb" if child.get(_w("type")) == "page" else "lb"))
            elif tag in (_w("footnoteReference"), _w("endnoteReference")):
                out.append(self.note(tag.split("}")[1].replace("Reference", ""), child.get(_w("id"))))
            elif tag in (_w("drawing"), _w("pict"), f"{{{MC}}}AlternateContent"):
                out.extend(Inline(style="note", children=tuple(self.body(box)),
                                  attributes=(("type", "textbox"),)) for box in _text_boxes(child))
        return out

    def note(self, kind: str, note_id: str | None) -> Inline:
        element = self.notes.get((kind, note_id or ""))
        if element is None:
            raise SourceError(f"{kind} {note_id} is referenced but missing; expected it in "
                              f"word/{kind}s.xml", path=self.source)
        for mark in element.iter(_w("footnoteRef"), _w("endnoteRef")):
            mark.getparent().remove(mark)
        place = dict(NOTE_PARTS.values())[kind]
        return Inline(style="note", children=tuple(self.body(element)),
                      attributes=(("place", place), ("n", note_id or "")))


def _text_boxes(element: etree._Element) -> list[etree._Element]:
    """The text box contents of a drawing; of ``mc:AlternateContent`` only the first choice
    (its fallback repeats the same text)."""
    if element.tag == f"{{{MC}}}AlternateContent":
        chosen = element.find(f"{{{MC}}}Choice")
        element = chosen if chosen is not None else element.find(f"{{{MC}}}Fallback")
        if element is None:
            return []
    boxes = list(element.iter(_w("txbxContent")))
    return [box for box in boxes if not any(parent in boxes for parent in box.iterancestors())]


def _run_style(rpr: etree._Element | None, styles: dict[str, str]) -> str:
    if rpr is None:
        return ""
    words: set[str] = set()
    for tag, word in RENDITIONS.items():
        element = rpr.find(_w(tag))
        if element is not None and element.get(_w("val"), "true").lower() not in OFF:
            words.add(word)
    align = rpr.find(_w("vertAlign"))
    if align is not None and align.get(_w("val")) in VERT_ALIGN:
        words.add(VERT_ALIGN[align.get(_w("val"))])
    char_style = rpr.find(_w("rStyle"))
    if char_style is not None:
        words.update(CHAR_STYLES.get(styles.get(char_style.get(_w("val")), ""), "").split())
    return " ".join(sorted(words))


def _flatten(inlines) -> list[Inline]:
    out = []
    for inline in inlines:
        out.extend(_flatten(inline.parts) if inline.parts else [inline])
    return out


def _merge(inlines: list[Inline]) -> list[Inline]:
    """Join neighbouring plain or styled runs of the same style (Word splits runs freely)."""
    merged: list[Inline] = []
    for inline in inlines:
        simple = not (inline.parts or inline.children or inline.target or inline.attributes)
        if simple and inline.style not in ("lb", "pb", "note") and merged and \
                merged[-1].style == inline.style and not (merged[-1].parts or merged[-1].children
                                                          or merged[-1].target or merged[-1].attributes):
            merged[-1] = Inline(merged[-1].text + inline.text, inline.style)
        elif inline.text or not simple or inline.style in ("lb", "pb"):
            merged.append(inline)
    return merged


def _group(flat: list[tuple[str, int, Block]]) -> list[tuple[str, int, Block]]:
    """Runs of quote paragraphs → one ``quote``; runs of list items → nested ``list``s."""
    out: list[tuple[str, int, Block]] = []
    index = 0
    while index < len(flat):
        role = flat[index][0]
        end = index
        while end < len(flat) and flat[end][0] == role:
            end += 1
        run = flat[index:end]
        if role == "quote":
            out.append(("block", 0, Block("quote", children=tuple(block for _, _, block in run))))
        elif role.startswith("item"):
            out.append(("block", 0, _list(run, 0, role == "item-numbered")))
        else:
            out.extend(run)
        index = end
    return out


def _list(run: list[tuple[str, int, Block]], level: int, numbered: bool) -> Block:
    items: list[Block] = []
    index = 0
    while index < len(run):
        _, item_level, block = run[index]
        end = index + 1
        while end < len(run) and run[end][1] > max(item_level, level):
            end += 1
        nested = run[index + 1:end]
        if item_level > level and not items:
            items.append(Block("item", children=(_list(run[index:end], item_level, numbered),)))
        elif nested:
            items.append(Block("item", block.inlines,
                               children=(_list(nested, nested[0][1], numbered),)))
        else:
            items.append(block)
        index = end
    return Block("list", children=tuple(items), attributes=(("rend", "numbered" if numbered else "bulleted"),))
