"""The built demo site in a real browser, opened straight from disk and at phone width."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.e2e.test_browser import CHROMIUM, LAUNCH_ARGS

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def page(demo: Path):  # type: ignore[no-untyped-def]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser.new_page(viewport={"width": 375, "height": 740})
        finally:
            browser.close()


def test_front_page_from_disk_links_to_article_tag_and_entity(page, demo: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((demo / "index.html").as_uri())
    page.click("main .card-title a >> nth=0")
    assert page.url.endswith("/index.html") and page.locator("article.story h1").count() == 1
    page.click("nav[aria-label=Sections] >> text=Tags")
    page.click(".directory a >> nth=0")
    assert "/tags/" in page.url and page.locator("main .card").count() >= 1
    page.click("nav[aria-label=Sections] >> text=People & places")
    page.click(".directory a >> nth=0")
    assert "/entities/" in page.url and page.locator("h1").inner_text()


def test_readable_on_a_phone(page, demo: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((demo / "index.html").as_uri())
    article = page.locator("main .card-title a").first.get_attribute("href")
    assert article
    page.click("main .card-title a >> nth=0")
    # Nothing wider than the screen: no sideways scrolling on a 375 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.body p')).fontSize)")
    assert size >= 16


def test_skip_link_and_landmarks(page, demo: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((demo / "index.html").as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    for selector in ("header", "nav", "main#main", "footer", "html[lang=en]"):
        assert page.locator(selector).count() >= 1, selector


def test_dark_scheme(page, demo: Path) -> None:  # type: ignore[no-untyped-def]
    page.emulate_media(color_scheme="dark")
    page.goto((demo / "index.html").as_uri())
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="light")
    page.reload()
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != light
    assert light == "rgb(255, 255, 255)"


@pytest.fixture(scope="module")
def served(demo: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo site on a real HTTP server on 127.0.0.1, under its base path /archive/."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root = tmp_path_factory.mktemp("www")
    (root / "archive").symlink_to(demo, target_is_directory=True)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/archive/"
    finally:
        server.shutdown()
        server.server_close()


def _sample_pages(demo: Path) -> list[str]:
    picks = ["", "tags/", "entities/", "archive/", "404.html", "page/2/"]
    for pattern in (
        "20*/*/*/index.html",
        "tags/*/index.html",
        "entities/*/*/index.html",
        "20*/index.html",
    ):
        first = sorted(demo.glob(pattern))[0]
        picks.append(first.parent.relative_to(demo).as_posix() + "/")
    return picks


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations(page, demo: Path, served: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe = axe_sync.Axe()
    page.emulate_media(color_scheme=scheme)
    found = {}
    for rel in _sample_pages(demo):
        page.goto(served + rel)
        result = axe.run(page)
        if result.violations_count:
            found[rel] = [(v["id"], v["impact"]) for v in result.response["violations"]]
    assert not found, found
