"""Sharded search: the demo built with small shards, searched in real Chromium.

One site (the demo's 31 articles, ``search_shard: 8``: three shards) is built once
for the module. The same queries run against its merged shard indexes and against
one whole-site index Pagefind makes of the same output, and must return the same
articles. Then one article is edited and another deleted: only their shards are
indexed again, the results follow, and a ``--no-cache`` build of the same files
is byte for byte the incremental one.
"""

from __future__ import annotations

import functools
import gzip
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from tests.conftest import copy_demo, run_cli, tree_bytes
from tests.e2e.conftest import CHROMIUM

from newsgen import search

if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium is not installed at /usr/bin/chromium", allow_module_level=True)
if search.pagefind_binary() is None:
    pytest.skip("needs pagefind[bin]", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

WHOLE = "whole-index"  # one Pagefind index of every article page, made by the test
QUERIES = ["karachi", "harbour", "water", "minister", "school", "train", "flood", "budget"]
FILTERED = [("", {"section": "Economy"}), ("karachi", {"tag": "climate"})]
EDIT_WORD = "zanzibarish"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _build(site: Path, *flags: str) -> None:
    """``newsgen build`` with Pagefind behind a wrapper that logs each run's folder."""
    env = {"PAGEFIND_BINARY_PATH": str(site.parent / "pagefind")}
    done = run_cli("--site", str(site), "build", *flags, env=env)
    assert done.returncode == 0, done.stderr


def _indexed(site: Path) -> list[str]:
    """The folders Pagefind indexed since the last call (one per shard indexed)."""
    log = site.parent / "pagefind.log"
    runs = [line.split()[1] for line in log.read_text().splitlines() if line.startswith("--site")]
    log.write_text("")
    return runs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """(site folder, URL the output is served at); the output is ``<site>/public``."""
    site = copy_demo(tmp_path_factory.mktemp("shards") / "site")
    with (site / "newsgen.yaml").open("a", encoding="utf-8") as config:
        config.write("search_shard: 8\n")
    wrapper = site.parent / "pagefind"
    wrapper.write_text(
        f'#!/bin/sh\necho "$@" >> "{site.parent}/pagefind.log"\nexec "{search.pagefind_binary()}" "$@"\n'
    )
    wrapper.chmod(0o755)
    _build(site)
    assert len(_indexed(site)) == len(_shards(site)) >= 3
    server = _serve(site / "public")
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _serve(folder: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _shards(site: Path) -> list[str]:
    listing = json.loads((site / "public" / "pagefind" / "shards.json").read_text())
    return [name.rstrip("/") for name in listing["shards"]]


def _whole_index(site: Path) -> None:
    """Pagefind over every article page of the output into one index, as before shards."""
    binary = search.pagefind_binary()
    assert binary is not None
    shutil.rmtree(site / "public" / WHOLE, ignore_errors=True)
    done = subprocess.run(
        [str(binary), "--site", str(site / "public"), "--output-subdir", WHOLE,
         "--force-language", "en", "--glob", "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


# Runs in the page: every query against the bundles (the first one's module, the
# others merged in), each answer the sorted URLs of every result.
_SEARCH = """async ([bundles, queries]) => {
  const pagefind = await import(bundles[0] + "pagefind.js");
  await Promise.all(bundles.slice(1).map((b) => pagefind.mergeIndex(b)));
  const answers = [];
  for (const [term, filters] of queries) {
    const found = await pagefind.search(term || null, { filters });
    const data = await Promise.all(found.results.map((r) => r.data()));
    answers.push(data.map((d) => new URL(d.url, location.href).pathname).sort());
  }
  return answers;
}"""


def _search(page: object, url: str, bundles: list[str], queries: list[tuple[str, dict]]) -> list:
    page.goto(url)  # type: ignore[attr-defined]  # not search/: its own script merges too
    return page.evaluate(_SEARCH, [[url + b + "/" for b in bundles], queries])  # type: ignore[attr-defined]


def _queries() -> list[tuple[str, dict]]:
    return [(q, {}) for q in QUERIES] + [(q, f) for q, f in FILTERED]


def test_merged_shards_find_what_one_whole_index_finds(built: tuple[Path, str], page) -> None:
    site, url = built
    shards = _shards(site)
    assert len(shards) >= 3
    _whole_index(site)
    merged = _search(page, url, [f"pagefind/{s}" for s in shards], _queries())
    whole = _search(page, url, [WHOLE], _queries())
    for query, got, want in zip(_queries(), merged, whole, strict=True):
        assert set(got) == set(want), (query, sorted(set(got) ^ set(want)))
    assert [len(a) for a in merged] == [len(a) for a in whole]
    assert merged == whole
    assert all(merged), "every query finds something"
    # Each article is in one shard, and the answers come from several shards.
    held = [_pages_of(site / "public" / "pagefind" / s) for s in shards]
    assert sum(len(urls) for urls in held) == len(set().union(*held)) == 31
    assert sum(1 for urls in held if urls & set(merged[0])) >= 2


def _pages_of(bundle: Path) -> set[str]:
    """The URLs of the pages one Pagefind bundle holds (its fragments: gzip, JSON)."""
    found = set()
    for fragment in (bundle / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        found.add(json.loads(data)["url"])
    return found


def test_search_page_shows_every_shards_results_and_filters(
    built: tuple[Path, str], page, tmp_path: Path
) -> None:
    site, url = built
    _whole_index(site)
    everything, economy = _search(
        page, url, [WHOLE], [("karachi", {}), ("karachi", {"section": "Economy"})]
    )
    assert 0 < len(economy) < len(everything)
    # At a server's root and under a sub-path, every result links into the site.
    (tmp_path / "archive").symlink_to(site / "public", target_is_directory=True)
    server = _serve(tmp_path)
    try:
        for base in (url, f"http://127.0.0.1:{server.server_address[1]}/archive/"):
            page.goto(base + "search/?q=karachi")
            message = page.locator(".pagefind-ui__message")
            sync_api.expect(message).to_have_text(f"{len(everything)} results for karachi")
            page.locator(".pagefind-ui__button").click()  # "Load more results"
            links = page.locator(".pagefind-ui__result-link")
            sync_api.expect(links).to_have_count(min(len(everything), 10))
            for href in links.evaluate_all("(all) => all.map((a) => a.href)"):
                assert href.startswith(base) and href[len(base) :] in {
                    u.lstrip("/") for u in everything
                }, href
            panel = page.locator(".pagefind-ui__filter-panel")
            for group in ("tag", "section", "Places"):
                sync_api.expect(panel).to_contain_text(group)
            # A facet narrows the merged results as it would one index's.
            page.locator(".pagefind-ui__filter-name", has_text="section").click()
            page.locator(".pagefind-ui__filter-label", has_text="Economy").first.click()
            sync_api.expect(message).to_have_text(f"{len(economy)} results for karachi")
    finally:
        page.goto("about:blank")  # no fetch of the page may outlive the server
        server.shutdown()
        server.server_close()


def test_search_page_from_disk_says_it_needs_a_server(built: tuple[Path, str], page) -> None:
    site, _ = built
    page.goto((site / "public" / "search" / "index.html").as_uri())
    sync_api.expect(page.locator("#search-offline")).to_be_visible()


def _article(site: Path, word: str) -> Path:
    return next(p for p in sorted((site / "content").rglob("*.md")) if word in p.read_text())


def test_edit_indexes_one_shard_again_and_a_deleted_article_goes(
    built: tuple[Path, str], page
) -> None:
    site, url = built
    before = _shards(site)
    bundle = site / "public" / "pagefind"
    inodes = {p: p.stat().st_ino for p in bundle.rglob("*") if p.is_file()}
    # An edit: one new word in one article's body.
    edited = _article(site, "harbour")
    edited.write_text(edited.read_text() + f"\nThe {EDIT_WORD} tide came in.\n")
    _build(site)
    after = _shards(site)
    assert len(after) == len(before)
    assert len(set(after) - set(before)) == 1, "exactly one shard changed"
    assert [Path(run).parent.name for run in _indexed(site)] == list(set(after) - set(before))
    for shard in set(after) & set(before):  # the others are kept, file for file
        for path in (bundle / shard).rglob("*"):
            if path.is_file():
                assert path.stat().st_ino == inodes[path], path
    found = _search(page, url, [f"pagefind/{s}" for s in after], [(EDIT_WORD, {})])[0]
    assert len(found) == 1
    # A deletion: the article found by the new word is gone from every answer.
    _build(site)  # nothing changed: nothing indexed
    assert _indexed(site) == [] and _shards(site) == after
    edited.unlink()
    _build(site)
    shards = _shards(site)
    assert len(set(shards) - set(after)) <= 2  # its shard (and at most the next, if it began one)
    assert len(_indexed(site)) == len(set(shards) - set(after))
    assert _search(page, url, [f"pagefind/{s}" for s in shards], [(EDIT_WORD, {})]) == [[]]
    _whole_index(site)
    assert _search(page, url, [f"pagefind/{s}" for s in shards], _queries()) == _search(
        page, url, [WHOLE], _queries()
    )
    shutil.rmtree(site / "public" / WHOLE)
    # The incremental output is byte for byte a build of the same files without a cache.
    cold = site.parent / "cold"
    _build(site, "--no-cache", "--output", str(cold))
    assert len(_indexed(site)) == len(shards)
    assert tree_bytes(cold) == tree_bytes(site / "public")
