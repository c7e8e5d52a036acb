"""Report formats: text, JSON lines, JUnit XML (checked against a JUnit XSD), GitHub annotations."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import etree

from tei_toolkit.validate.model import DocumentReport, Finding
from tei_toolkit.validate.report import (
    FORMATS,
    format_github,
    format_json_lines,
    format_junit,
    format_text,
    render_report,
    summary_line,
    use_color,
)

JUNIT_XSD = Path(__file__).resolve().parents[1] / "fixtures" / "validate" / "junit.xsd"

MISSING = Finding(file="letters/l012.xml", line=4, column=5, path="/TEI/teiHeader/fileDesc",
                  message='element "fileDesc" is incomplete: "sourceDesc" is missing',
                  expected='element "sourceDesc"')
BAD_VALUE = Finding(file="letters/l012.xml", line=12, column=7, path="/TEI/text/body/p[2]",
                    message='attribute "part" of element "p" has the value "X", which is not allowed',
                    expected='one of "Y", "N", "I", "M" or "F"')
PARSER = Finding(file="letters/broken.xml", line=3, column=9, source="parser",
                 message='undefined entity "&mdash;"', expected='the character reference "&#x2014;"')
NASTY = Finding(file="odd, name:1.xml", line=2, column=None, source="schematron",
                message="100% wrong\nsecond line\r", expected=None)

REPORTS = [
    DocumentReport(file="letters/l001.xml", seconds=0.01),
    DocumentReport(file="letters/l012.xml", findings=(MISSING, BAD_VALUE), seconds=0.02),
    DocumentReport(file="letters/broken.xml", findings=(PARSER,), seconds=0.001),
]


def test_report_summary_line_counts_files_valid_invalid_errors_and_time():
    assert summary_line(REPORTS, 1.234) == "3 files: 1 valid, 2 invalid, 3 errors (1.2 s)"
    assert summary_line(REPORTS[:1]) == "1 file: 1 valid, 0 invalid, 0 errors"


def test_report_text_has_one_line_per_finding_and_the_summary_without_colour():
    text = format_text(REPORTS, seconds=0.5)
    assert text.splitlines() == [
        'letters/l012.xml:4:5: error: element "fileDesc" is incomplete: "sourceDesc" is missing; '
        'expected element "sourceDesc" [/TEI/teiHeader/fileDesc]',
        'letters/l012.xml:12:7: error: attribute "part" of element "p" has the value "X", which is '
        'not allowed; expected one of "Y", "N", "I", "M" or "F" [/TEI/text/body/p[2]]',
        'letters/broken.xml:3:9: error: undefined entity "&mdash;"; expected the character '
        'reference "&#x2014;"',
        "3 files: 1 valid, 2 invalid, 3 errors (0.5 s)",
    ]
    assert "\x1b[" not in text


def test_report_text_in_colour_keeps_the_same_words():
    coloured = format_text(REPORTS, color=True, seconds=0.5)
    assert "\x1b[31m" in coloured
    plain = __import__("re").sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert plain == format_text(REPORTS, seconds=0.5)


def test_report_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch, terminal):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(terminal())
    assert not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(terminal())


def test_report_json_lines_parse_one_object_per_document():
    lines = format_json_lines(REPORTS).splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["file"] for r in records] == ["letters/l001.xml", "letters/l012.xml", "letters/broken.xml"]
    assert [r["valid"] for r in records] == [True, False, False]
    assert records[0]["errors"] == []
    first = records[1]["errors"][0]
    assert {"line", "column", "path", "message", "expected"} <= set(first)
    assert (first["line"], first["column"], first["path"]) == (4, 5, "/TEI/teiHeader/fileDesc")
    assert first["expected"] == 'element "sourceDesc"'


def test_report_junit_validates_against_the_junit_schema():
    schema = etree.XMLSchema(etree.parse(str(JUNIT_XSD)))
    document = etree.fromstring(format_junit(REPORTS + [DocumentReport(file="x.xml", findings=(NASTY,))],
                                             seconds=0.3).encode("utf-8"))
    schema.assertValid(document)
    cases = document.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["letters/l001.xml", "letters/l012.xml",
                                              "letters/broken.xml", "x.xml"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure.get("message").startswith('2 errors; first: letters/l012.xml:4:5: element "fileDesc"')
    assert "letters/l012.xml:12:7: attribute" in failure.text
    suite = document.find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("4", "3")


def test_report_junit_with_a_broken_document_still_validates():
    schema = etree.XMLSchema(etree.parse(str(JUNIT_XSD)))
    control = Finding(file="c.xml", line=1, column=1, message="bad byte \x01 here", source="parser")
    document = etree.fromstring(format_junit([DocumentReport(file="c.xml", findings=(control,))]).encode())
    assert schema.validate(document)


def test_report_github_annotations_have_the_exact_format():
    assert format_github(REPORTS).splitlines() == [
        '::error file=letters/l012.xml,line=4,col=5,title=TEI schema::element "fileDesc" is '
        'incomplete: "sourceDesc" is missing; expected element "sourceDesc" (at /TEI/teiHeader/fileDesc)',
        '::error file=letters/broken.xml,line=3,col=9,title=XML syntax::undefined entity "&mdash;"; '
        'expected the character reference "&#x2014;"',
        '::error file=letters/l012.xml,line=12,col=7,title=TEI schema::attribute "part" of element '
        '"p" has the value "X", which is not allowed; expected one of "Y", "N", "I", "M" or "F" '
        '(at /TEI/text/body/p[2])',
        "::notice title=TEI validation::3 files: 1 valid, 2 invalid, 3 errors",
    ]


def test_report_github_puts_every_file_first_finding_before_the_rest():
    """GitHub shows only 10 error annotations per step: spread them over the files."""
    many = [DocumentReport(file=f"{n}.xml", findings=tuple(
        Finding(file=f"{n}.xml", line=line, column=1, message="m") for line in (3, 1, 2)))
        for n in range(4)]
    lines = format_github(many).splitlines()
    assert [line.split("::")[1] for line in lines[:4]] == [
        f"error file={n}.xml,line=1,col=1,title=TEI schema" for n in range(4)]
    assert len(lines) == 13


def test_report_github_escapes_percent_newlines_and_property_separators():
    line = format_github([DocumentReport(file="odd, name:1.xml", findings=(NASTY,))]).splitlines()[0]
    assert line == "::error file=odd%2C name%3A1.xml,line=2,title=TEI rules::100%25 wrong%0Asecond line%0D"


def test_report_github_warning_for_non_error_findings():
    warning = Finding(file="a.xml", line=1, column=2, message="rule skipped", severity="warning",
                      source="schematron")
    assert format_github([DocumentReport(file="a.xml", findings=(warning,))]).splitlines()[0] == \
        "::warning file=a.xml,line=1,col=2,title=TEI rules::rule skipped"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_every_format_renders_an_empty_run(fmt):
    assert isinstance(render_report([], fmt, seconds=0.0), str)


def test_report_write_text_report_writes_the_plain_report(tmp_path):
    from tei_toolkit.validate.report import write_report, write_text_report

    write_text_report(REPORTS, tmp_path / "out" / "validation.txt", seconds=0.5)
    assert (tmp_path / "out" / "validation.txt").read_text(encoding="utf-8") == format_text(REPORTS, seconds=0.5)
    write_report(REPORTS, tmp_path / "validation.jsonl", "json")
    assert len((tmp_path / "validation.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_report_github_paths_are_made_relative_to_the_workspace(tmp_path):
    inside = Finding(file=str(tmp_path / "tei" / "a.xml"), line=1, column=1, message="m")
    outside = Finding(file="/elsewhere/b.xml", line=1, column=1, message="m")
    text = format_github([DocumentReport(file=inside.file, findings=(inside, outside))], workspace=str(tmp_path))
    assert [line.split(",")[0] for line in text.splitlines()[:2]] == [
        "::error file=tei/a.xml", "::error file=/elsewhere/b.xml"]


def test_report_github_escaping_round_trips_any_message():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    def unescape(text: str) -> str:
        return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace(
            "%2C", ",").replace("%25", "%")

    @settings(max_examples=200, deadline=None)
    @given(st.text(), st.text(min_size=1).filter(lambda t: "\x00" not in t))
    def check(message, file):
        finding = Finding(file=file, line=3, column=4, message=message)
        first = format_github([DocumentReport(file=file, findings=(finding,))]).split("\n")[0]
        head, _, data = first.partition("::")[2].partition("::")
        assert unescape(data) == message
        assert unescape(head.split(",")[0].removeprefix("error file=")) == file

    check()


def test_report_json_lines_survive_any_message():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.text(), min_size=1, max_size=4))
    def check(messages):
        reports = [DocumentReport(file=f"{i}.xml", findings=(Finding(file=f"{i}.xml", line=1, column=1,
                                                                     message=m),)) for i, m in enumerate(messages)]
        lines = format_json_lines(reports).splitlines()
        assert [json.loads(line)["errors"][0]["message"] for line in lines] == messages

    check()


def test_report_junit_is_valid_junit_whatever_the_message():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    schema = etree.XMLSchema(etree.parse(str(JUNIT_XSD)))

    @settings(max_examples=100, deadline=None)
    @given(st.text(), st.text(min_size=1))
    def check(message, file):
        report = DocumentReport(file=file, findings=(Finding(file=file, line=1, column=1, message=message),))
        assert schema.validate(etree.fromstring(format_junit([report]).encode("utf-8")))

    check()
