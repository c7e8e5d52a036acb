"""The Nu Html Checker (vnu.jar, the W3C validator) finds no error in the edition.

vnu.jar is not a dependency: point ``VNU_JAR`` at it (for example from the npm package
``vnu-jar``: ``npm pack vnu-jar`` and unpack) and have Java on the PATH to run this test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

JAR = os.environ.get("VNU_JAR", "")


@pytest.mark.skipif(not (JAR and Path(JAR).is_file() and shutil.which("java")),
                    reason="set VNU_JAR to the Nu Html Checker's vnu.jar (and have java) to validate the HTML")
def test_nu_html_checker_finds_no_error(fixture_site: Path, edition_site: Path) -> None:
    pages = sorted(str(p) for site in (fixture_site, edition_site) for p in site.glob("*.html"))
    result = subprocess.run(["java", "-jar", JAR, "--errors-only", "--also-check-svg", *pages],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[:3000]
