"""Plain texts without title or byline conventions (the NER development set) keep every character."""

from __future__ import annotations

import pytest

from tei_toolkit.cli import main
from tei_toolkit.convert import ConvertOptions, convert_file
from lxml import etree

from convert_helpers import PINNED_DATE, SHARED, body_text, squash

NER_DEV = sorted((SHARED / "ner-dev").glob("*.txt"))


@pytest.mark.skipif(not NER_DEV, reason="../shared/ner-dev is not there")
@pytest.mark.parametrize("path", NER_DEV, ids=lambda p: p.stem)
def test_plain_text_keeps_every_character_and_drops_nothing(path):
    result = convert_file(path, ConvertOptions(change_date=PINNED_DATE))
    assert result.dropped == ()
    assert squash(body_text(result.tree)) == squash(path.read_text(encoding="utf-8"))


def test_cli_convert_discover_marks_entities_and_keeps_the_text(tmp_path, capsysbinary):
    pytest.importorskip("tei_toolkit.entities.discover")
    source = tmp_path / "letter.txt"
    source.write_text("I met Victor Hugo in Paris and then travelled to London.\n\n"
                      "We walked along the Thames with Maria Edgeworth.\n", encoding="utf-8")
    code = main(["convert", str(source), "--discover", "-o", "-", "--change-date", PINNED_DATE])
    tree = etree.fromstring(capsysbinary.readouterr().out).getroottree()
    assert code == 0
    names = tree.xpath("//*[local-name()='body']//*[local-name()='persName' or local-name()='placeName']")
    assert names and all(name.get("resp") == "#tei-toolkit" and name.get("cert") for name in names)
    assert squash(body_text(tree)) == squash(source.read_text(encoding="utf-8"))
