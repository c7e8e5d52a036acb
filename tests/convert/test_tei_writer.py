"""The TEI writer: the contract's header and body, ids, text preservation, deterministic bytes."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings

from tei_toolkit import __version__
from tei_toolkit.convert import ConvertOptions, convert_bytes, read_source, write_tei
from tei_toolkit.convert.model import Block, Document, Inline, Meta
from tei_toolkit.errors import UsageError
from tei_toolkit.xmlio import serialize

from convert_helpers import ARTICLE, PINNED_DATE, body_text, squash, xp
from convert_strategies import plain_texts

OPTIONS = ConvertOptions(change_date=PINNED_DATE)


def _article(options=OPTIONS):
    return convert_bytes(ARTICLE.read_bytes(), source=ARTICLE.name, options=options)


def test_writer_header_follows_the_contract():
    tree = _article(ConvertOptions(change_date=PINNED_DATE, source_url="https://example.org/serge")).tree
    root = tree.getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}id") == "victor-serge-a-life-in-revolution"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    head = "tei:teiHeader/tei:fileDesc/"
    assert xp(root, f"string({head}tei:titleStmt/tei:title)") == "Victor Serge: a life in revolution"
    assert xp(root, f"string({head}tei:titleStmt/tei:author)") == "Matthew"
    assert xp(root, f"string({head}tei:publicationStmt/tei:availability/tei:licence/@target)") == \
        "https://creativecommons.org/licenses/by/4.0/"
    bibl = xp(root, f"{head}tei:sourceDesc/tei:bibl")[0]
    assert [child.tag.split("}")[1] for child in bibl] == ["author", "title", "date", "ptr"]
    assert xp(bibl, "string(tei:date/@when)") == "2011-09-28T12:24:00"
    assert xp(bibl, "string(tei:date)") == "28 September, 2011 - 12:24"
    assert xp(bibl, "string(tei:ptr/@target)") == "https://example.org/serge"
    app = xp(root, "tei:teiHeader/tei:encodingDesc/tei:appInfo/tei:application")[0]
    assert (app.get("ident"), app.get("version"), app.get("{http://www.w3.org/XML/1998/namespace}id")) == \
        ("tei-toolkit", __version__, "tei-toolkit")
    assert xp(root, "string(tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident)") == "en"
    change = xp(root, "tei:teiHeader/tei:revisionDesc/tei:change")[0]
    assert (change.get("when"), change.get("who")) == (PINNED_DATE, "#tei-toolkit")
    pis = [node.text for node in tree.xpath("/processing-instruction('xml-model')")]
    assert len(pis) == 2 and "tei-toolkit.rng" in pis[0] and "tei-toolkit.sch" in pis[1]


def test_writer_body_follows_the_contract():
    root = _article().tree.getroot()
    div = xp(root, "tei:text/tei:body/tei:div")[0]
    assert div.get("type") == "article"
    assert [child.tag.split("}")[1] for child in div] == ["head", "byline"] + ["p"] * 7
    assert xp(div, "string(tei:byline/tei:docAuthor)") == "Matthew"
    assert xp(div, "string(tei:byline/tei:date/@when)") == "2011-09-28T12:24:00"
    cit = xp(div, "tei:p[3]/tei:cit")[0]
    assert [child.tag.split("}")[1] for child in cit] == ["quote", "bibl"]
    assert xp(cit, "string(tei:bibl)") == "(Serge – Memoirs of a revolutionary)"
    assert xp(cit, "string(tei:bibl/tei:author)") == "Serge"
    assert xp(cit, "string(tei:bibl/tei:title)") == "Memoirs of a revolutionary"
    assert cit.tail == "."
    assert [p.get("{http://www.w3.org/XML/1998/namespace}id") for p in xp(div, "tei:p")] == \
        [f"p{n}" for n in range(1, 8)]


def test_writer_body_keeps_every_character_of_the_article_except_the_reported_boilerplate():
    result = _article()
    source = ARTICLE.read_text(encoding="utf-8")
    for line in result.dropped:
        source = source.replace(line, "")
    assert squash(body_text(result.tree)) == squash(source)
    assert "cookies" not in body_text(result.tree)


def test_writer_gives_the_same_bytes_twice():
    assert serialize(_article().tree) == serialize(_article().tree)


def test_writer_options_override_source_metadata():
    options = ConvertOptions(change_date=PINNED_DATE, title="Serge", author="M. Person",
                             licence="CC0-1.0", language="fr", date="2011-09-29")
    root = _article(options).tree.getroot()
    assert xp(root, "string(//tei:titleStmt/tei:title)") == "Serge"
    assert xp(root, "string(//tei:titleStmt/tei:author)") == "M. Person"
    assert "publicdomain/zero" in xp(root, "string(//tei:licence/@target)")
    assert xp(root, "string(@xml:lang)") == "fr"
    assert xp(root, "string(//tei:language)") == "French"
    assert xp(root, "string(//tei:sourceDesc//tei:date/@when)") == "2011-09-29"


def test_writer_writes_nested_inlines_notes_lists_and_tables():
    note = Inline(style="note", children=(Block("p", (Inline("A note."),)),), attributes=(("place", "foot"),))
    link = Inline(style="ref", target="https://example.org", parts=(Inline("an "), Inline("italic", "italic")))
    document = Document(meta=Meta(title="T", source_file="t.md"), blocks=(
        Block("p", (Inline("See "), link, Inline("bold italic", "bold italic"), note, Inline("."))),
        Block("list", children=(Block("item", (Inline("one"),)), Block("item", (Inline("two"),)))),
        Block("table", children=(Block("row", children=(Block("cell", (Inline("a"),)),)),)),
        Block("pb"),
    ))
    root = write_tei(document, OPTIONS).getroot()
    p = xp(root, "//tei:body//tei:p")[0]
    assert xp(p, "string(tei:ref/@target)") == "https://example.org"
    assert xp(p, "string(tei:ref/tei:hi[@rend='italic'])") == "italic"
    assert xp(p, "string(tei:hi/@rend)") == "bold italic"
    assert xp(p, "string(tei:note[@place='foot']/tei:p)") == "A note."
    assert xp(root, "count(//tei:list/tei:item)") == 2
    assert xp(root, "string(//tei:table/tei:row/tei:cell)") == "a"
    assert xp(root, "count(//tei:body//tei:pb)") == 1
    ids = xp(root, "//tei:body//@xml:id")
    assert len(ids) == len(set(ids)) == 6  # p1 (outer), p2 (in note), n1, i1, i2, c1


@settings(max_examples=60, deadline=None)
@given(plain_texts())
def test_writer_keeps_every_character_of_generated_texts(source):
    result = convert_bytes(source.encode("utf-8"), source="generated.txt", options=OPTIONS)
    body = squash(body_text(result.tree))
    dropped = squash("".join(result.dropped))
    assert body in squash(source)
    assert len(body) + len(dropped) == len(squash(source))


@settings(max_examples=20, deadline=None)
@given(plain_texts())
def test_writer_is_deterministic_on_generated_texts(source):
    data = source.encode("utf-8")
    first = convert_bytes(data, source="g.txt", options=OPTIONS).tree
    assert serialize(first) == serialize(convert_bytes(data, source="g.txt", options=OPTIONS).tree)


def test_read_source_records_the_file_name_and_format():
    document = read_source(ARTICLE.read_bytes(), source=str(ARTICLE))
    assert (document.meta.source_file, document.meta.source_format) == (ARTICLE.name, "text")
    assert dataclasses.replace(document.meta, title="x").title == "x"


@pytest.mark.parametrize("options, message", [
    ({"change_date": "26/11/2026"}, 'bad change date "26/11/2026"; expected YYYY-MM-DD'),
    ({"date": "last Tuesday"}, 'bad date "last Tuesday"; expected ISO 8601'),
    ({"language": "English please"}, 'bad language code "English please"'),
    ({"licence": "WTFPL-9"}, 'unknown licence "WTFPL-9"; expected a URL or one of CC-BY-4.0'),
    ({"doc_id": "1 two"}, 'bad document id "1 two"'),
])
def test_writer_options_refuse_bad_values_with_one_line(options, message):
    with pytest.raises(UsageError) as caught:
        ConvertOptions(**options)
    assert str(caught.value).startswith(message)
