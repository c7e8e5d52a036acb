"""Schema specs: paths (.rng, .rnc), names from the cache, ``auto`` from ``<?xml-model?>``; the project schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tei_toolkit.errors import SourceError, UsageError
from tei_toolkit.validate import ValidateOptions, validate_files
from tei_toolkit.validate.schemas import (auto_schema_path, auto_schematron_paths, cache_dir, load_schema,
                                          named_schema_path, schema_url, xml_models)

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "tests" / "fixtures" / "validate" / "engine"
SCHEMAS = ROOT.parent / "shared" / "tei-schemas"
PROJECT = ROOT / "schemas"

needs_schemas = pytest.mark.skipif(not (SCHEMAS / "tei_all.rng").is_file(), reason="no ../shared/tei-schemas")


def test_schemas_cache_folder_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TEI_TOOLKIT_SCHEMAS", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv("TEI_TOOLKIT_SCHEMAS")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "tei-toolkit" / "schemas"


def test_schemas_missing_named_schema_says_how_to_fetch_it(monkeypatch, tmp_path):
    monkeypatch.setenv("TEI_TOOLKIT_SCHEMAS", str(tmp_path))
    with pytest.raises(UsageError, match=r"tei-toolkit schemas fetch tei_all"):
        named_schema_path("tei_all")


def test_schemas_unknown_name_lists_the_choices():
    with pytest.raises(UsageError, match=r'unknown schema "tei_everything"; expected a .rng/.rnc path or one of'):
        load_schema("tei_everything")


@needs_schemas
def test_schemas_tei_all_loads_as_bytes_with_its_encoding_declaration():
    schema = load_schema("tei_all")
    assert schema.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert schema.label == "tei_all" and len(schema.digest) == 64


def test_schemas_compact_syntax_is_converted_to_xml_syntax():
    schema = load_schema(str(ENGINE / "auto" / "letter.rnc"))
    root = etree.fromstring(schema.data)
    assert root.tag == "{http://relaxng.org/ns/structure/1.0}grammar"
    relaxng = etree.RelaxNG(root)
    assert relaxng.validate(etree.parse(str(ENGINE / "auto" / "compact.xml")))


def test_schemas_broken_compact_syntax_is_a_one_line_error(tmp_path):
    broken = tmp_path / "broken.rnc"
    broken.write_text("start = element TEI {", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_schema(str(broken))
    assert str(broken) in str(caught.value) and "\n" not in str(caught.value)


def test_schemas_xml_model_pseudo_attributes_are_read():
    tree = etree.parse(str(ENGINE / "project-valid.xml"))
    models = xml_models(tree)
    assert [m["href"] for m in models] == ["tei-toolkit.rng", "tei-toolkit.sch"]
    assert models[1]["schematypens"] == "http://purl.oclc.org/dsdl/schematron"


def test_schemas_auto_finds_a_bare_name_beside_the_document_then_in_the_project_schemas():
    compact = ENGINE / "auto" / "compact.xml"
    assert auto_schema_path(etree.parse(str(compact)), compact) == ENGINE / "auto" / "letter.rnc"
    valid = ENGINE / "project-valid.xml"
    tree = etree.parse(str(valid))
    assert auto_schema_path(tree, valid) == PROJECT / "tei-toolkit.rng"
    assert auto_schematron_paths(tree, valid) == [PROJECT / "tei-toolkit.sch"]


def test_schemas_auto_never_downloads_and_falls_back_to_the_project_schema():
    remote = ENGINE / "auto" / "remote-model.xml"
    assert auto_schema_path(etree.parse(str(remote)), remote) is None
    [report] = validate_files([remote], ValidateOptions(schema="auto"))
    assert report.schema == "project"


def test_schemas_auto_validates_each_document_against_its_own_schema():
    reports = validate_files([ENGINE / "auto" / "compact.xml", ENGINE / "auto" / "compact-invalid.xml",
                              ENGINE / "project-valid.xml"], ValidateOptions(schema="auto"))
    assert [r.valid for r in reports] == [True, False, True]
    assert reports[0].schema.endswith("letter.rnc")


def test_schemas_fetch_addresses_follow_the_tei_vault_layout():
    assert schema_url("tei_all") == "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
    assert schema_url("tei_lite", "4.12.0") == \
        "https://www.tei-c.org/Vault/P5/4.12.0/xml/tei/custom/schema/relaxng/tei_lite.rng"
    with pytest.raises(UsageError, match="expected a release number like 4.12.0"):
        schema_url("tei_all", "latest-ish")


# --------------------------------------------------------------------------- the project schema

@needs_schemas
def test_schemas_project_schema_is_up_to_date_with_its_element_list():
    result = subprocess.run([sys.executable, str(PROJECT / "regenerate.py"), "--check",
                             "--tei-all", str(SCHEMAS / "tei_all.rng")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schemas_project_schema_allows_every_listed_element_and_no_other():
    listed = {line.split("#")[0].strip() for line in (PROJECT / "tei-toolkit.elements").read_text().splitlines()}
    listed.discard("")
    grammar = etree.parse(str(PROJECT / "tei-toolkit.rng"))
    defined = {e.get("name") for e in grammar.iter("{http://relaxng.org/ns/structure/1.0}element")}
    assert defined == listed


@needs_schemas
def test_schemas_documents_valid_against_the_project_schema_are_valid_against_tei_all():
    project = etree.RelaxNG(etree.parse(str(PROJECT / "tei-toolkit.rng")))
    candidates = [ENGINE / "project-valid.xml", *sorted((ROOT / "corpus" / "tei").glob("*.xml"))]
    valid = [path for path in candidates if project.validate(etree.parse(str(path)))]
    assert ENGINE / "project-valid.xml" in valid
    reports = validate_files(valid, ValidateOptions(schema="tei_all", project_rules=False))
    assert [(r.file, r.valid) for r in reports] == [(str(p), True) for p in valid]


def test_schemas_project_schema_rejects_elements_outside_the_customisation():
    project = etree.RelaxNG(etree.parse(str(PROJECT / "tei-toolkit.rng")))
    tree = etree.parse(str(ENGINE / "project-valid.xml"))
    assert project.validate(tree)
    body = tree.find(".//{http://www.tei-c.org/ns/1.0}body/{http://www.tei-c.org/ns/1.0}div")
    etree.SubElement(body, "{http://www.tei-c.org/ns/1.0}sp")  # TEI drama: valid in tei_all, not ours
    assert not project.validate(tree)
