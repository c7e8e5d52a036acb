"""Markdown reader (CommonMark via markdown-it-py, with front matter, footnotes, tables).

YAML front matter → header metadata (same fields as a ``.meta.yaml`` sidecar); a first ``#``
heading that is the only one of its level → the article's ``head``, other headings → nested
``div``/``head``; emphasis → ``hi``; block quotes → ``quote``; lists → ``list/item``; footnotes →
``note`` at the reference; links → ``ref/@target``; inline code → ``code``, code blocks →
``ab type="code"``; tables → ``table/row/cell``. Markup characters are not content; every
character of the text is kept (an image keeps its alt text, raw HTML its text; HTML tags,
comments and scripts are markup, not text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import SourceError
from ..xmlio import decode_text
from .metadata import apply, parse_yaml
from .model import Block, Document, Inline, Meta, SourceLocation
from .structure import cite, nest, with_byline

INLINE_STYLES = {"em": "italic", "strong": "bold", "s": "strikethrough", "link": "ref"}
FRONT_MATTER_START = re.compile(r"---[ \t]*\n[\w-]+[ \t]*:")
BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
LIST_RENDS = {"bullet_list": "bulleted", "ordered_list": "numbered"}


def read(data: bytes, *, source: str) -> Document:
    """Read Markdown bytes into a ``Document``; broken front matter is a ``SourceError``."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    text = decode_text(data, source=source).replace("\r\n", "\n")
    parser = (MarkdownIt("commonmark").enable("table").enable("strikethrough")
              .use(front_matter_plugin).use(footnote_plugin))
    tokens = parser.parse(text)
    if (not tokens or tokens[0].type != "front_matter") and FRONT_MATTER_START.match(text):
        raise SourceError("front matter is not closed; expected a line --- after the YAML",
                          path=source, line=1, column=1)
    meta = Meta(source_format="markdown")
    if tokens and tokens[0].type == "front_matter":
        meta = apply(meta, parse_yaml(tokens[0].content, source=source, line_offset=1))
        tokens = tokens[1:]
    builder = _Builder(source)
    main = builder.collect_notes(tokens)
    flat = builder.blocks(main)
    flat = _title(flat)
    if not meta.title and flat and flat[0][0] == "title":
        meta = apply(meta, {"title": "".join(i.text for i in _flatten(flat[0][2].inlines))})
    return with_byline(Document(meta=meta, blocks=tuple(nest(flat))))


class _Builder:
    """Token stream → blocks; footnote definitions are read first so references can embed them."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.notes: dict[int, tuple[Block, ...]] = {}

    def collect_notes(self, tokens: Sequence) -> list:
        main, index = [], 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "footnote_open":
                end = _close(tokens, index)
                blocks = [block for _, _, block in self.blocks(tokens[index + 1:end])]
                self.notes[token.meta["id"]] = tuple(blocks)
                index = end + 1
            elif token.type in ("footnote_block_open", "footnote_block_close"):
                index += 1
            else:
                main.append(token)
                index += 1
        return main

    def blocks(self, tokens: Sequence) -> list[tuple[str, int, Block]]:
        out: list[tuple[str, int, Block]] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            where = SourceLocation(token.map[0] + 1) if token.map else None
            kind = token.type.removesuffix("_open")
            if token.nesting == 1:
                end = _close(tokens, index)
                inner = tokens[index + 1:end]
                out.append(self.container(kind, token, inner, where))
                index = end + 1
                continue
            if kind in ("fence", "code_block"):
                attributes = (("lang", token.info.split()[0]),) if token.info.strip() else ()
                out.append(("block", 0, Block("code", (Inline(token.content.rstrip("\n")),),
                                              source=where, attributes=attributes)))
            elif kind == "html_block":
                text = _html_text(token.content)
                if text:
                    out.append(("block", 0, Block("p", (Inline(text),), source=where)))
            index += 1
        return out

    def container(self, kind: str, token, inner: Sequence, where) -> tuple[str, int, Block]:
        if kind in ("paragraph", "heading"):
            inlines = self.inlines(inner[0].children or []) if inner else ()
            if kind == "heading":
                return "heading", int(token.tag[1]), Block("head", inlines, source=where)
            return "block", 0, Block("p", cite(inlines), source=where)
        children = tuple(block for _, _, block in self.blocks(inner))
        if kind == "blockquote":
            return "block", 0, Block("quote", children=children, source=where)
        if kind in LIST_RENDS:
            return "block", 0, Block("list", children=children, source=where,
                                     attributes=(("rend", LIST_RENDS[kind]),))
        if kind == "list_item":
            if len(children) == 1 and children[0].kind == "p":
                return "block", 0, Block("item", children[0].inlines, source=where)
            if children and children[0].kind == "p":
                return "block", 0, Block("item", children[0].inlines, children[1:], source=where)
            return "block", 0, Block("item", children=children, source=where)
        if kind == "table":
            rows = [row for section in children for row in (section.children if section.kind != "row"
                                                              else (section,))]
            return "block", 0, Block("table", children=tuple(rows), source=where)
        if kind in ("thead", "tbody"):
            return "block", 0, Block(kind, children=children)
        if kind == "tr":
            return "block", 0, Block("row", children=children)
        if kind in ("th", "td"):
            inlines = self.inlines(inner[0].children or []) if inner else ()
            return "block", 0, Block("cell", inlines, attributes=(("role", "label"),) if kind == "th" else ())
        return "block", 0, Block("div", children=children, source=where)  # unknown container: keep text

    def inlines(self, tokens: Sequence) -> tuple[Inline, ...]:
        stack: list[tuple[str, str | None, list[Inline]]] = [("", None, [])]
        for token in tokens:
            kind = token.type
            if kind.endswith("_open"):
                style = INLINE_STYLES.get(kind.removesuffix("_open"), "")
                stack.append((style, token.attrs.get("href") if style == "ref" else None, []))
            elif kind.endswith("_close") and len(stack) > 1:
                style, target, parts = stack.pop()
                stack[-1][2].append(Inline(style=style, target=target, parts=tuple(parts))
                                    if style else Inline(parts=tuple(parts)))
            elif kind == "text":
                stack[-1][2].append(Inline(token.content))
            elif kind == "softbreak":
                stack[-1][2].append(Inline("\n"))
            elif kind == "hardbreak":
                stack[-1][2].append(Inline(style="lb"))
            elif kind == "code_inline":
                stack[-1][2].append(Inline(token.content, "code"))
            elif kind == "image":
                stack[-1][2].append(Inline(token.content))
            elif kind == "html_inline" and BR_TAG.fullmatch(token.content.strip()):
                stack[-1][2].append(Inline(style="lb"))
            elif kind == "footnote_ref":
                note_id = token.meta["id"]
                stack[-1][2].append(Inline(style="note", children=self.notes.get(note_id, ()),
                                           attributes=(("place", "foot"), ("n", token.meta["label"]))))
        while len(stack) > 1:  # unbalanced (should not happen): keep the text
            _, _, parts = stack.pop()
            stack[-1][2].extend(parts)
        return tuple(_join(stack[0][2]))


def _close(tokens: Sequence, index: int) -> int:
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _title(flat: list[tuple[str, int, Block]]) -> list[tuple[str, int, Block]]:
    """A first heading that no other heading shares the level of is the document's title."""
    if flat and flat[0][0] == "heading":
        level = flat[0][1]
        if sum(1 for role, lvl, _ in flat if role == "heading" and lvl <= level) == 1:
            return [("title", 0, flat[0][2]), *flat[1:]]
    return flat


def _join(inlines: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for inline in inlines:
        if inline.style == "" and not inline.parts and out and out[-1].style == "" and not out[-1].parts:
            out[-1] = Inline(out[-1].text + inline.text)
        else:
            out.append(inline)
    return out


def _flatten(inlines) -> list[Inline]:
    out = []
    for inline in inlines:
        out.extend(_flatten(inline.parts) if inline.parts else [inline])
    return out


def _html_text(content: str) -> str:
    """The text of a raw HTML block (tags are markup, not content; comments are dropped)."""
    from lxml import etree
    from lxml import html as lxml_html

    if not content.strip() or content.lstrip().startswith("<!--"):
        return ""
    try:
        fragment = lxml_html.fragment_fromstring(content, create_parent="div")
    except (etree.ParserError, ValueError):
        return content.strip()
    for junk in fragment.xpath("//script|//style"):
        junk.drop_tree()
    return fragment.text_content().strip()
