"""A new tagger model must change the parse cache key (cache.code_version)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import newsgen

PROBE = "from newsgen.incremental.keys import code_version; print(code_version())"


def _version(src: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={"PYTHONPATH": str(src), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_model_change_changes_the_code_version(tmp_path: Path) -> None:
    package = Path(newsgen.__file__).parent
    copies = []
    for name in ("a", "b"):
        dest = tmp_path / name / "newsgen"
        shutil.copytree(package, dest, ignore=shutil.ignore_patterns("__pycache__"))
        copies.append(dest.parent)
    model = copies[1] / "newsgen" / "entities" / "data" / "tagger.npz"
    model.write_bytes(model.read_bytes() + b"\0")
    assert _version(copies[0]) != _version(copies[1])
