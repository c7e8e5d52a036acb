"""``validate_files``: every problem of a document becomes a finding; the run never stops."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_toolkit.errors import UsageError
from tei_toolkit.validate import DocumentReport, ValidateOptions, validate_files
from tei_toolkit.validate.relaxng import cache_folder

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "tests" / "fixtures" / "validate" / "engine"
SCHEMAS = ROOT.parent / "shared" / "tei-schemas"

pytestmark = pytest.mark.skipif(not (SCHEMAS / "tei_lite.rng").is_file(), reason="no ../shared/tei-schemas")


def one(name: str, **options) -> DocumentReport:
    options.setdefault("schema", "tei_lite")
    [report] = validate_files([ENGINE / name], ValidateOptions(**options))
    return report


def test_runner_not_well_formed_is_a_located_parser_finding():
    report = one("not-well-formed.xml")
    assert not report.valid
    [finding] = report.findings
    assert (finding.source, finding.line, finding.column) == ("parser", 4, 53)
    assert "title" in finding.message and "titleStmt" in finding.message


def test_runner_undefined_entity_is_a_parser_finding_not_a_crash():
    [finding] = one("undefined-entity.xml").findings
    assert (finding.source, finding.line) == ("parser", 3)
    assert "&eacute;" in finding.message


def test_runner_bad_xml_id_is_a_parser_finding():
    [finding] = one("bad-xmlid.xml").findings
    assert (finding.source, finding.line) == ("parser", 3)
    assert "3rd paragraph" in finding.message


def test_runner_repeated_xml_id_is_a_parser_finding_on_the_second_use():
    [finding] = one("duplicate-xmlid.xml").findings
    assert (finding.source, finding.line) == ("parser", 5)
    assert '"p1"' in finding.message


def test_runner_entity_expansion_is_bounded():
    [finding] = one("entity-bomb.xml").findings
    assert finding.source == "parser"
    assert "amplification" in finding.message


def test_runner_reads_a_dtd_beside_the_document():
    report = one("dtd/letter.xml")
    assert report.valid, [str(f) for f in report.findings]


def test_runner_never_reads_a_dtd_outside_the_document_folder():
    report = one("dtd/sub/outside.xml")
    assert not report.valid
    messages = [f.message for f in report.findings]
    assert any("secret.dtd" in m and "not loaded" in m for m in messages)
    assert any("&secret;" in m for m in messages)


def test_runner_never_reads_from_the_network():
    report = one("dtd/network.xml")
    assert not report.valid
    assert [f.message for f in report.findings] == [
        'external DTD or entity "http://127.0.0.1:9/tei.dtd" was not loaded']


def test_runner_missing_and_empty_files_are_io_findings_and_the_run_goes_on(tmp_path):
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"  \n")
    reports = validate_files([tmp_path / "gone.xml", empty, ENGINE / "dtd" / "letter.xml"],
                             ValidateOptions(schema="tei_lite"))
    assert [r.findings[0].source for r in reports[:2]] == ["io", "io"]
    assert "cannot read" in reports[0].findings[0].message
    assert reports[1].findings[0].message == "the file is empty"
    assert reports[2].valid


def test_runner_relaxng_findings_carry_line_and_readable_path():
    report = one("auto/compact-invalid.xml", schema="project")
    assert not report.valid
    assert all(f.source == "relaxng" for f in report.findings)
    assert "/TEI/div" in {f.path for f in report.findings}
    assert all(f.line == 3 for f in report.findings)


def test_runner_raw_lxml_messages_when_explaining_is_off():
    report = one("auto/compact-invalid.xml", schema="project", explain=False)
    assert not report.valid
    assert all(f.source == "relaxng" and f.line == 3 for f in report.findings)
    assert any(f.path and f.path.startswith("/TEI") for f in report.findings)


def test_runner_project_schema_runs_the_project_rules():
    report = one("rules-broken.xml", schema="project")
    rules = sorted(f.rule for f in report.findings if f.source == "schematron")
    assert "ref-resolves" in rules and "cert-needs-resp" in rules and "resp-resolves" in rules


def test_runner_project_rules_can_be_switched_off():
    report = one("rules-broken.xml", schema="project", project_rules=False)
    assert not [f for f in report.findings if f.source == "schematron"]


def test_runner_extra_schematron_file_runs_for_every_document():
    report = one("dtd/letter.xml", schema="tei_lite", schematron=(str(ENGINE / "extra-rules.sch"),))
    assert [f.rule for f in report.findings if f.source == "schematron"] == ["p-has-id"]


def test_runner_unknown_schema_name_is_a_usage_error():
    with pytest.raises(UsageError, match='unknown schema "tei_everything"'):
        validate_files([ENGINE / "project-valid.xml"], ValidateOptions(schema="tei_everything"))


def test_runner_pool_gives_the_same_reports_as_one_process():
    files = sorted(ENGINE.rglob("*.xml"))
    alone = validate_files(files, ValidateOptions(schema="project"))
    pooled = validate_files(files, ValidateOptions(schema="project", jobs=2))
    assert [(r.file, r.valid, len(r.findings)) for r in pooled] == [(r.file, r.valid, len(r.findings)) for r in alone]


def test_runner_stores_the_pruned_grammar_in_the_cache_and_reuses_it():
    one("project-valid.xml", schema="tei_all")
    stored = list(cache_folder().glob("*.rng"))
    assert len(stored) == 1
    before = stored[0].stat().st_mtime_ns
    assert one("project-valid.xml", schema="tei_all").valid
    assert stored[0].stat().st_mtime_ns == before


def test_runner_time_limit_stops_a_pathological_case_and_goes_on():
    # without pruning, libxml2 loops forever compiling this grammar; with a limit the run ends
    slow = ValidateOptions(schema=str(ENGINE / "hangs-libxml2.rng"), prune=False, time_limit=2)
    reports = validate_files([ENGINE / "rdggrp.xml"], slow)
    [finding] = reports[0].findings
    assert finding.message == "validation took longer than 2 s and was stopped"
    fixed = validate_files([ENGINE / "rdggrp.xml"], ValidateOptions(schema=str(ENGINE / "hangs-libxml2.rng"),
                                                                    time_limit=20))
    assert fixed[0].valid  # pruning rewrites the grammar into one libxml2 compiles at once


def test_runner_applies_dtd_attribute_defaults_as_jing_does():
    # jing reports the defaulted TEIform attributes (three p elements) as not allowed
    report = one("dtd/defaults.xml")
    assert not report.valid
    assert sorted(f.line for f in report.findings) == [9, 10, 13]
    assert all("TEIform" in f.message for f in report.findings)


def test_runner_raw_findings_have_readable_element_paths():
    report = one("rules-broken.xml", schema="tei_lite", explain=False, project_rules=False)
    assert not report.valid
    assert [f.path for f in report.findings if f.source == "relaxng"][0] == "/TEI/text/body/p[3]/date"


def test_runner_broken_schema_is_one_usage_error(tmp_path):
    broken = tmp_path / "broken.rng"
    broken.write_bytes(b'<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="nowhere"/></start></grammar>')
    with pytest.raises(UsageError, match="not a usable RelaxNG schema: Reference nowhere has no matching definition"):
        validate_files([ENGINE / "project-valid.xml", ENGINE / "rdggrp.xml"], ValidateOptions(schema=str(broken)))


def test_runner_broken_schema_in_a_pool_is_reported_not_a_crash(tmp_path):
    broken = tmp_path / "broken.rng"
    broken.write_bytes(b'<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="nowhere"/></start></grammar>')
    reports = validate_files([ENGINE / "project-valid.xml", ENGINE / "rdggrp.xml"],
                             ValidateOptions(schema=str(broken), jobs=2))
    assert all(not r.valid and "not a usable RelaxNG schema" in r.findings[0].message for r in reports)
    assert {r.findings[0].source for r in reports} == {"io"}
