"""The bundled demo site builds and no internal link in it is broken."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from tests.conftest import REPO

BASE = "https://example.org/archive/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _target(out: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel") or (parts.scheme and not url.startswith(BASE)):
        return None
    path = unquote(parts.path)
    if not path.startswith("/archive/"):
        raise AssertionError(f"link outside the base path: {url}")
    rel = path[len("/archive/") :]
    target = out / rel
    return target / "index.html" if rel == "" or rel.endswith("/") else target


def test_demo_has_enough_content() -> None:
    files = [p for p in (REPO / "content").rglob("*") if p.suffix in (".md", ".txt")]
    assert len(files) >= 25
    years = {m.group(1) for p in files if (m := re.search(r"(20\d\d)", p.as_posix()))}
    assert len(years) >= 2


def test_every_internal_link_resolves(demo: Path) -> None:
    pages = sorted(demo.rglob("*.html"))
    assert len(pages) > 100
    broken = []
    for page in pages:
        rel = page.relative_to(demo).as_posix()
        page_url = BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if link.startswith("#"):
                assert link[1:] in parser.ids, f"{rel}: anchor {link} missing"
                continue
            target = _target(demo, urljoin(page_url, link))
            if target is not None and not target.is_file():
                broken.append(f"{rel} -> {link}")
    assert not broken, broken[:20]


def test_every_article_tag_and_entity_is_reachable_from_the_front_page(demo: Path) -> None:
    seen: set[Path] = set()
    queue = [demo / "index.html"]
    while queue:
        page = queue.pop()
        if page in seen or page.suffix != ".html":
            continue
        seen.add(page)
        rel = page.relative_to(demo).as_posix()
        page_url = BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            target = _target(demo, urljoin(page_url, link))
            if target is not None and target.is_file():
                queue.append(target)
    # Redirect pages stand at old entity URLs: addresses to come from, not to link to.
    every = {p for p in demo.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text()}
    unreachable = sorted(p.relative_to(demo).as_posix() for p in every - seen)
    assert not unreachable, unreachable[:20]


def test_sitemap_and_feeds_are_absolute(demo: Path) -> None:
    sitemap = (demo / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all(loc.startswith(BASE) for loc in locs)
    for loc in locs:
        target = _target(demo, loc)
        assert target is not None and target.is_file(), loc
    feed = (demo / "atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") >= 10
    assert (demo / "robots.txt").read_text().strip().endswith(BASE + "sitemap.xml")
