"""Validation reports for people and for CI: text, JSON lines, JUnit XML, GitHub annotations.

Every formatter takes the ``DocumentReport``s of a run and returns the text to print; none
prints or opens files (the CLI does). ``summary_line`` gives the one-line tally; ``write_report`` writes a report file atomically
(for ``build`` and ``-o``). The progress bar is ``corpus.Progress``.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from lxml import etree

from ..xmlio import write_atomic
from .model import DocumentReport, Finding

__all__ = ["FORMATS", "write_report", "write_text_report", "format_github", "format_json_lines", "format_junit",
           "format_text", "render_report", "summary_line", "use_color"]

_RESET, _BOLD, _RED, _GREEN, _DIM, _YELLOW = "\x1b[0m", "\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[33m"
SUITE_NAME = "tei-toolkit validate"


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _errors(report: DocumentReport) -> list[Finding]:
    return [f for f in _ordered(report) if f.severity == "error"]


def _ordered(report: DocumentReport) -> list[Finding]:
    """A document's findings by position (RelaxNG and Schematron findings interleaved)."""
    return sorted(report.findings, key=lambda f: (f.line is not None, f.line or 0, f.column or 0))


def summary_line(reports: Sequence[DocumentReport], seconds: float | None = None) -> str:
    """``52 files: 40 valid, 12 invalid, 530 errors (2.1 s)``."""
    files = len(reports)
    valid = sum(1 for r in reports if r.valid)
    errors = sum(len(_errors(r)) for r in reports)
    text = (f"{files} file{'s' if files != 1 else ''}: {valid} valid, {files - valid} invalid, "
            f"{errors} error{'s' if errors != 1 else ''}")
    if seconds is not None:
        text += f" ({seconds:.1f} s)"
    return text


def _where(finding: Finding) -> str:
    return ":".join(str(part) for part in (finding.file, finding.line, finding.column) if part is not None)


def _with_expected(finding: Finding) -> str:
    if finding.expected and finding.expected not in finding.message:
        return f"{finding.message}; expected {finding.expected}"
    return finding.message


def format_text(reports: Sequence[DocumentReport], *, color: bool = False,
                seconds: float | None = None) -> str:
    """One line per finding (``file:line:col: error: message; expected …``), then the summary."""
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines: list[str] = []
    for report in reports:
        for finding in _ordered(report):
            level = paint(_RED if finding.severity == "error" else _YELLOW, finding.severity)
            where = paint(_BOLD, _where(finding))
            text = finding.message
            if finding.expected and finding.expected not in finding.message:
                text += paint(_DIM, f"; expected {finding.expected}") if color else f"; expected {finding.expected}"
            path = f" [{finding.path}]" if finding.path else ""
            lines.append(f"{where}: {level}: {text}{paint(_DIM, path) if color else path}")
    tally = summary_line(reports, seconds)
    ok = all(r.valid for r in reports)
    lines.append(paint(_GREEN if ok else _RED, tally))
    return "\n".join(lines) + "\n"


def format_json_lines(reports: Sequence[DocumentReport]) -> str:
    """One JSON object per document: ``{"file", "valid", "errors": [{"line", "column", "path", "message", "expected"}]}``."""
    out = []
    for report in reports:
        record: dict[str, object] = {
            "file": report.file,
            "valid": report.valid,
            "errors": [_json_finding(f) for f in _errors(report)],
        }
        warnings = [_json_finding(f) for f in _ordered(report) if f.severity != "error"]
        if warnings:
            record["warnings"] = warnings
        out.append(_one_line(json.dumps(record, ensure_ascii=False)))
    return "\n".join(out) + ("\n" if out else "")


def _one_line(text: str) -> str:
    """Escape the line separators JSON leaves raw (NEL, U+2028, U+2029), so one object stays one line."""
    return text.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _json_finding(finding: Finding) -> dict[str, object]:
    return {"line": finding.line, "column": finding.column, "path": finding.path,
            "message": finding.message, "expected": finding.expected, "source": finding.source}


def format_junit(reports: Sequence[DocumentReport], *, seconds: float | None = None) -> str:
    """JUnit XML: one ``testcase`` per document, a ``failure`` listing its errors when invalid."""
    failures = sum(1 for r in reports if not r.valid)
    total = seconds if seconds is not None else sum(r.seconds for r in reports)
    suites = etree.Element("testsuites", name=SUITE_NAME, tests=str(len(reports)),
                           failures=str(failures), errors="0", time=f"{total:.3f}")
    suite = etree.SubElement(suites, "testsuite", name=SUITE_NAME, tests=str(len(reports)),
                             failures=str(failures), errors="0", skipped="0", time=f"{total:.3f}",
                             timestamp=time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()))
    for report in reports:
        case = etree.SubElement(suite, "testcase", classname="tei-toolkit.validate",
                                name=_xml_safe(report.file), file=_xml_safe(report.file),
                                time=f"{report.seconds:.3f}")
        errors = _errors(report)
        if errors:
            first = errors[0]
            summary = f"{len(errors)} error{'s' if len(errors) != 1 else ''}; first: {_where(first)}: " \
                      f"{_with_expected(first)}"
            failure = etree.SubElement(case, "failure", message=_xml_safe(summary), type="invalid")
            failure.text = _xml_safe("\n".join(
                f"{_where(f)}: {_with_expected(f)}" + (f" [{f.path}]" if f.path else "") for f in errors))
        others = [f for f in _ordered(report) if f.severity != "error"]
        if others:
            out = etree.SubElement(case, "system-out")
            out.text = _xml_safe("\n".join(f"{_where(f)}: {f.severity}: {_with_expected(f)}" for f in others))
    data = etree.tostring(suites, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data.decode("utf-8")


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters from broken input)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (
        ord(ch) >= 0x20 and ch not in "\ufffe\uffff" and not 0xD800 <= ord(ch) <= 0xDFFF))


def _escape_data(text: str) -> str:
    """GitHub workflow-command escaping of the message part (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub workflow-command escaping of a property value (also ``:`` and ``,``)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_TITLES = {"relaxng": "TEI schema", "schematron": "TEI rules", "parser": "XML syntax",
           "io": "unreadable file"}


def format_github(reports: Sequence[DocumentReport], *, workspace: str | None = None) -> str:
    """GitHub Actions annotations: ``::error file=…,line=…,col=…,title=…::message``.

    GitHub shows only the first 10 error (and 10 warning) annotations of a step, so the first
    finding of every file comes first, then the rest; a closing ``::notice`` gives the tally.
    GitHub attaches an annotation to a file only by its path relative to the repository:
    absolute paths under ``workspace`` (``$GITHUB_WORKSPACE``) are made relative.
    """
    ordered = [_ordered(report) for report in reports]
    findings = [f[0] for f in ordered if f] + [x for f in ordered for x in f[1:]]
    lines: list[str] = []
    for finding in findings:
        level = "error" if finding.severity == "error" else "warning"
        props = [f"file={_escape_property(_relative(finding.file, workspace))}"]
        if finding.line is not None:
            props.append(f"line={finding.line}")
            if finding.column is not None:
                props.append(f"col={finding.column}")
        props.append(f"title={_escape_property(_TITLES.get(finding.source, 'TEI ' + finding.source))}")
        text = _with_expected(finding) + (f" (at {finding.path})" if finding.path else "")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(text)}")
    if reports:
        lines.append(f"::notice title=TEI validation::{_escape_data(summary_line(reports))}")
    return "\n".join(lines) + ("\n" if lines else "")


def _relative(file: str, workspace: str | None) -> str:
    if not workspace or not os.path.isabs(file):
        return file
    try:
        relative = os.path.relpath(file, workspace)
    except ValueError:  # another drive on Windows
        return file
    return file if relative.startswith("..") else relative.replace(os.sep, "/")


def render_report(reports: Sequence[DocumentReport], fmt: str, *, color: bool = False,
                  seconds: float | None = None, workspace: str | None = None) -> str:
    """The report in one of ``FORMATS`` (``text``, ``json``, ``junit``, ``github``)."""
    if fmt == "text":
        return format_text(reports, color=color, seconds=seconds)
    if fmt == "junit":
        return format_junit(reports, seconds=seconds)
    if fmt == "github":
        return format_github(reports, workspace=workspace)
    return FORMATS[fmt](reports)


FORMATS: dict[str, Callable[[Sequence[DocumentReport]], str]] = {
    "text": format_text,
    "json": format_json_lines,
    "junit": format_junit,
    "github": format_github,
}


def write_report(reports: Sequence[DocumentReport], path: str | os.PathLike[str], fmt: str = "text", *,
                 seconds: float | None = None, workspace: str | None = None) -> None:
    """Write the report in ``fmt`` to ``path`` atomically (no colour): for ``build`` and ``-o``."""
    write_atomic(path, render_report(reports, fmt, color=False, seconds=seconds, workspace=workspace))


def write_text_report(reports: Sequence[DocumentReport], path: str | os.PathLike[str], *,
                      seconds: float | None = None) -> None:
    """Write the plain-text report (one line per finding, then the summary) to ``path``."""
    write_report(reports, path, "text", seconds=seconds)
