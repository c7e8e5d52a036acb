"""The same article as .txt, .md, .html and .docx gives the same body text, structure and entities."""

from __future__ import annotations

import html as html_escape
from pathlib import Path

import pytest

from tei_toolkit.convert import ConvertOptions, convert_file
from tei_toolkit.xmlio import normalize_space

from convert_fixtures import make_article_docx
from convert_helpers import ARTICLE, PINNED_DATE, ROOT, body_text, squash, xp

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Commune</title>
<meta property="og:title" content="{title}"><meta name="author" content="Matthew"></head>
<body><div class="cookie-banner">This website uses cookies, you can find out more and set your preferences here.</div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/about">About us</a></li></ul></nav></header>
<main><article><h1>{title}</h1><p class="submitted">{byline}</p>
<div class="field-body">{paragraphs}</div></article>
<section class="comments"><h2>Comments</h2><p>Nice article, comrade.</p><h3>Add new comment</h3><form><textarea></textarea></form></section></main>
<footer><p>By continuing to use this website, you agree to our Privacy Policy and Terms &amp; Conditions.</p></footer>
</body></html>
"""


def _article_parts() -> tuple[str, str, list[str]]:
    lines = [line for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    title, byline, *rest = lines
    return title, byline, rest[:-3]  # the last three lines are the page's boilerplate


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    title, byline, paragraphs = _article_parts()
    markdown = folder / "article.md"
    markdown.write_text(f"# {title}\n\n{byline}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    page = folder / "article.html"
    page.write_text(PAGE.format(title=html_escape.escape(title), byline=html_escape.escape(byline),
                                paragraphs="\n".join(f"<p>{html_escape.escape(p)}</p>" for p in paragraphs)),
                    encoding="utf-8")
    word = make_article_docx(folder / "article.docx", title, [byline, *paragraphs])
    return {"txt": ARTICLE, "md": markdown, "html": page, "docx": word}


@pytest.fixture(scope="module")
def trees(sources):
    return {fmt: convert_file(path, ConvertOptions(change_date=PINNED_DATE)).tree for fmt, path in sources.items()}


def _shape(tree) -> list[tuple[str, str]]:
    article = xp(tree, "//tei:body/tei:div[@type='article']")[0]
    return [(child.tag.split("}")[1], normalize_space("".join(child.itertext()))) for child in article]


def test_formats_give_the_same_body_text(trees):
    texts = {fmt: squash(body_text(tree)) for fmt, tree in trees.items()}
    assert texts["md"] == texts["txt"]
    assert texts["html"] == texts["txt"]
    assert texts["docx"] == texts["txt"]


def test_formats_give_the_same_block_structure_and_quotation(trees):
    expected = _shape(trees["txt"])
    assert [kind for kind, _ in expected] == ["head", "byline"] + ["p"] * 7
    for fmt in ("md", "html", "docx"):
        assert _shape(trees[fmt]) == expected, fmt
        assert xp(trees[fmt], "string(//tei:cit/tei:bibl/tei:title)") == "Memoirs of a revolutionary", fmt
        assert xp(trees[fmt], "string(//tei:byline/tei:date/@when)") == "2011-09-28T12:24:00", fmt


def test_formats_give_the_same_entity_markup(trees):
    authority = ROOT / "corpus" / "authority"
    annotate = pytest.importorskip("tei_toolkit.entities.annotate")
    registers = pytest.importorskip("tei_toolkit.entities.authority").load_registers(authority)
    marked = {}
    for fmt, tree in trees.items():
        annotate.annotate_tree(tree, annotate.AnnotateOptions(registers=registers, change_date=PINNED_DATE))
        marked[fmt] = [(element.tag.split("}")[1], element.get("ref"), element.text) for element in
                       xp(tree, "//tei:body//*[self::tei:persName or self::tei:placeName or self::tei:orgName]")]
    assert len(marked["txt"]) > 20
    for fmt in ("md", "html", "docx"):
        assert marked[fmt] == marked["txt"], fmt


def test_formats_convert_to_the_same_bytes_twice(sources):
    from tei_toolkit.xmlio import serialize

    options = ConvertOptions(change_date=PINNED_DATE)
    for fmt, path in sources.items():
        assert serialize(convert_file(path, options).tree) == serialize(convert_file(path, options).tree), fmt
