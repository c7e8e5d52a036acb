"""``render_edition``: TEI files in, a static HTML edition out."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..corpus import find_files, run_stage
from ..errors import UsageError
from ..resources import xslt_path
from ..transform.saxon import TransformError
from ..xmlio import read_bytes, read_tei, write_atomic
from .edition import PreparedDocument, edition_xml, prepare_document, registers_xml
from .options import RenderOptions, RenderReport
from .pages import SiteContext, render_corpus, render_job

ASSETS = "assets"
LEAFLET = "leaflet"
_MARKER = re.compile(r'<circle class="marker"')


def _expand(paths: list[str | os.PathLike[str]]) -> list[Path]:
    files = find_files(paths, (".xml",))
    if not files:
        raise UsageError("no TEI files to render; expected .xml files or folders holding them")
    return files


def _registers(folder: Path | None, documents: list[PreparedDocument]) -> str:
    if folder is None:
        return registers_xml([], documents)
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: registers folder not found; expected a folder of TEI registers")
    files = sorted(folder.glob("*.xml"))
    return registers_xml([(str(f), read_tei(f)) for f in files], documents)


def _asset_files(with_leaflet: bool) -> list[Path]:
    folder = xslt_path(ASSETS)
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and (with_leaflet or p.relative_to(folder).parts[0] != LEAFLET))


def _document_pages(context: SiteContext, documents: list[PreparedDocument],
                    options: RenderOptions) -> list[str]:
    work = [(context, d.source, d.xml) for d in documents]
    outcomes = run_stage(render_job, work, jobs=options.jobs, scheduler=options.scheduler,
                         label="rendering", progress=options.progress)
    failed = [o for o in outcomes if not o.ok]
    if failed:
        more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
        raise TransformError(f"{failed[0].error}{more}")
    return [o.value for o in outcomes]


def render_edition(paths: list[str | os.PathLike[str]] | str | os.PathLike[str], out_dir: str | os.PathLike[str],
                   options: RenderOptions = RenderOptions()) -> RenderReport:
    """Render TEI files (or folders of them) as a static edition in ``out_dir``.

    Writes one page per document, ``index.html``, the register pages, ``map.html``,
    ``search.html`` with ``search-index.json``/``.js``, and ``assets/``. Each document is
    parsed once, safely; the same input gives the same bytes.
    """
    if options.jobs < 1:
        raise UsageError(f"--jobs {options.jobs}: expected a number of processes of 1 or more")
    out = Path(out_dir)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    taken: set[str] = set()
    documents = [prepare_document(read_tei(path), source=str(path), taken=taken)
                 for path in _expand(list(paths))]
    context = SiteContext(registers_xml=_registers(options.registers, documents), site_title=options.site_title,
                          show_suggestions=options.show_suggestions,
                          context_words=options.context_words, tile_url=options.tile_url or "",
                          tile_attribution=options.tile_attribution)
    written: list[str] = []
    for document, html in zip(documents, _document_pages(context, documents, options)):
        write_atomic(out / document.page, html)
        written.append(document.page)
    pages, index = render_corpus(context, edition_xml(documents))
    for name, html in pages.items():
        write_atomic(out / name, html)
        written.append(name)
    write_atomic(out / "search-index.json", index + "\n")
    write_atomic(out / ASSETS / "search-index.js", f"window.TT_SEARCH_INDEX = {index};\n")
    written += ["search-index.json", f"{ASSETS}/search-index.js"]
    root = xslt_path(ASSETS)
    for asset in _asset_files(bool(options.tile_url)):
        relative = asset.relative_to(root).as_posix()
        write_atomic(out / ASSETS / relative, read_bytes(asset))
        written.append(f"{ASSETS}/{relative}")
    data = json.loads(index)
    kinds: dict[str, int] = {}
    for entity in data.get("entities", []):
        kinds[entity["kind"]] = kinds.get(entity["kind"], 0) + entity["mentions"]
    return RenderReport(out_dir=out, documents=tuple(d.page for d in documents), pages=tuple(written),
                        entries=len(data.get("entities", [])), mentions=sum(kinds.values()),
                        places_on_map=len(_MARKER.findall(pages["map.html"])), kinds=kinds)
