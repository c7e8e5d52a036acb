"""Running ``xslt/tei-to-html.xsl``: compiled once per process, parameters set once.

Saxon objects cannot cross processes, so a worker builds its own executable from a
picklable ``SiteContext`` and then renders pages from wrapper XML.
"""

from __future__ import annotations

from dataclasses import dataclass

from saxonche import PySaxonApiError

from ..resources import xslt_path
from ..transform import saxon
from ..transform.saxon import TransformError
from .edition import TT_NS

STYLESHEET = "tei-to-html.xsl"

# Corpus-level pages: file name → named template in the stylesheet.
CORPUS_PAGES = {
    "index.html": "index-page",
    "persons.html": "persons-page",
    "places.html": "places-page",
    "orgs.html": "orgs-page",
    "map.html": "map-page",
    "search.html": "search-page",
}


@dataclass(frozen=True)
class SiteContext:
    """Everything a page needs besides its document: the stylesheet parameters."""

    registers_xml: str
    site_title: str
    show_suggestions: bool
    context_words: int
    tile_url: str = ""
    tile_attribution: str = ""


# The registers document each compiled executable currently holds (by executable id): the
# executable is shared by every context with the same parameters, the registers may differ.
_REGISTERS: dict[int, tuple[str, object]] = {}


def _executable(context: SiteContext):
    executable = saxon.compiled(xslt_path(STYLESHEET), site_title=context.site_title,
                                show_suggestions=context.show_suggestions,
                                context_words=context.context_words, tile_url=context.tile_url,
                                tile_attribution=context.tile_attribution)
    current = _REGISTERS.get(id(executable))
    if current is None or (current[0] is not context.registers_xml and current[0] != context.registers_xml):
        registers = saxon.processor().parse_xml(xml_text=context.registers_xml)
        executable.set_parameter("registers", registers)
        _REGISTERS[id(executable)] = (context.registers_xml, registers)
    return executable


def _parse(xml: str, what: str):
    try:
        return saxon.processor().parse_xml(xml_text=xml)
    except PySaxonApiError as error:
        raise TransformError(f"{what}: cannot hand the document to Saxon: {str(error).strip()}") from None


def _reason(executable, error: PySaxonApiError) -> str:
    """The stylesheet's own message about a failure (code and place) when it left one."""
    messages = executable.get_xsl_messages()
    if messages is not None and messages.size:
        text = " ".join(messages.item_at(messages.size - 1).string_value.split())
        executable.clear_xsl_messages()
        return text
    return " ".join(str(error).split())


def render_document(context: SiteContext, xml: str, *, source: str = "document") -> str:
    """The HTML page of one prepared document (``PreparedDocument.xml``)."""
    executable = _executable(context)
    node = _parse(xml, source)
    try:
        html = executable.transform_to_string(xdm_node=node)
    except PySaxonApiError as error:
        raise TransformError(f"{source}: rendering failed: {_reason(executable, error)}") from None
    return (html or "") + "\n"


def render_corpus(context: SiteContext, edition_xml: str) -> tuple[dict[str, str], str]:
    """The corpus pages (file name → HTML) and the search index (JSON text) of an edition."""
    executable = _executable(context)
    node = _parse(edition_xml, "edition")
    executable.set_global_context_item(xdm_item=node)
    pages: dict[str, str] = {}
    try:
        for name, template in CORPUS_PAGES.items():
            pages[name] = (executable.call_template_returning_string(template) or "") + "\n"
        value = executable.call_template_returning_value("search-index")
    except PySaxonApiError as error:
        raise TransformError(f"corpus pages: rendering failed: {str(error).strip()}") from None
    index = value.item_at(0).string_value if value is not None and value.size else "{}"
    return pages, index


def render_job(job: tuple[SiteContext, str, str]) -> str:
    """Render ``(context, source, xml)``: the unit of work sent to worker processes.

    The context travels with each job (pickled once per chunk); each process compiles the
    stylesheet once per context and reuses it.
    """
    context, source, xml = job
    return render_document(context, xml, source=source)


__all__ = ["CORPUS_PAGES", "SiteContext", "TT_NS", "render_corpus", "render_document", "render_job"]
