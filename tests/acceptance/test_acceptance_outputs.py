"""Outputs: written atomically (a failed run leaves the old output, never half a file, never a
temporary file), never over a source, and a write problem gets one line and exit status 2.
Exit statuses through the pipeline: 0 ok, 1 invalid document, 2 usage or I/O error.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from lxml import etree

from acceptance_helpers import CHANGE_DATE, FIXTURES, leftovers, run, run_all, snapshot

LETTER = FIXTURES / "mixed" / "letter.txt"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"
OLD = b"<old>complete previous output</old>\n"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("outputs")
    # a.txt converts; b.txt is now bad: its old output must survive untouched
    (root / "keep").mkdir()
    shutil.copy(LETTER, root / "keep" / "a.txt")
    (root / "keep" / "b.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    (root / "keep-out").mkdir()
    for name in ("a.xml", "b.xml"):
        (root / "keep-out" / name).write_bytes(OLD)
    os.link(root / "keep-out" / "a.xml", root / "keep-out" / "a-old-link")
    # the second of two outputs cannot be written (a folder is in its way)
    (root / "two").mkdir()
    shutil.copy(LETTER, root / "two" / "a.txt")
    shutil.copy(LETTER, root / "two" / "b.txt")
    (root / "two-out" / "b.xml").mkdir(parents=True)
    # file names without Latin letters still give distinct document ids
    (root / "names").mkdir()
    for name in ("日本語.txt", "中文.txt", "1848 Brief an Ämilie.txt"):
        shutil.copy(LETTER, root / "names" / name)
    # outputs that are the inputs
    shutil.copy(LETTER, root / "same.txt")
    (root / "tei").mkdir()
    first = run("convert", str(LETTER), "-o", str(root / "tei" / "letter.xml"),
                "--change-date", CHANGE_DATE)
    assert first.code == 0, first
    shutil.copy(root / "tei" / "letter.xml", root / "same.xml")
    # a folder stands where export must write a table; the old tables beside it must survive
    (root / "tables-blocked" / "entities.csv").mkdir(parents=True)
    (root / "tables-blocked" / "documents.csv").write_bytes(OLD)
    before = snapshot(root)
    results = run_all({
        "keep": ("convert", "keep", "-o", "keep-out", "--change-date", CHANGE_DATE),
        "two": ("convert", "two", "-o", "two-out", "--change-date", CHANGE_DATE),
        "convert same": ("convert", "same.txt", "-o", "same.txt"),
        "convert same tei": ("convert", "same.xml", "-o", "same.xml"),
        "annotate same": ("annotate", "same.xml", "-o", "same.xml"),
        "convert under a file": ("convert", "same.txt", "-o", "same.txt/out.xml"),
        "annotate under a file": ("annotate", "same.xml", "-o", "same.txt/out.xml"),
        "annotate batch over": ("annotate", "tei", "-o", "tei"),
        "convert batch over": ("convert", "tei", "-o", "tei"),
        "names": ("convert", "names", "-o", "names-out"),
        "two into one file": ("convert", "two/a.txt", "two/b.txt", "-o", "both.xml"),
        "render under a file": ("render", "tei", "-o", "same.txt/site"),
        "validate report under a file": ("validate", "tei", "--format", "json", "-o", "same.txt/report.json"),
        "export under a file": ("export", "tei", "-o", "same.txt/tables"),
        "export into a file": ("export", "tei", "-o", "same.txt"),
        "build under a file": ("build", str(CORPUS), "-o", "same.txt/site"),
        "export a table over a folder": ("export", "tei", "-o", "tables-blocked"),
    }, cwd=root)
    return {"root": root, "before": before, **results}


def test_failed_conversion_leaves_the_old_output_untouched(runs):
    root = runs["root"]
    result = runs["keep"]
    assert result.code == 2, result
    assert [line for line in result.lines if line.startswith("keep/b.txt")] == [
        "keep/b.txt:1:4: not UTF-8 (byte 0xe9); expected UTF-8 text"]
    assert (root / "keep-out" / "b.xml").read_bytes() == OLD
    new = (root / "keep-out" / "a.xml").read_bytes()
    assert new.endswith(b"</TEI>\n") and etree.fromstring(new) is not None
    # the new output replaced the old file (rename), it was not rewritten in place
    assert (root / "keep-out" / "a-old-link").read_bytes() == OLD
    assert leftovers(root / "keep-out") == []


def test_when_the_second_output_cannot_be_written_the_first_is_complete(runs):
    root = runs["root"]
    result = runs["two"]
    assert result.code == 2, result
    assert "Traceback" not in result.stderr and "_Job(" not in result.stderr, result
    assert "two-out/b.xml: cannot write the output (it is a folder); expected a writable file " \
           "in a writable folder" in result.lines, result
    data = (root / "two-out" / "a.xml").read_bytes()
    assert data.endswith(b"</TEI>\n")
    assert etree.fromstring(data).find(".//{http://www.tei-c.org/ns/1.0}body") is not None
    assert leftovers(root / "two-out") == []


@pytest.mark.parametrize("key, path", [
    ("convert same", "same.txt"), ("convert same tei", "same.xml"), ("annotate same", "same.xml"),
    ("annotate batch over", "tei/letter.xml"), ("convert batch over", "tei/letter.xml")])
def test_output_equal_to_an_input_is_refused_in_one_line(runs, key, path):
    result = runs[key]
    assert result.code == 2, result
    problems = [line for line in result.lines if not line.startswith(("converted ", "annotated "))]
    assert len(problems) == 1, result  # (a folder run adds its summary line)
    assert path in problems[0] and "; expected" in problems[0], result


@pytest.mark.parametrize("key", ["convert under a file", "annotate under a file"])
def test_output_below_a_file_gets_one_line_naming_the_output(runs, key):
    result = runs[key]
    assert result.code == 2, result
    assert result.lines == ["same.txt/out.xml: cannot write the output (same.txt is a file, not a "
                            "folder); expected a writable file in a writable folder"], result


@pytest.mark.parametrize(("key", "line"), [
    ("render under a file", "tei-toolkit render: same.txt/site: same.txt is a file, not a folder; "
                            "expected a path that can be read or written"),
    ("validate report under a file", "tei-toolkit validate: same.txt: it is a file, not a folder; "
                                     "expected a path that can be read or written"),
    ("export under a file", "tei-toolkit export: same.txt/tables: cannot write the tables (same.txt is a file, "
                            "not a folder); expected a folder that can be written"),
    ("export into a file", "tei-toolkit export: same.txt: cannot write the tables (it is a file, not a folder); "
                           "expected a folder that can be written"),
    ("build under a file", "tei-toolkit build: same.txt/site/tei: cannot write the build (same.txt is a file, "
                           "not a folder); expected a folder that can be written"),
    ("export a table over a folder", "tei-toolkit export: tables-blocked/entities.csv: cannot write the tables "
                                     "(it is a folder); expected a folder that can be written"),
])
def test_every_stage_refuses_an_output_a_file_or_folder_stands_in_the_way_of_in_one_line(runs, key, line):
    result = runs[key]
    assert (result.code, result.lines) == (2, [line]), result


def test_export_refused_by_a_folder_in_the_way_of_one_table_writes_none_and_keeps_the_old_ones(runs):
    assert sorted(path.name for path in (runs["root"] / "tables-blocked").iterdir()) == ["documents.csv",
                                                                                         "entities.csv"]
    assert (runs["root"] / "tables-blocked" / "documents.csv").read_bytes() == OLD


def test_outputs_get_the_permissions_of_new_files_and_a_replaced_file_keeps_its_own(tmp_path):
    """Not the private 0600 of a temporary file: an edition must be servable, a corpus shareable."""
    umask = os.umask(0o022)
    try:
        steps = [("convert", str(LETTER), "-o", "tei/letter.xml"), ("render", "tei", "-o", "site"),
                 ("export", "tei", "-o", "tables"), ("validate", "tei", "--format", "json", "-o", "report.json")]
        for step in steps:
            assert run(*step, cwd=tmp_path).code == 0, step
        made = [path for path in tmp_path.rglob("*") if path.is_file()]
        assert {path.suffix for path in made} >= {".xml", ".html", ".csv", ".graphml", ".gexf", ".json"}
        assert {path.relative_to(tmp_path).as_posix(): oct(path.stat().st_mode & 0o777) for path in made} == {
            path.relative_to(tmp_path).as_posix(): oct(0o644) for path in made}
        (tmp_path / "tei" / "letter.xml").chmod(0o640)
        assert run(*steps[0], cwd=tmp_path).code == 0
        assert (tmp_path / "tei" / "letter.xml").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


def test_rerunning_with_the_output_folder_inside_the_source_folder_works(tmp_path):
    """A scholar runs `convert . -o tei` and `annotate tei -o tei/annotated` twice in a row."""
    shutil.copy(LETTER, tmp_path / "letter.txt")
    steps = [("convert", ".", "-o", "tei", "--change-date", CHANGE_DATE),
             ("annotate", "tei", "-o", "tei/annotated", "--change-date", CHANGE_DATE)]
    first = [run(*step, cwd=tmp_path) for step in steps]
    made = snapshot(tmp_path / "tei")
    second = [run(*step, cwd=tmp_path) for step in steps]
    for result in first + second:
        assert result.code == 0, result
    assert second[0].lines[-1].startswith("converted 1 file(s) (1 text), skipped 0, failed 0"), second[0]
    assert second[1].lines[-1] == "annotated 1 file(s), failed 0", second[1]
    assert sorted(made) == ["annotated/letter.xml", "letter.xml"]
    assert {name: data for name, (data, _) in snapshot(tmp_path / "tei").items()} == {
        name: data for name, (data, _) in made.items()}


def test_several_sources_into_an_xml_file_name_is_refused_not_made_a_folder(runs):
    result = runs["two into one file"]
    assert result.code == 2, result
    assert result.lines == ["tei-toolkit convert: both.xml: names a file but there are 2 sources "
                            "(or a folder); expected a folder for the outputs"], result
    assert not (runs["root"] / "both.xml").exists()


def test_documents_get_distinct_xml_ids_from_any_file_name(runs):
    assert runs["names"].code == 0, runs["names"]
    ids = {path.name: etree.parse(str(path)).getroot().get("{http://www.w3.org/XML/1998/namespace}id")
           for path in (runs["root"] / "names-out").iterdir()}
    assert len(ids) == 3 and len(set(ids.values())) == 3, ids
    assert ids["1848 Brief an Ämilie.xml"] == "d-1848-brief-an-amilie"
    for value in ids.values():
        assert re.fullmatch(r"[A-Za-z_][\w.-]*", value), value


def test_inputs_are_never_modified_by_refused_or_failed_runs(runs):
    after = snapshot(runs["root"])
    for name in ("same.txt", "same.xml", "keep/a.txt", "keep/b.txt", "tei/letter.xml"):
        assert after[name] == runs["before"][name], name
    assert leftovers(runs["root"]) == []


def _unprivileged() -> tuple[str, ...] | None:
    """How to run as a user a read-only folder stops: as is, or (as root) via setpriv as nobody."""
    if os.name != "posix":
        return None
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    return (setpriv, "--reuid=65534", "--regid=65534", "--clear-groups") if setpriv else None


def test_permission_denied_on_the_output_folder_gets_one_line():
    wrapper = _unprivileged()
    if wrapper is None:
        pytest.skip("no way to run without the right to write into a read-only folder")
    base = Path(tempfile.mkdtemp(prefix="tei-toolkit-perm-"))  # pytest's tmp is private to root
    try:
        base.chmod(0o755)
        source = base / "letter.txt"
        shutil.copy(LETTER, source)
        source.chmod(0o644)
        locked = base / "locked"
        locked.mkdir(mode=0o555)
        locked.chmod(0o555)
        result = run("convert", str(source), "-o", str(locked / "letter.xml"), wrapper=wrapper)
        assert result.code == 2, result
        assert result.lines == [f"{locked / 'letter.xml'}: cannot write the output (permission "
                                "denied); expected a writable file in a writable folder"], result
        assert list(locked.iterdir()) == []
        private = base / "private.txt"
        shutil.copy(LETTER, private)
        private.chmod(0o600 if wrapper else 0o000)
        (base / "out").mkdir(mode=0o777)
        (base / "out").chmod(0o777)
        result = run("convert", str(private), str(source), "-o", str(base / "out"), wrapper=wrapper)
        assert result.code == 2, result
        assert result.lines[0].startswith(f"{private}: cannot read"), result
        assert sorted(p.name for p in (base / "out").iterdir()) == ["letter.xml"]
    finally:
        shutil.rmtree(base, ignore_errors=True)
