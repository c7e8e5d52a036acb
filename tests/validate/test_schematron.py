"""Schematron: the project's rules, a project's own file, and the XPath 1.0 rules embedded in tei_all."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_toolkit.errors import UsageError
from tei_toolkit.validate import ValidateOptions, validate_files
from tei_toolkit.validate.schemas import load_schema
from tei_toolkit.validate.schematron import check_rules, embedded_rules, load_rules

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "tests" / "fixtures" / "validate" / "engine"
PROJECT_RULES = ROOT / "schemas" / "tei-toolkit.sch"
SCHEMAS = ROOT.parent / "shared" / "tei-schemas"

needs_schemas = pytest.mark.skipif(not (SCHEMAS / "tei_all.rng").is_file(), reason="no ../shared/tei-schemas")


def project_findings(xml: bytes | Path):
    tree = etree.parse(str(xml)) if isinstance(xml, Path) else etree.fromstring(xml).getroottree()
    rules = load_rules(PROJECT_RULES.read_bytes(), label=str(PROJECT_RULES))
    return check_rules(rules, tree, file="doc.xml")


TEI = b'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d"><text><body>%s</body></text></TEI>'


def test_schematron_project_rules_pass_a_document_shaped_like_the_pipeline_output():
    assert project_findings(ENGINE / "project-valid.xml") == []
    for corpus_file in sorted((ROOT / "corpus" / "tei").glob("*.xml")):
        assert project_findings(corpus_file) == [], corpus_file


def test_schematron_unresolved_ref_names_the_pointer_and_its_line():
    [finding] = project_findings(TEI % b'<p xml:id="p1">\n<persName ref="#p1 #ghost">x</persName></p>')
    assert finding.rule == "ref-resolves" and finding.source == "schematron" and finding.line == 2
    assert finding.message == '@ref "#ghost" does not resolve'
    assert finding.expected.startswith("the xml:id of an entry in this document")


def test_schematron_refs_to_other_files_are_not_checked():
    assert project_findings(TEI % b'<p><persName ref="persons.xml#serge https://viaf.org/1">x</persName></p>') == []


def test_schematron_cert_without_resp_is_reported():
    [finding] = project_findings(TEI % b'<p xml:id="p1"><placeName ref="#p1" cert="low">x</placeName></p>')
    assert finding.rule == "cert-needs-resp"
    assert '<placeName> has @cert="low" but no @resp' in finding.message


@pytest.mark.parametrize("value, words", [
    ("2011-02-29", "has no day 29 in that month"),
    ("2012-13-01", "has no month 13"),
    ("2011-9-28", "is not a date"),
    ("2011-09-28T24:00:00", "is not a time of day"),
    ("28 September 2011", "is not a date"),
])
def test_schematron_bad_dates_are_named_with_the_attribute(value, words):
    findings = project_findings(TEI % f'<p><date when="{value}">d</date></p>'.encode())
    assert findings and all(f.rule == "when-well-formed" for f in findings)
    assert any(words in f.message and f'@when "{value}"' in f.message for f in findings)


@pytest.mark.parametrize("value", ["2012-02-29", "1947", "1947-11", "2011-09-28T12:24:00", "2011-09-28T12:24:00Z",
                                   "2011-09-28T12:24:00+02:00", "--11-17"])
def test_schematron_good_dates_pass(value):
    assert project_findings(TEI % f'<p><date when="{value}" notBefore="{value}">d</date></p>'.encode()) == []


def test_schematron_not_before_and_not_after_are_checked_too():
    findings = project_findings(TEI % b'<p><date notBefore="1999-02-30" notAfter="1999-13">d</date></p>')
    assert sorted(f.rule for f in findings) == ["notAfter-well-formed", "notBefore-well-formed"]


def test_schematron_repeated_ids_rule_fires_on_a_tree_built_in_memory():
    # the parser already refuses repeated xml:ids in files; trees built in Python reach the rule
    root = etree.fromstring(TEI % b'<p xml:id="p1">a</p>')
    etree.SubElement(root.find(".//{http://www.tei-c.org/ns/1.0}body"), "{http://www.tei-c.org/ns/1.0}p",
                     {"{http://www.w3.org/XML/1998/namespace}id": "p1"})
    findings = check_rules(load_rules(PROJECT_RULES.read_bytes(), label="p"), root.getroottree(), file="doc.xml")
    assert [f.rule for f in findings] == ["id-unique", "id-unique"]
    assert 'xml:id "p1" is used 2 times' in findings[0].message


def test_schematron_file_that_is_not_schematron_is_a_usage_error(tmp_path):
    wrong = tmp_path / "rules.sch"
    wrong.write_bytes(b"<rules/>")
    with pytest.raises(UsageError, match="not an ISO Schematron schema"):
        validate_files([ENGINE / "project-valid.xml"], ValidateOptions(schema="project", schematron=(str(wrong),)))


@needs_schemas
def test_schematron_embedded_tei_rules_run_the_xpath1_ones_and_list_the_skipped_with_reasons():
    rules = embedded_rules(load_schema("tei_all"))
    assert len(rules.patterns) + len(rules.skipped) == 93
    assert len(rules.patterns) >= 50

    def reason(prefix: str) -> str:
        [found] = [skip.reason for skip in rules.skipped if skip.id.startswith(prefix)]
        return found

    assert reason("tei_all-att.global.source-source-only_1_ODD") == \
        "@value calls tokenize(), which XPath 1.0 does not have"
    assert reason("tei_all-desc-deprecationInfo-only-in-deprecated").startswith(
        "@context is not an XSLT 1.0 match pattern")


@needs_schemas
def test_schematron_embedded_rules_are_opt_in_and_report_tei_constraints(tmp_path):
    document = tmp_path / "subst.xml"
    document.write_bytes(
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        b'<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>'
        b'<text><body><p>a <subst><add>b</add></subst> <date when="2001" notAfter="2000" to="2002">x</date></p>'
        b'</body></text></TEI>')
    [plain] = validate_files([document], ValidateOptions(schema="tei_all"))
    assert plain.valid
    [checked] = validate_files([document], ValidateOptions(schema="tei_all", embedded_rules=True))
    by_rule = {f.rule: f for f in checked.findings}
    subst = by_rule["tei_all-subst-substContents1-constraint-rule-49"]
    assert subst.severity == "error" and subst.line == 1 and "<subst> must have" in subst.message
    together = by_rule["tei_all-att.datable.w3c-att-datable-w3c-to-constraint-rule-4"]
    assert together.severity == "warning"  # TEI's role="nonfatal"
    assert not checked.valid


@needs_schemas
def test_schematron_skipped_embedded_rules_are_listed_for_a_schema_spec():
    from tei_toolkit.validate import skipped_embedded_rules

    running, skipped = skipped_embedded_rules("tei_all")
    assert running + len(skipped) == 93
    assert all(skip.reason for skip in skipped)
    assert skipped_embedded_rules(str(ENGINE / "auto" / "letter.rnc")) == (0, ())
