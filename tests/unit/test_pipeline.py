"""build(): the stages in order, in process, on a small real site.

With or without the incremental room the same bytes are written; a build with
nothing to do writes nothing; one edited body re-renders only the pages that
show it; the plan key follows what page lists are made of, not article bodies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import tree_bytes

from newsgen.incremental.output import BuildKeys, LastBuild
from newsgen.incremental.store import Cache
from newsgen.pipeline import build, load
from newsgen.sources import build_time

FIXTURE_SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, root)
    return root


def _article(site: Path) -> Path:
    return sorted((site / "content").rglob("*.md"))[0]


def test_the_same_bytes_with_and_without_the_incremental_room(site: Path, tmp_path: Path) -> None:
    first = build(site, search=False, jobs=1)
    assert not first.errors and first.pages > 0 and first.articles > 0
    plain = build(site, output=tmp_path / "plain", search=False, cache=False, jobs=1)
    assert (plain.pages, plain.articles, plain.entities) == (
        first.pages,
        first.articles,
        first.entities,
    )
    made, again = tree_bytes(site / "public"), tree_bytes(tmp_path / "plain")
    assert made.keys() == again.keys() and made == again
    # write=False runs every stage but write and search: the same pages, no folder.
    checked = build(site, output=tmp_path / "never", search=False, write=False, jobs=1)
    assert checked.pages == first.pages and not (tmp_path / "never").exists()


def test_a_build_with_nothing_to_do_writes_nothing(site: Path) -> None:
    build(site, search=False, jobs=1)
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    again = build(site, search=False, jobs=1)
    after = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    assert before == after and again.pages > 0


def test_one_edited_body_renders_only_the_pages_that_show_it(site: Path, tmp_path: Path) -> None:
    build(site, search=False, jobs=1)
    article = _article(site)
    article.write_text(article.read_text() + "\nA sentence added by the test.\n")
    with Cache.for_site(site) as store:
        last = LastBuild.read(store, site / "public")
    assert last.record and last.signatures  # the first build left its record
    edited = build(site, search=False, jobs=1)
    assert edited.pages == len(last.signatures)
    shown = [
        p
        for p in (site / "public").rglob("*.html")
        if b"A sentence added by the test." in p.read_bytes()
    ]
    assert shown  # the article page at least
    build(site, output=tmp_path / "plain", search=False, cache=False, jobs=1)
    assert tree_bytes(site / "public") == tree_bytes(tmp_path / "plain")


def test_the_plan_key_follows_titles_not_bodies(site: Path, tmp_path: Path) -> None:
    def plan() -> str:
        loaded = load(site)
        when = build_time()
        keys = BuildKeys.of(loaded.config, loaded.content_key, site, tmp_path / "out", when, False)
        return keys.plan(loaded.index.articles)

    article = _article(site)
    text = article.read_text()
    first = plan()
    article.write_text(text + "\nAnother sentence.\n")
    assert plan() == first
    article.write_text(text.replace("title:", "title: Changed", 1))
    assert plan() != first
