"""Gather: stat-first scanning, the heads snapshot and bodies read on demand.

Each test checks a rebuild's view of the archive against a cold, uncached one:
whatever the cache remembers, the articles a build sees must be the files' own.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from newsgen import sources
from newsgen.incremental import articles as gather_module
from newsgen.incremental.articles import gather
from newsgen.incremental.store import CACHE_DIR, DB_NAME, Cache, dumps, seal
from newsgen.index import build_index

HOUR_AGO_NS = time.time_ns() - 3600 * 1_000_000_000


def _article(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-05-01\n---\n\n{body}\n"


def _site(make_site, count: int = 3):  # type: ignore[no-untyped-def]
    files = {
        f"content/a{n}.md": _article(f"Story {n}", f"Minister Sara Khan spoke in Lahore {n}.")
        for n in range(count)
    }
    site = make_site(files)
    for n in range(count):
        os.utime(site / f"content/a{n}.md", ns=(HOUR_AGO_NS, HOUR_AGO_NS))
    return site


def _view(site: Path, store: Cache) -> list[tuple[str, str, str]]:
    gathered = gather(site, cache=store)
    assert gathered.bodies is not None
    heads = gathered.heads()
    bodies = gathered.bodies.read(h.source_path for h in heads)
    return [(h.source_path, h.title, bodies[h.source_path]) for h in heads]


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = sources.read_source

    def counting(site_root, path, *rest):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real(site_root, path, *rest)

    monkeypatch.setattr(sources, "read_source", counting)
    return seen


def test_unchanged_files_are_known_by_their_stat(make_site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    site = _site(make_site)
    with Cache.for_site(site) as store:
        first = _view(site, store)
    reads = _reads(monkeypatch)
    with Cache.for_site(site) as store:
        assert _view(site, store) == first
    assert reads == []


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(make_site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    site = _site(make_site)
    with Cache.for_site(site) as store:
        _view(site, store)
    target = site / "content/a1.md"
    text = target.read_text().replace("Lahore", "Quetta")  # same length
    target.write_text(text)
    os.utime(target, ns=(HOUR_AGO_NS, HOUR_AGO_NS))  # mtime put back; ctime moves on
    reads = _reads(monkeypatch)
    with Cache.for_site(site) as store:
        view = _view(site, store)
    assert reads == ["content/a1.md"]
    assert "Quetta" in view[1][2]
    assert view == _view(site, Cache(None))


def test_files_changed_just_before_a_scan_are_read_again(make_site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    site = _site(make_site)
    fresh = site / "content/a2.md"
    os.utime(fresh, None)  # now: a later write in the same tick could keep its stat
    with Cache.for_site(site) as store:
        _view(site, store)
    reads = _reads(monkeypatch)
    with Cache.for_site(site) as store:
        _view(site, store)
    assert reads == ["content/a2.md"]


def test_a_config_change_voids_the_scan(make_site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    site = _site(make_site)
    with Cache.for_site(site) as store:
        _view(site, store)
    (site / "newsgen.yaml").write_text("title: Other\ntimezone: Asia/Karachi\n")
    reads = _reads(monkeypatch)
    with Cache.for_site(site) as store:
        view = _view(site, store)
    assert sorted(reads) == [f"content/a{n}.md" for n in range(3)]
    assert view == _view(site, Cache(None))


def test_added_and_removed_files(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _site(make_site)
    with Cache.for_site(site) as store:
        _view(site, store)
    (site / "content/a0.md").unlink()
    (site / "content/b.md").write_text(_article("New one", "Sara Khan again."))
    with Cache.for_site(site) as store:
        view = _view(site, store)
    assert view == _view(site, Cache(None))
    assert [path for path, _, _ in view] == ["content/a1.md", "content/a2.md", "content/b.md"]


def test_heads_made_since_the_snapshot_come_from_their_rows(make_site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(gather_module, "_SNAPSHOT_SLACK", 1)
    site = _site(make_site, count=4)
    with Cache.for_site(site) as store:
        _view(site, store)  # four new heads: past the slack, so a snapshot
        snapshot = store.get("heads")
    assert isinstance(snapshot, dict) and len(snapshot) == 4
    (site / "content/a3.md").write_text(_article("Changed", "Imran Ali in Karachi."))
    with Cache.for_site(site) as store:
        view = _view(site, store)
        assert store.get("heads") == snapshot  # one head since: read from its row
    for n in (0, 1):
        (site / f"content/a{n}.md").write_text(_article(f"Again {n}", "Dr Ali in Multan."))
    with Cache.for_site(site) as store:
        again = _view(site, store)
        assert store.get("heads") != snapshot  # past the slack: written again
    assert view[3][1] == "Changed" and again[0][1] == "Again 0"
    assert again == _view(site, Cache(None))


def test_a_body_whose_row_is_gone_is_made_again(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _site(make_site)
    with Cache.for_site(site) as store:
        expected = _view(site, store)
    with sqlite3.connect(site / CACHE_DIR / DB_NAME) as db:
        db.execute("UPDATE articles SET head = x''")  # heads then come from the values
        db.execute("DELETE FROM articles WHERE rowid = (SELECT min(rowid) FROM articles)")
        db.execute("DELETE FROM meta WHERE name = 'heads'")
    with Cache.for_site(site) as store:
        assert _view(site, store) == expected


def test_memoised_index_results_follow_their_inputs() -> None:
    from datetime import UTC, datetime

    from newsgen.model import PERSON, Article, Mention

    made: list[str] = []

    class Memo(dict[str, tuple[bytes, object]]):
        """The index's memo (a plain dict) that notes each result made anew."""

        def __setitem__(self, name: str, entry: tuple[bytes, object]) -> None:
            made.append(name)
            super().__setitem__(name, entry)

    def article(n: int, names: list[str], text: str = "") -> Article:
        body = " ".join(names) + text
        mentions = tuple(
            Mention(body.index(name), body.index(name) + len(name), name, PERSON, name)
            for name in names
        )
        moment = datetime(2024, 1, n + 1, tzinfo=UTC)
        return Article(f"c/{n}.md", f"T{n}", f"t{n}", moment, body, "", "", mentions=mentions)

    memo = Memo()
    base = [article(0, ["Ann Lee", "Bo Chan"]), article(1, ["Ann Lee", "Bo Chan"])]
    first = build_index(base, memo=memo)
    assert sorted(made) == ["entities", "related"]
    made.clear()
    edited = [base[0], article(1, ["Ann Lee", "Bo Chan"], " More words.")]
    again = build_index(edited, memo=memo)
    assert made == []  # same entities and order: all remembered
    assert again.related == first.related
    # The remembered entities get this build's sentences.
    assert again.entity_by_key == build_index(edited).entity_by_key
    assert any("More words" in ref.sentence for ref in again.entities[0].refs)
    made.clear()
    other = [base[0], article(1, ["Ann Lee", "Cy Dunn"])]
    third = build_index(other, memo=memo)
    assert sorted(made) == ["entities", "related"]
    assert third.related == build_index(other).related
    assert third.entity_by_key == build_index(other).entity_by_key


def test_a_head_row_that_is_not_a_head_is_made_again(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _site(make_site)
    with Cache.for_site(site) as store:
        expected = _view(site, store)
    with sqlite3.connect(site / CACHE_DIR / DB_NAME) as db:
        keys = [key for (key,) in db.execute("SELECT key FROM articles ORDER BY rowid")]
        # A well-sealed value that is not a head, and one that fails its check.
        for key in keys[1:]:
            db.execute(
                "UPDATE articles SET head = ? WHERE key = ?",
                (seal(key, b"head", dumps(("not", "a head"))), key),
            )
        db.execute("UPDATE articles SET head = x'00ff' WHERE key = ?", (keys[0],))
        db.execute("DELETE FROM meta WHERE name = 'heads'")
    with Cache.for_site(site) as store:
        assert _view(site, store) == expected
        (warning,) = store.warnings
        assert f"{len(keys)} cache entries failed the integrity check" in warning
