"""Results kept between builds, and values read only when they are used.

- ``recalled_memo`` / ``keep_memo``: the index's memo (``newsgen.index.memo``, a
  plain dict) read from the store before the index is built, and what the index
  made stored after it;
- ``BodyReader``: article id -> body_html, read from the store for exactly the
  pages about to be rendered, and handed to the views as a plain dict.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

from newsgen.incremental.keys import code_version
from newsgen.incremental.memo_check import usable
from newsgen.incremental.store import Cache, unseal
from newsgen.index.memo import MEMO_NAMES, IndexMemo
from newsgen.model import ArticleHead

T = TypeVar("T")


def _memo_version() -> bytes:
    """Joins every stored memo entry: new code never reads an old result."""
    return hashlib.sha256(code_version().encode()).digest()


def recalled_memo(store: Cache, heads: Iterable[ArticleHead]) -> dict[str, tuple[bytes, Any]]:
    """The index's memo as the last build left it: name -> (inputs key, result), for
    the index of ``heads``. An entry this build's index could not have made (the
    cache is untrusted: ``memo_check``) is left out and counted as distrusted."""
    version = _memo_version()
    memo: dict[str, tuple[bytes, Any]] = {}
    sentences: dict[str, int] | None = None
    for name in MEMO_NAMES:
        found = store.get(f"memo:{name}")
        if not (isinstance(found, tuple) and len(found) == 3 and found[0] == version):
            continue  # none yet, or made by other code
        if sentences is None:
            sentences = {h.source_path: len(h.digest.sentences) for h in heads if h.digest}
        if isinstance(found[1], bytes) and usable(name, found[2], sentences):
            memo[name] = (found[1], found[2])
        else:
            store.distrust()
    return memo


def keep_memo(store: Cache, before: Mapping[str, tuple[bytes, Any]], after: IndexMemo) -> None:
    """Store each result of ``after`` the index made anew (not the one ``before`` held)."""
    version = _memo_version()
    for name, entry in after.items():
        if entry is not before.get(name):  # a hit leaves the entry itself in place
            store.set(f"memo:{name}", (version, *entry))


class BodyCheck(Protocol):
    """Whether a body read back is the one its article was made with, and where
    to count one that is not."""

    distrust: Callable[[], None]

    def __call__(self, aid: str, body: str) -> bool: ...


class BodyReader:
    """Article id -> body_html, read from the cache only for the pages rendered.

    A rebuild holds every article's head but no bodies; before an article page or
    a feed renders, the room ``read``s the bodies its view needs (a plain dict the
    views get), one indexed row each, through a
    read-only connection of the process's own (render workers are forked, and a
    SQLite connection must not cross a fork). Bodies this build made while the
    cache was off are ``held`` in memory; a row that has gone missing from the
    cache, fails its seal or is not the body its article's head was made with
    (``check``, which counts it) is made again with ``remake``.
    """

    _KEEP = 512  # recently read bodies kept: feeds read the newest articles often

    def __init__(
        self,
        path: Path | None,
        keys: Mapping[str, bytes],
        held: Mapping[str, str],
        remake: Callable[[str], str],
        check: BodyCheck | None = None,
    ) -> None:
        self._path = path
        self._keys = keys
        self._held = held
        self._remake = remake
        self._check = check
        self._recent: dict[str, str] = {}
        self._db: tuple[int, sqlite3.Connection] | None = None

    def read(self, ids: Iterable[str]) -> dict[str, str]:
        """The bodies of the articles ``ids``."""
        return {aid: self._get(aid) for aid in ids}

    def _get(self, aid: str) -> str:
        found = self._held.get(aid)
        if found is None:
            found = self._recent.get(aid)
        if found is None:
            found = self._read(aid)
            if len(self._recent) >= self._KEEP:
                del self._recent[next(iter(self._recent))]
            self._recent[aid] = found
        return found

    def _read(self, aid: str) -> str:
        key = self._keys[aid]  # KeyError: not an article of this build
        row = None
        if self._path is not None:
            try:
                row = (
                    self._connection()
                    .execute("SELECT body FROM articles WHERE key = ?", (key,))
                    .fetchone()
                )
            except sqlite3.Error:
                row = None
        if row is None:
            return self._remake(aid)
        payload = unseal(key, b"body", row[0])
        try:
            body = None if payload is None else payload.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            body = None
        if self._check is None:
            return body if body is not None else self._remake(aid)
        if body is not None and self._check(aid, body):
            return body
        self._check.distrust()
        return self._remake(aid)

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._db[0] != os.getpid():
            # A connection inherited through fork is left alone, never closed.
            db = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True)
            self._db = (os.getpid(), db)
        return self._db[1]

    def __reduce__(self) -> tuple[Any, ...]:
        raise TypeError("a BodyReader reads the cache; it does not cross a pickle")
