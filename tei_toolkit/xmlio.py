"""Safe XML reading and atomic file writing, shared by every stage."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from .errors import SourceError
from .xml_errors import describe_syntax_error

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS, "xml": XML_NS}

_WHITESPACE = re.compile(r"[ \t\n\r]+")


def tei(tag: str) -> str:
    """The Clark name of a TEI element: ``tei("p")`` → ``{http://www.tei-c.org/ns/1.0}p``."""
    return f"{{{TEI_NS}}}{tag}"


def normalize_space(text: str) -> str:
    """XPath ``normalize-space()``: collapse space, tab, CR and LF only (not NBSP)."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or text[:1] == " " or text[-1:] == " ":
        return _WHITESPACE.sub(" ", text).strip(" ")
    return text  # most names and cells: nothing to collapse, no regular expression to run


def safe_parser(*, remove_blank_text: bool = False, collect_ids: bool = True) -> etree.XMLParser:
    """A parser for untrusted XML: no DTD loading, no entity expansion, no network.

    ``collect_ids=False`` accepts a repeated xml:id (a validity error, not a well-formedness one).
    """
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=remove_blank_text,
        collect_ids=collect_ids,
    )


def parse_xml(data: bytes, *, source: str) -> etree._ElementTree:
    """Parse XML bytes safely; raise ``SourceError`` with the location when it is not well formed.

    The message says what is wrong and what was expected, in the words of ``xml_errors``.
    """
    if not data.strip():
        raise SourceError("file is empty; expected an XML document", path=source)
    try:
        root = etree.fromstring(data, safe_parser(), base_url=source)
    except etree.XMLSyntaxError as error:
        problem = describe_syntax_error(error)
        line, column = error.position if error.position and problem.located else (None, None)
        raise SourceError(str(problem), path=source, line=line, column=column) from None
    return root.getroottree()


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a file, turning I/O problems into one-line ``SourceError``s."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise SourceError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise SourceError("is a folder; expected a file", path=str(path)) from None
    except OSError as error:
        raise SourceError(f"cannot read: {(error.strerror or str(error)).lower()}; expected a readable file",
                          path=str(path)) from None


def read_tei(path: str | os.PathLike[str]) -> etree._ElementTree:
    """Read and safely parse a TEI (or any XML) file."""
    return parse_xml(read_bytes(path), source=str(path))


def decode_text(data: bytes, *, source: str) -> str:
    """Decode UTF-8 source text (a BOM is allowed); raise ``SourceError`` at the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise SourceError(f"not UTF-8 (byte 0x{data[error.start]:02x}); expected UTF-8 text",
                          path=source, line=line, column=column) from None
    if not text.strip():
        raise SourceError("file is empty; expected some text", path=source)
    return text


def io_problem(path: str | os.PathLike[str], error: OSError) -> str:
    """What an ``OSError`` on ``path`` means, in words to follow the path: a file standing where a
    folder must be (which the system calls "File exists" or "Not a directory"), else the system's reason."""
    target = Path(path)
    blocking = next((folder for folder in target.parents if folder.exists() and not folder.is_dir()), None)
    if blocking is not None:
        return f"{blocking} is a file, not a folder"
    if isinstance(error, (FileExistsError, NotADirectoryError)) and target.exists() and not target.is_dir():
        return "it is a file, not a folder"
    if isinstance(error, IsADirectoryError):
        return "it is a folder"
    return (error.strerror or str(error)).lower()


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write a file via a temporary file and a rename, so a failure never leaves half a file."""
    with open_atomic(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def open_atomic(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write that becomes ``path`` only when the block ends without an error
    (for outputs written piece by piece); until then the old file stays, and on an error no
    temporary file is left."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        move_into_place(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def move_into_place(tmp: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Rename a finished temporary file to ``target``, with the permissions of the file it replaces,
    else those of a file the user creates (mkstemp's files are private: 0600 would keep a web server
    from serving an edition and colleagues from reading a shared corpus)."""
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
    os.replace(tmp, target)


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    """Serialise TEI the one way the project writes it.

    UTF-8 with a double-quoted XML declaration, the DOCTYPE (if any) and each processing
    instruction or comment before the root on a line of its own, and a final newline.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>'
    internal = root.getroottree().docinfo.internalDTD
    if internal is not None and (list(internal.iterentities()) or list(internal.iterelements())):
        # Keep the internal subset (entity declarations) exactly as lxml writes it.
        data = declaration + b"\n" + etree.tostring(root.getroottree(), encoding="UTF-8")
        return data if data.endswith(b"\n") else data + b"\n"
    lines = [declaration]
    doctype = root.getroottree().docinfo.doctype
    if doctype:
        lines.append(doctype.encode("utf-8"))
    before: list[bytes] = []
    node = root.getprevious()
    while node is not None:
        before.insert(0, etree.tostring(node, encoding="UTF-8", with_tail=False).strip())
        node = node.getprevious()
    lines.extend(before)
    lines.append(etree.tostring(root, encoding="UTF-8", with_tail=False))
    data = b"\n".join(lines)
    return data if data.endswith(b"\n") else data + b"\n"
