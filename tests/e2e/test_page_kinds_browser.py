"""Issue 16's browser checks on every page kind of the demo site, in Chromium at a
desktop's 1280 px and a phone's 390 px, served over HTTP under its base path
/archive/: nothing overflows sideways, every image has srcset, width and height,
the lead is wider than the grid on a desktop, zero axe violations and zero console
errors. Then a site with fifteen long section names: its navigation on a phone.

One build of the demo (the session's ``demo`` fixture) and one server serve all
of them.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from tests.conftest import run_cli

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

WIDTHS = [1280, 390]
# page kind -> its address under the base path, and whether it must show an image.
KINDS: dict[str, tuple[str, bool]] = {
    "front": ("", True),
    "section": ("sections/transport/", True),
    "article-with-image": (
        "2026/05/keamari-ferry-terminal-crosses-one-million-passengers-in-first-hundred-days/",
        True,
    ),
    "person": ("entities/people/imran-sheikh/", True),
    "organization": ("entities/organizations/indus-valley-university/", True),
    "place": ("entities/places/keamari/", True),
    "tag": ("tags/ports/", True),
    "date-archive": ("2025/", True),
    "search": ("search/?q=harbour", False),
    "404": ("404.html", False),
}

# Elements whose right edge is past the window, outside any box that scrolls or
# clips sideways (the phone's one-row section navigation scrolls on its own).
OVERFLOWING = """() => [...document.querySelectorAll('body *')].filter(e => {
  if (e.getBoundingClientRect().right <= window.innerWidth + 1) return false;
  for (let p = e.parentElement; p; p = p.parentElement) {
    if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return false;
  }
  return true;
}).map(e => e.tagName + '.' + e.className).slice(0, 5)"""

IMAGES = """() => [...document.images].map(i => ({
  src: i.getAttribute('src'), srcset: i.getAttribute('srcset'), sizes: i.getAttribute('sizes'),
  width: i.getAttribute('width'), height: i.getAttribute('height'),
  webp: i.parentElement.tagName === 'PICTURE'
        && !!i.parentElement.querySelector('source[type="image/webp"][srcset]'),
}))"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(folder: Path, tmp: Path) -> Iterator[str]:
    (tmp / "archive").symlink_to(folder, target_is_directory=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/archive/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def served(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _serve(demo, tmp_path_factory.mktemp("www"))


def _open(browser, url: str, width: int):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors


def _axe(page) -> list[str]:  # type: ignore[no-untyped-def]
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    result = axe_sync.Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in result.response["violations"]]


def test_every_kind_is_in_the_demo(demo: Path) -> None:
    for kind, (rel, _) in KINDS.items():
        target = demo / rel.split("?")[0]
        assert (target / "index.html" if not target.suffix else target).is_file(), kind


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(KINDS))
def test_page_kind(browser, served: str, kind: str, width: int) -> None:  # type: ignore[no-untyped-def]
    rel, with_image = KINDS[kind]
    page, errors = _open(browser, served + rel, width)
    try:
        if kind == "search":
            page.wait_for_selector(".pagefind-ui__result", timeout=15_000)
            assert page.locator(".pagefind-ui__result").count() >= 3
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate(OVERFLOWING) == []
        images = page.evaluate(IMAGES)
        if with_image:
            assert images, f"{kind}: no image"
        for image in images:
            assert image["srcset"] and image["sizes"] and image["webp"], (kind, image)
            assert int(image["width"] or 0) > 0 and int(image["height"] or 0) > 0, (kind, image)
        if kind in ("front", "section"):
            lead = page.locator("main .lead").bounding_box()
            card = page.locator("main .grid .card").first.bounding_box()
            assert lead and card
            if width >= 1200:
                assert lead["width"] > 2 * card["width"]
            else:
                assert abs(lead["width"] - card["width"]) < 2  # one column
        if kind == "article-with-image":
            figure = page.locator("article.story figure img").first
            assert figure.get_attribute("alt")
            assert page.locator("article.story figcaption .credit").count() == 1
        assert _axe(page) == []
        assert errors == []
    finally:
        page.close()


LONG_SECTIONS = [
    "Economy and Business", "Environment and Climate", "Health and Medicine",
    "Transport and Infrastructure", "Education and Universities", "Science and Technology",
    "Politics and Government", "Culture and the Arts", "Sport and Recreation",
    "Courts and Crime", "Agriculture and Fisheries", "Energy and Power",
    "International Relations", "Opinion and Analysis", "Obituaries and Tributes",
]  # fmt: skip


@pytest.fixture(scope="module")
def long_nav(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site with fifteen sections with long titles, one story in each."""
    root = tmp_path_factory.mktemp("longnav")
    config = (
        "title: Test Times\nbase_url: https://news.example/archive/\nsearch: false\nsections:\n"
    )
    for number, title in enumerate(LONG_SECTIONS, 1):
        name = title.split()[0].lower()
        config += f"  - {{name: {name}, title: {title}}}\n"
        story = root / "content" / name / f"story-{number}.md"
        story.parent.mkdir(parents=True)
        story.write_text(
            f"---\ntitle: A story about {title}\ndate: 2025-01-{number:02d}\n---\n\nText.\n",
            encoding="utf-8",
        )
    (root / "newsgen.yaml").write_text(config, encoding="utf-8")
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    yield from _serve(root / "public", tmp_path_factory.mktemp("www"))


def test_many_long_sections_fit_a_phone(browser, long_nav: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = _open(browser, long_nav, 390)
    try:
        nav = page.locator("header nav[aria-label=Sections]")
        links = nav.locator("a")
        assert links.count() == len(LONG_SECTIONS) + 4  # Latest, Archive, Tags, People
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate(OVERFLOWING) == []
        box = nav.bounding_box()
        assert box and box["height"] < 60  # one row, not a screenful of links
        assert page.locator("main .lead").bounding_box()["y"] < 300  # type: ignore[index]
        # The row scrolls: a keyboard user reaches the last link and it comes into view.
        last = links.last
        assert last.bounding_box()["x"] > 390  # type: ignore[index]
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == "People & places":
                break
        else:
            raise AssertionError("the last section link is not reachable with Tab")
        moved = last.bounding_box()
        assert moved and moved["x"] >= 0 and moved["x"] + moved["width"] <= 391
        assert _axe(page) == []
        assert errors == []
    finally:
        page.close()


def test_many_long_sections_wrap_on_a_desktop(browser, long_nav: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = _open(browser, long_nav, 1280)
    try:
        assert page.evaluate(OVERFLOWING) == []
        for box in [a.bounding_box() for a in page.locator("header nav a").all()]:
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1280  # all in view
        assert _axe(page) == []
        assert errors == []
    finally:
        page.close()
