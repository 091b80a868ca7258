"""The built demo site in a real browser, opened straight from disk and at phone width."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS

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


@pytest.fixture(scope="module")
def browser(page):  # type: ignore[no-untyped-def]
    """The browser of the module's page (one Playwright per thread)."""
    return page.context.browser


def _open(browser, url: str, width: int):  # type: ignore[no-untyped-def]
    """A fresh page at ``width`` px on ``url``, with the console errors it logged."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors


def _box(page, selector: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("width", [1280, 390])
def test_front_page_leads_with_one_story_over_a_grid(browser, served: str, width: int) -> None:  # type: ignore[no-untyped-def]
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    page, errors = _open(browser, served, width)
    try:
        assert page.title() == "Coastline Archive"  # the site's name once, not twice
        assert page.locator("text=Coastline Archive").count() == 1
        lead = _box(page, "main .lead")
        cards = [page.locator("main .grid .card").nth(i).bounding_box() for i in range(3)]
        lefts = {round(c["x"]) for c in cards if c}
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        if width >= 1200:
            assert lead["width"] > 2 * cards[0]["width"]  # type: ignore[index]
            assert len(lefts) == 3  # three columns
            assert page.locator("main").bounding_box()["width"] > 1000  # type: ignore[index]
        else:
            assert len(lefts) == 1  # one column on a phone
        lead_size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.lead-title')).fontSize)"
        )
        card_size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.grid .card-title')).fontSize)"
        )
        assert lead_size > card_size * 1.3
        result = axe_sync.Axe().run(page)
        assert result.violations_count == 0, [v["id"] for v in result.response["violations"]]
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_article_headline_dateline_and_measure(
    browser, served: str, demo: Path, width: int
) -> None:  # type: ignore[no-untyped-def]
    shouted = next(demo.glob("20*/*/karachi-harbour-board-*/index.html"))
    page, errors = _open(browser, served + shouted.parent.relative_to(demo).as_posix() + "/", width)
    try:
        headline = page.locator("h1.headline").inner_text()
        assert headline.startswith("Karachi Harbour Board Sees")  # not in capitals
        assert page.locator(".prevnext a").count() >= 1
        for text in page.locator(".prevnext a, .related .card-title").all_inner_texts():
            words = [w for w in text.split() if len(w) > 4 and w.isalpha()]
            assert not words or not all(w.isupper() for w in words), text
        # The dateline leads into the first paragraph, on its line.
        first = page.locator(".story .body p").first
        assert first.locator(".dateline").inner_text().upper().startswith("KARACHI")
        fonts = page.evaluate(
            """[getComputedStyle(document.querySelector('h1.headline')).fontFamily,
                getComputedStyle(document.querySelector('#tags-heading, #entities-heading')).fontFamily]"""
        )
        assert "serif" in fonts[0] and "Georgia" in fonts[0] and "Georgia" not in fonts[1]
        body_width = _box(page, ".story .body p")["width"]
        char = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.story .body p')).fontSize)"
        )
        assert body_width <= 40 * char  # about 70 characters at most
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert errors == []
    finally:
        page.close()


def test_feed_links_on_tag_and_entity_pages(browser, served: str, demo: Path) -> None:  # type: ignore[no-untyped-def]
    for pattern in ("tags/*/index.html", "entities/*/*/index.html"):
        folder = sorted(demo.glob(pattern))[0].parent.relative_to(demo).as_posix()
        page, _ = _open(browser, f"{served}{folder}/", 390)
        try:
            link = page.locator("main .feed-link a")
            assert link.is_visible()
            href = link.get_attribute("href")
            response = page.request.get(served + folder + "/" + (href or ""))
            assert response.ok and b"<feed" in response.body()
        finally:
            page.close()


def test_404_is_styled_at_a_server_root(browser, demo: Path) -> None:  # type: ignore[no-untyped-def]
    """The same 404.html served for a missing address at a server root (not /archive/)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class NotFound(SimpleHTTPRequestHandler):
        def send_error(self, code, message=None, explain=None):  # type: ignore[no-untyped-def]
            body = (demo / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(NotFound, directory=str(demo)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        page, _ = _open(browser, root + "no/such/page/", 1280)
        try:
            assert page.evaluate("document.styleSheets[0].cssRules.length") > 10
            page.click("main >> text=archive")
            assert page.url == root + "archive/"
            assert page.locator("h1").inner_text() == "Archive"
        finally:
            page.close()
    finally:
        server.shutdown()
        server.server_close()
