"""The build cache: pure stages memoised by content hash in one SQLite file.

An edge module (it reads and writes ``<site>/.newsgen-cache/``). Every entry is
keyed by a hash of everything its value depends on, so an entry can be missing
but never stale: nothing here guesses what a change affects.

- ``articles``: key = sha256(file bytes, path, git dates, mtime, parse context),
  where the parse context is the code version, the config minus presentation-only
  options and the extractor backend and version; value = the encoded
  ``(Parsed, Article with mentions)``, and beside it the file's warnings alone, so
  a build can name its problems without reading every value: a build whose output
  is already up to date never decodes an article. (The entity registry is read
  by ``build_index``, which always runs, so it is not part of this key.)
- ``meta``: the format and schema version, git dates by HEAD commit, the key of
  the last complete build, and the output manifest (path -> digest and stat) that
  lets unchanged pages be hard-linked rather than rewritten.

The folder is untrusted input: CI restores it from caches other branches write,
and a crash can leave it half-written. So:

- values are plain data (``codec``: msgpack and an allow-list of newsgen records),
  never pickle: a planted value cannot run code;
- every stored value carries a check of its row key, column and bytes
  (``seal``), verified on every read: a value altered, truncated or moved to
  another row is a miss, counted, and reported as one warning; the cache is then
  discarded when the build ends. (The check is a hash, not a secret: it catches
  corruption and edits that do not know of it, not a writer who recomputes it.
  What such a writer can do is bounded by the codec: data in records of the
  right shape, article HTML included, never code.)
- a file that is not a newsgen cache, has another schema version or raises any
  SQLite error is reported as a warning, deleted and started afresh; a folder in
  place of the database is removed only from a cache folder newsgen tagged as
  its own, and a ``.newsgen-cache`` that is not a folder is reported and left
  alone: the build runs without a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import mmap
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from newsgen.incremental import codec
from newsgen.incremental.heap import collector_paused

CACHE_DIR = ".newsgen-cache"
DB_NAME = "cache.sqlite3"
FORMAT = "newsgen-cache"
# Bump when a table or a value's layout changes: a cache of another schema is
# discarded whole (schema 4 and before held pickles, never read again; 6 dropped
# Article.extra; 7 added the article's image).
SCHEMA = "7"
_T = TypeVar("_T")
_CHECK_SIZE = 16  # bytes of blake2b in front of every stored value (``seal``)
_TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# newsgen build cache\n"

# Every value column holds ``seal``ed bytes: a check, then the payload.
_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    key BLOB PRIMARY KEY, value BLOB NOT NULL, problems BLOB NOT NULL,
    body BLOB NOT NULL, head BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS scan (
    path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, inode INTEGER, ctime INTEGER,
    created INTEGER, modified INTEGER, key BLOB NOT NULL, problems BLOB NOT NULL,
    scanned INTEGER NOT NULL, seal BLOB NOT NULL
);
"""
_SCAN_COLUMNS = "path, size, mtime, inode, ctime, created, modified, key, problems, scanned"


class CacheCorrupt(Exception):
    """The cache file cannot be trusted; it is thrown away."""


def dumps(value: object) -> bytes:
    """A value as plain data (``codec``); CacheCorrupt when it is not."""
    try:
        return codec.encode(value)
    except codec.CodecError as exc:
        raise CacheCorrupt(str(exc)) from None


def loads(data: bytes) -> Any:
    """The value ``dumps`` made; CacheCorrupt for bytes it did not make."""
    try:
        with collector_paused():  # what a cache value holds is new and acyclic
            return codec.decode(data)
    except codec.CodecError as exc:
        raise CacheCorrupt(str(exc)) from None


def seal(key: bytes, column: bytes, payload: bytes) -> bytes:
    """``payload`` with its check in front: a hash of the row's key, the column and
    the payload, so a value altered, cut short or moved to another row is told."""
    return _check(key, column, payload) + payload


def unseal(key: bytes, column: bytes, blob: object) -> bytes | None:
    """The payload ``seal`` wrapped, or None when the check does not match."""
    if type(blob) is not bytes or len(blob) < _CHECK_SIZE:
        return None
    payload = blob[_CHECK_SIZE:]
    if type(key) is not bytes or blob[:_CHECK_SIZE] != _check(key, column, payload):
        return None
    return payload


def _check(key: bytes, column: bytes, payload: bytes) -> bytes:
    # blake2b's own key and personalisation take the row key and the column.
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    return hashlib.blake2b(payload, digest_size=_CHECK_SIZE, key=key, person=column).digest()


def _scan_check(row: tuple[Any, ...]) -> bytes:
    """The check of a scan row's ten fields (path ... scanned): str, int, bytes or
    None, whose marshal format 2 bytes are one per value (no back-references)."""
    data = marshal.dumps(row, 2)
    return hashlib.blake2b(data, digest_size=_CHECK_SIZE, person=b"scan").digest()


def _meta_key(name: str) -> bytes:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest()


class Cache:
    """Memo tables in SQLite. Disabled (``--no-cache``) it misses and stores nothing.

    Every value read back is checked against its row (``seal``); one that fails
    is a miss, counted (also by forked render workers reading bodies), reported
    as one warning, and the whole cache is discarded when the build ends: a cache
    with one altered row is not trusted for the next build either.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._warnings: list[str] = []
        self._db: sqlite3.Connection | None = None
        # Shared with forked workers (an anonymous mapping survives fork shared).
        self._distrusted = mmap.mmap(-1, 8)
        if path is not None:
            self._open()

    @classmethod
    def for_site(cls, site_root: Path, enabled: bool = True) -> Cache:
        return cls(site_root / CACHE_DIR / DB_NAME if enabled else None)

    @property
    def enabled(self) -> bool:
        return self._db is not None

    @property
    def distrusted(self) -> int:
        """Values that failed their check in this build (in any process)."""
        return int.from_bytes(self._distrusted[:8], "little")

    def distrust(self, count: int = 1) -> None:
        """Count values that failed their check (or did not decode)."""
        self._distrusted[:8] = (self.distrusted + count).to_bytes(8, "little")

    @property
    def warnings(self) -> list[str]:
        """What the build reports about the cache: at most one line per kind."""
        bad = self.distrusted
        if not bad:
            return list(self._warnings)
        entries = "1 cache entry" if bad == 1 else f"{bad} cache entries"
        were = "was" if bad == 1 else "were"
        return [
            *self._warnings,
            f"{DB_NAME}: {entries} failed the integrity check (altered, "
            f"half-written or planted) and {were} not used; the cache is being rebuilt",
        ]

    def _open(self) -> None:
        assert self.path is not None
        folder = self.path.parent
        if os.path.lexists(folder) and not folder.is_dir():
            # Not ours to delete: the user (or a restored CI cache) put it there.
            self._warnings.append(
                f"{CACHE_DIR} is not a folder; building without a cache "
                "(remove or rename it to let newsgen keep one)"
            )
            return
        try:
            self._db = self._connect(self.path)
        except (sqlite3.Error, CacheCorrupt, OSError) as exc:
            self._discard(exc)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(path) and not path.is_file():
            raise CacheCorrupt("not a file")
        # Tells backup and archiving tools the folder can be regenerated.
        tag = path.parent / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_TAG_TEXT)
        _remove_legacy(path.parent)
        fresh = not path.exists() or path.stat().st_size == 0
        db = sqlite3.connect(path, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if fresh:
                db.executescript(_SCHEMA_SQL)
                db.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    [("format", FORMAT.encode()), ("schema", SCHEMA.encode())],
                )
            rows = dict(
                db.execute("SELECT name, value FROM meta WHERE name IN ('format','schema')")
            )
            if rows.get("format") != FORMAT.encode() or rows.get("schema") != SCHEMA.encode():
                raise CacheCorrupt("not a newsgen cache of this version")
        except BaseException:
            db.close()
            raise
        return db

    def _discard(self, exc: BaseException) -> None:
        """Warn, delete the cache file and start an empty one; on failure run uncached."""
        assert self.path is not None
        if self._db is not None:
            self._db.close()
            self._db = None
        try:
            self._delete_files()
            self._db = self._connect(self.path)
        except (sqlite3.Error, CacheCorrupt, OSError) as again:
            self._warnings.append(f"{DB_NAME}: {exc}; building without a cache ({again})")
        else:
            self._warnings.append(f"{DB_NAME}: {exc}; the cache was discarded and is being rebuilt")

    def _delete_files(self) -> None:
        """Delete the database and its journals. A folder in their place is removed
        only inside a cache folder newsgen tagged as its own (``CACHEDIR.TAG``)."""
        assert self.path is not None
        for suffix in ("", "-wal", "-shm"):
            path = Path(f"{self.path}{suffix}")
            if path.is_dir() and not path.is_symlink():
                if not _is_ours(path.parent):
                    raise CacheCorrupt(f"{CACHE_DIR} has no newsgen CACHEDIR.TAG: left as it is")
                shutil.rmtree(path)
            elif os.path.lexists(path):
                path.unlink()

    def _guard(self, action: Callable[[sqlite3.Connection], _T], default: _T) -> _T:
        if self._db is None:
            return default
        try:
            return action(self._db)
        except (sqlite3.Error, CacheCorrupt) as exc:
            self._discard(exc)
            return default

    # -- articles ------------------------------------------------------------------

    def get_articles(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """Each hit's encoded (Parsed, Article) (batched: one query per 500 keys)."""
        return self._select("value", keys)

    def get_heads(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """Each hit's encoded head."""
        return self._select("head", keys)

    def get_problems(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """Each hit's encoded warnings (b"" for none): far less to read than the values."""
        return self._select("problems", keys)

    def _select(self, column: str, keys: list[bytes]) -> dict[bytes, bytes]:
        """The payloads of ``column`` that pass their check; the others are misses."""
        person = column.encode()

        def run(db: sqlite3.Connection) -> dict[bytes, bytes]:
            found: dict[bytes, bytes] = {}
            bad = 0
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                sql = f"SELECT key, {column} FROM articles WHERE key IN ({marks})"
                for key, blob in db.execute(sql, batch):
                    payload = unseal(key, person, blob)
                    if payload is None:
                        bad += 1
                    else:
                        found[key] = payload
            if bad:
                self.distrust(bad)
            return found

        return self._guard(run, {})

    def put_articles(self, items: Iterable[tuple[bytes, bytes, bytes, str, bytes]]) -> None:
        """Store (key, encoded value, encoded warnings, body_html, encoded head) rows."""
        rows = (
            (
                key,
                seal(key, b"value", value),
                seal(key, b"problems", problems),
                seal(key, b"body", body.encode("utf-8", "surrogatepass")),
                seal(key, b"head", head),
            )
            for key, value, problems, body, head in items
        )

        def run(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)", rows)

        self._guard(run, None)

    def keep_articles(self, keys: Iterable[bytes]) -> None:
        """Drop entries this build did not use, so the file does not grow for ever."""

        def run(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN")
                _keep_only(db, "articles", "key", keys)

        self._guard(run, None)

    # -- the last scan of the content folder ----------------------------------------

    def get_scan(self) -> dict[str, tuple[Any, ...]]:
        """Path -> (size, mtime_ns, inode, ctime_ns, created, modified, key,
        encoded warnings, scanned_ns) as the scans that last read each file left it;
        a row that fails its check is left out (the file is read again)."""

        def run(db: sqlite3.Connection) -> dict[str, tuple[Any, ...]]:
            found = {}
            bad = 0
            for row in db.execute(f"SELECT {_SCAN_COLUMNS}, seal FROM scan"):
                fields = row[:10]
                good = row[10] == _scan_check(fields)
                problems = unseal(row[7], b"problems", row[8]) if good else None
                if problems is None:
                    bad += 1
                    continue
                found[row[0]] = (*fields[1:8], problems, fields[9])
            if bad:
                self.distrust(bad)
            return found

        return self._guard(run, {})

    def put_scan(self, rows: Iterable[tuple[Any, ...]], keep: Iterable[str] | None) -> None:
        """Store scan rows (as ``get_scan`` gives them, with the path first);
        with ``keep``, forget every path not in it."""

        def sealed(row: tuple[Any, ...]) -> tuple[Any, ...]:
            stored = (*row[:8], seal(row[7], b"problems", row[8]), row[9])
            return (*stored, _scan_check(stored))

        def run(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN")
                db.executemany(
                    "INSERT OR REPLACE INTO scan VALUES (?,?,?,?,?,?,?,?,?,?,?)", map(sealed, rows)
                )
                if keep is not None:
                    _keep_only(db, "scan", "path", keep)

        self._guard(run, None)

    # -- small named values ----------------------------------------------------------

    def get(self, name: str) -> Any:
        """A meta value, or None (also when it fails its check or does not decode)."""

        def run(db: sqlite3.Connection) -> Any:
            row = db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            payload = unseal(_meta_key(name), b"meta", row[0])
            try:
                if payload is not None:
                    return loads(payload)
            except CacheCorrupt:
                pass
            self.distrust()
            return None

        return self._guard(run, None)

    def set(self, name: str, value: object) -> None:
        try:
            blob = seal(_meta_key(name), b"meta", dumps(value))
        except CacheCorrupt as exc:  # a value newsgen made but cannot store: not kept
            self._warnings.append(f"{CACHE_DIR}: {name} not cached: {exc}")
            return

        def run(db: sqlite3.Connection) -> None:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, blob))

        self._guard(run, None)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
            if self.distrusted and self.path is not None:
                # Altered rows were found: the next build starts from an empty cache.
                with contextlib.suppress(OSError, CacheCorrupt):
                    self._delete_files()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_ours(folder: Path) -> bool:
    """A cache folder newsgen made: a real folder with newsgen's CACHEDIR.TAG."""
    tag = folder / "CACHEDIR.TAG"
    try:
        return not folder.is_symlink() and tag.is_file() and tag.read_text() == _TAG_TEXT
    except (OSError, UnicodeDecodeError):
        return False


def _remove_legacy(folder: Path) -> None:
    """Jinja's compiled templates, which newsgen once kept in ``templates/`` here
    and no longer reads (a planted one would have run code): removed from a
    folder of ours."""
    legacy = folder / "templates"
    if legacy.is_dir() and not legacy.is_symlink() and _is_ours(folder):
        shutil.rmtree(legacy, ignore_errors=True)


def _keep_only(db: sqlite3.Connection, table: str, column: str, values: Iterable[Any]) -> None:
    """Delete the rows of ``table`` whose ``column`` (its primary key) is none of
    ``values``: the keys are read and compared here, and the few stale rows of a
    rebuild deleted one by one (5x faster at 10,000 rows than filling a temporary
    table with every key to keep)."""
    kept = set(values)
    stale = [(v,) for (v,) in db.execute(f"SELECT {column} FROM {table}") if v not in kept]
    db.executemany(f"DELETE FROM {table} WHERE {column} = ?", stale)
