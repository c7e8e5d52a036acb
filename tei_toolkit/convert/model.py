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

    ``style`` is ``""`` for plain text, or a TEI-ish name: ``"italic"``, ``"bold"``,
    ``"underline"``, ``"superscript"``, ``"code"``, ``"title"``, ``"ref"`` (with
    ``target``), ``"note"`` (``children`` hold the note's blocks), ``"lb"``, ``"pb"``.
    """

    text: str = ""
    style: str = ""
    target: str | None = None
    children: tuple["Block", ...] = ()


@dataclass(frozen=True)
class Block:
    """A block of the body.

    ``kind`` is a TEI name: ``p``, ``head``, ``quote``, ``cit`` (``inlines`` are the
    quotation, ``bibl`` the attribution), ``list`` and ``item`` (``children``),
    ``div`` (``children``; ``level`` for nesting), ``table``/``row``/``cell``, ``pb``.
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


@dataclass(frozen=True)
class Document:
    """A source text read into the neutral model."""

    meta: Meta
    blocks: tuple[Block, ...]
    dropped: tuple[str, ...] = field(default=())  # boilerplate left out of the body, for the report
