"""The edition in a real browser: headless Debian chromium driven by Playwright, served over HTTP."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")
if not Path(CHROMIUM).is_file():
    pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="module")
def server(edition_site: Path) -> Iterator[str]:
    """The edition served on 127.0.0.1 at a free port, for as long as the module's tests run."""
    handler = functools.partial(_QuietHandler, directory=str(edition_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    """A fresh page that records console errors and page errors; the test fails on any."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("requestfailed", lambda request: errors.append(f"request failed: {request.url}")
           if request.failure != "net::ERR_ABORTED" else None)
    tab.errors = errors
    yield tab
    context.close()
    assert errors == []


def first_document(site: Path) -> str:
    """The first document page listed in the index."""
    from lxml import etree
    root = etree.fromstring((site / "index.html").read_bytes(), etree.XMLParser(no_network=True))
    return root.xpath("//table[contains(@class, 'documents')]//td[1]/a/@href")[0]


def test_clicking_an_entity_lands_on_its_register_entry(page, server: str, edition_site: Path) -> None:
    page.goto(f"{server}/{first_document(edition_site)}")
    link = page.locator("main a.entity.person").first
    label = link.get_attribute("data-label")
    href = link.get_attribute("href")
    link.focus()
    tooltip = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert label and label in tooltip
    link.click()
    page.wait_for_url(f"**/{href}")
    target = page.locator(":target")
    assert target.get_attribute("id") == href.split("#")[1]
    assert target.locator("h2").inner_text() == label


def test_a_mention_in_a_register_leads_back_to_its_paragraph(page, server: str) -> None:
    page.goto(f"{server}/persons.html")
    back = page.locator("ul.mentions li li a").first
    href = back.get_attribute("href")
    back.click()
    page.wait_for_url(f"**/{href}")
    paragraph = page.locator(":target")
    assert paragraph.get_attribute("id") == href.split("#")[1]
    assert paragraph.is_visible()


def test_search_finds_a_passage_and_an_entity(page, server: str) -> None:
    page.goto(f"{server}/search.html")
    page.fill("#tt-q", "Serge")
    page.keyboard.press("Enter")
    results = page.locator("#tt-search-results li")
    results.first.wait_for()
    texts = results.all_inner_texts()
    assert any(text.startswith("Victor Serge") and "person" in text for text in texts)
    assert any("¶" in text and "Serge" in text for text in texts)
    assert "document" in page.locator("#tt-search-status").inner_text()
    assert "q=Serge" in page.url
    hit = page.locator("#tt-search-results li a[href^='persons.html']", has_text="Victor Serge").first
    href = hit.get_attribute("href")
    hit.click()
    page.wait_for_url(f"**/{href}")
    assert page.locator(":target h2").inner_text() == "Victor Serge"


def test_map_shows_one_marker_per_place_with_coordinates(page, server: str, edition_site: Path) -> None:
    import json
    data = json.loads((edition_site / "search-index.json").read_text(encoding="utf-8"))
    from lxml import etree
    places = etree.fromstring((edition_site / "places.html").read_bytes())
    with_coordinates = places.xpath("//article[.//dt = 'Coordinates']/@id")
    page.goto(f"{server}/map.html")
    markers = page.locator("svg.map circle.marker")
    assert markers.count() == len(with_coordinates) > 0
    assert sorted(markers.evaluate_all("ms => ms.map(m => m.dataset.id)")) == sorted(with_coordinates)
    box = markers.first.bounding_box()
    assert box and box["width"] > 2
    assert any(e["kind"] == "place" for e in data["entities"])


def test_suggestion_toggle_and_keyboard_navigation(page, server: str, edition_site: Path) -> None:
    page.goto(f"{server}/{first_document(edition_site)}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    toggle = page.locator("#tt-suggestions")
    if toggle.count():
        toggle.uncheck()
        assert "hide-suggestions" in page.locator("body").get_attribute("class")
        toggle.check()
        assert "show-suggestions" in page.locator("body").get_attribute("class")


def test_sorting_the_index_and_saving_screenshots(page, server: str, edition_site: Path,
                                                  tmp_path: Path) -> None:
    page.goto(f"{server}/index.html")
    page.locator("th button", has_text="Words").click()
    assert page.locator("th[aria-sort='ascending']").count() == 1
    page.goto(f"{server}/{first_document(edition_site)}")
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "document-phone.png"))
    page.goto(f"{server}/map.html")
    page.screenshot(path=str(tmp_path / "map.png"))
    for name in ("document.png", "document-phone.png", "map.png"):
        assert (tmp_path / name).stat().st_size > 10_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_browser_parses_every_page_into_the_tree_the_xslt_wrote(page, server: str, edition_site: Path) -> None:
    """An HTML5 parser repairs invalid nesting (a div in a p, a link in a link) by moving or
    adding elements; the same element count in the browser as in the XML tree means it did not."""
    from lxml import etree
    for path in sorted(edition_site.glob("*.html")):
        root = etree.fromstring(path.read_bytes(), etree.XMLParser(no_network=True))
        expected = sum(1 for element in root.iter() if isinstance(element.tag, str)
                       and not any(a.tag == "noscript" for a in element.iterancestors()))
        page.goto(f"{server}/{path.name}")
        assert page.evaluate("document.getElementsByTagName('*').length") == expected, path.name


def _png(width: int = 256, height: int = 256) -> bytes:
    """A plain light PNG tile, made here (no tile server is reachable from the tests)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xee\xea\xdd" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def tiled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tei_toolkit.render import RenderOptions, render_edition

    from .conftest import FIXTURES
    out = tmp_path_factory.mktemp("tiled-site")
    render_edition([FIXTURES / "tei"], out, RenderOptions(registers=FIXTURES / "authority",
                                                          tile_url="tiles/{z}/{x}/{y}.png",
                                                          tile_attribution="test tiles"))
    return out


def test_tiled_map_replaces_the_svg_when_tiles_load_and_keeps_it_when_they_fail(
        browser, tiled_site: Path, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.route("**/tiles/**", lambda route: route.fulfill(status=200, content_type="image/png", body=_png()))
    tab.goto((tiled_site / "map.html").as_uri())
    tab.locator(".leaflet-tile-loaded").first.wait_for()
    assert tab.locator("#tt-tiles path.leaflet-interactive").count() == tab.locator("svg.map circle.marker").count() == 5
    assert not tab.locator("svg.map").is_visible()
    tab.screenshot(path=str(tmp_path / "tiled-map.png"))
    offline = context.new_page()
    offline.route("**/tiles/**", lambda route: route.abort())
    offline.goto((tiled_site / "map.html").as_uri())
    offline.wait_for_function("!document.getElementById('tt-tiles')")
    assert offline.locator("svg.map").is_visible()
    context.close()
    assert errors == []


def test_register_filter_shows_only_matching_entries(page, server: str, edition_site: Path) -> None:
    from lxml import etree
    places = etree.fromstring((edition_site / "places.html").read_bytes())
    first = places.xpath("//article[@class='entry']")[0]
    label = first.findtext("h2")
    page.goto(f"{server}/places.html")
    page.fill("#tt-filter", label)
    visible = page.locator("article.entry:visible")
    assert visible.count() >= 1
    assert all(label.lower() in text.lower() for text in visible.locator("h2").all_inner_texts())
    assert page.locator(f"#{first.get('id')}").is_visible()
    page.fill("#tt-filter", "zzzz-no-such-name")
    assert page.locator("article.entry:visible").count() == 0


def test_print_layout_drops_navigation_and_keeps_the_text(page, server: str, edition_site: Path) -> None:
    page.goto(f"{server}/{first_document(edition_site)}")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert page.locator("div.text p").first.is_visible()
    entity = page.locator("a.entity").first
    assert entity.evaluate("a => getComputedStyle(a).borderBottomStyle") == "none"
