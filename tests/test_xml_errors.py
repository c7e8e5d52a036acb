"""libxml2's parser messages in plain words: ``xmlio.parse_xml`` and ``validate`` say the same thing.

Every kind of XML that does not parse gets one line, ``path:line:col: what is wrong; expected
what``; entity bombs and loops are said plainly and without libxml2's place, which points at
the XML declaration instead of the entity.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_toolkit.errors import SourceError
from tei_toolkit.validate.explain import explain_parser_error
from tei_toolkit.xmlio import parse_xml, safe_parser

BOMB = Path(__file__).resolve().parent / "fixtures" / "acceptance" / "bad" / "bomb.xml"

CASES = {
    "tag mismatch": (b"<TEI>\n<p><hi>Serge</p></TEI>",
                     "doc.xml:2:17: not well-formed XML: the start tag <hi> on line 2 is closed by </p>; "
                     "expected </hi> before </p>"),
    "premature end": (b"<TEI><p>Serge",
                      "doc.xml:1:14: not well-formed XML: the file ends inside <p> opened on line 1; "
                      "expected </p>"),
    "two roots": (b"<TEI/><TEI/>",
                  "doc.xml:1:7: not well-formed XML: extra content at the end of the document; "
                  "expected one root element that encloses everything"),
    "html entity": (b"<TEI><p>Serge &mdash; Kibalchich</p></TEI>",
                    'doc.xml:1:22: undefined entity "&mdash;"; expected the character reference "&#x2014;" '
                    '(\u2014) or a DTD that declares "mdash"'),
    "unknown entity": (b"<TEI><p>&serge;</p></TEI>",
                       'doc.xml:1:16: undefined entity "&serge;"; expected a DTD that declares "serge", '
                       "or one of &amp; &lt; &gt; &quot; &apos;"),
    "bad xml:id": (b'<TEI><p xml:id="1st">x</p></TEI>',
                   'doc.xml:1:21: xml:id "1st" is not a valid identifier; expected a name that starts '
                   'with a letter or "_" and has no spaces or colons'),
    "repeated xml:id": (b'<TEI><p xml:id="p1"/><p xml:id="p1"/></TEI>',
                        'doc.xml:1:36: xml:id "p1" is used twice; expected each xml:id unique in the document'),
    "attribute twice": (b'<TEI><p n="1" n="2"/></TEI>',
                        'doc.xml:1:20: attribute "n" is given twice on one element; '
                        "expected each attribute at most once per element"),
    "plain text": (b"Victor Serge\n",
                   "doc.xml:1:1: not well-formed XML: the file holds no XML element; expected an XML document"),
    "latin-1 bytes": ("<TEI><p>caf\u00e9</p></TEI>".encode("latin-1"),
                      "doc.xml:1:12: not readable as text: Invalid bytes in character encoding; "
                      "expected UTF-8 text, or the encoding named in the XML declaration"),
    "entity loop": (b'<!DOCTYPE TEI [<!ENTITY a "&b;"><!ENTITY b "&a;">]>\n<TEI><p>&a;</p></TEI>',
                    "doc.xml: an entity refers to itself (an entity loop); expected entity declarations "
                    "without loops"),
    "entity bomb": (BOMB.read_bytes(),
                    "doc.xml: entities expand too much (an entity bomb?): the entity amplification limit "
                    "was exceeded; expected entities that expand to a modest size"),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_parse_xml_says_what_is_wrong_and_what_was_expected(kind):
    data, line = CASES[kind]
    with pytest.raises(SourceError) as caught:
        parse_xml(data, source="doc.xml")
    assert str(caught.value) == line


@pytest.mark.parametrize("kind", sorted(CASES))
def test_validate_words_a_parser_error_as_parse_xml_does(kind):
    data, line = CASES[kind]
    with pytest.raises(etree.XMLSyntaxError) as caught:
        etree.fromstring(data, safe_parser())
    finding = explain_parser_error(caught.value, file="doc.xml")
    assert str(finding) == line
    assert finding.source == ("io" if kind in ("plain text", "latin-1 bytes") else "parser")
