"""The cache: keys that name every input, safe values, distrust of foreign files."""

from __future__ import annotations

import os
import pickle
import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsgen.config import Config, EntitiesConfig
from newsgen.incremental import keys
from newsgen.incremental import store as cache
from newsgen.model import Article, Mention


def _article() -> Article:
    when = datetime(2025, 3, 5, 9, 30, tzinfo=ZoneInfo("Asia/Karachi"))
    return Article(
        source_path="content/a.md",
        title="T",
        slug="t",
        date=when,
        text="T\n\nMayor Khan spoke.",
        body_html="<p>Mayor Khan spoke.</p>",
        summary="Mayor Khan spoke.",
        mentions=(Mention(9, 18, "Mayor Khan", "PERSON", "Khan"),),
    )


def test_values_round_trip_as_plain_data() -> None:
    article = _article()
    assert cache.loads(cache.dumps(article)) == article
    assert repr(cache.loads(cache.dumps(article))) == repr(article)


def _row(key: bytes, value: bytes = b"v") -> tuple[bytes, bytes, bytes, str, bytes]:
    return (key, value, b"", "<p>body</p>", b"h")


def test_a_planted_pickle_cannot_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    # The old exploit: STACK_GLOBAL ("newsgen.sources", "os.system") passed the
    # old unpickler's allow-list of modules.
    def short(text: str) -> bytes:
        return b"\x8c" + bytes([len(text)]) + text.encode()

    planted = (
        b"\x80\x04" + short("newsgen.sources") + short("os.system") + b"\x93"
        + short(f"touch {marker}") + b"\x85R."
    )  # fmt: skip
    for blob in (pickle.dumps(Evil()), planted, b"garbage", b""):
        with pytest.raises(cache.CacheCorrupt):
            cache.loads(blob)
    assert not marker.exists()


def test_a_value_that_fails_its_check_is_a_miss(tmp_path: Path) -> None:
    store = cache.Cache.for_site(tmp_path)
    store.put_articles([_row(b"k1"), _row(b"k2", b"w")])
    assert store.get_articles([b"k1", b"k2"]) == {b"k1": b"v", b"k2": b"w"}
    path = tmp_path / cache.CACHE_DIR / cache.DB_NAME
    with sqlite3.connect(path) as db:
        (blob,) = db.execute("SELECT value FROM articles WHERE key = ?", (b"k1",)).fetchone()
        db.execute("UPDATE articles SET value = ? WHERE key = ?", (blob[:-1] + b"x", b"k1"))
        # Swapped rows: each value is sealed with its own row's key.
        db.execute("UPDATE articles SET head = (SELECT head FROM articles WHERE key = ?)", (b"k2",))
    assert store.get_articles([b"k1", b"k2"]) == {b"k2": b"w"}
    assert store.get_heads([b"k1", b"k2"]) == {b"k2": b"h"}
    assert store.distrusted == 2
    (warning,) = store.warnings
    assert "2 cache entries failed the integrity check" in warning
    store.close()
    assert not path.exists()  # a cache with altered rows is not kept for the next build


def test_sealed_values_name_their_row_and_column() -> None:
    blob = cache.seal(b"key", b"value", b"payload")
    assert cache.unseal(b"key", b"value", blob) == b"payload"
    assert cache.unseal(b"other", b"value", blob) is None
    assert cache.unseal(b"key", b"head", blob) is None
    assert cache.unseal(b"key", b"value", blob[:-1]) is None
    assert cache.unseal(b"key", b"value", "text") is None


def test_source_key_names_every_input() -> None:
    context = keys.parse_context(Config())
    base = keys.source_key(context, "content/a.md", b"text", (None, None, 1))
    assert base == keys.source_key(context, "content/a.md", b"text", (None, None, 1))
    assert base != keys.source_key(context, "content/b.md", b"text", (None, None, 1))
    assert base != keys.source_key(context, "content/a.md", b"text!", (None, None, 1))
    assert base != keys.source_key(context, "content/a.md", b"text", (None, None, 2))


def test_parse_context_follows_parse_options_not_presentation() -> None:
    plain = keys.parse_context(Config())
    assert plain == keys.parse_context(Config(title="Other", per_page=3))
    assert plain != keys.parse_context(Config(timezone="Asia/Karachi"))
    assert plain != keys.parse_context(Config(entities=EntitiesConfig(min_mentions=3)))


def test_store_and_prune(tmp_path: Path) -> None:
    store = cache.Cache.for_site(tmp_path)
    store.put_articles([_row(b"k1", b"v1"), _row(b"k2", b"v2")])
    assert store.get_articles([b"k1", b"k3"]) == {b"k1": b"v1"}
    store.keep_articles([b"k2"])
    assert store.get_articles([b"k1", b"k2"]) == {b"k2": b"v2"}
    rows = [(path, 1, 2, 3, 4, None, None, b"key", b"", 5) for path in ("a.md", "b.md", "c.md")]
    store.put_scan(rows, None)
    store.put_scan([], ["b.md", "gone.md"])
    assert set(store.get_scan()) == {"b.md"}
    store.set("name", {"a": (1, b"x")})
    assert store.get("name") == {"a": (1, b"x")}
    store.close()
    assert cache.Cache.for_site(tmp_path).get_articles([b"k2"]) == {b"k2": b"v2"}


def test_foreign_and_corrupt_files_are_discarded(tmp_path: Path) -> None:
    path = tmp_path / cache.CACHE_DIR / cache.DB_NAME
    path.parent.mkdir()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB)")
    db.execute("INSERT INTO meta VALUES ('schema', x'39')")
    db.commit()
    db.close()
    store = cache.Cache.for_site(tmp_path)
    assert store.enabled and "discarded" in store.warnings[0]
    store.close()
    path.write_bytes(b"not sqlite at all" * 64)
    store = cache.Cache.for_site(tmp_path)
    assert store.enabled and store.warnings
    store.put_articles([_row(b"k")])
    assert store.get_articles([b"k"]) == {b"k": b"v"}


def test_disabled_cache_misses_and_stores_nothing(tmp_path: Path) -> None:
    store = cache.Cache.for_site(tmp_path, enabled=False)
    store.put_articles([_row(b"k")])
    assert store.get_articles([b"k"]) == {}
    assert not (tmp_path / cache.CACHE_DIR).exists()


def test_values_distrusted_in_a_forked_worker_are_counted(tmp_path: Path) -> None:
    """Render workers are forked and read bodies: what they distrust is reported."""
    store = cache.Cache.for_site(tmp_path)
    pid = os.fork()
    if pid == 0:  # the worker
        store.distrust(2)
        os._exit(0)
    os.waitpid(pid, 0)
    store.distrust()
    assert store.distrusted == 3
    assert "3 cache entries failed the integrity check" in store.warnings[0]
    store.close()


def test_a_cache_folder_that_is_a_file_is_reported_and_kept(tmp_path: Path) -> None:
    (tmp_path / cache.CACHE_DIR).write_text("mine")
    store = cache.Cache.for_site(tmp_path)
    assert not store.enabled
    (warning,) = store.warnings
    assert "not a folder" in warning
    store.put_articles([_row(b"k")])
    assert store.get_articles([b"k"]) == {}
    store.close()
    assert (tmp_path / cache.CACHE_DIR).read_text() == "mine"
