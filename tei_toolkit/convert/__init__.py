"""Convert source texts (.txt .md .html .docx, or TEI passed through) into TEI.

    data ──read_source──▶ Document (convert/model.py) ──tei_writer.write_tei──▶ TEI tree

One reader per format, picked from ``READERS`` by extension, by content, or by ``--from``.
Adding a format is one module and one line in each table below.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .._callable import make_callable
from ..errors import SourceError, UsageError
from ..xmlio import read_bytes
from . import docx, html, markdown, tei, text
from .metadata import apply, load_sidecars
from .model import Document
from .options import ConvertOptions
from .tei_writer import write_tei

READERS: dict[str, Callable[..., Document]] = {
    ".txt": text.read,
    ".text": text.read,
    ".docx": docx.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
    ".xhtml": html.read,
}
PASSTHROUGH = (".xml", ".tei")   # existing TEI: parsed safely and returned unchanged
# --from NAME → the extension whose reader it means
FORMATS: dict[str, str] = {
    "txt": ".txt", "text": ".txt", "md": ".md", "markdown": ".md", "html": ".html",
    "htm": ".html", "docx": ".docx", "word": ".docx", "tei": ".xml", "xml": ".xml",
}
FORMAT_OF = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
             ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx",
             ".xml": "tei", ".tei": "tei"}

# bytes of characters XML 1.0 cannot hold: C0 controls but tab/LF/CR, and U+FFFE/U+FFFF in UTF-8
NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")

__all__ = ["READERS", "FORMATS", "ConvertOptions", "ConvertResult", "Document",
           "convert_file", "convert_bytes", "detect_format", "read_source", "write_tei"]


@dataclass(frozen=True)
class ConvertResult:
    """One converted source: the TEI tree, the boilerplate left out, where it came from."""

    tree: etree._ElementTree
    dropped: tuple[str, ...]
    source: str
    fmt: str = "text"


def detect_format(data: bytes, *, source: str, fmt: str | None = None) -> str:
    """The reader key (an extension in ``READERS``/``PASSTHROUGH``) for a source.

    ``fmt`` (a name from ``FORMATS``) forces it. Else a Word package is Word whatever its
    name, and a web page named ``.txt`` is HTML; otherwise the extension decides, and a file
    with an unknown or no extension is recognised by its content (HTML, TEI, Markdown front
    matter; plain UTF-8 text when it has no extension).
    """
    if fmt is not None:
        key = FORMATS.get(fmt.lower().lstrip("."))
        if key is None:
            raise UsageError(f'unknown format "{fmt}"; expected one of {", ".join(sorted(FORMATS))}')
        return key
    suffix = Path(source).suffix.lower()
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:4] == b"PK\x03\x04" and b"word/" in data:
        return ".docx"  # also a Word file saved with another extension
    is_html = head.startswith((b"<!doctype html", b"<html"))
    if is_html and suffix in ("", ".txt", ".text"):
        return ".html"  # a saved web page named .txt
    if suffix in READERS or suffix in PASSTHROUGH:
        return suffix
    if is_html:
        return ".html"
    if head.startswith((b"<?xml", b"<tei", b"<teicorpus")) and b"http://www.tei-c.org/ns/1.0" in head:
        return ".xml"
    if head.startswith(b"---\n") or head.startswith(b"---\r\n"):
        return ".md"
    if suffix == "" and b"\x00" not in data[:2048]:
        return ".txt"
    expected = ", ".join(sorted(set(READERS) | set(PASSTHROUGH)))
    what = f'"{suffix}"' if suffix else "files without an extension whose content is not text"
    raise SourceError(f"no reader for {what}; expected one of {expected} (or --from FORMAT)",
                      path=source)


def read_source(data: bytes, *, source: str, fmt: str | None = None) -> Document:
    """Read source bytes into the neutral model with the reader for its format."""
    key = detect_format(data, source=source, fmt=fmt)
    if key in PASSTHROUGH:
        raise UsageError(f"{source}: TEI input is passed through unchanged; use convert_file or convert_bytes")
    if key != ".docx" and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError("encoded as UTF-16 (it starts with a UTF-16 byte order mark); expected "
                          "UTF-8 text (save it as UTF-8)", path=source, line=1, column=1)
    bad = NOT_XML.search(data) if key != ".docx" else None
    if bad is not None:
        line = data.count(b"\n", 0, bad.start()) + 1
        column = len(data[data.rfind(b"\n", 0, bad.start()) + 1: bad.start()].decode("utf-8", "replace")) + 1
        char = bad.group().decode("utf-8")
        hint = " (is it UTF-16?)" if char == "\x00" else ""
        raise SourceError(f"the character U+{ord(char):04X} cannot be kept in XML{hint}; expected "
                          "text without control characters", path=source, line=line, column=column)
    document = READERS[key](data, source=source)
    meta = dataclasses.replace(document.meta, source_file=os.path.basename(source),
                               source_format=document.meta.source_format or FORMAT_OF[key])
    return dataclasses.replace(document, meta=meta)


def convert_bytes(data: bytes, *, source: str, options: ConvertOptions = ConvertOptions(),
                  sidecar: dict | None = None) -> ConvertResult:
    """Convert source bytes to TEI; ``sidecar`` holds metadata fields from outside the source."""
    key = detect_format(data, source=source, fmt=options.fmt)
    if key in PASSTHROUGH:
        return ConvertResult(tei.read(data, source=source), (), source, "tei")
    document = read_source(data, source=source, fmt=options.fmt)
    if sidecar:
        document = dataclasses.replace(document, meta=apply(document.meta, sidecar))
    try:
        tree = write_tei(document, options)
    except SourceError as error:  # about the metadata: say which file it came with
        if error.path is not None:
            raise
        raise SourceError(error.message, path=source) from None
    return ConvertResult(tree, document.dropped, source, FORMAT_OF[key])


def convert_file(path: str | os.PathLike[str], options: ConvertOptions = ConvertOptions()) -> ConvertResult:
    """Convert one source file (never modified) to TEI, with its sidecar metadata if any."""
    data = read_bytes(path)
    sidecar = load_sidecars(Path(path)) if options.use_sidecars else None
    return convert_bytes(data, source=str(path), options=options, sidecar=sidecar)


make_callable(__name__, convert_file)
