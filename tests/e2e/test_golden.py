"""The fixture site, built end to end, matches the committed golden output byte for byte.

After an intended output change: `.venv/bin/python tests/regen_golden.py`, review, commit.
"""

from __future__ import annotations

from pathlib import Path

from tests.regen_golden import GOLDEN, build_fixture


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".newsgen-output"
    }


def test_fixture_site_matches_golden(tmp_path: Path) -> None:
    build_fixture(tmp_path / "out")
    built, golden = _files(tmp_path / "out"), _files(GOLDEN)
    assert sorted(built) == sorted(golden), "regenerate with tests/regen_golden.py if intended"
    changed = [name for name in golden if built[name] != golden[name]]
    assert not changed, f"differs from golden: {changed[:10]}"
