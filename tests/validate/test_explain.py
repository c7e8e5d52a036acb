"""The grammar index and the document walk: read from the schema, located exactly, never noisy on valid TEI."""

from __future__ import annotations

import csv
import pickle
from pathlib import Path

import pytest
from lxml import etree

from tei_toolkit.validate.explain import explain_document, explain_invalid, explain_relaxng_error
from tei_toolkit.validate.grammar import grammar_index, index_grammar
from tei_toolkit.xmlio import safe_parser

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT.parent / "shared" / "tei-schemas"
SAMPLES = ROOT.parent / "shared" / "tei-samples"
FIXTURES = ROOT / "tests" / "fixtures" / "validate" / "messages"
T = "{http://www.tei-c.org/ns/1.0}"
XML = "{http://www.w3.org/XML/1998/namespace}"

needs_schemas = pytest.mark.skipif(not (SCHEMAS / "tei_lite.rng").is_file(), reason="no ../shared/tei-schemas")

SMALL_GRAMMAR = b"""<?xml version="1.0"?>
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:letters"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><ref name="letter"/></start>
  <define name="letter">
    <element name="letter">
      <attribute name="lang"><data type="language"/></attribute>
      <optional><attribute name="status"><choice><value>draft</value><value>sent</value></choice></attribute></optional>
      <ref name="head"/>
      <oneOrMore><ref name="para"/></oneOrMore>
      <optional><ref name="sig"/></optional>
    </element>
  </define>
  <define name="head"><element name="head"><choice><ref name="date"/><ref name="place"/></choice></element></define>
  <define name="date"><element name="date"><attribute name="when"><data type="date"/></attribute><text/></element></define>
  <define name="place"><element name="place"><text/></element></define>
  <define name="para"><element name="para"><ref name="inline"/></element></define>
  <define name="inline"><zeroOrMore><choice><text/><ref name="name"/></choice></zeroOrMore></define>
  <define name="inline" combine="choice"><ref name="unused"/></define>
  <define name="unused"><notAllowed/></define>
  <define name="name"><element name="name"><text/></element></define>
  <define name="sig"><element name="sig"><empty/></element></define>
</grammar>
"""
L = "{urn:letters}"


def test_grammar_index_reads_children_requirements_order_and_text():
    index = index_grammar(SMALL_GRAMMAR)
    letter = index.elements[f"{L}letter"]
    assert index.start == frozenset({f"{L}letter"})
    assert letter.children == {f"{L}head", f"{L}para", f"{L}sig"}
    assert letter.required == (frozenset({f"{L}head"}), frozenset({f"{L}para"}))
    assert letter.sequence == (frozenset({f"{L}head"}), frozenset({f"{L}para"}), frozenset({f"{L}sig"}))
    assert not letter.text
    assert index.elements[f"{L}para"].text
    assert index.elements[f"{L}para"].children == {f"{L}name"}
    assert index.elements[f"{L}head"].required == (frozenset({f"{L}date", f"{L}place"}),)
    assert index.elements[f"{L}sig"].children == frozenset()


def test_grammar_index_reads_attributes_closed_lists_and_datatypes():
    letter = index_grammar(SMALL_GRAMMAR).elements[f"{L}letter"]
    assert letter.attributes["lang"].required and letter.attributes["lang"].datatypes == ("language",)
    status = letter.attributes["status"]
    assert not status.required and status.closed and status.values == ("draft", "sent")


def test_grammar_index_is_cached_on_disk_by_schema_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("TEI_TOOLKIT_CACHE", str(tmp_path))
    index = grammar_index(SMALL_GRAMMAR + b"<!-- cache test -->")
    [cached] = list((tmp_path / "grammar-index").glob("*.pickle"))
    assert cached.name.startswith(index.sha256)
    assert pickle.loads(cached.read_bytes()) == index


def small_findings(xml: bytes) -> list[str]:
    root = etree.fromstring(xml, safe_parser())
    return [str(f) for f in explain_document(root, index_grammar(SMALL_GRAMMAR), "l.xml", source=xml)]


def test_explain_finds_every_problem_in_one_document_with_exact_columns():
    xml = (b'<letter xmlns="urn:letters" lang="en" status="lost">\n'
           b'  <para>One</para><para>Two <name>Ann</name> <bad/></para>\n'
           b'  <head><date\n      when="1799-13">May</date></head>\n'
           b'</letter>\n')
    assert small_findings(xml) == [
        'l.xml:1:39: attribute "status" of element "letter" has the value "lost", which is not '
        'allowed; expected one of "draft" or "sent"',
        'l.xml:2:46: element "bad" is not allowed inside "para" (the schema does not define it); '
        'expected one of the elements "name"',
        'l.xml:3:3: element "head" is in the wrong place inside "letter": it must come before "para"; '
        'expected "head" before "para"',
        'l.xml:4:7: attribute "when" of element "date" has the value "1799-13", which is not allowed; '
        'expected a date written YYYY-MM-DD',
    ]


def test_explain_reports_missing_required_attribute_and_child_and_text():
    xml = b'<letter xmlns="urn:letters">stray words<head/></letter>'
    assert small_findings(xml) == [
        'l.xml:1:1: element "letter" is missing the required attribute "lang"; expected attribute '
        '"lang" with a language tag such as "en", "de" or "la-Latn"',
        'l.xml:1:1: element "letter" is incomplete: "para" is missing; expected element "para"',
        'l.xml:1:29: text is not allowed directly inside element "letter" ("stray words"); expected '
        'only elements here: "head", "para" or "sig"',
        'l.xml:1:40: element "head" is incomplete: a required child element is missing; expected one '
        'of the elements "date" or "place"',
    ]


def test_explain_paths_number_only_same_named_siblings():
    xml = b'<letter xmlns="urn:letters" lang="en"><head><place>W</place></head><para/><para><x/></para></letter>'
    root = etree.fromstring(xml)
    [finding] = explain_document(root, index_grammar(SMALL_GRAMMAR), "l.xml", source=xml)
    assert finding.path == "/letter/para[2]/x"
    assert (finding.line, finding.column) == (1, 81)


def test_explain_without_source_still_gives_lines():
    root = etree.fromstring(b'<letter xmlns="urn:letters" lang="en">\n<head><place/></head>\n<para/><zap/></letter>')
    [finding] = explain_document(root, index_grammar(SMALL_GRAMMAR), "l.xml")
    assert (finding.line, finding.column, finding.path) == (3, None, "/letter/zap")


@needs_schemas
def test_explain_invalid_gives_nothing_for_a_valid_document_and_something_for_an_invalid_one():
    data = (SCHEMAS / "tei_lite.rng").read_bytes()
    relaxng, grammar = etree.RelaxNG(etree.fromstring(data)), grammar_index(data, use_disk=False)
    valid = etree.fromstring((FIXTURES / "valid.xml").read_bytes())
    assert relaxng.validate(valid)
    assert explain_invalid(valid, grammar, "v.xml", [], valid=True) == []
    # invalid for a reason the walk cannot see (two teiHeaders): lxml's entry is worded instead
    source = (FIXTURES / "valid.xml").read_bytes().replace(
        b"  <text>", b"  <teiHeader><fileDesc><titleStmt><title>x</title></titleStmt><publicationStmt>"
                     b"<p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>\n  <text>")
    root = etree.fromstring(source)
    assert not relaxng.validate(root)
    entries = list(relaxng.error_log)
    assert explain_document(root, grammar, "t.xml", source=source) == []
    findings = explain_invalid(root, grammar, "t.xml", entries, valid=False, source=source)
    assert findings and all(f.source == "relaxng" for f in findings)
    assert str(findings[0]) == ('t.xml:10:3: element "teiHeader" is not accepted here inside "TEI" (after '
                                '"teiHeader"); expected another order or choice of the children of "TEI", '
                                'or a fix inside "teiHeader"')


@needs_schemas
def test_explain_relaxng_error_rewords_lxml_and_finds_the_column():
    data = (SCHEMAS / "tei_lite.rng").read_bytes()
    relaxng, grammar = etree.RelaxNG(etree.fromstring(data)), grammar_index(data, use_disk=False)
    source = (FIXTURES / "missing-child.xml").read_bytes()
    root = etree.fromstring(source)
    assert not relaxng.validate(root)
    [entry] = list(relaxng.error_log)
    assert entry.message == "Expecting an element , got nothing" and entry.column == 0
    finding = explain_relaxng_error(entry, root, grammar, file="m.xml", source=source)
    assert str(finding) == 'm.xml:4:5: element "fileDesc" is incomplete: missing element "sourceDesc"'


@pytest.mark.skipif(not (SAMPLES / "MANIFEST.csv").is_file() or not (SCHEMAS / "tei_all.rng").is_file(),
                    reason="no ../shared/tei-samples")
def test_explain_walk_is_silent_on_every_sample_jing_finds_valid_against_tei_all():
    grammar = grammar_index((SCHEMAS / "tei_all.rng").read_bytes(), use_disk=False)
    rows = list(csv.DictReader((SAMPLES / "MANIFEST.csv").open(encoding="utf-8")))
    noisy, explained = [], 0
    for row in rows:
        source = (SAMPLES / row["file"]).read_bytes()
        try:
            root = etree.fromstring(source, etree.XMLParser(resolve_entities=False, no_network=True,
                                                            load_dtd=False, huge_tree=True))
        except etree.XMLSyntaxError:
            continue  # parser errors are worded by explain_parser_error
        findings = explain_document(root, grammar, row["file"], source=source)
        if row["jing_tei_all"] == "valid" and findings:
            noisy.append((row["file"], str(findings[0])))
        explained += row["jing_tei_all"] == "invalid" and bool(findings)
    assert noisy == []
    assert explained >= 10  # of the 11 invalid samples that parse, the walk alone explains most


@needs_schemas
def test_explain_invalid_always_explains_a_mutated_document():
    """Random damage to a valid letter: whenever lxml says invalid there is a located finding."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    data = (SCHEMAS / "tei_lite.rng").read_bytes()
    relaxng, grammar = etree.RelaxNG(etree.fromstring(data)), grammar_index(data, use_disk=False)
    original = (FIXTURES / "valid.xml").read_bytes()
    count = sum(1 for _ in etree.fromstring(original).iter())

    @settings(max_examples=60, deadline=None)
    @given(st.integers(0, count - 1), st.sampled_from(["drop", "rename", "attribute", "text", "move"]),
           st.sampled_from(["p", "title", "bogus", "div", "teiHeader", "hi"]))
    def check(index, action, name):
        root = etree.fromstring(original)
        element = list(root.iter())[index]
        parent = element.getparent()
        if action == "drop" and parent is not None:
            parent.remove(element)
        elif action == "rename":
            element.tag = T + name
        elif action == "attribute":
            element.set(name, "1")
        elif action == "text":
            element.insert(0, etree.Element(T + "hi"))
            element[0].tail = "loose words"
        elif action == "move" and parent is not None:
            parent.remove(element)
            root.insert(0, element)
        source = etree.tostring(root)
        root = etree.fromstring(source)
        valid = relaxng.validate(root)
        findings = explain_invalid(root, grammar, "m.xml", list(relaxng.error_log), valid=valid, source=source)
        assert bool(findings) == (not valid)
        assert all(f.line and f.message and f.path for f in findings)

    check()


def test_explain_says_where_a_misplaced_element_belongs():
    xml = b'<letter xmlns="urn:letters" lang="en"><head><place/></head><para><date when="2001-01-01"/></para></letter>'
    assert small_findings(xml) == [
        'l.xml:1:66: element "date" is not allowed inside "para" (it belongs inside "head"); '
        'expected one of the elements "name"'
    ]


def test_explain_columns_survive_markup_expanded_from_an_entity():
    xml = (b'<?xml version="1.0"?>\n<!DOCTYPE letter [\n<!ENTITY sig "<name xmlns=\'urn:letters\'>Goethe</name>">\n]>\n'
           b'<letter xmlns="urn:letters" lang="en"><head><place/></head>\n'
           b'  <para>&sig;</para>\n'
           b'  <para><bad/></para></letter>\n')
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=True))
    [finding] = explain_document(root, index_grammar(SMALL_GRAMMAR), "l.xml", source=xml)
    assert (finding.line, finding.column, finding.path) == (7, 9, "/letter/para[2]/bad")


@pytest.mark.skipif(not (SAMPLES / "MANIFEST.csv").is_file() or not (SCHEMAS / "tei_all.rng").is_file(),
                    reason="no ../shared/tei-samples")
def test_explain_names_jing_first_error_in_every_invalid_sample(monkeypatch):
    """Our findings include the problem jing reports first, on the same line (or element)."""
    import re

    from tei_toolkit.validate import ValidateOptions, validate_files

    monkeypatch.setenv("TEI_TOOLKIT_SCHEMAS", str(SCHEMAS))
    rows = [r for r in csv.DictReader((SAMPLES / "MANIFEST.csv").open(encoding="utf-8"))
            if r["jing_tei_all"] == "invalid"]
    reports = validate_files([SAMPLES / r["file"] for r in rows], ValidateOptions(schema="tei_all"))
    missed = []
    for row, report in zip(rows, reports):
        assert not report.valid
        line, _, words = re.match(r"(\d+):(\d+): (.*)", row["jing_first_error"]).groups()
        incomplete = re.match(r'element "(\w+)" incomplete', words)
        if incomplete:
            found = any(f'element "{incomplete.group(1)}" is incomplete' in f.message for f in report.findings)
        else:
            found = any(f.line is not None and 0 <= int(line) - f.line <= 3 for f in report.findings)
        if not found:
            missed.append((row["file"], row["jing_first_error"][:80]))
    assert missed == []


@pytest.mark.skipif(not (SAMPLES / "MANIFEST.csv").is_file() or not (SCHEMAS / "tei_all.rng").is_file(),
                    reason="no ../shared/tei-samples")
def test_explain_walk_locates_every_finding_in_damaged_real_documents():
    """Real TEI damaged at random (dropped, renamed, re-namespaced elements, bad attributes, loose
    text): the walk never fails and every finding has a line, a column and a path."""
    import random

    grammar = grammar_index((SCHEMAS / "tei_all.rng").read_bytes(), use_disk=False)
    rows = list(csv.DictReader((SAMPLES / "MANIFEST.csv").open(encoding="utf-8")))
    chance = random.Random(20261126)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    checked = 0
    for row in rows[::2]:
        try:
            root = etree.fromstring((SAMPLES / row["file"]).read_bytes(), parser)
        except etree.XMLSyntaxError:
            continue
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        for element in chance.sample(elements, 3):
            action = chance.choice(["drop", "rename", "namespace", "attribute", "text"])
            if action == "drop" and element.getparent() is not None:
                element.getparent().remove(element)
            elif action == "rename":
                element.tag = element.tag.rpartition("}")[0] + "}zz" if "}" in element.tag else "zz"
            elif action == "namespace":
                element.tag = "{urn:other}" + element.tag.rpartition("}")[2]
            elif action == "attribute":
                element.set("{urn:x}weird", "1")
            else:
                element.text = (element.text or "") + " loose words "
        source = etree.tostring(root)
        damaged = etree.fromstring(source, parser)
        findings = explain_document(damaged, grammar, row["file"], source=source)
        assert findings
        assert all(f.line and f.column and f.path for f in findings), [str(f) for f in findings][:3]
        checked += 1
    assert checked >= 20
