"""Shared shaping of read blocks: headings nested into divs, quotations found in plain runs."""

from __future__ import annotations

import dataclasses

from .model import Block, Document, Inline
from .text import BYLINE_SEARCH, inlines_with_citations, parse_byline


def nest(flat: list[tuple[str, int, Block]]) -> list[Block]:
    """(role, level, block) triples → blocks with ``div``s: a ``heading`` of level n closes every
    open div of level ≥ n and opens a new one; other blocks go into the innermost open div."""
    root: list[Block] = []
    stack: list[tuple[int, Block, list[Block]]] = []  # (level, head, children)

    def close_to(level: int) -> None:
        while stack and stack[-1][0] >= level:
            _, head, children = stack.pop()
            (stack[-1][2] if stack else root).append(Block("div", children=(head, *children)))

    for role, level, block in flat:
        if role == "heading":
            close_to(level)
            stack.append((level, block, []))
        else:
            (stack[-1][2] if stack else root).append(block)
    close_to(0)
    return root


def cite(inlines: tuple[Inline, ...] | list[Inline]) -> tuple[Inline, ...]:
    """Plain-text runs split so that ``‘…’ (Author – Title)`` becomes a ``cit`` inline."""
    out: list[Inline] = []
    for inline in inlines:
        if inline.style == "" and not inline.parts:
            out.extend(inlines_with_citations(inline.text))
        else:
            out.append(inline)
    return tuple(out)


def plain_text(inlines: tuple[Inline, ...] | list[Inline]) -> str:
    """The text of inlines, nested parts included, notes excluded."""
    return "".join(plain_text(i.parts) if i.parts else i.text for i in inlines if i.style != "note")


def with_byline(document: Document) -> Document:
    """The first paragraph among the first few top-level blocks that reads as a byline
    (``Submitted by NAME on DATE``) → a ``byline`` block; author and date fill empty metadata."""
    blocks = list(document.blocks)
    for index, block in enumerate(blocks[:BYLINE_SEARCH + 1]):
        if block.kind != "p" or any(i.style == "note" for i in block.inlines):
            continue
        found = parse_byline(plain_text(block.inlines))
        if found is None:
            continue
        inlines, author, when, date_text = found
        blocks[index] = Block("byline", inlines, source=block.source)
        meta = document.meta
        changes = {} if meta.authors else {"authors": (author,)}
        if when and (not meta.date or (len(when) > len(meta.date) and when.startswith(meta.date))):
            changes.update(date=when, date_text=date_text)
        return dataclasses.replace(document, blocks=tuple(blocks), meta=dataclasses.replace(meta, **changes))
    return document
