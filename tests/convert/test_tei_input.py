"""Existing TEI passes through convert unchanged, parsed safely; non-TEI XML is refused."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_toolkit.convert import ConvertOptions, convert_bytes, convert_file, detect_format
from tei_toolkit.errors import SourceError

OTHER_PROJECT = b"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="https://example.org/their.rng" type="application/xml"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Theirs</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>y</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>Letter to <rs type="person" key="goethe">Goethe</rs>.</p></body></text></TEI>
"""


def test_tei_input_is_returned_unchanged(tmp_path):
    path = tmp_path / "theirs.xml"
    path.write_bytes(OTHER_PROJECT)
    result = convert_file(path, ConvertOptions(change_date="2026-01-01", licence="CC0-1.0"))
    assert result.fmt == "tei" and result.dropped == ()
    assert etree.tostring(result.tree, encoding="UTF-8") == \
        etree.tostring(etree.fromstring(OTHER_PROJECT).getroottree(), encoding="UTF-8")
    assert result.tree.xpath("string(//*[local-name()='rs']/@key)") == "goethe"


def test_tei_input_is_recognised_by_content_without_extension():
    assert detect_format(OTHER_PROJECT, source="theirs") == ".xml"


def test_tei_input_with_external_entity_is_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    data = (f'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&x;</p></body></text></TEI>').encode()
    result = convert_bytes(data, source="evil.xml")
    assert b"TOP SECRET" not in etree.tostring(result.tree)


@pytest.mark.parametrize("data, message", [
    (b"<html><body/></html>", "evil.xml:1:1: not a TEI document (root element <html>)"),
    (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", "evil.xml:1:"),
    (b"", "evil.xml: file is empty"),
])
def test_tei_input_that_is_not_tei_is_one_clear_line(data, message):
    with pytest.raises(SourceError) as caught:
        convert_bytes(data, source="evil.xml")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("data, name, key", [
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "saved.txt", ".html"),
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "page", ".html"),
    (b"---\ntitle: x\n---\n\ntext\n", "notes", ".md"),
    (b"Just words.\n", "README", ".txt"),
    (b"PK\x03\x04....word/document.xml....", "letter.bin", ".docx"),
    (b"Just words.\n", "notes.md", ".md"),
    (b"Just words.\n", "notes.rtf", ".txt"),
])
def test_detect_format_by_extension_and_content(data, name, key):
    if name.endswith(".rtf"):
        assert detect_format(data, source=name, fmt="text") == key
        with pytest.raises(SourceError, match=r'^notes\.rtf: no reader for "\.rtf"; expected one of'):
            detect_format(data, source=name)
    else:
        assert detect_format(data, source=name) == key
