"""The wording of validation messages, pinned: each kind of error says where and what was expected.

Small real TEI documents (tests/fixtures/validate/messages/) are checked against TEI Lite
(``../shared/tei-schemas/tei_lite.rng``, compiles in milliseconds) with lxml, and the findings
are worded by ``tei_toolkit.validate.explain``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, isoschematron

from tei_toolkit.errors import SourceError
from tei_toolkit.validate.explain import (
    SVRL_NS,
    explain_invalid,
    explain_parser_error,
    explain_schematron,
)
from tei_toolkit.validate.grammar import grammar_index
from tei_toolkit.xmlio import parse_xml, safe_parser

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "validate" / "messages"
TEI_LITE = ROOT.parent / "shared" / "tei-schemas" / "tei_lite.rng"

pytestmark = pytest.mark.skipif(not TEI_LITE.is_file(), reason="../shared/tei-schemas not present")


@pytest.fixture(scope="module")
def lite():
    data = TEI_LITE.read_bytes()
    return etree.RelaxNG(etree.fromstring(data)), grammar_index(data, use_disk=False)


def findings_for(name: str, lite) -> list[str]:
    relaxng, grammar = lite
    source = (FIXTURES / name).read_bytes()
    root = etree.fromstring(source, safe_parser())
    valid = relaxng.validate(root)
    found = explain_invalid(root, grammar, name, list(relaxng.error_log), valid=valid, source=source)
    return [str(finding) for finding in found]


def parser_finding(name: str) -> str:
    try:
        parse_xml((FIXTURES / name).read_bytes(), source=name)
    except SourceError as error:
        return str(explain_parser_error(error, file=name))
    raise AssertionError(f"{name} parsed")


def test_messages_valid_document_has_no_findings(lite):
    assert findings_for("valid.xml", lite) == []


def test_messages_missing_child_names_the_missing_element(lite):
    assert findings_for("missing-child.xml", lite) == [
        'missing-child.xml:4:5: element "fileDesc" is incomplete: "sourceDesc" is missing; '
        'expected element "sourceDesc"'
    ]


def test_messages_unexpected_element_names_the_allowed_children_those_in_use_first(lite):
    [message] = findings_for("unexpected-element.xml", lite)
    assert message.startswith(
        'unexpected-element.xml:14:44: element "paragraph" is not allowed inside "p" '
        '(the schema does not define it); expected one of the elements "title", "abbr", "add", ')
    assert message.endswith(" or 97 more")


def test_messages_closed_value_list_names_the_allowed_values(lite):
    assert findings_for("bad-attribute-value.xml", lite) == [
        'bad-attribute-value.xml:12:10: attribute "part" of element "p" has the value "X", which is '
        'not allowed; expected one of "Y", "N", "I", "M" or "F"'
    ]


def test_messages_missing_required_attribute_names_it_and_its_values(lite):
    assert findings_for("missing-attribute.xml", lite) == [
        'missing-attribute.xml:12:23: element "milestone" is missing the required attribute "unit"; '
        'expected attribute "unit" with one of "page", "column", "line", "book", "poem", "canto", '
        '"speaker", "stanza", "act", "scene", "section", "absent" or "unnumbered"'
    ]


def test_messages_undeclared_attribute_lists_the_declared_ones(lite):
    assert findings_for("undeclared-attribute.xml", lite) == [
        'undeclared-attribute.xml:12:10: attribute "colour" is not allowed on element "p"; expected '
        'one of the attributes "ana", "cert", "change", "corresp", "decls", "facs", "hand", "n", '
        '"next", "part", "prev", "rend", "resp", "source", "xml:id", "xml:lang" or "xml:space"'
    ]


def test_messages_text_not_allowed_quotes_the_text_and_names_the_allowed_elements(lite):
    [message] = findings_for("text-not-allowed.xml", lite)
    assert message.startswith(
        'text-not-allowed.xml:12:7: text is not allowed directly inside element "body" '
        '("Dear friend, this text stands loose i..."); expected only elements here: "p", "addSpan", ')


def test_messages_bad_datatype_says_what_the_value_should_look_like(lite):
    assert findings_for("bad-language.xml", lite) == [
        'bad-language.xml:13:12: attribute "xml:lang" of element "p" has the value "English language", '
        'which is not allowed; expected a language tag such as "en", "de" or "la-Latn" or an empty value'
    ]


def test_messages_wrong_namespace_of_root_names_the_expected_namespace(lite):
    assert findings_for("wrong-namespace.xml", lite) == [
        'wrong-namespace.xml:2:1: element "TEI" is in the namespace "http://www.example.org/not-tei"; '
        'expected the namespace "http://www.tei-c.org/ns/1.0"'
    ]


def test_messages_wrong_namespace_of_child_names_the_expected_namespace(lite):
    assert findings_for("wrong-namespace-child.xml", lite) == [
        'wrong-namespace-child.xml:13:7: element "p" is in the namespace '
        '"http://www.w3.org/1999/xhtml"; expected the namespace "http://www.tei-c.org/ns/1.0"'
    ]


def test_messages_wrong_order_names_what_must_come_first(lite):
    assert findings_for("wrong-order.xml", lite) == [
        'wrong-order.xml:7:7: element "publicationStmt" is in the wrong place inside "fileDesc": '
        'it must come before "sourceDesc"; expected "publicationStmt" before "sourceDesc"'
    ]


def test_messages_bad_xml_id_says_what_an_identifier_looks_like():
    assert parser_finding("bad-xml-id.xml") == (
        'bad-xml-id.xml:12:32: xml:id "1st-paragraph" is not a valid identifier; expected a name '
        'that starts with a letter or "_" and has no spaces or colons')


def test_messages_not_well_formed_names_the_unclosed_tag():
    assert parser_finding("not-well-formed.xml") == (
        "not-well-formed.xml:12:37: not well-formed XML: the start tag <hi> on line 12 is closed "
        "by </p>; expected </hi> before </p>")


def test_messages_undefined_entity_suggests_the_character_reference():
    assert parser_finding("undefined-entity.xml") == (
        'undefined-entity.xml:12:43: undefined entity "&mdash;"; expected the character reference '
        '"&#x2014;" (\u2014) or a DTD that declares "mdash"')


def test_messages_parser_error_from_lxml_directly_is_worded_the_same():
    try:
        etree.fromstring((FIXTURES / "undefined-entity.xml").read_bytes(), safe_parser())
    except etree.XMLSyntaxError as error:
        finding = explain_parser_error(error, file="undefined-entity.xml")
    assert (finding.line, finding.column, finding.source) == (12, 43, "parser")
    assert finding.message == 'undefined entity "&mdash;"'


def test_messages_schematron_failure_points_at_the_element_and_says_what_was_expected():
    source = (FIXTURES / "unresolved-ref.xml").read_bytes()
    root = etree.fromstring(source, safe_parser())
    rules = isoschematron.Schematron(etree.parse(str(FIXTURES / "refs.sch")), store_report=True)
    assert not rules.validate(root)
    failed = list(rules.validation_report.iter(f"{{{SVRL_NS}}}failed-assert"))
    findings = [explain_schematron(node, root, file="unresolved-ref.xml", source=source) for node in failed]
    assert [str(f) for f in findings] == [
        'unresolved-ref.xml:13:9: @ref "#goethe" does not resolve; expected an xml:id in this document'
    ]
    assert findings[0].path == "/TEI/text/body/p/persName[2]"
    assert (findings[0].source, findings[0].rule) == ("schematron", "ref-resolves")


PROJECT = ROOT / "schemas" / "tei-toolkit.rng"


@pytest.fixture(scope="module")
def project():
    data = PROJECT.read_bytes()
    return etree.RelaxNG(etree.fromstring(data)), grammar_index(data, use_disk=False)


@pytest.mark.skipif(not PROJECT.is_file(), reason="no project schema")
@pytest.mark.parametrize(("name", "message"), [
    ("missing-child.xml", 'missing-child.xml:4:5: element "fileDesc" is incomplete: "sourceDesc" is missing; '
                          'expected element "sourceDesc"'),
    ("bad-attribute-value.xml", 'bad-attribute-value.xml:12:10: attribute "part" of element "p" has the '
                                'value "X", which is not allowed; expected one of "Y", "N", "I", "M" or "F"'),
    ("wrong-order.xml", 'wrong-order.xml:7:7: element "publicationStmt" is in the wrong place inside '
                        '"fileDesc": it must come before "sourceDesc"; expected "publicationStmt" before '
                        '"sourceDesc"'),
    ("wrong-namespace-child.xml", 'wrong-namespace-child.xml:13:7: element "p" is in the namespace '
                                  '"http://www.w3.org/1999/xhtml"; expected the namespace '
                                  '"http://www.tei-c.org/ns/1.0"'),
])
def test_messages_are_the_same_against_the_project_schema(name, message, project):
    assert findings_for(name, project)[0] == message
