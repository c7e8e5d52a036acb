"""The docs/ example loads the tables and saves its two plots as PNG."""

from __future__ import annotations

import subprocess
import sys

from export_helpers import FIXTURES, ROOT


def test_notebook_example_saves_two_pngs(tmp_path):
    corpus = ROOT / "corpus" / "tei"
    tei = [str(corpus)] if list(corpus.glob("*.xml")) else [str(FIXTURES / "serge-letters.xml")]
    result = subprocess.run([sys.executable, str(ROOT / "docs" / "notebook_example.py"),
                             "--tei", *tei, "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    for name in ("mentions_per_person.png", "network.png"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000
