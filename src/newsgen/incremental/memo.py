"""Results kept between builds, and values read only when they are used.

- ``StoredMemo``: ``index.Memo`` kept in the store, one result per name;
- ``Bodies``: article id -> body_html, read from the store for the pages rendered;
- ``Deferred``: a tuple made on first use (a build with nothing to do never
  decodes the cached articles).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar, overload

from newsgen.incremental.keys import code_version
from newsgen.incremental.store import Cache, unseal

T = TypeVar("T")


class StoredMemo:
    """``index.Memo`` kept in the cache: the last result made under each name, with
    its key (which the code version joins, so new code never reads an old result)."""

    def __init__(self, store: Cache) -> None:
        self._store = store

    def recall(self, name: str, key: bytes, make: Callable[[], T]) -> T:
        key = hashlib.sha256(code_version().encode() + key).digest()
        found = self._store.get(f"memo:{name}")
        if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
            return found[1]  # type: ignore[no-any-return]
        value = make()
        self._store.set(f"memo:{name}", (key, value))
        return value


class BodyCheck(Protocol):
    """Whether a body read back is the one its article was made with, and where
    to count one that is not."""

    distrust: Callable[[], None]

    def __call__(self, aid: str, body: str) -> bool: ...


class Bodies(Mapping[str, str]):
    """Article id -> body_html, read from the cache only for the pages rendered.

    A rebuild holds every article's head but no bodies; an article page or a feed
    that is rendered reads its bodies here, one indexed row each, through a
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

    def __getitem__(self, aid: str) -> str:
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

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __reduce__(self) -> tuple[Any, ...]:
        raise TypeError("Bodies read the cache; they do not cross a pickle")


class Deferred(Sequence[T]):
    """A tuple made on first use, then kept: a build whose output is already up to
    date never reads the cached articles it would have been made of."""

    __slots__ = ("_items", "_make")

    def __init__(self, make: Callable[[], Iterable[T]]) -> None:
        self._make: Callable[[], Iterable[T]] | None = make
        self._items: tuple[T, ...] | None = None

    def _get(self) -> tuple[T, ...]:
        if self._items is None:
            assert self._make is not None
            self._items = tuple(self._make())
            self._make = None  # frees what the maker held (sources, blobs)
        return self._items

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        return self._get()[index]

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self) -> Iterator[T]:
        return iter(self._get())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Deferred):
            other = other._get()
        return self._get() == other

    def __hash__(self) -> int:
        return hash(self._get())

    def __repr__(self) -> str:
        return repr(self._get())

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (self._get(),)  # crosses a pipe or a pickle as a plain tuple
