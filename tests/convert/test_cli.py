"""``tei-toolkit convert``: outputs (file, folder, stdout), summary, bad inputs one line each, exit codes."""

from __future__ import annotations

import shutil

import pytest
from lxml import etree

from tei_toolkit.cli import main
from tei_toolkit.xmlio import read_tei

from convert_helpers import ARTICLE, PINNED_DATE, body_text


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["convert", *argv, "--change-date", PINNED_DATE])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_convert_writes_one_file(tmp_path, capsys):
    out = tmp_path / "serge.xml"
    code, _, err = _run(capsys, str(ARTICLE), "-o", str(out))
    assert code == 0
    assert read_tei(out).getroot().get("{http://www.w3.org/XML/1998/namespace}id") == \
        "victor-serge-a-life-in-revolution"
    assert "dropped boilerplate: Add new comment" in err
    assert "converted 1 file(s) (1 text), skipped 0, failed 0, dropped 3" in err


def test_cli_convert_writes_to_standard_output_with_nothing_else_on_it(capsysbinary):
    code = main(["convert", str(ARTICLE), "-o", "-", "--change-date", PINNED_DATE])
    captured = capsysbinary.readouterr()
    assert code == 0
    tree = etree.fromstring(captured.out).getroottree()
    assert "Victor Serge lived an exemplary life" in body_text(tree)


def test_cli_convert_gives_the_same_bytes_as_the_library(tmp_path, capsysbinary):
    from tei_toolkit.convert import ConvertOptions, convert_file
    from tei_toolkit.xmlio import serialize

    main(["convert", str(ARTICLE), "-o", "-", "--change-date", PINNED_DATE])
    expected = serialize(convert_file(ARTICLE, ConvertOptions(change_date=PINNED_DATE)).tree)
    assert capsysbinary.readouterr().out == expected


def test_cli_convert_options_reach_the_header(tmp_path, capsys):
    out = tmp_path / "o.xml"
    code, _, _ = _run(capsys, str(ARTICLE), "-o", str(out), "--source-url", "https://example.org/a",
                      "--licence", "CC-BY-SA-4.0", "--lang", "en-GB")
    root = read_tei(out).getroot()
    assert code == 0
    assert root.xpath("string(//*[local-name()='ptr']/@target)") == "https://example.org/a"
    assert "by-sa/4.0" in root.xpath("string(//*[local-name()='licence']/@target)")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"


def test_cli_convert_folder_converts_good_files_and_reports_bad_ones(tmp_path, capsys):
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / "article.txt")
    (folder / "latin1.txt").write_bytes("Caf\xe9\n".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.rtf").write_bytes(b"{\\rtf1 hello}")
    out = tmp_path / "out"
    code, _, err = _run(capsys, str(folder), "-o", str(out))
    assert code == 2
    assert sorted(p.name for p in out.iterdir()) == ["article.xml"]
    lines = err.splitlines()
    assert f"{folder / 'latin1.txt'}:1:4: not UTF-8 (byte 0xe9); expected UTF-8 text" in lines
    assert f"{folder / 'empty.txt'}: file is empty; expected some text" in lines
    assert f'{folder / "notes.rtf"}: skipped: no reader for ".rtf"' in lines
    assert lines[-1] == "converted 1 file(s) (1 text), skipped 1, failed 2, dropped 3 boilerplate line(s)"


def test_cli_convert_missing_file_fails_alone(tmp_path, capsys):
    out = tmp_path / "out"
    code, _, err = _run(capsys, str(tmp_path / "nope.txt"), str(ARTICLE), "-o", str(out))
    assert code == 2
    assert f"{tmp_path / 'nope.txt'}: no such file or folder; expected a source file or a folder of them" in err.splitlines()
    assert (out / "victor-serge-a-life-in-revolution.xml").is_file()


def test_cli_convert_unknown_format_named_explicitly_is_one_line(tmp_path, capsys):
    source = tmp_path / "notes.rtf"
    source.write_bytes(b"{\\rtf1 hello}")
    code, _, err = _run(capsys, str(source), "-o", str(tmp_path / "o.xml"))
    assert code == 2
    assert err.splitlines()[0].startswith(f'{source}: no reader for ".rtf"; expected one of ')


def test_cli_convert_refuses_two_sources_to_standard_output(tmp_path, capsys):
    other = tmp_path / "b.txt"
    other.write_text("Another text.\n", encoding="utf-8")
    code, out, err = _run(capsys, str(ARTICLE), str(other), "-o", "-")
    assert code == 2 and out == ""
    assert "-o - writes one document to standard output, got 2 sources; expected one source file" in err


def test_cli_convert_never_overwrites_a_source(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text("Text.\n", encoding="utf-8")
    code, _, err = _run(capsys, str(source), "--from", "txt", "-o", str(source))
    assert code == 2
    assert source.read_text(encoding="utf-8") == "Text.\n"
    assert "is a source file" in err


def test_cli_convert_from_forces_the_format(tmp_path, capsys):
    source = tmp_path / "README"
    source.write_text("Title\n\nSome text.\n", encoding="utf-8")
    odd = tmp_path / "notes.asc"
    odd.write_text("Plain words.\n", encoding="utf-8")
    code, _, _ = _run(capsys, str(odd), "--from", "text", "-o", str(tmp_path / "o.xml"))
    assert code == 0
    code, _, _ = _run(capsys, str(source), "-o", str(tmp_path / "r.xml"))
    assert code == 0 and "Some text." in body_text(read_tei(tmp_path / "r.xml"))


def test_cli_convert_discover_says_clearly_when_discovery_is_missing(tmp_path, capsys):
    try:
        import tei_toolkit.entities.annotate  # noqa: F401
        import tei_toolkit.entities.discover  # noqa: F401
    except ModuleNotFoundError:
        code, _, err = _run(capsys, str(ARTICLE), "--discover", "-o", str(tmp_path / "o.xml"))
        assert code == 2
        assert "entity discovery is not installed" in err
        assert not (tmp_path / "o.xml").exists()
    else:
        pytest.skip("discovery is installed: see test_plain_corpora.py")


def test_cli_convert_mixed_folder_converts_every_format_and_reports_bad_files(tmp_path, capsys):
    from convert_fixtures import make_article_docx
    from convert_helpers import FIXTURES

    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / "serge.txt")
    shutil.copy(FIXTURES / "letter.md", folder / "letter.md")
    shutil.copy(FIXTURES / "article.html", folder / "page.html")
    make_article_docx(folder / "word.docx", "A title", ["A paragraph of text."])
    (folder / "theirs.xml").write_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p>'
                                        b"</body></text></TEI>")
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>",
                                     encoding="utf-8")
    (folder / "broken.md").write_text("---\ntitle: [oops\n---\n\nText.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = _run(capsys, str(folder), "-o", str(out))
    assert code == 2
    assert sorted(p.name for p in out.iterdir()) == ["letter.xml", "page.xml", "serge.xml", "theirs.xml",
                                                     "word.xml"]
    lines = err.splitlines()
    assert any(line.startswith(f"{folder / 'corrupt.docx'}: not a readable Word document") for line in lines)
    assert f"{folder / 'nav.html'}: no main text found (only navigation, forms or boilerplate); " \
           "expected an article with paragraphs of text" in lines
    assert any(line.startswith(f"{folder / 'broken.md'}:2:13: broken YAML metadata") for line in lines)
    assert any(line.startswith(f"{folder / 'page.html'}: dropped boilerplate: ") for line in lines)
    assert lines[-1].startswith("converted 5 file(s) (1 docx, 1 html, 1 markdown, 1 tei, 1 text), "
                                "skipped 0, failed 3, dropped ")
