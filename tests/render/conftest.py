"""Shared fixtures: the small render fixture edition, rendered once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_toolkit.render import RenderOptions, render_edition

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "render"
SAMPLES = ROOT.parent / "shared" / "tei-samples"
BUNDLED = ROOT / "corpus" / "tei"


def bundled_corpus() -> list[Path]:
    """The bundled corpus TEI when the pipeline has produced it, else nothing."""
    return sorted(BUNDLED.glob("*.xml")) if BUNDLED.is_dir() else []


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture edition (a letter with standOff and a hostile document) with registers."""
    out = tmp_path_factory.mktemp("fixture-site")
    render_edition([FIXTURES / "tei"], out, RenderOptions(registers=FIXTURES / "authority",
                                                          site_title="Fixture edition"))
    return out


@pytest.fixture(scope="session")
def edition_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus edition when it exists, else the fixture edition: what the browser tests open."""
    out = tmp_path_factory.mktemp("edition-site")
    documents = bundled_corpus()
    if documents:
        render_edition(documents, out, RenderOptions(registers=ROOT / "corpus" / "authority"))
    else:
        render_edition([FIXTURES / "tei" / "serge-letter.xml"], out,
                       RenderOptions(registers=FIXTURES / "authority"))
    return out
