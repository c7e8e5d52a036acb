"""Checks over a rendered site, shared by the render tests: parse every page, follow every link."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree


def parse_page(path: Path) -> etree._Element:
    """Parse a page as XML (the edition is XHTML-compatible HTML5); fail if not well formed."""
    data = path.read_bytes()
    assert data.startswith(b"<!DOCTYPE html>"), f"{path.name}: no HTML5 doctype"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def pages(site: Path) -> dict[str, etree._Element]:
    """Every HTML page of a site, parsed, by file name."""
    return {p.relative_to(site).as_posix(): parse_page(p) for p in sorted(site.rglob("*.html"))}


def ids(root: etree._Element) -> set[str]:
    return {value for value in root.xpath("//@id")}


def broken_links(site: Path) -> list[str]:
    """Internal links (href, src) whose file or fragment target does not exist."""
    parsed = pages(site)
    targets = {name: ids(root) for name, root in parsed.items()}
    broken = []
    for name, root in parsed.items():
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc:
                    continue
                page = unquote(parts.path) or name
                if not (site / page).is_file():
                    broken.append(f"{name}: {value} (no file)")
                elif parts.fragment and page.endswith(".html") and unquote(parts.fragment) not in targets[page]:
                    broken.append(f"{name}: {value} (no id)")
    return broken


def duplicate_ids(root: etree._Element) -> list[str]:
    seen: set[str] = set()
    duplicates = []
    for value in root.xpath("//@id"):
        if value in seen:
            duplicates.append(value)
        seen.add(value)
    return duplicates


PHRASING = {"p", "span", "a", "q", "cite", "i", "b", "em", "strong", "sup", "sub", "mark", "time",
            "del", "label", "button", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "dt"}
FLOW_ONLY = {"div", "p", "ul", "ol", "dl", "table", "blockquote", "section", "article", "header",
             "footer", "nav", "main", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "li", "form"}


def content_model_errors(root: etree._Element) -> list[str]:
    """HTML5 content-model mistakes a browser would repair silently: a block inside phrasing
    content (a div in a p), a link inside a link, an id used twice."""
    errors = [f"duplicate id {value!r}" for value in duplicate_ids(root)]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        parent = element.getparent()
        while parent is not None and etree.QName(parent).localname not in PHRASING | {"svg"}:
            parent = parent.getparent()
        if tag in FLOW_ONLY and parent is not None and etree.QName(parent).localname != "svg":
            errors.append(f"<{tag}> inside <{etree.QName(parent).localname}>")
        if tag == "a" and any(etree.QName(a).localname == "a" for a in element.iterancestors()):
            errors.append("<a> inside <a>")
    return errors
