"""``tei-toolkit validate``: exit codes 0/1/2, folders, report formats, -o, --schematron."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tei_toolkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "validate"
MESSAGES = FIXTURES / "messages"
TEI_LITE = ROOT.parent / "shared" / "tei-schemas" / "tei_lite.rng"

pytestmark = pytest.mark.skipif(not TEI_LITE.is_file(), reason="../shared/tei-schemas not present")


def validate(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["validate", "--schema", str(TEI_LITE), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_validate_valid_file_exits_0_with_a_summary(capsys):
    code, out, err = validate(capsys, str(MESSAGES / "valid.xml"))
    assert code == 0
    assert out.startswith("1 file: 1 valid, 0 invalid, 0 errors (")
    assert err == ""


def test_cli_validate_folder_expands_to_xml_files_and_exits_1_when_one_is_invalid(capsys):
    code, out, _ = validate(capsys, str(MESSAGES))
    assert code == 1
    xml_files = sorted(MESSAGES.glob("*.xml"))
    valid = ["embedded-rule.xml", "unresolved-ref.xml", "valid.xml"]  # the others are invalid  # RelaxNG-valid; their rules are separate
    assert out.splitlines()[-1].startswith(f"{len(xml_files)} files: 3 valid, {len(xml_files) - 3} invalid")
    assert not any(f"{MESSAGES / name}:" in out for name in valid)
    assert "refs.sch" not in out
    assert f'{MESSAGES / "missing-child.xml"}:4:5: error: element "fileDesc" is incomplete' in out


def test_cli_validate_missing_file_exits_2_and_the_other_files_are_still_checked(capsys):
    missing = MESSAGES / "no-such-letter.xml"
    code, out, err = validate(capsys, str(missing), str(MESSAGES / "missing-child.xml"))
    assert code == 2
    assert out.splitlines()[0] == (f"{missing}: error: no such file or folder; expected a TEI file "
                                   f"or a folder of .xml files")
    assert 'is incomplete: "sourceDesc" is missing' in out
    assert out.splitlines()[-1].startswith("2 files: 0 valid, 2 invalid")
    assert "Traceback" not in err


def test_cli_validate_folder_without_xml_files_is_a_usage_error(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("no TEI here", encoding="utf-8")
    code, out, err = validate(capsys, str(tmp_path))
    assert code == 2 and out == ""
    assert err == "tei-toolkit validate: no TEI files found; expected .xml files or folders holding them\n"


def test_cli_validate_unreadable_bytes_exit_2_and_other_files_are_still_checked(capsys, tmp_path):
    broken = tmp_path / "latin1.xml"
    broken.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n<TEI>Stra\xdfe</TEI>\n')
    code, out, _ = validate(capsys, str(broken), str(MESSAGES / "valid.xml"))
    assert code == 2
    assert f"{broken}:2:" in out and "not readable as text" in out
    assert "2 files: 1 valid, 1 invalid" in out


def test_cli_validate_not_well_formed_is_an_invalid_document_exit_1(capsys):
    code, out, _ = validate(capsys, str(MESSAGES / "not-well-formed.xml"))
    assert code == 1
    assert "not well-formed XML: the start tag <hi> on line 12 is closed by </p>" in out


def test_cli_validate_json_lines_on_stdout_summary_on_stderr(capsys):
    code, out, err = validate(capsys, "--format", "json", str(MESSAGES / "valid.xml"),
                              str(MESSAGES / "bad-attribute-value.xml"))
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["valid"], len(r["errors"])) for r in records] == [(True, 0), (False, 1)]
    assert records[1]["errors"][0]["path"] == "/TEI/text/body/p"
    assert err.startswith("2 files: 1 valid, 1 invalid, 1 error")


def test_cli_validate_github_annotations(capsys):
    code, out, _ = validate(capsys, "--format", "github", str(MESSAGES / "missing-child.xml"))
    assert code == 1
    file = str(MESSAGES / "missing-child.xml").replace(":", "%3A").replace(",", "%2C")
    assert out.splitlines() == [
        f"::error file={file},line=4,col=5,title=TEI schema::element \"fileDesc\" is "
        f"incomplete: \"sourceDesc\" is missing; expected element \"sourceDesc\" (at /TEI/teiHeader/fileDesc)",
        "::notice title=TEI validation::1 file: 0 valid, 1 invalid, 1 error"]


def test_cli_validate_junit_report_written_with_o_is_valid_junit(capsys, tmp_path):
    report = tmp_path / "reports" / "tei.xml"
    code, out, err = validate(capsys, "--format", "junit", "-o", str(report), str(MESSAGES))
    assert code == 1
    assert out == ""
    assert "invalid" in err
    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "junit.xsd")))
    document = etree.parse(str(report))
    schema.assertValid(document)
    assert len(document.findall("testsuite/testcase")) == len(list(MESSAGES.glob("*.xml")))


def test_cli_validate_schematron_rules_add_findings(capsys):
    code, out, _ = validate(capsys, "--schematron", str(MESSAGES / "refs.sch"),
                            str(MESSAGES / "unresolved-ref.xml"))
    assert code == 1
    assert (f'{MESSAGES / "unresolved-ref.xml"}:13:9: error: @ref "#goethe" does not resolve; '
            f"expected an xml:id in this document") in out


@pytest.mark.parametrize("args", [["--jobs", "0"], ["--schematron", "missing.sch"],
                                  ["--schema", "missing.rng"]])
def test_cli_validate_usage_errors_exit_2(capsys, args):
    code = main(["validate", *args, str(MESSAGES / "valid.xml")])
    _, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_validate_as_a_command_prints_no_colour_when_piped():
    result = subprocess.run(
        [sys.executable, "-m", "tei_toolkit", "validate", "--schema", str(TEI_LITE),
         str(MESSAGES / "missing-child.xml")],
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 1
    assert "\x1b[" not in result.stdout and "Traceback" not in result.stderr
    assert 'is incomplete: "sourceDesc" is missing' in result.stdout


def test_cli_validate_empty_file_exits_2(capsys, tmp_path):
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"   \n")
    code, out, _ = validate(capsys, str(empty))
    assert code == 2
    assert f"{empty}" in out and ("empty" in out or "no XML element" in out)


def test_cli_validate_pre_commit_hook_runs_the_command_on_xml_files():
    import re

    import yaml

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"]) == ("tei-toolkit-validate", "tei-toolkit validate")
    assert re.search(hook["files"], "tei/letter.xml") and not re.search(hook["files"], "x.xsl")


def test_cli_validate_docs_github_actions_step_is_valid_yaml_running_validate():
    import re

    import yaml

    text = (ROOT / "docs" / "validate.md").read_text(encoding="utf-8")
    workflow = next(block for block in re.findall(r"```yaml\n(.*?)```", text, re.S) if "runs-on" in block)
    steps = yaml.safe_load(workflow)["jobs"]["validate"]["steps"]
    [step] = [s for s in steps if "tei-toolkit validate" in s.get("run", "")]
    assert "--format github" in step["run"]


def test_cli_validate_embedded_rules_run_the_schematron_inside_the_schema(capsys):
    letter = MESSAGES / "embedded-rule.xml"
    code, out, _ = validate(capsys, str(letter))
    assert code == 0  # RelaxNG alone: valid, as jing says
    code, out, _ = validate(capsys, "--embedded-rules", str(letter))
    assert code == 1
    assert out.splitlines()[0] == (f'{letter}:12:14: error: @targetLang should only be used on ref if '
                                   f'@target is specified; expected the rule "@target" to be true '
                                   f'[/TEI/text/body/p/ref]')


def test_cli_validate_jobs_gives_the_same_report_as_one_process(capsys):
    one = validate(capsys, "--format", "json", str(MESSAGES))
    two = validate(capsys, "--format", "json", "--jobs", "2", str(MESSAGES))
    assert one[0] == two[0] == 1
    assert one[1] == two[1]
