"""Stored XSS: hostile articles built with `newsgen build`, every page opened in Chromium.

The articles in tests/fixtures/hostile/xss/ each try to run script in a reader's
browser, labelled alert('...') calls, through Markdown attribute lists, links with
``javascript:`` spelled in many ways, front matter, raw text, the entity registry
and the search page (Pagefind's UI shows filter values as HTML). One build (with a
real Pagefind index) and one browser serve the module; a test fails on any dialog,
any page error and any console error other than the missing images the articles
point at.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.conftest import REPO, run_cli
from tests.e2e.conftest import CHROMIUM

from newsgen import search

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Debian chromium is not installed at /usr/bin/chromium (.ci/run installs it)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = sync_api.expect

FIXTURE = REPO / "tests" / "fixtures" / "hostile" / "xss"
CONFIG = "title: Hostile Times\nbase_url: https://news.example/\ntimezone: UTC\nsearch: true\n"
TIMEOUT_MS = 10_000
WORD = "quokkaword"  # in three of the hostile articles

ATTR_LISTS = "2025/01/attribute-lists-try-to-add-event-handlers/"
LINKS = "2025/01/links-with-script-in-many-spellings/"
FOOTNOTES = "2025/01/footnotes-still-link-to-their-notes/"
FRONT_MATTER = "2025/01/img-src-x-onerror-alert-fm-slug/"
LINK_LABELS = [
    "link-decimal", "link-hex", "link-colon", "link-tab", "link-newline", "link-upper",
    "link-padded", "link-reference", "link-data", "link-vbscript", "link-override",
    "link-zero-padded",
]  # fmt: skip
# The front matter values of FRONT_MATTER, as the editor wrote them.
HOSTILE_TITLE = (
    "Headline </script><script>alert('fm-title')</script><img src=x onerror=alert('fm-title-img')>"
)
HOSTILE_BYLINE = "<img src=x onerror=alert('fm-byline')>"
HOSTILE_TAG = "<img src=x onerror=alert('fm-tag')>"
HOSTILE_PERSON = "<img src=x onerror=alert('fm-person')>"

# The theme's own scripts: any other script element on a page was injected.
# An inline script is the theme's when its first line is a line of a theme template.
THEME_LINES = frozenset(
    line.strip()
    for template in (REPO / "src" / "newsgen" / "theme" / "templates").glob("*.html")
    for line in template.read_text(encoding="utf-8").splitlines()
    if line.strip()
)
THEME_INLINE = tuple(sorted(line for line in THEME_LINES if line.startswith("//")))
THEME_SRC = ("/pagefind/pagefind-ui.js", "/theme/filter.js")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if search.pagefind_binary() is None:
        pytest.skip("Pagefind is not installed (pip install 'newsgen[search]')")
    site = tmp_path_factory.mktemp("xss") / "site"
    shutil.copytree(FIXTURE / "content", site / "content")
    (site / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    result = run_cli("--site", str(site), "build", "--output", str(site / "out"))
    assert result.returncode == 0, result.stderr
    assert "built 5 articles" in result.stdout, result.stdout + result.stderr
    assert (site / "out" / "pagefind" / "pagefind-ui.js").is_file()
    return site / "out"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(built: Path) -> Iterator[str]:
    """The built folder over HTTP on 127.0.0.1 (Pagefind's UI needs http)."""
    handler = functools.partial(_Quiet, directory=str(built))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Watch:
    """What ran on a tab: dialogs (alert, confirm, prompt), page errors, console errors."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def console(self, message: object) -> None:
        text = message.text  # type: ignore[attr-defined]
        # The articles point at images that do not exist (missing.png, x): expected.
        if message.type == "error" and "Failed to load resource" not in text:  # type: ignore[attr-defined]
            self.errors.append(text)


@pytest.fixture
def tab(browser: object, base_url: str) -> Iterator[tuple[object, Watch]]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    watch = Watch()
    page.on("dialog", watch.dialog)
    page.on("console", watch.console)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    # Nothing leaves the machine: links to other sites are cut off, not followed.
    page.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    yield page, watch
    context.close()
    assert watch.dialogs == [], f"script ran: {watch.dialogs}"
    assert watch.errors == [], f"errors: {watch.errors}"


# Every element under <main>: attributes named on*, the script elements that are
# not the theme's, JSON-LD that does not parse, and elements placed over the page.
_INSPECT = """([inline, srcs]) => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}`);
    }
  }
  for (const s of document.scripts) {
    if (s.type === "application/ld+json") {
      try { JSON.parse(s.textContent); } catch (e) { found.push("bad JSON-LD: " + e); }
    } else if (s.src) {
      if (!srcs.some((end) => new URL(s.src).pathname.endsWith(end))) found.push("script " + s.src);
    } else if (!inline.includes(s.textContent.trim().split("\\n")[0].trim())) {
      found.push("inline script " + s.textContent.slice(0, 60));
    }
  }
  for (const el of document.querySelectorAll("main *")) {
    if (getComputedStyle(el).position === "fixed") found.push("fixed " + el.tagName);
  }
  if (document.querySelectorAll("#main").length !== 1) found.push("id main repeated");
  return found;
}"""

# Hover, focus and click-free activation of every element of the story, the way a
# reader's pointer and keyboard would reach them.
_TOUCH = """() => {
  for (const el of document.querySelectorAll("main *")) {
    for (const type of ["mouseover", "mouseenter", "mousemove", "pointerover"]) {
      el.dispatchEvent(new MouseEvent(type, { bubbles: true }));
    }
    if (typeof el.focus === "function") el.focus();
    el.dispatchEvent(new FocusEvent("focus"));
  }
}"""


def _pages(built: Path) -> dict[str, Path]:
    """URL path (from the site root) -> file, for every page but Pagefind's."""
    found = {}
    for file in sorted(built.rglob("*.html")):
        rel = file.relative_to(built).as_posix()
        if not rel.startswith("pagefind/"):
            found[rel.removesuffix("index.html")] = file
    return found


def test_every_page_runs_no_script(built: Path, base_url: str, tab) -> None:
    page, watch = tab
    problems: dict[str, list[str]] = {}
    pages = _pages(built)
    assert len(pages) > 20
    for path, file in pages.items():
        page.goto(base_url + path)
        if 'http-equiv="refresh"' in file.read_text(encoding="utf-8"):
            # An old entity URL: the page it sends the reader on to is inspected.
            page.wait_for_url(re.compile(r"^(?!.*/zorblax-agency/$)"))
            page.wait_for_load_state()
        page.evaluate(_TOUCH)
        page.wait_for_timeout(50)
        found = page.evaluate(_INSPECT, [list(THEME_INLINE), list(THEME_SRC)])
        if found or watch.dialogs:
            problems[path] = found + watch.dialogs
            watch.dialogs.clear()
    assert problems == {}


def test_attribute_lists_with_a_real_pointer_and_keyboard(base_url: str, tab) -> None:
    page, watch = tab
    page.goto(base_url + ATTR_LISTS)
    body = page.locator("article .body")
    expect(body).to_contain_text("Plain text to close.")
    page.wait_for_timeout(300)  # the missing image has failed to load by now
    body.get_by_text("Hover over this paragraph").hover()
    for _ in range(12):
        page.keyboard.press("Tab")
    body.get_by_role("link", name="A link that runs script on click").click()
    page.goto(base_url + ATTR_LISTS)
    page.get_by_role("link", name="A link that hijacks the skip link").click()
    assert watch.dialogs == []
    # The skip link still reaches the theme's <main>.
    assert page.locator("#main").evaluate("el => el.tagName") == "MAIN"
    assert body.locator("img").get_attribute("src") == "missing.png"


@pytest.mark.parametrize("label", LINK_LABELS)
def test_scripted_link_does_nothing_when_clicked(label: str, base_url: str, tab) -> None:
    page, watch = tab
    page.goto(base_url + LINKS)
    link = page.locator("article .body a", has_text=re.compile(rf"^{label}$"))
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_timeout(100)
    assert watch.dialogs == [], label
    href = link.get_attribute("href") if page.url.startswith(base_url + LINKS) else None
    assert href is None or not re.match(r"\s*(javascript|vbscript|data):", href, re.I), href


def test_footnotes_link_to_their_notes_and_back(base_url: str, tab) -> None:
    page, _ = tab
    page.goto(base_url + FOOTNOTES)
    refs = page.locator("a.footnote-ref")
    expect(refs).to_have_count(2)
    assert refs.nth(0).get_attribute("href") == "#fn:1"
    assert refs.nth(1).get_attribute("href") == "#fn:board"
    refs.nth(0).click()
    expect(page).to_have_url(re.compile(r"#fn:1$"))
    note = page.locator(r"li#fn\:1")
    expect(note).to_contain_text("Annual report, page 4.")
    note.locator("a.footnote-backref").click()
    expect(page).to_have_url(re.compile(r"#fnref:1$"))
    assert page.evaluate("document.getElementById('fnref:1').tagName") == "SUP"


def test_search_page_shows_hostile_filters_as_text(base_url: str, tab) -> None:
    page, watch = tab
    page.goto(base_url + "search/?q=" + WORD)
    results = page.locator(".pagefind-ui__result")
    expect(results).to_have_count(3)
    panel = page.locator(".pagefind-ui__filter-panel")
    for group in ("tag", "People", "Places", "Organizations"):
        expect(panel).to_contain_text(group)
    # The values read as written, with < and > as their fullwidth forms.
    expect(panel).to_contain_text("＜img src=x onerror=alert('fm-tag')＞")
    expect(panel).to_contain_text("＜img src=x onerror=alert('fm-person')＞")
    expect(panel).to_contain_text("＜svg onload=alert('fm-place')＞")
    expect(panel).to_contain_text("＜img src=x onerror=alert('registry-name')＞")
    assert page.locator("#search img, #search svg:not(.pagefind-ui__search-clear svg)").count() == 0
    # Filter on the hostile tag, then type another query into Pagefind's own box.
    page.locator(".pagefind-ui__filter-label", has_text="fm-tag')").first.click()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Headline")
    box = page.locator(".pagefind-ui__search-input")
    box.fill("Zorblax")
    expect(results).to_have_count(1)
    page.wait_for_timeout(300)
    assert watch.dialogs == []
    found = page.evaluate(_INSPECT, [list(THEME_INLINE), list(THEME_SRC)])
    assert found == []


class _Markup(HTMLParser):
    """Event-handler attributes and script elements of a page, as a browser parses it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.scripts: list[str] = []
        self._in_script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]
        if tag == "script":
            kind = dict(attrs).get("type") or dict(attrs).get("src") or ""
            self._in_script = [kind + ":"]

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._in_script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append("".join(self._in_script))
            self._in_script = None


def _markup(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def test_hostile_values_are_escaped_on_every_kind_of_page(built: Path) -> None:
    """Jinja's autoescape holds: the values appear only escaped, and read back intact."""
    pages = {
        "article": FRONT_MATTER + "index.html",
        "front page": "index.html",
        "archive": "2025/01/index.html",
        "tag": "tags/img-src-x-onerror-alert-fm-tag/index.html",
        "entity": "entities/people/img-src-x-onerror-alert-fm-person/index.html",
        "registry entity": "entities/organizations/img-src-x-onerror-alert-registry-name/index.html",
        "tag index": "tags/index.html",
        "entity index": "entities/index.html",
    }
    for kind, rel in pages.items():
        html = (built / rel).read_text(encoding="utf-8")
        for raw in (HOSTILE_TITLE, HOSTILE_BYLINE, HOSTILE_TAG, HOSTILE_PERSON):
            assert raw not in html, (kind, raw)
        markup = _markup(html)
        assert markup.handlers == [], (kind, markup.handlers)
        for script in markup.scripts:
            kind_of, _, text = script.partition(":")
            if kind_of == "application/ld+json":
                json.loads(text)
            else:
                first = text.strip().split("\n")[0].strip()
                assert kind_of.endswith(THEME_SRC) or first in THEME_INLINE, (kind, script)
    article = (built / FRONT_MATTER / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', article, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["headline"] == HOSTILE_TITLE
    assert data["author"]["name"] == HOSTILE_BYLINE
    assert "</" not in blocks[0] and "<" not in blocks[0]
    for feed in sorted(built.rglob("*.xml")):
        ET.parse(feed)  # every feed and sitemap is well-formed XML
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(built / "atom.xml").getroot()
    assert HOSTILE_TITLE in [t.text for t in root.findall("a:entry/a:title", ns)]
    assert HOSTILE_BYLINE in [t.text for t in root.findall("a:entry/a:author/a:name", ns)]
    tag_feed = ET.parse(built / "tags" / "img-src-x-onerror-alert-fm-tag" / "atom.xml").getroot()
    assert HOSTILE_TAG in (tag_feed.findtext("a:title", namespaces=ns) or "")
