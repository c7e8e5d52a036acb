"""Every kind of bad input gets exactly one readable line and exit status 2, never a traceback;
the other files of a batch still convert; untrusted XML is never expanded, read from disk or
fetched from the network.
"""

from __future__ import annotations

import http.server
import re
import shutil
import threading

import pytest
from lxml import etree

from acceptance_helpers import CHANGE_DATE, FIXTURES, leftovers, run_all, snapshot

BAD = FIXTURES / "bad"
LETTER = FIXTURES / "mixed" / "letter.txt"

# name → bytes of a bad source (the XML ones are fixture files)
SOURCES: dict[str, bytes] = {
    "latin1.txt": "Le café de Serge\n".encode("latin-1"),
    "utf16.txt": "Victor Serge in Mexico City\n".encode("utf-16"),
    "empty.txt": b"",
    "blank.txt": b"  \n\t\n  \n",
    "control.md": b"# Notes\n\nSerge\x01 in Paris\n",
    "notes.rtf": b"{\\rtf1 Serge}\n",
    "badlang.md": b"---\nlang: Klingonese\n---\n# Notes\n\nSerge in Paris\n",
    "broken.xml": (BAD / "broken.xml").read_bytes(),
    "nottei.xml": (BAD / "nottei.xml").read_bytes(),
    "bomb.xml": (BAD / "bomb.xml").read_bytes(),
}
# convert: source → (location after the path, a regular expression; words the message holds)
CONVERT_CASES = {
    "missing.txt": ("", "no such file"),
    "latin1.txt": (":1:7", "not UTF-8"),
    "utf16.txt": (":1:1", "UTF-16"),
    "empty.txt": ("", "empty"),
    "blank.txt": ("", "empty"),
    "control.md": (":3:6", "U+0001"),
    "notes.rtf": ("", 'no reader for ".rtf"'),
    "badlang.md": ("", 'metadata language "Klingonese"'),
    "broken.xml": (":1:65", "not well-formed"),
    "nottei.xml": (":1:1", "not a TEI document"),
    "bomb.xml": ("(:\\d+)*", "entity"),
}
# annotate: input → (location, words)
ANNOTATE_CASES = {
    "missing.xml": ("", "no such file"),
    "empty.xml": ("", "empty"),
    "letter.txt": (":1:1", "not well-formed"),
    "latin1-nodecl.xml": (":1:66", "encoding"),
    "broken.xml": (":1:65", "not well-formed"),
    "nottei.xml": (":1", "TEI"),
    "bomb.xml": ("(:\\d+)*", "entity"),
}


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A local web server that records every request (there must be none)."""

    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.requests.append(self.path)
        body = b'<!ENTITY leak "LEAKED-OVER-HTTP">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.requests
    httpd.shutdown()


@pytest.fixture(scope="module")
def runs(tmp_path_factory, server):
    url, _ = server
    root = tmp_path_factory.mktemp("bad")
    src = root / "src"
    src.mkdir()
    for name, data in SOURCES.items():
        (src / name).write_bytes(data)
    shutil.copy(LETTER, src / "letter.txt")
    tei = root / "tei"
    tei.mkdir()
    for name in ("broken.xml", "nottei.xml", "bomb.xml"):
        (tei / name).write_bytes(SOURCES[name])
    (tei / "empty.xml").write_bytes(b"")
    (tei / "latin1-nodecl.xml").write_bytes(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>Serge café</p></body></text></TEI>'
        .encode("latin-1"))
    shutil.copy(LETTER, tei / "letter.txt")
    secret = root / "secret.txt"
    secret.write_text("SECRET-ON-DISK", encoding="utf-8")
    safe = root / "safe"
    safe.mkdir()
    shutil.copy(BAD / "xxe.xml", safe / "xxe-passwd.xml")
    (safe / "xxe-local.xml").write_text(
        f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "{secret.as_uri()}"><!ENTITY % r SYSTEM "{url}/p.dtd">%r;]>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>Serge: &s; &leak;</p>'
        '</body></text></TEI>\n', encoding="utf-8")
    shutil.copy(BAD / "script-links.html", safe / "script-links.html")
    (safe / "netdtd.xml").write_text(
        (BAD / "netdtd.xml").read_text(encoding="utf-8").replace("http://example.invalid", url),
        encoding="utf-8")
    before = snapshot(root)

    commands = {f"convert {name}": ("convert", f"src/{name}", "-o", f"out/{name}.xml")
                for name in CONVERT_CASES}
    commands |= {f"annotate {name}": ("annotate", f"tei/{name}", "-o", f"ann/{name}.xml")
                 for name in ANNOTATE_CASES}
    commands |= {
        "convert batch": ("convert", "src", "-o", "batch", "--change-date", CHANGE_DATE),
        "annotate batch": ("annotate", "tei/broken.xml", "tei/bomb.xml", "tei/empty.xml",
                           "tei/nottei.xml", "safe", "-o", "annbatch", "--change-date", CHANGE_DATE),
        "convert safe": ("convert", "safe", "-o", "safe-out"),
        "convert empty folder": ("convert", "safe/none", "safe", "-o", "-"),
        "convert stdout bad": ("convert", "src/latin1.txt", "-o", "-"),
        "annotate registers file": ("annotate", "safe/netdtd.xml", "--registers", "src/letter.txt",
                                    "-o", "x.xml"),
        "convert unknown format": ("convert", "src/letter.txt", "--from", "rtf", "-o", "x.xml"),
        "annotate id clash": ("annotate", str(BAD / "id-clash.xml"), "-o", "clash.xml"),
        "annotate mentions folder": ("annotate", "safe/netdtd.xml", "--from-mentions", "src",
                                     "-o", "x.xml"),
    }
    commands |= {f"option {' '.join(args)}": (command, path, *args, "-o", "x.xml")
                 for command, path, args, _ in BAD_OPTIONS}
    (root / "safe" / "none").mkdir()
    results = run_all(commands, cwd=root)
    return {"root": root, "before": before, "after": snapshot(root / "src"), **results}


def one_line(result, path: str, where: str, words: str) -> str:
    assert result.code == 2, result
    assert "Traceback" not in result.stderr, result
    assert len(result.lines) == 1, result
    line = re.sub(r"^tei-toolkit \w+: ", "", result.lines[0])
    assert re.match(f"{re.escape(path)}{where}: ", line), result
    assert words in line, result
    return line


@pytest.mark.parametrize("name", sorted(CONVERT_CASES))
def test_convert_bad_source_gets_one_line_and_exit_2(runs, name):
    where, words = CONVERT_CASES[name]
    one_line(runs[f"convert {name}"], f"src/{name}", where, words)
    assert not (runs["root"] / "out" / f"{name}.xml").exists()


@pytest.mark.parametrize("name", sorted(ANNOTATE_CASES))
def test_annotate_bad_input_gets_one_line_and_exit_2(runs, name):
    where, words = ANNOTATE_CASES[name]
    one_line(runs[f"annotate {name}"], f"tei/{name}", where, words)
    assert not (runs["root"] / "ann" / f"{name}.xml").exists()


@pytest.mark.parametrize("key", [*(f"convert {name}" for name in sorted(CONVERT_CASES)),
                                 *(f"annotate {name}" for name in sorted(ANNOTATE_CASES))])
def test_bad_input_message_says_what_is_wrong_and_what_was_expected(runs, key):
    line = runs[key].lines[0]
    wrong, _, expected = line.partition("; expected ")
    assert wrong and expected, line
    assert not line.endswith("."), "messages end without a period"


def test_convert_batch_reports_each_bad_file_once_and_converts_the_rest(runs):
    result = runs["convert batch"]
    assert result.code == 2, result
    assert "Traceback" not in result.stderr
    for name in SOURCES:
        mine = [line for line in result.lines if line.startswith(f"src/{name}:")]
        assert len(mine) == 1, (name, result)
    assert "src/notes.rtf: skipped: " in result.stderr
    assert result.lines[-1].startswith("converted 1 file(s) (1 text), skipped 1, failed 9"), result
    letter = etree.parse(str(runs["root"] / "batch" / "letter.xml")).getroot()
    assert "Kronstadt" in "".join(letter.itertext())
    assert sorted(p.name for p in (runs["root"] / "batch").iterdir()) == ["letter.xml"]


def test_annotate_batch_reports_each_bad_file_once_and_annotates_the_rest(runs):
    result = runs["annotate batch"]
    assert result.code == 2, result
    assert "Traceback" not in result.stderr
    for name in ("broken.xml", "bomb.xml", "empty.xml", "nottei.xml"):
        assert len([line for line in result.lines if line.startswith(f"tei/{name}:")]) == 1, result
    assert result.lines[-1] == "annotated 3 file(s), failed 4", result
    assert sorted(p.name for p in (runs["root"] / "annbatch").iterdir()) == [
        "netdtd.xml", "xxe-local.xml", "xxe-passwd.xml"]


def test_external_entities_are_never_read_from_disk_or_network(runs, server):
    _, requests = server
    assert runs["convert safe"].code == 0, runs["convert safe"]
    produced = [*(runs["root"] / "safe-out").iterdir(), *(runs["root"] / "annbatch").iterdir()]
    assert len(produced) == 7
    for path in produced:
        data = path.read_bytes()
        assert b"root:" not in data, path
        assert b"SECRET-ON-DISK" not in data, path
        assert b"LEAKED-OVER-HTTP" not in data, path
    assert requests == [], "a DTD or entity was fetched over the network"


def test_convert_keeps_link_text_but_never_a_script_link_target(runs):
    root = etree.parse(str(runs["root"] / "safe-out" / "script-links.xml")).getroot()
    refs = root.findall(".//{http://www.tei-c.org/ns/1.0}ref")
    assert [("".join(ref.itertext()), ref.get("target")) for ref in refs] == [
        ("this link", None), ("that link", None), ("archive link", "https://example.org/serge"),
        ("a data link", None)]
    assert b"alert" not in etree.tostring(root)


def test_annotate_never_points_a_ref_at_an_element_that_is_not_an_entry(runs):
    """The document's div has xml:id="victor-serge": marking "Victor Serge" would point at it."""
    result = runs["annotate id clash"]
    assert result.code == 0, result
    assert any('"Victor Serge" not marked: xml:id "victor-serge" already names a <div>' in line
               for line in result.lines), result
    root = etree.parse(str(runs["root"] / "clash.xml")).getroot()
    ids = root.xpath("//@xml:id")
    assert len(ids) == len(set(ids)), "xml:ids stay unique"
    targets = {ref.lstrip("#") for ref in root.xpath("//*[local-name()='persName' or "
                                                     "local-name()='placeName']/@ref")}
    assert targets == {"leon-trotsky", "mexico-city"}
    assert set(root.xpath("//*[local-name()='standOff']//@xml:id")) == targets


def test_annotate_keeps_unexpanded_entity_references_out_of_the_text(runs):
    root = etree.parse(str(runs["root"] / "annbatch" / "xxe-passwd.xml"),
                       etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True))
    text = "".join(root.getroot().itertext())
    assert "root:" not in text
    assert root.xpath("//*[local-name()='persName']/@ref") == ["#victor-serge"]


def test_stdout_gets_nothing_when_the_source_is_bad(runs):
    result = runs["convert stdout bad"]
    one_line(result, "src/latin1.txt", ":1:7", "not UTF-8")
    assert result.stdout == b""


def test_convert_refuses_stdout_for_several_sources_in_one_line(runs):
    result = runs["convert empty folder"]
    assert result.code == 2, result
    assert result.lines == ["tei-toolkit convert: -o - writes one document to standard output, "
                            "got 4 sources; expected one source file"], result
    assert result.stdout == b""


def test_annotate_registers_given_as_a_file_gets_one_line(runs):
    one_line(runs["annotate registers file"], "src/letter.txt", "", "is a file")


def test_annotate_mentions_table_given_as_a_folder_gets_one_line(runs):
    one_line(runs["annotate mentions folder"], "src", "", "is a folder")


def test_unknown_format_option_names_the_choices(runs):
    result = runs["convert unknown format"]
    assert result.code == 2 and "Traceback" not in result.stderr, result
    assert "invalid choice: 'rtf'" in result.stderr and "docx" in result.stderr


BAD_OPTIONS = [
    ("convert", "src/letter.txt", ("--change-date", "2026-13-45"), 'bad change date "2026-13-45"'),
    ("annotate", "safe/netdtd.xml", ("--change-date", "2026-02-30"), 'bad change date "2026-02-30"'),
    ("annotate", "safe/netdtd.xml", ("--change-date", "yesterday"), 'bad change date "yesterday"'),
    ("convert", "src/letter.txt", ("--title", "a\x01b"), "cannot be written as XML"),
    ("convert", "src/letter.txt", ("--jobs", "0"), "--jobs 0: too few worker processes"),
]


@pytest.mark.parametrize("command, path, args, words", BAD_OPTIONS, ids=lambda v: str(v))
def test_bad_option_value_gets_one_line_and_nothing_is_written(runs, command, path, args, words):
    result = runs[f"option {' '.join(args)}"]
    assert result.code == 2, result
    assert len(result.lines) == 1 and words in result.lines[0], result
    assert "; expected" in result.lines[0], result
    assert not (runs["root"] / "x.xml").exists()


def test_bad_sources_are_never_modified(runs):
    before = {key[len("src/"):]: value for key, value in runs["before"].items()
              if key.startswith("src/")}
    assert runs["after"] == before
    assert leftovers(runs["root"]) == []
