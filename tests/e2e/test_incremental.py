"""The build cache never changes the output: after every kind of edit, a cached
build is byte-identical to a cold ``--no-cache`` build of the same files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import run_cli

DEMO = Path(__file__).resolve().parents[2]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _build(site: Path, *args: str) -> None:
    result = run_cli("--site", str(site), "build", "--no-search", *args)
    assert result.returncode == 0, result.stderr


def _assert_same_as_cold(site: Path, tmp: Path) -> None:
    _build(site)
    cold = tmp / "cold-output"
    shutil.rmtree(cold, ignore_errors=True)
    _build(site, "--no-cache", "--output", str(cold))
    assert _tree(site / "public") == _tree(cold)


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    shutil.copytree(DEMO / "content", root / "content")
    shutil.copy(DEMO / "newsgen.yaml", root / "newsgen.yaml")
    _build(root)  # warm the cache
    return root


def _articles(site: Path) -> list[Path]:
    return sorted(p for p in (site / "content").rglob("*") if p.suffix in {".md", ".txt"})


def test_body_edit(site: Path, tmp_path: Path) -> None:
    article = _articles(site)[3]
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n")
    _assert_same_as_cold(site, tmp_path)


def test_deletion_and_rename(site: Path, tmp_path: Path) -> None:
    first, second = _articles(site)[:2]
    first.unlink()
    second.rename(second.with_name("renamed-" + second.name))
    _assert_same_as_cold(site, tmp_path)


def test_template_change(site: Path, tmp_path: Path) -> None:
    theme = Path(__import__("newsgen").__file__).parent / "theme" / "templates"
    (site / "templates").mkdir()
    text = (theme / "article.html").read_text(encoding="utf-8")
    (site / "templates" / "article.html").write_text(text + "<!-- local edit -->\n")
    _assert_same_as_cold(site, tmp_path)


def test_config_change(site: Path, tmp_path: Path) -> None:
    config = site / "newsgen.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("timezone: Asia/Karachi", "timezone: UTC") + "per_page: 3\n")
    _assert_same_as_cold(site, tmp_path)


def test_no_change_keeps_files_and_mtimes(site: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    _build(site)
    after = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    assert before == after


def test_unchanged_pages_survive_an_edit(site: Path) -> None:
    stamp = {p: p.stat().st_ino for p in (site / "public").rglob("*.html")}
    article = _articles(site)[3]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n")
    _build(site)
    kept = sum(1 for p, ino in stamp.items() if p.exists() and p.stat().st_ino == ino)
    assert kept > len(stamp) // 2  # most pages were hard-linked, not rewritten


def test_corrupt_cache_is_rebuilt(site: Path, tmp_path: Path) -> None:
    db = site / ".newsgen-cache" / "cache.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    for extra in db.parent.glob("cache.sqlite3-*"):
        extra.unlink()
    result = run_cli("--site", str(site), "build", "--no-search")
    assert result.returncode == 0, result.stderr
    assert "cache was discarded" in result.stderr
    _assert_same_as_cold(site, tmp_path)


def test_hand_edited_output_is_rewritten(site: Path) -> None:
    page = next((site / "public").rglob("index.html"))
    original = page.read_bytes()
    page.write_bytes(b"vandalised")
    _build(site)
    assert page.read_bytes() == original
