"""Builders of source fixtures made with each format's own tools (python-docx for Word)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> Serge, Memoirs, p. 3.</w:t></w:r></w:p></w:footnote>'
    '</w:footnotes>')
TEXT_BOX_XML = (
    f'<w:pict xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox>'
    '<w:txbxContent><w:p><w:r><w:t>Map of the Urals</w:t></w:r></w:p></w:txbxContent>'
    '</v:textbox></v:shape></w:pict>')
ENDNOTES_XML = (
    f'<w:endnotes xmlns:w="{W}">'
    '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
    '<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> Letter of 1946, now lost.</w:t></w:r></w:p></w:endnote>'
    '</w:endnotes>')


def _footnote_reference(paragraph, note_id: str, kind: str = "footnote") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    reference = OxmlElement(f"w:{kind}Reference")
    reference.set(qn("w:id"), note_id)
    run._r.append(reference)


def _hyperlink(document, paragraph, url: str, text: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel_id = document.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _add_notes_part(document, kind: str, xml: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI(f"/word/{kind}.xml"),
                f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml",
                xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, getattr(RELATIONSHIP_TYPE, kind.upper()))


def make_feature_docx(path: Path) -> Path:
    """A small scholarly Word file using every feature the reader maps."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    props = document.core_properties
    props.title, props.author, props.language = "Letters from exile", "Ada Editor", "en-GB"
    props.created = dt.datetime(2020, 5, 17, 9, 30)
    props.keywords = "exile; letters"
    document.add_paragraph("Letters from exile", style="Title")
    intro = document.add_paragraph("An ")
    intro.add_run("italic").italic = True
    intro.add_run(" and a ")
    intro.add_run("bold").bold = True
    intro.add_run(" word, ")
    intro.add_run("underlined").underline = True
    intro.add_run(", the 1")
    intro.add_run("st").font.superscript = True
    intro.add_run(" letter")
    _footnote_reference(intro, "1")
    intro.add_run(".")
    _add_notes_part(document, "footnotes", FOOTNOTES_XML)
    _add_notes_part(document, "endnotes", ENDNOTES_XML)
    document.add_heading("Part one", level=1)
    document.add_paragraph("First section text, see ")
    _hyperlink(document, document.paragraphs[-1], "https://example.org/serge", "the archive")
    document.add_paragraph("I have more confidence in mankind than ever before.", style="Quote")
    document.add_heading("A subsection", level=2)
    document.add_paragraph("Moscow", style="List Bullet")
    document.add_paragraph("Leningrad", style="List Bullet 2")
    document.add_paragraph("Orenburg", style="List Bullet")
    document.add_page_break()
    document.add_heading("Part two", level=1)
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, (("City", "Year"), ("Mexico City", "1947"))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    boxed = document.add_paragraph("A drawing follows.")
    boxed.add_run()._r.append(parse_xml(TEXT_BOX_XML))
    closing = document.add_paragraph("Closing words.", style="List Number")
    _footnote_reference(closing, "1", kind="endnote")
    document.save(path)
    return path


def make_article_docx(path: Path, title: str, paragraphs: list[str]) -> Path:
    """The article as a Word file: a Title paragraph and one paragraph per text paragraph."""
    import docx

    document = docx.Document()
    document.add_paragraph(title, style="Title")
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path
