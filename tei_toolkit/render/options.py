"""Options and report of the render stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class RenderOptions:
    """How to render an edition.

    ``registers``: a folder of TEI registers (``persons.xml`` … any ``*.xml``) whose entries
    label and link the mentions, besides each document's own ``standOff``.
    ``jobs``: processes rendering document pages in parallel (1 = in this process).
    ``scheduler``: a Dask scheduler address to render document pages on a cluster instead.
    ``show_suggestions``: whether machine suggestions are highlighted when a page opens.
    ``context_words``: words shown either side of a mention on the register pages.
    ``tile_url``: a tile server URL template (``https://tile.example/{z}/{x}/{y}.png``) for a
    tiled map (Leaflet, shipped with the site) above the offline SVG map; None for SVG only.
    ``tile_attribution``: the credit line that tile server requires.
    ``progress``: a progress bar of the document pages on stderr; None shows it on a terminal for
    20 documents or more.
    """

    registers: Path | None = None
    site_title: str = "TEI edition"
    jobs: int = 1
    scheduler: str | None = None
    show_suggestions: bool = True
    context_words: int = 8
    tile_url: str | None = None
    tile_attribution: str = ""
    progress: bool | None = None


@dataclass(frozen=True)
class RenderReport:
    """What a render wrote: page file names relative to the output folder, and counts."""

    out_dir: Path
    documents: tuple[str, ...]
    pages: tuple[str, ...]
    entries: int
    mentions: int
    places_on_map: int
    kinds: dict[str, int] = field(default_factory=dict)
