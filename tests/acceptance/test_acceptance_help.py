"""``--help`` of every subcommand reads well for a scholar on an 80-column terminal, and the
examples that convert and annotate print run as written.
"""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

from acceptance_helpers import FIXTURES, run, run_all

WIDTH = 80


@pytest.fixture(scope="module")
def helps():
    top = run("--help")
    assert top.code == 0, top
    listing = top.stdout.decode().split("positional arguments:")[1].split("options:")[0]
    names = re.findall(r"^    (\w+)\s", listing, flags=re.M)
    commands = {name: (name, "--help") for name in names}
    commands["(none)"] = ()
    return {"top": top, "names": names, **run_all(commands)}


def test_top_level_help_lists_every_stage(helps):
    assert {"convert", "annotate", "validate", "render", "export", "build"} <= set(helps["names"])


def test_no_subcommand_prints_the_usage_and_exits_2(helps):
    result = helps["(none)"]
    assert result.code == 2, result
    assert result.stderr.startswith("usage: tei-toolkit"), result
    assert result.stdout == b""


SUBCOMMANDS = ["convert", "annotate", "validate", "render", "export", "build", "entities"]


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_help_shows_usage_a_description_and_help_for_every_option(helps, name):
    result = helps[name]
    assert result.code == 0, result
    text = result.stdout.decode()
    assert text.startswith(f"usage: tei-toolkit {name}"), text
    description = text.split("\n\n")[1]
    assert len(description.split()) >= 8, f"{name}: no description a scholar can follow"
    options = text.split("options:\n")[1].split("\n\n")[0].splitlines()
    for index, line in enumerate(options):
        match = re.match(r"  (-\S.*?)(?:\s{2,}(\S.*))?$", line)
        if match and not match.group(2):  # help text on the next line, indented
            following = options[index + 1] if index + 1 < len(options) else ""
            assert following.startswith(" " * 10) and following.strip(), f"{name}: {line} has no help"


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_help_fits_an_80_column_terminal(helps, name):
    wide = [line for line in helps[name].stdout.decode().splitlines() if len(line) > WIDTH]
    assert wide == []


def _examples(name: str, helps) -> list[list[str]]:
    text = helps[name].stdout.decode()
    lines = text.split("examples:\n")[1].split("\n\n")[0].splitlines()
    return [shlex.split(re.split(r"\s{3,}", line.strip())[0])[1:] for line in lines]


def test_convert_and_annotate_examples_run_as_written(helps, tmp_path):
    """The examples in --help work in a folder holding the files they name."""
    (tmp_path / "texts").mkdir()
    for name in ("letter.txt", "notes.md", "page.html"):
        shutil.copy(FIXTURES / "mixed" / name, tmp_path / name)
        shutil.copy(FIXTURES / "mixed" / name, tmp_path / "texts" / name)
    registers = tmp_path / "my-registers"
    shutil.copytree(FIXTURES.parents[2] / "corpus" / "authority", registers)
    convert = _examples("convert", helps)
    results = run_all({str(i): args for i, args in enumerate(convert)}, cwd=tmp_path)
    for result in results.values():
        assert result.code == 0, result
    annotate = _examples("annotate", helps)
    results = run_all({str(i): args for i, args in enumerate(annotate)}, cwd=tmp_path)
    for result in results.values():
        assert result.code == 0, result
    assert (tmp_path / "annotated" / "letter.xml").is_file()
