"""Sitemaps past the protocol's 50,000 URLs a file: sitemap.xml becomes an index.

Built in this process (``newsgen.pipeline.build``) so the limit can be lowered to
a few URLs; forked render workers inherit the lowered limit.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.conftest import copy_demo, tree_bytes

from newsgen import pipeline, views

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.org/archive/"


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "site")


def _entries(path: Path, kind: str) -> list[tuple[str, str | None]]:
    """(loc, lastmod) of each <url> or <sitemap> of a sitemap file, in order."""
    root = ET.parse(path).getroot()
    assert root.tag == NS + ("urlset" if kind == "url" else "sitemapindex")
    return [
        (e.findtext(NS + "loc") or "", e.findtext(NS + "lastmod")) for e in root.iter(NS + kind)
    ]


def test_past_the_limit_sitemap_xml_indexes_numbered_sitemaps(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tmp_path / "whole"
    pipeline.build(site, output=whole, search=False, cache=False)
    every = _entries(whole / "sitemap.xml", "url")
    assert len(every) > 20 and not list(whole.glob("sitemap-*.xml"))

    monkeypatch.setattr(views, "SITEMAP_URLS", 7)
    split = tmp_path / "split"
    pipeline.build(site, output=split, search=False, cache=False)
    listed = _entries(split / "sitemap.xml", "sitemap")
    count = -(-len(every) // 7)
    numbered = [(f"{BASE}sitemap-{n}.xml", None) for n in range(1, count + 1)]
    assert listed == [*numbered, (f"{BASE}news-sitemap.xml", None)]  # the index names it too
    parts = [_entries(split / f"sitemap-{n}.xml", "url") for n in range(1, count + 1)]
    assert all(1 <= len(part) <= 7 for part in parts)
    assert [entry for part in parts for entry in part] == every
    assert (split / "robots.txt").read_text().strip().endswith(BASE + "sitemap.xml")
    # Every other file is the same as in the unsplit build.
    others = {p: b for p, b in tree_bytes(split).items() if not p.startswith("sitemap")}
    assert others == {p: b for p, b in tree_bytes(whole).items() if not p.startswith("sitemap")}


def test_split_sitemaps_follow_an_edit_like_a_cold_build(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "SITEMAP_URLS", 7)
    pipeline.build(site, search=False)
    before = {p: b for p, b in tree_bytes(site / "public").items() if p.startswith("sitemap")}
    article = sorted((site / "content").rglob("*.md"))[2]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\ndate: ", "\nupdated: 2026-01-02\ndate: ", 1), "utf-8")
    pipeline.build(site, search=False)
    after = {p: b for p, b in tree_bytes(site / "public").items() if p.startswith("sitemap")}
    assert before.keys() == after.keys() and before != after  # the new lastmod
    cold = tmp_path / "cold"
    pipeline.build(site, output=cold, search=False, cache=False)
    assert tree_bytes(site / "public") == tree_bytes(cold)
    assert len(list(cold.glob("sitemap-*.xml"))) > 2
