"""The public Python API: every command is a function on ``tei_toolkit``."""

from __future__ import annotations

from pathlib import Path

import tei_toolkit

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "corpus" / "sources" / "victor-serge-a-life-in-revolution.txt"


def test_api_exports_one_function_per_command() -> None:
    assert set(tei_toolkit.__all__) == {"__version__", "annotate", "build", "convert",
                                        "export", "render", "validate"}
    for name in tei_toolkit.__all__[1:]:
        assert callable(getattr(tei_toolkit, name)), name


def test_api_convert_is_still_the_package_of_readers() -> None:
    assert ".docx" in tei_toolkit.convert.READERS
    assert callable(tei_toolkit.convert)


def test_api_convert_then_annotate_marks_the_article_from_the_registers() -> None:
    result = tei_toolkit.convert(ARTICLE)
    report = tei_toolkit.annotate(result.tree, registers=ROOT / "corpus" / "authority")
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    marked = result.tree.findall(".//tei:text//tei:persName[@ref='#victor-serge']", ns)
    assert len(marked) == report.per_entry["victor-serge"] > 10
