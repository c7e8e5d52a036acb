"""annotate_tree on the bundled article and on TEI edited elsewhere."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_toolkit.convert import ConvertOptions, convert_file
from tei_toolkit.entities.annotate import AnnotateOptions, annotate_tree, text_blocks
from tei_toolkit.entities.authority import load_registers
from tei_toolkit.entities.engine import Entry, Mention
from tei_toolkit.errors import SourceError
from tei_toolkit.resources import corpus_root, schema_path
from tei_toolkit.xmlio import NS, XML_NS, parse_xml, serialize

ARTICLE = corpus_root() / "sources" / "victor-serge-a-life-in-revolution.txt"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "entities"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
NAMES = "//tei:persName | //tei:placeName | //tei:orgName"
TAG_KIND = {"persName": "person", "placeName": "place", "orgName": "org"}

# Worked out by reading the article (docs/registers.md lists every mention), not from program output.
# Serge: title 1; "Victor Serge lived", "parents Serge" 2; "As Serge himself", "(Serge –" 2;
# paragraph "Yet aside…" 6; "Serge was a revolutionary…" 4; "This experience…" 2; "Whatever his agonies…" 3.
EXPECTED = {
    "victor-serge": 20, "leon-trotsky": 2, "joseph-stalin": 1, "suzi-weissman": 1,
    "richard-greeman": 1, "elsa-poretsky": 1, "ignace-reiss": 1, "natalya-sedova": 1,
    "karl-radek": 1, "george-orwell": 1, "craig-raine": 1, "boris-pasternak": 1,
    "belgium": 1, "france": 2, "russia": 1, "spain": 1, "orenburg": 1, "mexico-city": 1,
    "moscow": 1, "leningrad": 1, "kronstadt": 3, "soviet-union": 3,
    "bonnot-gang": 1, "comintern": 1, "left-opposition": 3, "nkvd": 2, "kgb": 1, "cheka": 2, "poum": 1,
}
DERIVED = ["Stalinist", "Stalinism", "Trotskyism", "Trotskyist", "Oppositionists", "Spanish", "German",
           "Russian", "Soviet writers", "Bolshevism", "Bolsheviks", "Mensheviks", "Nazism"]


@pytest.fixture(scope="module")
def registers():
    return load_registers(corpus_root() / "authority")


@pytest.fixture(scope="module")
def options(registers):
    return AnnotateOptions(registers=registers, change_date="2026-01-01")


@pytest.fixture(scope="module")
def article():
    return convert_file(ARTICLE, ConvertOptions(change_date="2026-01-01")).tree


@pytest.fixture(scope="module")
def annotated(article, options):
    tree = parse_xml(serialize(article), source="article")
    report = annotate_tree(tree, options)
    return tree, report


def body_text(tree) -> str:
    return "".join(tree.getroot().find("tei:text", NS).itertext())


def names(tree) -> list[etree._Element]:
    return tree.xpath(NAMES, namespaces=NS)


def in_text(tree) -> list[etree._Element]:
    return [e for e in names(tree) if e.xpath("ancestor::tei:text", namespaces=NS)]


# --- the bundled article --------------------------------------------------------------------------


def test_annotate_article_mention_counts_per_entry_match_a_reading_of_the_text(annotated):
    tree, report = annotated
    counted = Counter(e.get("ref")[1:] for e in in_text(tree))
    assert dict(counted) == EXPECTED
    assert dict(report.per_entry) == EXPECTED
    assert dict(report.per_kind) == {"person": 32, "place": 15, "org": 11}


def test_annotate_article_marks_each_kind_with_the_right_element(annotated, registers):
    tree, _ = annotated
    for element in in_text(tree):
        entry = registers.get(element.get("ref")[1:])
        assert TAG_KIND[etree.QName(element).localname] == entry.kind
        assert re.sub(r"\s+", " ", "".join(element.itertext())) in entry.names + tuple(
            name[:1].upper() + name[1:] for name in entry.names)
        assert element.get("resp") == "#tei-toolkit" and element.get("cert") == "high"


def test_annotate_article_never_marks_derived_words(annotated):
    tree, _ = annotated
    surfaces = {"".join(e.itertext()) for e in in_text(tree)}
    for word in DERIVED:
        assert not any(word in surface for surface in surfaces), word
    # and every occurrence of a derived word sits outside any name element
    for block in text_blocks(tree.getroot()):
        for node in block.xpath(".//text()"):
            if any(word in node for word in ("Stalinis", "Trotskyis", "Oppositionists")):
                owner = node.getparent().getparent() if node.is_tail else node.getparent()
                assert not owner.xpath("ancestor-or-self::tei:persName | ancestor-or-self::tei:orgName"
                                                  " | ancestor-or-self::tei:placeName", namespaces=NS)


def test_annotate_article_possessive_clitic_stays_outside(annotated):
    tree, _ = annotated
    trotsky = [e for e in in_text(tree) if e.get("ref") == "#leon-trotsky"]
    assert [("".join(e.itertext()), (e.tail or "")[:2]) for e in trotsky] == [("Trotsky", " s"), ("Trotsky", "’s")]


def test_annotate_article_text_is_unchanged(article, annotated):
    tree, _ = annotated
    assert body_text(tree) == body_text(article)


def test_annotate_article_existing_markup_is_kept(article, annotated):
    tree, _ = annotated
    for name in ("cit", "quote", "bibl", "author", "title", "head", "byline", "docAuthor", "date"):
        before = article.xpath(f"//tei:text//tei:{name}", namespaces=NS)
        after = tree.xpath(f"//tei:text//tei:{name}", namespaces=NS)
        assert ["".join(e.itertext()) for e in after] == ["".join(e.itertext()) for e in before], name
    author = tree.xpath("//tei:bibl/tei:author/tei:persName", namespaces=NS)
    assert [e.get("ref") for e in author] == ["#victor-serge"]


def test_annotate_article_standoff_has_exactly_the_entries_used(annotated, registers):
    tree, report = annotated
    ids = tree.xpath("/tei:TEI/tei:standOff//*[self::tei:person or self::tei:place or self::tei:org]/@xml:id",
                     namespaces=NS)
    assert sorted(ids) == sorted(EXPECTED) == sorted(report.entries)
    wikidata = tree.xpath("//tei:person[@xml:id='leon-trotsky']/tei:idno[@type='wikidata']", namespaces=NS)
    assert [e.text for e in wikidata] == ["Q33391"]
    geo = tree.xpath("//tei:place[@xml:id='mexico-city']/tei:location/tei:geo", namespaces=NS)
    assert [e.text for e in geo] == ["19.42847 -99.12766"]


def test_annotate_article_resp_points_at_the_application_and_change_is_recorded(annotated):
    tree, _ = annotated
    assert tree.xpath("//tei:appInfo/tei:application/@xml:id", namespaces=NS) == ["tei-toolkit"]
    changes = tree.xpath("//tei:revisionDesc/tei:change", namespaces=NS)
    assert changes[-1].get("when") == "2026-01-01" and "58" in changes[-1].text


def test_annotate_twice_changes_nothing(annotated, options):
    tree, _ = annotated
    first = serialize(tree)
    again = parse_xml(first, source="again")
    report = annotate_tree(again, options)
    assert report.mentions == 0 and report.skipped == ()
    assert serialize(again) == first


def test_annotate_same_input_gives_same_bytes(article, options):
    outputs = []
    for _ in range(2):
        tree = parse_xml(serialize(article), source="article")
        annotate_tree(tree, options)
        outputs.append(serialize(tree))
    assert outputs[0] == outputs[1]


SCHEMAS = {"tei_all": SHARED / "tei-schemas" / "tei_all.rng",
           "project": schema_path("tei-toolkit.rng")}


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_annotate_outputs_are_valid(annotated, tmp_path, schema):
    if not SCHEMAS[schema].exists():
        pytest.skip(f"{SCHEMAS[schema]} not present")
    tree, _ = annotated
    path = tmp_path / "article.xml"
    path.write_bytes(serialize(tree))
    foreign = tmp_path / "foreign.xml"
    foreign_tree = parse_xml((FIXTURES / "foreign.xml").read_bytes(), source="foreign.xml")
    annotate_tree(foreign_tree, AnnotateOptions(registers=load_registers(corpus_root() / "authority")))
    foreign.write_bytes(serialize(foreign_tree))
    pyjing = Path(sys.executable).parent / "pyjing"
    result = subprocess.run([str(pyjing), str(SCHEMAS[schema]), str(path), str(foreign)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr


# --- TEI edited elsewhere ---------------------------------------------------------------------------


@pytest.fixture()
def foreign(options):
    before = parse_xml((FIXTURES / "foreign.xml").read_bytes(), source="foreign.xml")
    tree = parse_xml((FIXTURES / "foreign.xml").read_bytes(), source="foreign.xml")
    report = annotate_tree(tree, options)
    return before, tree, report


def test_annotate_foreign_keeps_existing_markup_and_attributes(foreign):
    before, tree, _ = foreign
    assert body_text(tree) == body_text(before)
    for name in ("rs", "hi", "note", "lb", "date", "title", "persName[not(@resp)]",
                 "placeName[not(@resp)]", "orgName[not(@resp)]", "teiHeader"):
        path = f"/tei:TEI/tei:text//tei:{name}" if name != "teiHeader" else "//tei:sourceDesc"
        old = [(etree.QName(e).localname, dict(e.attrib), "".join(e.itertext()))
               for e in before.xpath(path, namespaces=NS)]
        new = [(etree.QName(e).localname, dict(e.attrib), "".join(e.itertext()))
               for e in tree.xpath(path, namespaces=NS)]
        assert new == old, path


def test_annotate_foreign_marks_what_it_may_and_leaves_the_rest(foreign):
    _, tree, report = foreign
    made = [("".join(e.itertext()).split()[0], e.get("ref"), etree.QName(e.getparent()).localname)
            for e in tree.xpath("//tei:text//*[@resp='#tei-toolkit']", namespaces=NS)]
    assert made == [
        ("Mexico", "#mexico-city", "hi"),          # head: inside the existing hi
        ("Trotsky", "#leon-trotsky", "p"),          # possessive, clitic outside
        ("Sedova", "#natalya-sedova", "note"),      # the note is its own text block
        ("Mexico", "#mexico-city", "note"),
        ("NKVD", "#nkvd", "hi"),
        ("POUM", "#poum", "p"), ("Moscow", "#moscow", "p"), ("Leningrad", "#leningrad", "p"),
        ("Orenburg", "#orenburg", "item"),
        ("Mexico", "#mexico-city", "p"),            # wraps "Mexico <hi>City</hi>"
    ]
    reasons = Counter(reason.split(" <")[0] for _, _, reason in report.skipped)
    assert reasons == {"inside existing": 1,           # Natalya Sedova inside rs
                       "inside an existing": 1,        # Comintern inside orgName
                       "span crosses the boundary of": 1}  # <hi>in Mexico</hi> City


def test_annotate_foreign_never_nests_same_kind(foreign):
    _, tree, _ = foreign
    for tag in ("persName", "placeName", "orgName"):
        assert tree.xpath(f"//tei:{tag}//tei:{tag}", namespaces=NS) == []


def test_annotate_foreign_does_not_mark_names_inside_titles_or_the_header(foreign):
    _, tree, _ = foreign
    assert tree.xpath("//tei:title//tei:persName | //tei:teiHeader//*[@resp]", namespaces=NS) == []


def test_annotate_foreign_standoff_skips_ids_defined_in_the_document(foreign):
    _, tree, report = foreign
    ids = tree.xpath("/tei:TEI/tei:standOff//@xml:id", namespaces=NS)
    assert sorted(ids) == ["leningrad", "leon-trotsky", "mexico-city", "moscow", "natalya-sedova", "nkvd",
                           "orenburg", "poum"]
    assert "vs" not in ids and report.unresolved == ()


def test_annotate_foreign_gets_application_and_revision_desc(foreign):
    _, tree, _ = foreign
    assert tree.xpath("//tei:encodingDesc/tei:appInfo/tei:application[@xml:id='tei-toolkit']/tei:label",
                      namespaces=NS)
    header = tree.getroot().find("tei:teiHeader", NS)
    assert [etree.QName(e).localname for e in header] == ["fileDesc", "encodingDesc", "profileDesc",
                                                          "revisionDesc"]
    assert tree.xpath("//tei:revisionDesc/tei:change/@who", namespaces=NS) == ["#tei-toolkit"]


# --- extra engines --------------------------------------------------------------------------------


class WordEngine:
    """A tiny real Engine: every occurrence of fixed words, with proposed entries (like discovery)."""

    name = "words"

    def __init__(self, words: dict[str, tuple[str, str]]) -> None:
        self.words = words

    def find(self, text: str) -> list[Mention]:
        out = []
        for word, (kind, ref) in self.words.items():
            for match in re.finditer(re.escape(word), text):
                out.append(Mention(match.start(), match.end(), kind, ref, "low"))
        return out

    def entries(self) -> list[Entry]:
        return [Entry(ref, kind, word, (word,), resp="#tei-toolkit", cert="low")
                for word, (kind, ref) in self.words.items()]


def _tei(body: str) -> etree._ElementTree:
    return parse_xml(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>
</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><body>{body}</body></text></TEI>""".encode(), source="test")


def test_annotate_engine_never_overrides_register_or_existing_markup(options):
    tree = _tei("<p>Victor Serge met Vlady and <persName>Laurette</persName> in Mexico City.</p>")
    engine = WordEngine({"Victor": ("person", "victor"), "Vlady": ("person", "vlady"),
                         "Laurette": ("person", "laurette"), "Mexico": ("place", "mexico"),
                         "Nobody": ("person", "nobody")})
    report = annotate_tree(tree, options, engines=[engine])
    marked = {"".join(e.itertext()): (e.get("ref"), e.get("cert")) for e in names(tree)
              if e.xpath("ancestor::tei:text", namespaces=NS)}
    assert marked == {"Victor Serge": ("#victor-serge", "high"), "Vlady": ("#vlady", "low"),
                      "Laurette": (None, None), "Mexico City": ("#mexico-city", "high")}
    standoff = tree.xpath("//tei:standOff//tei:person", namespaces=NS)
    assert [(p.get(f"{{{XML_NS}}}id"), p.get("resp"), p.get("cert")) for p in standoff] == [
        ("victor-serge", None, None), ("vlady", "#tei-toolkit", "low")]
    assert report.per_entry == {"mexico-city": 1, "victor-serge": 1, "vlady": 1}


def test_annotate_keeps_other_standoff_content_and_stale_entries_go(options):
    tree = _tei("<p>Serge</p>")
    root = tree.getroot()
    standoff = etree.SubElement(root, "{http://www.tei-c.org/ns/1.0}standOff")
    etree.SubElement(standoff, "{http://www.tei-c.org/ns/1.0}listBibl")
    old = etree.SubElement(standoff, "{http://www.tei-c.org/ns/1.0}listPerson")
    etree.SubElement(old, "{http://www.tei-c.org/ns/1.0}person", {f"{{{XML_NS}}}id": "unused"})
    annotate_tree(tree, options)
    children = [etree.QName(e).localname for e in root.find("tei:standOff", NS)]
    assert children == ["listBibl", "listPerson"]
    assert tree.xpath("//tei:standOff//tei:person/@xml:id", namespaces=NS) == ["victor-serge"]


def test_annotate_without_registers_or_engines_changes_nothing():
    tree = _tei("<p>Victor Serge</p>")
    before = serialize(tree)
    report = annotate_tree(tree, AnnotateOptions())
    assert report.mentions == 0 and serialize(tree) == before


def test_annotate_refuses_a_document_that_is_not_tei(options):
    tree = parse_xml(b"<doc><p>Serge</p></doc>", source="doc.xml")
    with pytest.raises(SourceError, match="expected <TEI>"):
        annotate_tree(tree, options)


# --- property: any body, annotation keeps the text and never nests a kind in itself ----------------

PIECES = st.sampled_from([
    "Victor Serge", "Serge", "Trotsky’s", "Stalinist", "Trotskyism", "Mexico City", "Mexico", "City",
    "the left opposition", "USSR", "NKVD", " ", ", ", "\n  ", "and", "Kronstadt rebellion",
])
INLINE = st.sampled_from(["hi", "persName", "placeName", "rs", "note", "title", "quote"])


@st.composite
def paragraph(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        if depth < 2 and draw(st.booleans()):
            tag = draw(INLINE)
            parts.append(f"<{tag}>{draw(paragraph(depth + 1))}</{tag}>")
        else:
            parts.append(draw(PIECES))
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(st.lists(paragraph(), min_size=1, max_size=3))
def test_annotate_never_changes_body_text_nor_nests_same_kind(options, paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    tree = _tei(body)
    before = body_text(tree)
    nested_before = {tag: len(tree.xpath(f"//tei:{tag}//tei:{tag}", namespaces=NS))
                     for tag in ("persName", "placeName")}
    annotate_tree(tree, options)
    assert body_text(tree) == before
    for tag, count in nested_before.items():
        assert len(tree.xpath(f"//tei:{tag}//tei:{tag}", namespaces=NS)) == count
    for element in tree.xpath("//tei:text//*[@resp]", namespaces=NS):
        assert not element.xpath("ancestor::tei:title", namespaces=NS)
        surface = re.sub(r"\s+", " ", "".join(element.itertext()))
        assert surface in {"Victor Serge", "Serge", "Trotsky", "Mexico City", "left opposition", "USSR",
                           "NKVD", "Kronstadt"}, surface


def test_annotate_refuses_a_tei_document_without_header_before_changing_it(options):
    tree = parse_xml(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>Serge</p></body></text></TEI>',
                     source="headless.xml")
    before = serialize(tree)
    with pytest.raises(SourceError, match="headless.xml:1: document has no <teiHeader>"):
        annotate_tree(tree, options)
    assert serialize(tree) == before


def test_annotate_engine_mentions_of_derived_words_are_dropped(options):
    tree = _tei("<p>Stalinism and Trotskyists in Russian exile; Franceschini came.</p>")
    engine = WordEngine({"Stalinism": ("person", "s"), "Trotskyists": ("org", "t"), "Russian": ("place", "r"),
                         "Franceschini": ("person", "f")})
    report = annotate_tree(tree, options, engines=[engine])
    assert report.per_entry == {"f": 1}


def test_annotate_appends_the_change_to_an_existing_list_change(options):
    tree = parse_xml(b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>
</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>
<revisionDesc><listChange><change when="2001-01-01">made</change></listChange></revisionDesc></teiHeader>
<text><body><p>Orenburg</p></body></text></TEI>""", source="t.xml")
    annotate_tree(tree, options)
    changes = tree.xpath("//tei:revisionDesc/tei:listChange/tei:change/@when", namespaces=NS)
    assert changes == ["2001-01-01", "2026-01-01"]


def test_annotate_refuses_a_ref_whose_id_names_another_element():
    """A div with xml:id="victor-serge" must not become the target of a persName @ref."""
    from tei_toolkit.entities.authority import load_registers
    from tei_toolkit.resources import corpus_root

    tree = etree.ElementTree(etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>'
        '<div xml:id="victor-serge"><p>Victor Serge met Trotsky.</p></div></body></text></TEI>'))
    report = annotate_tree(tree, AnnotateOptions(registers=load_registers(corpus_root() / "authority"),
                                                 change_date="2026-01-01"))
    refs = tree.xpath("//tei:persName/@ref", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    assert refs == ["#leon-trotsky"]
    assert [(surface, reason.split(";")[0]) for _, surface, reason in report.skipped] == [
        ("Victor Serge", 'xml:id "victor-serge" already names a <div> here')]
