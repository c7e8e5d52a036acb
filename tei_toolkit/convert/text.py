"""Plain-text reader: a UTF-8 text → the neutral document model.

What it recognises (everything else is a paragraph, and no character is lost):

- a **title**: the first block when it is one short line and more text follows → ``head``;
- a **byline** among the first blocks, e.g. ``Submitted by Matthew on 28 September, 2011 - 12:24``
  → ``byline`` with ``docAuthor`` and ``date`` (ISO date in ``@when``, the original text kept);
- **paragraphs**: blocks separated by blank lines. Inside a block, single line breaks are read
  the way a reader would: long lines (one paragraph per line, as web copies give them) are
  separate paragraphs; evenly hard-wrapped lines are joined into one paragraph; short uneven
  lines (verse, addresses) stay one paragraph with ``lb`` between the lines;
- **quotations with an attribution**: ``‘…’ (Serge – Memoirs of a revolutionary)`` → ``cit``
  with the quotation and a ``bibl`` (author, title);
- **web-page boilerplate** at the edges (see ``boilerplate.py``) → ``Document.dropped``.
"""

from __future__ import annotations

import re

from ..xmlio import decode_text
from .boilerplate import edge_runs
from .model import Bibl, Block, Document, Inline, Meta, SourceLocation

TITLE_MAX = 150          # a first line longer than this is prose, not a title
PROSE_LINE = 100         # lines this long are whole paragraphs, not wrapped text
WRAP_RATIO = 0.6         # hard-wrapped lines fill at least this share of the widest line

# Bylines: (regex, which groups are author and date). Matched against a whole one-line block.
BYLINE_PATTERNS: tuple[str, ...] = (
    r"(?P<lead>(?:Submitted|Posted|Written|Published) by )(?P<author>[^.!?;]{1,60}?)(?P<mid> on )(?P<date>.{4,60})",
    r"(?P<lead>(?:Submitted|Posted|Written|Published) by )(?P<author>[^.!?;]{1,60})",
    r"(?P<lead>By )(?P<author>[A-Z][\w.'’ -]{1,60}?)(?P<mid>,? (?:on )?)(?P<date>\d{1,2} [A-Z][a-z]+,? \d{4}.*"
    r"|[A-Z][a-z]+ \d{1,2},? \d{4}.*|\d{4}-\d{2}-\d{2}.*)",
)
BYLINE_SEARCH = 3        # look for a byline in this many blocks after the title

MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}

_TIME = r"(?:\s*(?:-|–|,|at)\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?)?"
DATE_PATTERNS: tuple[str, ...] = (
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)? (?P<month>[A-Za-z]+)\.?,? (?P<year>\d{4})" + _TIME,
    r"(?P<month>[A-Za-z]+)\.? (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})" + _TIME,
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?",
)

# A quotation in typographic quotes followed by an attribution "(Author – Title)".
CIT_PATTERN = re.compile(
    r"(?P<quote>‘[^‘]*’|“[^“]*”)(?P<space>\s*)"
    r"(?P<bibl>\((?P<author>[^()–—]+?)(?P<sep>\s+[–—-]\s+)(?P<title>[^()]+?)\))"
)

_BYLINES = tuple(re.compile(p) for p in BYLINE_PATTERNS)
_DATES = tuple(re.compile(p, re.IGNORECASE) for p in DATE_PATTERNS)


def read(data: bytes, *, source: str) -> Document:
    """Read UTF-8 plain text into a ``Document`` (title, byline, paragraphs, quotations)."""
    text = decode_text(data, source=source).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    start, end = edge_runs(lines)
    dropped = tuple(line.strip() for line in lines[:start] + lines[end:] if line.strip())
    chunks = _chunks(lines, start, end)
    blocks: list[Block] = []
    meta = Meta(source_format="text")
    if len(chunks) > 1 and _is_title(chunks[0][1]):
        line_no, chunk = chunks.pop(0)
        blocks.append(Block("head", (Inline(chunk[0].strip()),), source=SourceLocation(line_no)))
        meta = Meta(title=chunk[0].strip(), source_format="text")
    for index, (line_no, chunk) in enumerate(chunks[:BYLINE_SEARCH]):
        byline = _byline(chunk)
        if byline is not None:
            inlines, author, when, date_text = byline
            blocks.append(Block("byline", inlines, source=SourceLocation(line_no)))
            meta = Meta(title=meta.title, authors=(author,), date=when, date_text=date_text,
                        source_format="text")
            chunks.pop(index)
            break
    for line_no, chunk in chunks:
        blocks.extend(_paragraphs(line_no, chunk))
    return Document(meta=meta, blocks=tuple(blocks), dropped=dropped)


def parse_date(text: str) -> str | None:
    """An ISO 8601 date (or dateTime) for a date written as people write them, or None."""
    for pattern in _DATES:
        match = pattern.fullmatch(text.strip())
        if not match:
            continue
        parts = match.groupdict()
        month = parts["month"]
        month_no = int(month) if month.isdigit() else MONTHS.get(month.lower())
        day, year = int(parts["day"]), int(parts["year"])
        if not month_no or not 1 <= month_no <= 12 or not 1 <= day <= 31:
            return None
        iso = f"{year:04d}-{month_no:02d}-{day:02d}"
        if parts.get("hour"):
            hour = int(parts["hour"])
            ampm = (parts.get("ampm") or "").lower().replace(".", "")
            hour = hour % 12 + (12 if ampm == "pm" else 0) if ampm else hour
            if hour > 23 or int(parts["minute"]) > 59:
                return None
            iso += f"T{hour:02d}:{parts['minute']}:{parts.get('second') or '00'}"
        return iso
    return None


def inlines_with_citations(text: str) -> tuple[Inline, ...]:
    """Split running text into plain runs and ``cit`` inlines (quotation + attribution)."""
    inlines: list[Inline] = []
    position = 0
    for match in CIT_PATTERN.finditer(text):
        if match.start() > position:
            inlines.append(Inline(text[position:match.start()]))
        bibl = Bibl(text=match["bibl"], author=match["author"].strip(), title=match["title"].strip(),
                    before=match["space"])
        inlines.append(Inline(match["quote"], style="cit", bibl=bibl))
        position = match.end()
    if position < len(text):
        inlines.append(Inline(text[position:]))
    return tuple(inlines)


def _chunks(lines: list[str], start: int, end: int) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks of lines, each with its 1-based first line number."""
    chunks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number in range(start, end):
        line = lines[number]
        if line.strip():
            if not current:
                chunks.append((number + 1, current))
            current.append(line.rstrip())
        else:
            current = []
    return chunks


def _is_title(chunk: list[str]) -> bool:
    line = chunk[0].strip()
    return len(chunk) == 1 and len(line) <= TITLE_MAX and not line.endswith((".", ",", ";"))


def _byline(chunk: list[str]) -> tuple[tuple[Inline, ...], str, str | None, str | None] | None:
    return parse_byline(chunk[0]) if len(chunk) == 1 else None


def parse_byline(line: str) -> tuple[tuple[Inline, ...], str, str | None, str | None] | None:
    """A byline's inlines (``docAuthor``, ``date``), author, ISO date and date text; None if not one."""
    line = line.strip()
    for pattern in _BYLINES:
        match = pattern.fullmatch(line)
        if not match:
            continue
        author = match["author"].strip()
        inlines = [Inline(match["lead"]), Inline(author, style="docAuthor")]
        date_text = (match.groupdict().get("date") or "").strip() or None
        when = parse_date(date_text) if date_text else None
        if date_text:
            inlines.append(Inline(match["mid"]))
            attributes = (("when", when),) if when else ()
            inlines.append(Inline(date_text, style="date", attributes=attributes))
        return tuple(inlines), author, when, date_text
    return None


def _paragraphs(line_no: int, chunk: list[str]) -> list[Block]:
    """One block of lines → paragraphs, as a reader would split it."""
    widths = [len(line.strip()) for line in chunk]
    if len(chunk) == 1:
        groups = [chunk]
    elif max(widths) >= PROSE_LINE and not _wrapped(widths):
        groups = [[line] for line in chunk]
    elif _wrapped(widths):
        return [Block("p", inlines_with_citations("\n".join(l.strip() for l in chunk)),
                      source=SourceLocation(line_no))]
    else:
        inlines: list[Inline] = []
        for index, line in enumerate(chunk):
            if index:
                inlines.append(Inline(style="lb"))
            inlines.extend(inlines_with_citations(line.strip() + ("\n" if index < len(chunk) - 1 else "")))
        return [Block("p", tuple(inlines), source=SourceLocation(line_no))]
    return [Block("p", inlines_with_citations(group[0].strip()), source=SourceLocation(line_no + offset))
            for offset, group in enumerate(groups)]


def _wrapped(widths: list[int]) -> bool:
    """Evenly filled lines (all but the last close to the widest, none very long): hard-wrapped prose."""
    widest = max(widths)
    return widest < PROSE_LINE * 1.2 and all(width >= WRAP_RATIO * widest for width in widths[:-1]) \
        and len(widths) > 1 and widest >= 40
