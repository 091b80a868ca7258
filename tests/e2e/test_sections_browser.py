"""A section front of the demo site in Chromium, served over HTTP under /archive/."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def served(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("www")
    (root / "archive").symlink_to(demo, target_is_directory=True)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/archive/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("width", [1280, 390])
def test_section_front_leads_over_a_grid(browser, served: str, width: int) -> None:  # type: ignore[no-untyped-def]
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(served)  # reached from the front page's navigation, as a reader would
        page.click("nav[aria-label=Sections] >> text=Economy")
        page.wait_for_load_state("load")
        assert page.url.endswith("/archive/sections/economy/")
        assert page.locator("main h1").inner_text() == "Economy"
        assert page.locator(".lead").count() == 1
        lead = page.locator("main .lead").bounding_box()
        card = page.locator("main .grid .card").first.bounding_box()
        assert lead and card
        if width >= 1200:
            assert lead["width"] > 2 * card["width"]
        else:
            assert abs(lead["width"] - card["width"]) < 2  # one column on a phone
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # Past the window's edge and not inside a box that scrolls sideways (on a
        # phone the section links are one row that scrolls on its own).
        overflowing = page.evaluate(
            """[...document.querySelectorAll('body *')].filter(e => {
                 if (e.getBoundingClientRect().right <= window.innerWidth + 1) return false;
                 for (let p = e.parentElement; p; p = p.parentElement) {
                   if (getComputedStyle(p).overflowX !== 'visible') return false;
                 }
                 return true;
               }).length"""
        )
        assert overflowing == 0
        link = page.locator("main .feed-link a")
        assert link.is_visible()
        response = page.request.get(
            served + "sections/economy/" + (link.get_attribute("href") or "")
        )
        assert response.ok and b"<feed" in response.body()
        result = axe_sync.Axe().run(page)
        assert result.violations_count == 0, [v["id"] for v in result.response["violations"]]
        # An article of the section links back to it from its kicker.
        page.click("main .lead-title a")
        page.wait_for_load_state("load")
        page.click(".kicker a")
        page.wait_for_load_state("load")
        assert page.url.endswith("/archive/sections/economy/")
        assert errors == []
    finally:
        page.close()
