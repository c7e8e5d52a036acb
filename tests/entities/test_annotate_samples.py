"""annotate on real TEI from other projects (../shared/tei-samples): text, markup and validity survive."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tei_toolkit.entities.annotate import AnnotateOptions, annotate_tree
from tei_toolkit.entities.authority import make_registers
from tei_toolkit.entities.engine import KINDS, Entry
from tei_toolkit.errors import SourceError
from tei_toolkit.xmlio import NS, read_tei, serialize

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "tei-samples"
TEI_ALL = SAMPLES.parent / "tei-schemas" / "tei_all.rng"
NAME_TAGS = tuple(KINDS.values())

pytestmark = pytest.mark.skipif(not (SAMPLES / "MANIFEST.csv").exists(), reason="../shared not present")


def _rows() -> list[dict[str, str]]:
    if not (SAMPLES / "MANIFEST.csv").exists():
        return []
    with open(SAMPLES / "MANIFEST.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _register_for(text: str) -> list[Entry]:
    """The 40 most frequent capitalised words of a text as entries, kinds in turn: a hard register."""
    words = Counter(re.findall(r"\b[A-Z][a-zäöüé]{3,}\b", text)).most_common(40)
    kinds = list(KINDS)
    return [Entry(f"w{index}", kinds[index % 3], word, (word,)) for index, (word, _) in enumerate(words)]


@pytest.fixture(scope="module")
def annotated(tmp_path_factory) -> list[tuple[dict[str, str], Path, int]]:
    out = tmp_path_factory.mktemp("samples")
    results = []
    for row in _rows():
        try:
            tree = read_tei(SAMPLES / row["file"])
        except SourceError:
            continue  # one sample is not namespace-well-formed; parsing refuses it, as it should
        text = tree.getroot().find("tei:text", NS)
        if text is None:
            continue  # a teiCorpus header file
        before_text = "".join(text.itertext())
        before_tags = Counter(e.tag for e in text.iter() if isinstance(e.tag, str)
                              and etree.QName(e).localname not in NAME_TAGS)
        nested = {tag: len(tree.xpath(f"//tei:{tag}//tei:{tag}", namespaces=NS)) for tag in NAME_TAGS}
        report = annotate_tree(tree, AnnotateOptions(registers=make_registers(_register_for(before_text)),
                                                     change_date="2026-01-01"))
        text = tree.getroot().find("tei:text", NS)
        assert "".join(text.itertext()) == before_text, row["file"]
        assert Counter(e.tag for e in text.iter() if isinstance(e.tag, str)
                       and etree.QName(e).localname not in NAME_TAGS) == before_tags, row["file"]
        for tag, count in nested.items():
            assert len(tree.xpath(f"//tei:{tag}//tei:{tag}", namespaces=NS)) == count, (row["file"], tag)
        path = out / row["file"].replace("/", "_")
        path.write_bytes(serialize(tree))
        results.append((row, path, report.mentions))
    return results


def test_annotate_samples_keep_text_and_markup_and_get_mentions(annotated):
    assert len(annotated) >= 45
    assert sum(mentions for _, _, mentions in annotated) > 1000


@pytest.mark.skipif(not TEI_ALL.exists(), reason="tei_all.rng not present")
def test_annotate_samples_valid_before_stay_valid(annotated):
    valid = [str(path) for row, path, _ in annotated if row["jing_tei_all"] == "valid"]
    assert len(valid) >= 25
    pyjing = Path(sys.executable).parent / "pyjing"
    result = subprocess.run([str(pyjing), str(TEI_ALL), *valid], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[:2000] + result.stderr[:2000]
