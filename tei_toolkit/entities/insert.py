"""Turn mentions (character offsets) into persName / placeName / orgName elements, never changing the text.

Which text a mention's offsets point into
-----------------------------------------
A *text block* is an element whose local name is in ``TEXT_BLOCKS``. The text of a block is its
XPath string value (``block_text``): every descendant text node in document order, including
the text of nested blocks (a ``note`` inside a ``p``), without comments and processing
instructions. Mention offsets are Python code-point offsets into that string.

A mention *belongs* to the nearest text block around it. When an outer block is annotated,
spans that touch the text of a nested block are skipped ("inside nested block"): the nested
block is annotated on its own, with offsets into its own string value. ``owned_ranges`` gives
the ranges of a block's text that belong to it. EXPORT writes offsets and DISCOVERY runs its
engines with exactly this definition.

What insertion refuses (skips, with a reason, never repairs)
------------------------------------------------------------
- a span that starts or ends strictly inside a child element (it would cross a boundary),
- a span that overlaps an earlier mention of the same call (first come, first served),
- a span inside, around or equal to an existing entity of the same kind (no same-kind nesting),
  or equal to an existing entity of any kind (existing markup is never overridden),
- a span touching an existing ``rs`` / ``name`` of another project (left alone),
- empty, out-of-range or whitespace-only spans, unknown kinds.
Existing markup (hi, cit/quote/bibl, lb, notes …) stays as it is: the new element is placed
inside the deepest element that holds the whole span, so ``<author>Serge</author>`` becomes
``<author><persName>Serge</persName></author>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .engine import KINDS, Mention

TEXT_BLOCKS = ("p", "ab", "l", "head", "item", "cell", "note")

# Elements that already say "this is a name of kind …"; a new entity never nests in the same kind.
ENTITY_KINDS = {
    "persName": "person", "forename": "person", "surname": "person", "roleName": "person",
    "addName": "person", "genName": "person", "nameLink": "person",
    "placeName": "place", "settlement": "place", "country": "place", "region": "place",
    "district": "place", "bloc": "place", "geogName": "place",
    "orgName": "org",
}
# Parts of a name, never a mention by themselves: a name that holds exactly one is wrapped around it.
NAME_PARTS = frozenset(ENTITY_KINDS) - {"persName", "placeName", "orgName"}
# Markup from other projects that names something without saying which kind for sure: left alone.
FOREIGN_NAMES = ("rs", "name")
# Elements whose content model does not allow persName/placeName/orgName inside.
NO_ENTITY_INSIDE = frozenset({
    "idno", "num", "code", "email", "ident", "gi", "att", "val", "tag", "formula",
    "w", "m", "c", "pc", "g", "graphic", "binaryObject", "lb", "pb", "cb", "milestone",
    "gap", "anchor", "ptr", "space",
})


@dataclass(frozen=True)
class Skipped:
    """A mention that was not inserted, and why (one short phrase)."""

    mention: Mention
    reason: str


def local_name(element: etree._Element) -> str:
    """The local name of an element ('' for comments and processing instructions)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def is_text_block(element: etree._Element) -> bool:
    """True when the element is one of ``TEXT_BLOCKS`` (in any namespace)."""
    return local_name(element) in TEXT_BLOCKS


def block_text(block: etree._Element) -> str:
    """The string value of a block: the text mention offsets point into."""
    return "".join(block.itertext())


def text_offset(block: etree._Element, element: etree._Element) -> int:
    """Where ``element``'s content starts in ``block_text(block)`` (``element`` lies inside ``block``)."""
    return _Layout(block).ranges[element][0]


class _Layout:
    """Offsets of every element's content inside a block's text (computed once per insertion)."""

    def __init__(self, block: etree._Element) -> None:
        self.ranges: dict[etree._Element, tuple[int, int]] = {}
        self.length = self._walk(block, 0)

    def _walk(self, element: etree._Element, position: int) -> int:
        start = position
        position += len(element.text or "") if isinstance(element.tag, str) else 0
        if isinstance(element.tag, str):
            for child in element:
                position = self._walk(child, position)
                position += len(child.tail or "")
        self.ranges[element] = (start, position)
        return position


def owned_ranges(block: etree._Element) -> list[tuple[int, int]]:
    """The ranges of ``block_text(block)`` that belong to this block (not to nested blocks)."""
    layout = _Layout(block)
    nested = sorted(layout.ranges[element] for element in block.iterdescendants()
                    if is_text_block(element))
    owned, position = [], 0
    for start, end in nested:
        if start > position:
            owned.append((position, start))
        position = max(position, end)
    if position < layout.length:
        owned.append((position, layout.length))
    return owned


def element_ranges(block: etree._Element, names: tuple[str, ...] | frozenset[str]) -> list[tuple[int, int]]:
    """The ranges of ``block_text(block)`` covered by descendants with these local names."""
    layout = _Layout(block)
    return sorted(layout.ranges[element] for element in block.iterdescendants()
                  if local_name(element) in names)


def insert_mentions(block: etree._Element, mentions: list[Mention] | tuple[Mention, ...], *,
                    resp: str | None = "#tei-toolkit",
                    skipped: list[Skipped] | None = None) -> list[etree._Element]:
    """Wrap each mention's span of ``block_text(block)`` in an entity element; return the new elements.

    Mentions are tried in the order given (put the most trusted first). ``@ref`` is ``#`` + the
    mention's ref, ``@cert`` its cert, ``@resp`` the ``resp`` given (None for curated markup).
    Refused mentions are appended to ``skipped`` with a reason; the text never changes.
    """
    inserted: list[etree._Element] = []
    taken: list[tuple[int, int]] = []
    around = _names_around(block)
    for mention in mentions:
        reason = _precheck(block, mention, taken, around)
        if reason is None:
            element, reason = _insert_one(block, mention, resp)
            if element is not None:
                inserted.append(element)
                taken.append((mention.start, mention.end))
                continue
        if skipped is not None:
            skipped.append(Skipped(mention, reason or "refused"))
    return inserted


def _names_around(block: etree._Element) -> dict[str, str]:
    """Kinds of the name elements that hold the whole block (a note inside a persName), by kind."""
    around: dict[str, str] = {}
    for ancestor in block.iterancestors():
        name = local_name(ancestor)
        if name in FOREIGN_NAMES:
            around.update({kind: name for kind in KINDS})
        elif name in ENTITY_KINDS:
            around.setdefault(ENTITY_KINDS[name], name)
    return around


def _precheck(block: etree._Element, mention: Mention,
              taken: list[tuple[int, int]], around: dict[str, str]) -> str | None:
    if mention.kind not in KINDS:
        return f"unknown kind {mention.kind!r}; expected one of {', '.join(KINDS)}"
    if mention.kind in around:
        return f"the block is inside an existing <{around[mention.kind]}>"
    if not 0 <= mention.start < mention.end:
        return "empty or negative span"
    if any(mention.start < end and start < mention.end for start, end in taken):
        return "overlaps another mention"
    return None


def _insert_one(block: etree._Element, mention: Mention,
                resp: str | None) -> tuple[etree._Element | None, str | None]:
    layout = _Layout(block)
    start, end = mention.start, mention.end
    if end > layout.length:
        return None, f"span ends at {end}, after the block's text ({layout.length} characters)"
    if not block_text(block)[start:end].strip():
        return None, "span holds only whitespace"
    container, reason = _container(block, layout, mention)
    if container is None:
        return None, reason
    element = _wrap(container, layout, start, end, _entity_tag(block, mention.kind))
    if mention.ref:
        element.set("ref", f"#{mention.ref}")
    if resp:
        element.set("resp", resp)
    if mention.cert:
        element.set("cert", mention.cert)
    return element, None


def _container(block: etree._Element, layout: _Layout,
               mention: Mention) -> tuple[etree._Element | None, str | None]:
    """The deepest element whose direct content holds the whole span, or a reason why none does."""
    start, end = mention.start, mention.end
    container = block
    while True:
        inner, crossed = _child_holding(container, layout, start, end)
        if crossed:
            return None, crossed
        if inner is None:
            problem = _wrapped_problem(container, layout, start, end, mention.kind)
            return (None, problem) if problem else (container, None)
        name = local_name(inner)
        exact = layout.ranges[inner] == (start, end)
        if is_text_block(inner):
            return None, f"inside nested block <{name}>"
        if name in FOREIGN_NAMES:
            return None, f"inside existing <{name}>"
        if name in ENTITY_KINDS:
            if exact:
                return None, f"already marked as <{name}>"
            if ENTITY_KINDS[name] == mention.kind:
                return None, f"inside an existing <{name}> of the same kind"
        if name in NO_ENTITY_INSIDE or etree.QName(inner).namespace != etree.QName(block).namespace:
            if exact:  # wrap it whole from outside
                return container, None
            return None, f"<{name}> cannot hold a name element"
        container = inner


def _child_holding(container: etree._Element, layout: _Layout, start: int,
                   end: int) -> tuple[etree._Element | None, str | None]:
    """The child element whose content holds the whole span (None when the span lies in the
    container's own text), or a reason when the span crosses a child's boundary. An empty span
    is held only by a child it lies strictly inside: at a child's edge it stays outside."""
    for child in container:
        if not isinstance(child.tag, str):
            continue
        child_start, child_end = layout.ranges[child]
        if (child_start < start < child_end or child_start < end < child_end) and not (
                child_start <= start and end <= child_end):
            return None, f"span crosses the boundary of <{local_name(child)}>"
        if child_start <= start and end <= child_end and child_start < child_end and (
                start < end or child_start < start < child_end):
            return child, None
    return None, None


def _wrapped_problem(container: etree._Element, layout: _Layout, start: int, end: int,
                     kind: str) -> str | None:
    """Why the children that would move inside the new element forbid it, or None."""
    for child in container:
        if not isinstance(child.tag, str):
            continue
        child_start, child_end = layout.ranges[child]
        if child_end <= start or child_start >= end:  # stays outside (as in _wrap)
            continue
        for descendant in child.iter():
            name = local_name(descendant)
            if is_text_block(descendant):
                return f"span holds the nested block <{name}>"
            if name in FOREIGN_NAMES:
                return f"span holds an existing <{name}>"
            if ENTITY_KINDS.get(name) == kind:
                return "would wrap an existing name of the same kind"
    return None


def wrap_span(block: etree._Element, start: int, end: int,
              tag: str) -> tuple[etree._Element | None, str | None]:
    """Wrap ``block_text(block)[start:end]`` in a new element ``tag``; the element, or None and why not.

    The rules of ``insert_mentions`` about kinds do not apply: this puts back markup that was
    there (``restore.restore_mentions``), so a name may nest in a name of its kind or in an ``rs``,
    as long as the outer one is put back first. The new element goes inside the deepest element
    that holds the whole span, except that a child holding exactly the span and unable to hold
    the name (a forename, an ``idno``, a foreign element) is wrapped whole. An empty span puts
    back an empty element (``<placeName ref="#x"/>``).
    """
    layout = _Layout(block)
    if not 0 <= start <= end <= layout.length:
        return None, f"span {start}-{end} is outside the block's text ({layout.length} characters)"
    container = block
    while True:
        inner, crossed = _child_holding(container, layout, start, end)
        if crossed:
            return None, crossed
        if inner is None:
            break
        name = local_name(inner)
        if is_text_block(inner):
            return None, f"inside nested block <{name}>"
        if (name in NAME_PARTS or name in NO_ENTITY_INSIDE
                or etree.QName(inner).namespace != etree.QName(block).namespace):
            if layout.ranges[inner] == (start, end):
                break  # wrap it whole from outside
            if name not in NAME_PARTS:
                return None, f"<{name}> cannot hold a name element"
        container = inner
    return _wrap(container, layout, start, end, tag), None


def _entity_tag(block: etree._Element, kind: str) -> str:
    namespace = etree.QName(block).namespace
    name = KINDS[kind]
    return f"{{{namespace}}}{name}" if namespace else name


def _wrap(container: etree._Element, layout: _Layout, start: int, end: int,
          tag: str) -> etree._Element:
    """Move the container's content between ``start`` and ``end`` into a new element ``tag``.

    Children ending at or before ``start`` stay before it (zero-length ones such as ``lb`` at
    the start too), children starting at or after ``end`` stay after it; those between move.
    """
    children = list(container)
    before = sum(1 for child in children if layout.ranges[child][1] <= start)
    inside = [child for child in children[before:] if layout.ranges[child][0] < end]
    if before:
        anchor = children[before - 1]
        piece, offset = anchor.tail or "", layout.ranges[anchor][1]
    else:
        anchor = None
        piece, offset = container.text or "", layout.ranges[container][0]
    element = etree.Element(tag, nsmap=None)
    if inside:
        last = inside[-1]
        last_tail, last_offset = last.tail or "", layout.ranges[last][1]
        element.text = piece[start - offset:] or None
        head = piece[:start - offset]
        for child in inside:
            element.append(child)  # moves the child with its tail
        last.tail = last_tail[:end - last_offset] or None
        element.tail = last_tail[end - last_offset:] or None
    else:
        element.text = piece[start - offset:end - offset] or None
        element.tail = piece[end - offset:] or None
        head = piece[:start - offset]
    if anchor is None:
        container.text = head or None
    else:
        anchor.tail = head or None
    container.insert(before, element)
    return element
