"""Read documents to validate safely: DTDs and external entities only from the document's own folder.

Nothing is read from elsewhere or from the network; libxml2's entity-amplification limits stay
on. Every problem (unreadable, empty, not well-formed, a refused DTD) becomes a ``Finding``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from .explain import explain_parser_error
from .model import Finding

__all__ = ["ParsedDocument", "document_parser", "parse_document"]


@dataclass
class ParsedDocument:
    """One file as read for validation: its tree (None when unreadable), bytes and findings so far."""

    tree: etree._ElementTree | None = None
    data: bytes | None = None
    findings: list[Finding] = field(default_factory=list)


class _LocalResolver(etree.Resolver):
    """Resolve DTDs and external entities only to files inside the document's folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder.resolve()
        self.refused: list[str] = []

    def resolve(self, url, pubid, context):  # noqa: ANN001 - lxml's signature
        path = _local_path(url)
        if path is not None:
            try:
                resolved = path.resolve()
            except OSError:
                resolved = None
            if (resolved is not None and resolved.is_file()
                    and (resolved.parent == self.folder or self.folder in resolved.parents)):
                return self.resolve_filename(str(resolved), context)
        self.refused.append(url or pubid or "?")
        return self.resolve_string("", context)


def _local_path(url: str | None) -> Path | None:
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme in ("", "file") and not parsed.netloc:
        return Path(unquote(parsed.path))
    if len(parsed.scheme) == 1:  # a Windows drive letter
        return Path(url)
    return None


def document_parser(folder: Path) -> tuple[etree.XMLParser, _LocalResolver]:
    """A parser that reads DTDs/entities only beside the document, with entity limits on.

    DTD attribute defaults are applied, as jing's parser does, so verdicts stay equal.
    """
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=True,
                             huge_tree=False, attribute_defaults=True, dtd_validation=False)
    resolver = _LocalResolver(folder)
    parser.resolvers.add(resolver)
    return parser, resolver


def parse_document(path: str) -> ParsedDocument:
    """Read and parse one file; every problem becomes a finding instead of an exception."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        if isinstance(error, IsADirectoryError):
            reason = "is a folder"
        return ParsedDocument(findings=[Finding(file=path, line=None, column=None, source="io",
                                         message=f"cannot read the file: {reason}",
                                         expected="a readable XML file")])
    if not data.strip():
        return ParsedDocument(data=data, findings=[Finding(
            file=path, line=None, column=None, source="io", message="the file is empty",
            expected="an XML document")])
    parser, resolver = document_parser(Path(path).parent)
    try:
        root = etree.fromstring(data, parser, base_url=path)
    except etree.XMLSyntaxError as error:
        return ParsedDocument(data=data, findings=[explain_parser_error(error, file=path)] + _refused(resolver, path))
    return ParsedDocument(tree=root.getroottree(), data=data, findings=_refused(resolver, path))


def _refused(resolver: _LocalResolver, path: str) -> list[Finding]:
    return [Finding(file=path, line=None, column=None, source="parser",
                    message=f'external DTD or entity "{url}" was not loaded',
                    expected="a DTD or entity file in the document's folder (nothing is "
                             "read from elsewhere or from the network)")
            for url in dict.fromkeys(resolver.refused)]
