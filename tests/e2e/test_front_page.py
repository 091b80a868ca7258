"""The front page through `newsgen build`: which story leads, titles, ALL-CAPS headlines."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SiteFactory, run_cli


def _article(title: str, date: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\nA paragraph of text.\n"


def _lead(out: Path) -> str:
    html = (out / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<h2 class="lead-title"><a href="[^"]*">([^<]*)</a>', html)
    assert found, html
    return found.group(1)


def test_featured_story_leads_then_the_newest(make_site: SiteFactory) -> None:
    files = {
        f"content/a{n}.md": _article(f"Story number {n}", f"2024-03-{n:02d}") for n in range(1, 6)
    }
    files["content/a2.md"] = _article("An older featured story", "2024-03-02", "featured: true\n")
    root = make_site(files)
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    out = root / "public"
    assert _lead(out) == "An older featured story"
    front = (out / "index.html").read_text(encoding="utf-8")
    assert front.count("An older featured story") == 1  # leads, not again in the grid
    assert "<title>Test Times</title>" in front
    # No longer featured: the newest leads (a rebuild with the cache).
    (root / "content/a2.md").write_text(_article("An older featured story", "2024-03-02"))
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    assert _lead(out) == "Story number 5"


def test_bad_featured_value_is_one_line_and_the_rest_builds(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/good.md": _article("Good story", "2024-03-01"),
            "content/bad.md": _article("Bad story", "2024-03-02", "featured: perhaps\n"),
        }
    )
    result = run_cli("--site", str(root), "build")
    assert "Traceback" not in result.stderr
    line = next(x for x in result.stderr.splitlines() if "featured" in x)
    assert "content/bad.md" in line and "true or false" in line
    assert _lead(root / "public") == "Good story"


def test_shouted_headline_is_title_cased_on_pages_but_not_in_feeds(
    make_site: SiteFactory,
) -> None:
    text = 'KARACHI PORT HANDLES RECORD CARGO\n\nKARACHI: It "did" -- twice.\n'
    root = make_site({"content/a.txt": text})
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    out = root / "public"
    assert _lead(out) == "Karachi Port Handles Record Cargo"
    front = (out / "index.html").read_text(encoding="utf-8")
    assert "It “did” – twice." in front  # the summary's quotes as the body's
    article = next(out.glob("*/*/*/index.html")).read_text(encoding="utf-8")
    assert '<h1 class="headline">Karachi Port Handles Record Cargo</h1>' in article
    assert "<title>Karachi Port Handles Record Cargo · Test Times</title>" in article
    assert "It “did” – twice.</p>" in article
    feed = (out / "atom.xml").read_text(encoding="utf-8")
    assert "KARACHI PORT HANDLES RECORD CARGO" in feed  # feeds keep the original
