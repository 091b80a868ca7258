"""Cached articles are read only when used: a no-change build never decodes them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsgen import pipeline
from newsgen.incremental import articles as gather_module
from newsgen.incremental import store as cache

FIXTURE_SITE = Path(__file__).parent.parent / "fixtures" / "site"


def test_problems_are_stored_beside_the_value(tmp_path: Path) -> None:
    store = cache.Cache.for_site(tmp_path)
    store.put_articles([(b"k1", b"v1", b"w1", "", b"h"), (b"k2", b"v2", b"", "", b"h")])
    assert store.get_problems([b"k1", b"k2", b"k3"]) == {b"k1": b"w1", b"k2": b""}
    assert store.get_articles([b"k1"]) == {b"k1": b"v1"}
    store.close()


def test_a_cached_gather_decodes_articles_only_when_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    with cache.Cache.for_site(site) as store:
        cold = pipeline.gather(site, cache=store)
        expected = (cold.problems, cold.content_key, cold.articles(), cold.parsed())
    loads: list[bytes] = []
    real_loads = gather_module.cache_loads
    monkeypatch.setattr(gather_module, "cache_loads", lambda b: loads.append(b) or real_loads(b))
    with cache.Cache.for_site(site) as store:
        warm = pipeline.gather(site, cache=store)
        assert (warm.problems, warm.content_key) == expected[:2]
        warnings_only = len(loads)
        assert warnings_only < len(expected[2])  # only files with warnings so far
        assert warm.articles() == expected[2] and warm.parsed() == expected[3]
        assert len(loads) > warnings_only
