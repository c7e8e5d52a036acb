"""Where things are in a document: each element's line and column, its path, its name as written.

lxml gives an element's line (where its start tag ends) and no column; ``Locator`` finds the
start tag in the source text. ``element_path`` writes ``/TEI/text/body/div[2]/p[3]``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from lxml import etree

__all__ = ["ElementPaths", "Locator", "display_name", "element_path", "node_at"]

_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|<([^\s/>!?]+)", re.S)
_NEWLINE = re.compile("\n")


class Locator:
    """Line and column of each element's start tag, found in the source text.

    lxml gives only a line (where the start tag ends) and no column; start tags occur in the
    source in document order, so the n-th ``<name`` in the text is the n-th element
    (elements expanded from entities, which the text does not show, are skipped).
    """

    def __init__(self, root: etree._Element, source: bytes | None) -> None:
        self.root = root
        self.source = source
        self._offsets: dict[int, int] | None = None
        self._elements: list[etree._Element] = []  # keeps proxies alive, so their ids stay valid
        self._cached_text: str | None = None
        self._line_starts: list[int] = [0]

    def position(self, element: etree._Element) -> tuple[int | None, int | None]:
        """(line, column) of the element's ``<``, both 1-based; column None without the source."""
        offset = self._offset(element)
        if offset is None:
            return element.sourceline, None
        return self._line_column(offset)

    def attribute_position(self, element: etree._Element, written: str) -> tuple[int | None, int | None]:
        """(line, column) of an attribute as written in the element's start tag, else the tag's."""
        offset = self._offset(element)
        if offset is None:
            return element.sourceline, None
        text = self._text()
        end = text.find("<", offset + 1)  # "<" cannot occur inside a start tag
        match = re.compile(rf"\s({re.escape(written)})\s*=").search(text, offset, end if end > 0 else len(text))
        return self._line_column(match.start(1) if match else offset)

    def text_column(self, line: int, words: str) -> int | None:
        """Column where ``words`` (some text content) starts on ``line``, if it is found there."""
        text = self._text()
        if not words or not text or not 0 < line <= len(self._line_starts):
            return None
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(text)
        found = text.find(words.split()[0], start, end)
        return found - start + 1 if found >= 0 else None

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _offset(self, element: etree._Element) -> int | None:
        if self._offsets is None:
            self._offsets = self._scan()
        return self._offsets.get(id(element))

    def _text(self) -> str:
        if self._cached_text is None:
            self._cached_text = self._decode()
            self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self._cached_text)]
        return self._cached_text

    def _decode(self) -> str:
        if not self.source:
            return ""
        encoding = self.root.getroottree().docinfo.encoding or "utf-8"
        try:
            text = self.source.decode(encoding, errors="replace")
        except LookupError:
            text = self.source.decode("utf-8", errors="replace")
        return text[1:] if text.startswith("\ufeff") else text

    def _scan(self) -> dict[int, int]:
        text = self._text()
        if not text:
            return {}
        elements = self._elements = [e for e in self.root.getroottree().iter() if isinstance(e.tag, str)]
        names = [display_name(e) for e in elements]
        lines = [e.sourceline or 0 for e in elements]
        starts, count = self._line_starts, len(elements)
        offsets: dict[int, int] = {}
        index = 0
        for match in _MARKUP.finditer(text):
            name = match.group(1)
            if name is None:
                continue
            start = match.start()
            line = bisect_right(starts, start)
            # elements the text does not show (expanded from an entity) end before this line
            while index < count and 0 < lines[index] < line:
                index += 1
            if index >= count:
                break
            if name != names[index]:
                continue  # a tag with no element here (inside an entity declaration): skip it
            offsets[id(elements[index])] = start
            index += 1
        return offsets


def display_name(element: etree._Element) -> str:
    """The element's name as written: ``p``, ``tei:p``, ``xhtml:div``."""
    local = element.tag.rpartition("}")[2]
    prefix = element.prefix
    return f"{prefix}:{local}" if prefix else local


def element_path(element: etree._Element) -> str:
    """``/TEI/text/body/div[2]/p[3]``: positions only where siblings share the name."""
    return ElementPaths()(element)


class ElementPaths:
    """``element_path`` for many elements of one document: one pass per parent, paths remembered."""

    def __init__(self) -> None:
        self.paths: dict[int, str] = {}
        self.positions: dict[int, tuple[int, int]] = {}  # id(child) → (position, same-named siblings)
        self.seen: set[int] = set()  # parents whose children are counted
        self.alive: list[etree._Element] = []  # keeps proxies alive, so their ids stay valid

    def __call__(self, element: etree._Element) -> str:
        found = self.paths.get(id(element))
        if found is not None:
            return found
        parent = element.getparent()
        step = display_name(element)
        if parent is None:
            path = "/" + step
        else:
            if id(parent) not in self.seen:
                self._count(parent)
            position, count = self.positions[id(element)]
            path = self(parent) + "/" + (f"{step}[{position}]" if count > 1 else step)
        self.paths[id(element)] = path
        self.alive.append(element)
        return path

    def _count(self, parent: etree._Element) -> None:
        children = list(parent)
        totals: dict[object, int] = {}
        for child in children:
            totals[child.tag] = totals.get(child.tag, 0) + 1
        seen: dict[object, int] = {}
        for child in children:
            seen[child.tag] = seen.get(child.tag, 0) + 1
            self.positions[id(child)] = (seen[child.tag], totals[child.tag])
        self.seen.add(id(parent))
        self.alive.extend(children)
        self.alive.append(parent)


def node_at(root: etree._Element, path: str | None) -> etree._Element | None:
    """The element an XPath (lxml's error path, SVRL's location) names, if it names one."""
    if not path:
        return None
    try:
        found = root.getroottree().xpath(path)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None
