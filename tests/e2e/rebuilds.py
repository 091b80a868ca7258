"""Helpers of the incremental-build tests: build a site, compare with a cold
``--no-cache`` build, look at the output's files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from tests.conftest import run_cli, tree_bytes


def build_site(site: Path, *args: str, env: dict[str, str] | None = None) -> None:
    result = run_cli("--site", str(site), "build", "--no-search", *args, env=env)
    assert result.returncode == 0, result.stderr


def same_as_cold(site: Path, tmp: Path, env: dict[str, str] | None = None) -> None:
    build_site(site, env=env)
    cold = tmp / "cold-output"
    shutil.rmtree(cold, ignore_errors=True)
    build_site(site, "--no-cache", "--output", str(cold), env=env)
    assert tree_bytes(site / "public") == tree_bytes(cold)


def file_inodes(root: Path) -> dict[str, int]:
    """Output path -> inode of every file but the marker (written afresh by every build)."""
    found = {
        p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()
    }
    return {path: ino for path, ino in found.items() if path != ".newsgen-output"}


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def retitle(path: Path, prefix: str, to: Path | None = None) -> None:
    """Put ``prefix`` before the article's front matter title, as valid YAML (a bare
    ``title: Corrected: "..."`` is broken front matter: the article would be left out)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    title = yaml.safe_load(lines[at][len("title: ") :])
    lines[at] = "title: " + json.dumps(prefix + title, ensure_ascii=False)
    (to or path).write_text("\n".join(lines), encoding="utf-8")


def front_matter_article(site: Path) -> Path:
    """A Markdown article with tags, from the middle of the archive."""
    found = [p for p in article_files(site) if p.suffix == ".md" and "\ntags:" in p.read_text()]
    return found[len(found) // 2]


def article_files(site: Path) -> list[Path]:
    return sorted(p for p in (site / "content").rglob("*") if p.suffix in {".md", ".txt"})
