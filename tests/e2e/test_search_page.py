"""The search page, 404.html and entity pages of the built demo site in Chromium.

The demo (base_url https://example.org/archive/, search on) is served over real
HTTP on 127.0.0.1 twice: under /archive/ as configured, and at a server root.
Both servers answer a missing address with the site's 404.html and status 404, as
static hosts do.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

QUERY = "harbour"
# What used to open every excerpt: byline and date furniture, the headline, "KARACHI (APP) —".
FURNITURE = re.compile(r"^\W*By |·|\b\d{1,2} [A-Z][a-z]+ \d{4}\b|\b[A-Z]{3,}(?: \([^)]*\))? —")


class _Handler(SimpleHTTPRequestHandler):
    not_found = b""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.not_found)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(self.not_found)


@pytest.fixture(scope="module")
def servers(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """{"sub": http://127.0.0.1:P/archive/, "root": http://127.0.0.1:Q/}."""
    assert (demo / "pagefind" / "pagefind-ui.js").is_file(), "the demo was built without search"
    www = tmp_path_factory.mktemp("www")
    (www / "archive").symlink_to(demo, target_is_directory=True)
    handler = type("NotFound", (_Handler,), {"not_found": (demo / "404.html").read_bytes()})
    running = []
    urls = {}
    for name, folder, path in (("sub", www, "archive/"), ("root", demo, "")):
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=folder))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
        urls[name] = f"http://127.0.0.1:{server.server_address[1]}/{path}"
    try:
        yield urls
    finally:
        for server in running:
            server.shutdown()
            server.server_close()


def _open(browser, url: str, width: int = 1280, height: int = 844):  # type: ignore[no-untyped-def]
    """A fresh page at ``width`` px on ``url``, with the console errors it logs (but
    the 404 status of a missing ``url`` itself, which Chromium logs as one)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(10_000)
    errors: list[str] = []

    def console(message) -> None:  # type: ignore[no-untyped-def]
        if message.type == "error" and message.location.get("url") != url:
            errors.append(f"{message.text} {message.location.get('url')}")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors


def _axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    result = axe_sync.Axe().run(page)
    return [v["id"] for v in result.response["violations"]]


@pytest.mark.parametrize("width", [1280, 390])
def test_search_page(browser, servers: dict[str, str], width: int) -> None:  # type: ignore[no-untyped-def]
    page, errors = _open(browser, servers["sub"] + "search/?q=" + QUERY, width)
    try:
        results = page.locator(".pagefind-ui__result")
        sync_api.expect(results.first).to_be_visible()
        # One search box: Pagefind's, holding the query; the header has none here.
        boxes = page.locator("input:not([type=checkbox]):visible")
        assert boxes.count() == 1
        assert boxes.first.input_value() == QUERY
        assert page.locator("header input").count() == 0
        # Excerpts come from the article body: no byline, date, headline or dateline.
        titles = results.locator(".pagefind-ui__result-title").all_inner_texts()
        excerpts = results.locator(".pagefind-ui__result-excerpt").all_inner_texts()
        assert len(excerpts) == len(titles) >= 3
        for title, excerpt in zip(titles, excerpts, strict=True):
            assert QUERY in excerpt.lower(), excerpt
            assert not FURNITURE.search(excerpt), excerpt
            assert title.strip() not in excerpt, excerpt
        # The theme's fonts and colours, through Pagefind's variables.
        font, link = page.evaluate(
            """[getComputedStyle(document.querySelector('.pagefind-ui')).fontFamily,
                getComputedStyle(document.querySelector('.pagefind-ui__result-link')).color]"""
        )
        assert "system-ui" in font
        assert link == page.evaluate("getComputedStyle(document.body).color")
        blocks = page.locator("details.pagefind-ui__filter-block")
        assert blocks.count() >= 4  # tag, People, Organizations, Places
        opened = page.locator("details.pagefind-ui__filter-block[open]").count()
        first = results.first.bounding_box()
        assert first is not None
        if width < 600:
            # Filters closed, and the first result begins above the fold of a phone.
            assert opened == 0
            assert first["y"] + 60 < 844, first
            page.locator(".pagefind-ui__filter-name", has_text="tag").click()
            opened_group = page.locator("details.pagefind-ui__filter-block[open]")
            sync_api.expect(
                opened_group.locator(".pagefind-ui__filter-label").first
            ).to_be_visible()
        else:
            assert opened == 1  # the tags, beside the results
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert _axe_violations(page) == []
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize("where", ["sub", "root"])
def test_search_results_link_to_articles(browser, servers: dict[str, str], where: str) -> None:  # type: ignore[no-untyped-def]
    """Result links work whether the site is served under its base path or at a root."""
    base = servers[where]
    page, errors = _open(browser, base + "search/")
    try:
        box = page.locator(".pagefind-ui__search-input")
        sync_api.expect(box).to_be_focused()
        box.fill(QUERY)
        link = page.locator(".pagefind-ui__result-link").first
        sync_api.expect(link).to_be_visible()
        assert page.url == base + "search/?q=" + QUERY  # the address follows the box
        title = link.inner_text()
        link.click()
        sync_api.expect(page.locator("article h1")).to_have_text(title)
        assert page.url.startswith(base) and re.search(r"/\d{4}/\d{2}/[^/]+/$", page.url)
        page.go_back()
        sync_api.expect(page.locator(".pagefind-ui__search-input")).to_have_value(QUERY)
        assert errors == []
    finally:
        page.close()


def test_search_page_from_disk_says_it_needs_a_server(browser, demo: Path) -> None:  # type: ignore[no-untyped-def]
    page, errors = _open(browser, (demo / "search" / "index.html").as_uri() + "?q=" + QUERY)
    try:
        message = page.locator("#search-offline")
        sync_api.expect(message).to_be_visible()
        assert "Search needs a web server: run newsgen serve" in message.inner_text()
        assert "Searching" not in page.locator("main").inner_text()
        href = message.locator("a").get_attribute("href")
        assert href and href.endswith("archive/index.html")
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize(
    ("where", "missing"),
    [
        ("sub", "no/such/page/"),
        ("sub", "archive/2031/"),
        ("root", "no/such/page/"),
        # At a root, /archive/ is the site's own archive folder, not its base path.
        ("root", "archive/2031/"),
    ],
)
def test_404_works_under_the_base_path_and_at_a_root(  # type: ignore[no-untyped-def]
    browser, servers: dict[str, str], where: str, missing: str
) -> None:
    base = servers[where]
    page, errors = _open(browser, base + missing)
    try:
        assert page.locator("h1").inner_text() == "Page not found"
        # The theme's stylesheet applies (the browser's default body margin is 8px).
        assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"
        assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
        hrefs = page.evaluate("[...document.querySelectorAll('header a, main a')].map(a => a.href)")
        assert len(hrefs) >= 7
        for href in hrefs:
            assert href.startswith(base), href
            response = page.request.get(href)
            assert response.status == 200, href
        page.locator("main a", has_text="archive").click()
        assert page.url == base + "archive/"
        assert page.locator("h1").inner_text() == "Archive"
        if where == "root" and missing.startswith("archive/"):
            # Told from the base path only by the stylesheet failing there once.
            assert len(errors) <= 1 and all("404" in e for e in errors), errors
        else:
            assert errors == []
    finally:
        page.close()


def _entity_with(demo: Path, single: bool) -> str:
    for path in sorted(demo.glob("entities/*/*/index.html")):
        html = path.read_text(encoding="utf-8")
        found = re.search(r"<dt>Articles</dt><dd>(\d+)</dd>", html)
        if found and (int(found.group(1)) == 1) == single and (single or "</rect><rect" in html):
            return path.parent.relative_to(demo).as_posix() + "/"
    raise AssertionError("the demo has no such entity")


def test_entity_with_one_article_has_no_chart_and_no_co_mentions(  # type: ignore[no-untyped-def]
    browser, servers: dict[str, str], demo: Path
) -> None:
    page, errors = _open(browser, servers["sub"] + _entity_with(demo, single=True), 390)
    try:
        assert page.locator("main .card").count() == 1
        assert page.locator(".chart, svg").count() == 0
        assert page.locator("#with-heading").count() == 0
        assert _axe_violations(page) == []
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_entity_chart_labels_readable(  # type: ignore[no-untyped-def]
    browser, servers: dict[str, str], demo: Path, width: int
) -> None:
    page, errors = _open(browser, servers["sub"] + _entity_with(demo, single=False), width)
    try:
        chart = page.locator("figure.chart svg")
        sync_api.expect(chart).to_be_visible()
        # Effective size: the font size times the SVG's scale on screen.
        sizes = page.evaluate(
            """[...document.querySelectorAll('figure.chart svg text')].map(t =>
                 parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""
        )
        assert len(sizes) == 2 and min(sizes) >= 12, sizes
        box = chart.bounding_box()
        assert box is not None
        for rect in page.locator("figure.chart rect").all():
            bar = rect.bounding_box()
            assert (
                bar is not None
                and box["x"] <= bar["x"] <= bar["x"] + bar["width"] <= box["x"] + box["width"] + 0.5
            )
        labels = page.locator("figure.chart text").all()
        left, right = (t.bounding_box() for t in labels)
        assert left and right and left["x"] + left["width"] < right["x"]  # no overlap
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.locator("#with-heading").count() == 1
        assert _axe_violations(page) == []
        assert errors == []
    finally:
        page.close()


def test_hostile_query_in_the_address_is_text(browser, servers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """?q= goes into Pagefind's box and the address as text, never as markup."""
    from urllib.parse import quote

    query = "<img src=x onerror=window.pwned=1>\"'</script>&amp;"
    page, errors = _open(browser, servers["sub"] + "search/?q=" + quote(query))
    try:
        box = page.locator(".pagefind-ui__search-input")
        sync_api.expect(box).to_have_value(query)
        sync_api.expect(page.locator(".pagefind-ui__message")).to_be_visible()
        page.wait_for_timeout(300)
        assert page.locator("#search img").count() == 0
        assert page.evaluate("window.pwned") is None
        assert page.evaluate("new URLSearchParams(location.search).get('q')") == query
        assert errors == []
    finally:
        page.close()


def test_search_page_dark_scheme_has_no_violations(browser, servers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 390, "height": 844}, color_scheme="dark")
    try:
        page.goto(servers["sub"] + "search/?q=" + QUERY)
        sync_api.expect(page.locator(".pagefind-ui__result").first).to_be_visible()
        background = page.evaluate(
            "getComputedStyle(document.querySelector('.pagefind-ui__search-input')).backgroundColor"
        )
        assert background == page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert _axe_violations(page) == []
    finally:
        page.close()


def _pages(demo: Path) -> list[str]:
    picks = ["", "search/", "archive/", "tags/", "entities/"]
    for pattern in ("20*/*/*/index.html", "tags/*/index.html", "entities/*/*/index.html"):
        picks.append(sorted(demo.glob(pattern))[0].parent.relative_to(demo).as_posix() + "/")
    return picks


@pytest.mark.parametrize("where", ["sub", "root"])
def test_pages_work_under_the_base_path_and_at_a_root(  # type: ignore[no-untyped-def]
    browser, servers: dict[str, str], demo: Path, where: str
) -> None:
    """Styled, every header and main link an existing page, no console errors."""
    base = servers[where]
    checked: set[str] = set()
    for rel in _pages(demo):
        page, errors = _open(browser, base + rel, 390)
        try:
            assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px", rel
            hrefs = page.evaluate(
                "[...document.querySelectorAll('header a, main a')].map(a => a.href.split('#')[0])"
            )
            for href in set(hrefs) - checked:
                assert href.startswith(base), (rel, href)
                assert page.request.get(href).status == 200, (rel, href)
                checked.add(href)
            assert errors == [], rel
        finally:
            page.close()


def test_404_from_newsgen_serve_inside_and_outside_the_base_path(  # type: ignore[no-untyped-def]
    browser, tmp_path: Path
) -> None:
    """The preview serves under /archive/ and answers 404.html outside it too."""
    from tests.e2e.test_serve_http import write_site

    from newsgen.serve import Preview

    preview = Preview(write_site(tmp_path / "site", search=False), port=0, say=lambda t: None)
    url = preview.start(watch=False)
    try:
        assert url.endswith("/archive/")
        origin = url[: -len("archive/")]
        for address, base in ((url + "no/such/", url), (origin + "elsewhere/page", url)):
            page, errors = _open(browser, address)
            try:
                assert page.locator("h1").inner_text() == "Page not found"
                assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"
                for href in page.evaluate(
                    "[...document.querySelectorAll('header a')].map(a => a.href)"
                ):
                    assert href.startswith(base) and page.request.get(href).status == 200, href
                # Outside the base path the root is tried first, and fails once.
                assert len(errors) <= (0 if address.startswith(url) else 1), errors
            finally:
                page.close()
    finally:
        preview.close()
