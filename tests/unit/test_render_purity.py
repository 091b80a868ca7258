"""The core does no I/O while it renders: the incremental room reads what a page
needs (its articles' bodies) before the page renders, and hands it over as plain
values; the index's memo is a plain dict the room fills before and stores after."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsgen import pipeline
from newsgen.incremental import store as cache
from newsgen.incremental.articles import Loaded
from newsgen.render import render_page
from newsgen.templates import make_environment
from newsgen.views import Views

FIXTURE_SITE = Path(__file__).parent.parent / "fixtures" / "site"
BUILT = datetime(2026, 1, 1, tzinfo=UTC)


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("the core opened the store while rendering")


def test_every_page_renders_with_the_store_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    with cache.Cache.for_site(site) as store:
        pipeline.gather(site, cache=store)  # fills the store: the next load reads from it
    with cache.Cache.for_site(site) as store:
        loaded = pipeline.load(site, cache=store)
        assert isinstance(loaded, Loaded) and loaded.bodies is not None
        views = Views(loaded.index, loaded.config, BUILT)
        pages = list(views.pages())
        # The room's part, before the render stage: the bodies of exactly these pages.
        bodies = {page.path: loaded.bodies.read(views.bodies_read(page)) for page in pages}
    shutil.rmtree(site / cache.CACHE_DIR)
    monkeypatch.setattr(sqlite3, "connect", _refuse)
    env = make_environment(site / "templates")
    articles = 0
    for page in pages:
        views.bodies = bodies[page.path]
        html = render_page(env, views, page).decode("utf-8")
        if page.kind == "article":
            articles += 1
            [body] = bodies[page.path].values()
            assert body and body[-40:] in html  # the body (its lead may gain a dateline)
    assert articles == len(loaded.index.articles) > 0


def test_a_body_not_handed_in_is_an_error_not_a_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    loaded = pipeline.load(site, cache=cache.Cache(None))
    views = Views(loaded.index, loaded.config, BUILT)
    page = next(p for p in views.pages() if p.kind == "article")
    with pytest.raises(KeyError):
        views.view(page)


def test_the_index_memo_is_stored_by_the_room_after_the_index(tmp_path: Path) -> None:
    """A second build reuses every result the first one kept (nothing made anew),
    and the index itself never touched the store."""
    from newsgen.incremental.memo import keep_memo, recalled_memo

    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    with cache.Cache.for_site(site) as store:
        gathered = pipeline.without_copies(pipeline.gather(site, cache=store).loaded())
        assert recalled_memo(store, gathered.heads) == {}
        memo: dict[str, tuple[bytes, object]] = {}
        first = pipeline.with_index(gathered, site, memo).index
        keep_memo(store, {}, memo)
    with cache.Cache.for_site(site) as store:
        recalled = recalled_memo(store, gathered.heads)
        assert set(recalled) == {"entities", "related"}
        again = dict(recalled)
        second = pipeline.with_index(gathered, site, again).index
        assert all(again[name] is recalled[name] for name in recalled)
    assert second == first
