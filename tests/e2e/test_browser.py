"""`newsgen serve` in a real browser: Debian's chromium driven by Playwright for Python.

One preview (with its file watcher) and one browser serve the whole module; the
tests that edit files put them back. Skipped only when chromium is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_serve_http import UNIQUE_WORD, own_article, write_site

from newsgen.serve import Preview

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Debian chromium is not installed at /usr/bin/chromium (.ci/run installs it)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = sync_api.expect
expect.set_options(timeout=10_000)  # a rebuild plus reload takes about a second here

SECONDS = 10_000  # Playwright timeouts are in ms; a rebuild of this site takes well under 1 s


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = write_site(tmp_path_factory.mktemp("browser") / "site")
    preview = Preview(root, port=0, say=lambda text: None)
    url = preview.start()
    try:
        yield url, root
    finally:
        preview.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_default_timeout(SECONDS)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    # Everything is local: any request to another host is a bug in the theme.
    outside: list[str] = []
    tab.on(
        "request",
        lambda req: None if req.url.startswith("http://127.0.0.1") else outside.append(req.url),
    )
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
    assert outside == [], f"requests left the preview server: {outside}"


def test_click_from_front_page_to_article_tag_and_entity(site: tuple[str, Path], page) -> None:
    url, _ = site
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible()
    page.get_by_role("link", name="Harbour choir sings at the lighthouse").first.click()
    expect(page.locator("article h1")).to_have_text("Harbour choir sings at the lighthouse")
    article_url = page.url

    page.locator(".tags a", has_text="culture").click()
    expect(page).to_have_url(re.compile(r"/archive/tags/culture/$"))
    expect(page.get_by_role("link", name="Harbour choir sings at the lighthouse")).to_be_visible()

    page.goto(article_url)
    entity = page.locator(".entities a").first
    name = entity.inner_text()
    entity.click()
    expect(page).to_have_url(re.compile(r"/archive/entities/[^/]+/[^/]+/$"))
    expect(page.locator("h1")).to_contain_text(name)


def test_edited_article_shows_without_refresh(site: tuple[str, Path], page) -> None:
    url, root = site
    page.goto(url)
    page.get_by_role("link", name="Harbour choir sings at the lighthouse").first.click()
    expect(page.locator("article.story")).to_contain_text("Original paragraph text.")
    path = own_article(root)
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("Original paragraph", "Freshly edited paragraph"), "utf-8")
        expect(page.locator("article.story")).to_contain_text("Freshly edited paragraph text.")
    finally:
        path.write_text(original, encoding="utf-8")
    expect(page.locator("article.story")).to_contain_text("Original paragraph text.")


def test_broken_front_matter_shows_overlay_and_recovers(site: tuple[str, Path], page) -> None:
    url, root = site
    page.goto(url)
    page.get_by_role("link", name="Harbour choir sings at the lighthouse").first.click()
    path = own_article(root)
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace('title: "Harbour', 'title: ["Harbour', 1), "utf-8")
        overlay = page.locator("#newsgen-overlay")
        expect(overlay).to_be_visible()
        expect(overlay).to_contain_text("content/2025/harbour-choir.md")
        expect(overlay).to_contain_text(re.compile(r"harbour-choir\.md:\d+"))  # file and line
        expect(page.locator("article h1")).to_have_text("Harbour choir sings at the lighthouse")
    finally:
        path.write_text(original, encoding="utf-8")
    expect(page.locator("#newsgen-overlay")).to_have_count(0)
    expect(page.locator("article h1")).to_have_text("Harbour choir sings at the lighthouse")


def test_search_finds_the_one_article_with_a_word(site: tuple[str, Path], page) -> None:
    url, _ = site
    page.goto(url)
    page.locator("#site-search").fill(UNIQUE_WORD)
    page.locator("#site-search").press("Enter")
    expect(page).to_have_url(re.compile(r"/archive/search/\?q=" + UNIQUE_WORD))
    results = page.locator(".pagefind-ui__result")
    expect(results).to_have_count(1)
    link = results.locator(".pagefind-ui__result-link")
    expect(link).to_have_text("Harbour choir sings at the lighthouse")
    expect(results.locator(".pagefind-ui__result-excerpt")).to_contain_text(UNIQUE_WORD)
    expect(page.locator(".pagefind-ui__filter-panel")).to_contain_text("tag")
    link.click()
    expect(page.locator("article h1")).to_have_text("Harbour choir sings at the lighthouse")


def test_filter_panel_has_every_group_when_a_filter_chunk_is_slow(
    site: tuple[str, Path], page
) -> None:
    """Pagefind's UI shows the filter groups of the last search's result, and that
    result counts only the filter chunks loaded by then; the search page loads them
    all before it runs the ?q= search. Held here: the first filter chunk requested."""
    url, _ = site
    held: list[object] = []

    def hold_first(route: object) -> None:
        if held:
            route.continue_()  # type: ignore[attr-defined]
        else:
            held.append(route)

    page.route("**/pagefind/*/filter/*", hold_first)
    page.goto(url + "search/?q=" + UNIQUE_WORD)
    # Without the wait for filters, the search has run and shown its result by now.
    page.wait_for_timeout(1_500)
    assert len(held) == 1, "the search page asked for no filter chunk"
    held[0].continue_()  # type: ignore[attr-defined]
    expect(page.locator(".pagefind-ui__result")).to_have_count(1)
    panel = page.locator(".pagefind-ui__filter-panel")
    for group in ("tag", "People", "Organizations", "Places"):
        expect(panel).to_contain_text(group)


def test_path_traversal_gets_404(site: tuple[str, Path], page) -> None:
    url, _ = site
    for path in ("../../../etc/passwd", "%2e%2e/%2e%2e/newsgen.yaml", "..%2f..%2fnewsgen.yaml"):
        response = page.goto(url + path)
        assert response is not None and response.status == 404, path
        expect(page.locator("h1")).to_have_text("Page not found")
        assert "base_url" not in page.content() and "root:" not in page.content()


def test_entity_index_filter_box(site: tuple[str, Path], page) -> None:
    url, _ = site
    page.goto(url + "entities/")
    box = page.locator("#entity-filter")
    expect(box).to_be_visible()
    names = page.locator(".directory li")
    total = names.count()
    assert total > 2
    first = names.first.locator("a, span").first.inner_text()
    box.fill(first)
    visible = page.locator(".directory li:visible")
    expect(visible.first).to_contain_text(first)
    assert visible.count() < total
    box.fill("")
    expect(page.locator(".directory li:visible")).to_have_count(total)
