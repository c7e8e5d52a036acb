"""Every verdict on the shared TEI samples equals jing's (MANIFEST.csv ``jing_tei_all``).

The run uses the speed machinery (the grammar pruned to the batch's names, cached on disk),
so this is also the test that pruning keeps jing's verdicts on real TEI.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tei_toolkit.validate import ValidateOptions, validate_files

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "tei-samples"
SCHEMAS = SHARED / "tei-schemas"

pytestmark = pytest.mark.skipif(not (SAMPLES / "MANIFEST.csv").is_file() or not (SCHEMAS / "tei_all.rng").is_file(),
                                reason="../shared/tei-samples or tei-schemas not present")


@pytest.fixture(autouse=True)
def schema_cache(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("TEI_TOOLKIT_SCHEMAS", str(SCHEMAS))
    monkeypatch.setenv("TEI_TOOLKIT_CACHE", str(tmp_path_factory.getbasetemp() / "agreement-cache"))


def manifest() -> dict[str, str]:
    with (SAMPLES / "MANIFEST.csv").open(encoding="utf-8", newline="") as handle:
        return {str(SAMPLES / row["file"]): row["jing_tei_all"] for row in csv.DictReader(handle)}


def disagreements(reports) -> list[str]:
    expected = manifest()
    return [f"{r.file}: jing {expected[r.file]}, tei-toolkit {'valid' if r.valid else 'invalid'}"
            for r in reports if (expected[r.file] == "valid") != r.valid]


def test_agreement_every_sample_verdict_equals_jing():
    files = sorted(manifest())
    reports = validate_files(files, ValidateOptions(schema="tei_all", project_rules=False))
    assert [r.file for r in reports] == files
    assert disagreements(reports) == []
    assert sum(r.valid for r in reports) == 33


def test_agreement_holds_in_a_process_pool_and_from_the_disk_cache():
    files = sorted(manifest())
    first = validate_files(files, ValidateOptions(schema="tei_all", project_rules=False, explain=False))
    pooled = validate_files(files, ValidateOptions(schema="tei_all", project_rules=False, explain=False, jobs=2))
    assert disagreements(pooled) == []
    assert [r.valid for r in pooled] == [r.valid for r in first]


def test_agreement_every_invalid_sample_has_a_located_finding():
    expected = manifest()
    files = sorted(f for f, verdict in expected.items() if verdict == "invalid")
    for report in validate_files(files, ValidateOptions(schema="tei_all", project_rules=False)):
        assert report.findings, report.file
        assert all(f.source in ("relaxng", "parser") for f in report.findings)
        assert any(f.line for f in report.findings), report.file
