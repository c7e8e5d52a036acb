"""Shared shaping of read blocks: headings nested into divs, quotations found in plain runs."""

from __future__ import annotations

from .model import Block, Inline
from .text import inlines_with_citations


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
