"""The neutral document model between a source format and TEI.

Readers build it and know nothing of TEI; ``tei_writer`` turns it into TEI and
knows nothing of formats. Kinds and styles already use TEI names so the writer
is a thin mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceLocation:
    """Where a block starts in the source file (1-based), so errors can point there."""

    line: int
    column: int = 1


@dataclass(frozen=True)
class Inline:
    """A run of text with a style.

    ``style`` is ``""`` for plain text, or a TEI-ish name:

    - rendition words, space-separated when combined: ``"italic"``, ``"bold"``,
      ``"underline"``, ``"superscript"``, ``"subscript"``, ``"smallcaps"``,
      ``"strikethrough"`` (written as ``hi/@rend``);
    - ``"code"``, ``"title"``, ``"q"`` (a quotation inside running text), ``"ref"`` (with ``target``);
    - ``"cit"``: a quotation with its attribution: ``parts`` or ``text`` is the quotation, ``bibl`` the attribution;
    - ``"note"`` (``children`` hold the note's blocks; ``attributes`` e.g. ``(("place", "foot"),)``);
    - ``"docAuthor"``, ``"date"`` (``attributes`` e.g. ``(("when", "2011-09-28"),)``), used in bylines;
    - ``"lb"``, ``"pb"`` (empty).

    When ``parts`` is not empty it is the content (nested inlines, e.g. italic text inside a link)
    and ``text`` is ignored.
    """

    text: str = ""
    style: str = ""
    target: str | None = None
    children: tuple["Block", ...] = ()
    parts: tuple["Inline", ...] = ()
    bibl: "Bibl | None" = None
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Block:
    """A block of the body.

    ``kind`` is a TEI name: ``p``, ``head``, ``byline``, ``quote`` (``children`` are its
    paragraphs, or ``inlines`` its text), ``cit`` (``inlines`` are the quotation, ``bibl``
    the attribution), ``list`` and ``item`` (``children``; a list's ``attributes`` may hold
    ``("rend", "numbered")``), ``div`` (``children``; ``level`` for nesting),
    ``table``/``row``/``cell``, ``code`` (a code block), ``pb``.
    """

    kind: str
    inlines: tuple[Inline, ...] = ()
    children: tuple["Block", ...] = ()
    source: SourceLocation | None = None
    level: int = 0
    bibl: "Bibl | None" = None
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Bibl:
    """A bibliographic attribution, e.g. of a quotation: ``(Serge – Memoirs of a revolutionary)``."""

    text: str
    author: str | None = None
    title: str | None = None
    before: str = ""   # what separates the quotation from the attribution (usually a space)


@dataclass(frozen=True)
class Meta:
    """What the header says about the document and its source."""

    title: str = ""
    authors: tuple[str, ...] = ()
    date: str | None = None            # ISO 8601 (YYYY, YYYY-MM-DD or full dateTime)
    date_text: str | None = None       # the date as the source wrote it
    language: str = "en"
    source_url: str | None = None
    publisher: str | None = None
    site: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    source_file: str | None = None
    source_format: str | None = None
    keywords: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # other metadata fields the source gave (name, value)


@dataclass(frozen=True)
class Document:
    """A source text read into the neutral model."""

    meta: Meta
    blocks: tuple[Block, ...]
    dropped: tuple[str, ...] = field(default=())  # boilerplate left out of the body, for the report
