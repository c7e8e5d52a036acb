"""The XML handed to the stylesheet: safe-parsed TEI wrapped with its page name and anchors.

Saxon never parses a TEI file itself: lxml's safe parser reads it, entity references left
unexpanded become literal text, and only the root element is serialised (no DOCTYPE).
Each text block gets ``tt:anchor`` (its HTML id: its ``xml:id`` or a generated one),
paragraphs outside notes ``tt:n`` (their visible number) and notes ``tt:note`` (their
number), so that document pages and register pages agree on every link target.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree

from ..errors import SourceError
from ..xmlio import TEI_NS, XML_NS, tei

try:  # the contracts' definition, once the entities stage has landed
    from ..entities.insert import TEXT_BLOCKS
except ImportError:  # pragma: no cover - until then, the same tuple
    TEXT_BLOCKS = ("p", "ab", "l", "head", "item", "cell", "note")

TT_NS = "urn:tei-toolkit"
ANCHOR_BLOCKS = tuple(TEXT_BLOCKS) + ("byline", "dateline", "opener", "closer", "salute",
                                      "signed", "trailer")
RESERVED_PAGES = frozenset({"index", "persons", "places", "orgs", "map", "search",
                            "search-index", "assets"})
_ROOTS = (tei("TEI"), tei("teiCorpus"))
_XML_ID = f"{{{XML_NS}}}id"


@dataclass(frozen=True)
class PreparedDocument:
    """One document ready for the stylesheet: its id, page file name and wrapper XML."""

    id: str
    page: str
    source: str
    xml: str


def _page_stem(doc_id: str) -> str:
    text = unicodedata.normalize("NFKD", doc_id).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return stem or "document"


def _unique(stem: str, taken: set[str]) -> str:
    if stem.lower() in RESERVED_PAGES:
        stem = f"doc-{stem}"
    name, n = stem, 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}"
    taken.add(name.lower())
    return name


def _drop_entity_references(root: etree._Element) -> None:
    """Turn unexpanded entity references into their literal text (``&name;``)."""
    for entity in list(root.iter(etree.Entity)):
        parent = entity.getparent()
        text = f"&{entity.name};" + (entity.tail or "")
        previous = entity.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(entity)


def _in_text(element: etree._Element) -> bool:
    return any(True for _ in element.iterancestors(tei("text")))


def _set_anchors(root: etree._Element) -> None:
    used: set[str] = set()
    counters: dict[str, int] = {}
    paragraphs = notes = 0
    tags = [tei(name) for name in ANCHOR_BLOCKS]
    for element in root.iter(*tags):
        if not _in_text(element):
            continue
        name = etree.QName(element).localname
        counters[name] = counters.get(name, 0) + 1
        anchor = element.get(_XML_ID)
        if not anchor or anchor in used or anchor.startswith("tt-"):
            anchor = f"tt-{name}-{counters[name]}"
            while anchor in used:
                anchor += "x"
        used.add(anchor)
        element.set(f"{{{TT_NS}}}anchor", anchor)
        if name == "note":
            notes += 1
            element.set(f"{{{TT_NS}}}note", str(notes))
        elif name == "p" and not any(True for _ in element.iterancestors(tei("note"))):
            paragraphs += 1
            element.set(f"{{{TT_NS}}}n", str(paragraphs))


def _check_root(tree: etree._ElementTree, source: str) -> etree._Element:
    root = tree.getroot()
    if root.tag not in _ROOTS:
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        namespace = etree.QName(root).namespace if isinstance(root.tag, str) else None
        where = f" in namespace {namespace}" if namespace else " in no namespace"
        raise SourceError(f"root element is <{name}>{where}; expected TEI or teiCorpus in {TEI_NS}",
                          path=source, line=root.sourceline)
    return root


def prepare_document(tree: etree._ElementTree, *, source: str, taken: set[str]) -> PreparedDocument:
    """Wrap one safely parsed TEI tree for the stylesheet (modifies the tree in place).

    ``taken`` holds the page names already used (lower case); the new one is added.
    """
    root = _check_root(tree, source)
    _drop_entity_references(root)
    _set_anchors(root)
    etree.cleanup_namespaces(root, top_nsmap={"tt": TT_NS})
    doc_id = root.get(_XML_ID) or Path(source).stem
    page = _unique(_page_stem(doc_id), taken) + ".html"
    body = etree.tostring(root, encoding="unicode")
    xml = (f'<tt:doc xmlns:tt="{TT_NS}" id={quoteattr(doc_id)} href={quoteattr(page)} '
           f'source={quoteattr(Path(source).name)}>{body}</tt:doc>')
    return PreparedDocument(id=doc_id, page=page, source=source, xml=xml)


def registers_xml(trees: list[tuple[str, etree._ElementTree]],
                  documents: list[PreparedDocument] = ()) -> str:
    """One ``tt:registers`` document: every register file's root element, and the list of
    the edition's pages (so links between documents can be resolved)."""
    parts = [f'<tt:registers xmlns:tt="{TT_NS}"><tt:pages>']
    for d in documents:
        name = Path(d.source).name
        parts.append(f"<tt:page id={quoteattr(d.id)} href={quoteattr(d.page)} "
                     f"source={quoteattr(name)} stem={quoteattr(Path(name).stem)}/>")
    parts.append("</tt:pages>")
    for source, tree in trees:
        root = tree.getroot()
        if not isinstance(root.tag, str) or etree.QName(root).namespace != TEI_NS:
            raise SourceError("not a TEI register; expected a TEI document with listPerson, "
                              "listPlace or listOrg", path=source, line=root.sourceline)
        _drop_entity_references(root)
        parts.append(etree.tostring(root, encoding="unicode"))
    parts.append("</tt:registers>")
    return "".join(parts)


def edition_xml(documents: list[PreparedDocument]) -> str:
    """Every prepared document in one ``tt:edition`` element, in the given order."""
    return f'<tt:edition xmlns:tt="{TT_NS}">' + "".join(d.xml for d in documents) + "</tt:edition>"
