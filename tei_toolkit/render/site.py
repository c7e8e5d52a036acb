"""``render_edition``: TEI files in, a static HTML edition out."""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import UsageError
from ..resources import xslt_path
from ..xmlio import read_bytes, read_tei, write_atomic
from .edition import PreparedDocument, edition_xml, prepare_document, registers_xml
from .options import RenderOptions, RenderReport
from .pages import SiteContext, init_worker, render_corpus, render_document, render_in_worker

ASSETS = "assets"
_MARKER = re.compile(r'<circle class="marker"')


def _expand(paths: list[str | os.PathLike[str]]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.xml") if p.is_file()))
        else:
            files.append(path)
    if not files:
        raise UsageError("no TEI files to render; expected .xml files or folders holding them")
    return files


def _registers(folder: Path | None) -> str:
    if folder is None:
        return registers_xml([])
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: registers folder not found; expected a folder of TEI registers")
    files = sorted(folder.glob("*.xml"))
    return registers_xml([(str(f), read_tei(f)) for f in files])


def _asset_files() -> list[Path]:
    folder = xslt_path(ASSETS)
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _document_pages(context: SiteContext, documents: list[PreparedDocument],
                    jobs: int) -> list[str]:
    if jobs <= 1 or len(documents) < 2:
        return [render_document(context, d.xml, source=d.source) for d in documents]
    work = [(d.source, d.xml) for d in documents]
    chunk = max(1, len(work) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs, initializer=init_worker,
                             initargs=(context,)) as pool:
        return list(pool.map(render_in_worker, work, chunksize=chunk))


def render_edition(paths: list[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                   options: RenderOptions = RenderOptions()) -> RenderReport:
    """Render TEI files (or folders of them) as a static edition in ``out_dir``.

    Writes one page per document, ``index.html``, the register pages, ``map.html``,
    ``search.html`` with ``search-index.json``/``.js``, and ``assets/``. Each document is
    parsed once, safely; the same input gives the same bytes.
    """
    if options.jobs < 1:
        raise UsageError(f"--jobs {options.jobs}: expected a number of processes of 1 or more")
    out = Path(out_dir)
    taken: set[str] = set()
    documents = [prepare_document(read_tei(path), source=str(path), taken=taken)
                 for path in _expand(list(paths))]
    context = SiteContext(registers_xml=_registers(options.registers), site_title=options.site_title,
                          show_suggestions=options.show_suggestions,
                          context_words=options.context_words)
    written: list[str] = []
    for document, html in zip(documents, _document_pages(context, documents, options.jobs)):
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
    for asset in _asset_files():
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
