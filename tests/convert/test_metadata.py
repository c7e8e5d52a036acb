"""Sidecar metadata: NAME.meta.yaml and a folder's metadata.csv fill the header; options override."""

from __future__ import annotations

import shutil

import pytest

from tei_toolkit.convert import ConvertOptions, convert_file
from tei_toolkit.errors import SourceError

from convert_helpers import ARTICLE, PINNED_DATE, xp


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "serge.txt"
    shutil.copy(ARTICLE, path)
    return path


def test_metadata_yaml_sidecar_fills_the_header(article):
    (article.parent / "serge.meta.yaml").write_text(
        "author: Matthew Hoyle\ndate: 2011-09-29\nsource_url: https://example.org/serge\n"
        "licence: CC-BY-SA-4.0\nlanguage: en-GB\npublisher: The Commune archive\n", encoding="utf-8")
    tree = convert_file(article, ConvertOptions(change_date=PINNED_DATE)).tree
    assert xp(tree, "string(//tei:titleStmt/tei:author)") == "Matthew Hoyle"
    assert xp(tree, "string(//tei:sourceDesc//tei:date/@when)") == "2011-09-29"
    assert xp(tree, "string(//tei:sourceDesc//tei:ptr/@target)") == "https://example.org/serge"
    assert xp(tree, "string(//tei:publisher)") == "The Commune archive"
    assert xp(tree, "string(/tei:TEI/@xml:lang)") == "en-GB"
    assert xp(tree, "string(//tei:licence/@target)") == "https://creativecommons.org/licenses/by-sa/4.0/"


def test_metadata_free_text_licence_from_a_sidecar_is_kept(article):
    (article.parent / "serge.meta.yaml").write_text("licence: All rights reserved\n", encoding="utf-8")
    tree = convert_file(article, ConvertOptions(change_date=PINNED_DATE)).tree
    assert xp(tree, "string(//tei:licence)") == "All rights reserved"
    assert xp(tree, "//tei:licence/@target") == []


def test_metadata_options_override_the_sidecar(article):
    (article.parent / "serge.meta.yaml").write_text("author: From Sidecar\n", encoding="utf-8")
    tree = convert_file(article, ConvertOptions(change_date=PINNED_DATE, author="From Option")).tree
    assert xp(tree, "string(//tei:titleStmt/tei:author)") == "From Option"


def test_metadata_folder_csv_fills_the_header_and_yaml_wins(article):
    (article.parent / "metadata.csv").write_text(
        'file,author,source_url,title\nserge.txt,"Hoyle, Matthew",https://example.org/csv,"Serge, a life"\n'
        "other.txt,Someone,https://example.org/other,Other\n", encoding="utf-8")
    tree = convert_file(article, ConvertOptions(change_date=PINNED_DATE)).tree
    assert xp(tree, "string(//tei:titleStmt/tei:author)") == "Hoyle, Matthew"
    assert xp(tree, "string(//tei:titleStmt/tei:title)") == "Serge, a life"
    (article.parent / "serge.meta.yaml").write_text("source_url: https://example.org/yaml\n", encoding="utf-8")
    tree = convert_file(article, ConvertOptions(change_date=PINNED_DATE)).tree
    assert xp(tree, "string(//tei:sourceDesc//tei:ptr/@target)") == "https://example.org/yaml"


def test_metadata_sidecars_can_be_ignored(article):
    (article.parent / "serge.meta.yaml").write_text("author: From Sidecar\n", encoding="utf-8")
    tree = convert_file(article, ConvertOptions(change_date=PINNED_DATE, use_sidecars=False)).tree
    assert xp(tree, "string(//tei:titleStmt/tei:author)") == "Matthew"


def test_metadata_broken_sidecar_is_one_clear_line(article):
    sidecar = article.parent / "serge.meta.yaml"
    sidecar.write_text("author: [Matthew\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        convert_file(article)
    assert str(caught.value).startswith(f"{sidecar}:2:1: broken YAML metadata")


def test_metadata_csv_without_file_column_is_one_clear_line(article):
    (article.parent / "metadata.csv").write_text("name,author\nserge.txt,M\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r'metadata\.csv:1: no "file" column'):
        convert_file(article)


@pytest.mark.parametrize("given, written", [("French", "fr"), ("de-AT", "de-AT")])
def test_metadata_language_names_become_codes(article, given, written):
    (article.parent / "serge.meta.yaml").write_text(f"language: {given}\n", encoding="utf-8")
    tree = convert_file(article, ConvertOptions(change_date=PINNED_DATE)).tree
    assert xp(tree, "string(/tei:TEI/@xml:lang)") == written


def test_metadata_unknown_language_is_one_clear_line_unless_an_option_overrides_it(article):
    (article.parent / "serge.meta.yaml").write_text("language: Klingonese\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        convert_file(article, ConvertOptions(change_date=PINNED_DATE))
    message = str(caught.value)
    assert message.startswith(f"{article}: metadata language \"Klingonese\"") and "\n" not in message
    tree = convert_file(article, ConvertOptions(change_date=PINNED_DATE, language="tlh")).tree
    assert xp(tree, "string(/tei:TEI/@xml:lang)") == "tlh"
