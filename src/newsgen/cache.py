"""The build cache: pure stages memoised by content hash in one SQLite file.

An edge module (it reads and writes ``<site>/.newsgen-cache/``). Every entry is
keyed by a hash of everything its value depends on, so an entry can be missing
but never stale: nothing here guesses what a change affects.

- ``articles``: key = sha256(file bytes, path, git dates, mtime, parse context),
  where the parse context is the code version, the config minus presentation-only
  options and the extractor backend and version; value = the pickled
  ``(Parsed, Article with mentions)``, and beside it the file's warnings alone, so
  a build can name its problems without reading every value: a build whose output
  is already up to date never unpickles an article. (The entity registry is read
  by ``build_index``, which always runs, so it is not part of this key.)
- ``meta``: the format and schema version, git dates by HEAD commit, the key of
  the last complete build, and the output manifest (path -> digest and stat) that
  lets unchanged pages be hard-linked rather than rewritten.

A file that is not a newsgen cache, has another schema version or raises any
SQLite error is reported as a warning, deleted and started afresh; a value that
does not unpickle into newsgen records counts as corruption too. Values unpickle
through an allow-list of classes, so a planted cache file cannot run code.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import gc
import hashlib
import io
import os
import pickle
import re
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, overload
from zoneinfo import ZoneInfo

from newsgen.config import Config

CACHE_DIR = ".newsgen-cache"
DB_NAME = "cache.sqlite3"
FORMAT = "newsgen-cache"
SCHEMA = "4"  # bump when a table or a value's layout changes
PICKLE_PROTOCOL = 5
# Options only views and templates read: changing them must not re-parse 100k files.
# Everything else in the config (time zone, author, summary length, entities...) is
# part of the parse key.
PRESENTATION_ONLY = (
    "title",
    "description",
    "base_url",
    "language",
    "output_dir",
    "per_page",
    "feed_limit",
    "related",
    "search",
)
# Libraries whose version changes what a page or an article looks like.
_DEPENDENCIES = (
    "markdown",
    "nh3",
    "jinja2",
    "pyyaml",
    "python-slugify",
    "ftfy",
    "charset-normalizer",
)
_SAFE_MODULES = ("newsgen.", "datetime", "zoneinfo")
_SAFE_BUILTINS = frozenset({"tuple", "list", "dict", "set", "frozenset", "bytes", "str", "int"})

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    key BLOB PRIMARY KEY, value BLOB NOT NULL, problems BLOB NOT NULL DEFAULT x'',
    body TEXT NOT NULL DEFAULT '', head BLOB NOT NULL DEFAULT x''
);
CREATE TABLE IF NOT EXISTS scan (
    path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, inode INTEGER, ctime INTEGER,
    created INTEGER, modified INTEGER, key BLOB NOT NULL, problems BLOB NOT NULL,
    scanned INTEGER NOT NULL
);
"""


class CacheCorrupt(Exception):
    """The cache file cannot be trusted; it is thrown away."""


@cache
def code_version() -> str:
    """Hash of newsgen's own files (code and data, not the theme) and its libraries.

    Worked out once per process, in one walk of the package folder."""
    package = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.sha256(sys.version.encode())
    versions = library_versions(_DEPENDENCIES)
    for name in _DEPENDENCIES:
        digest.update(f"{name}={versions[name]};".encode())
    files: list[str] = []
    for folder, subfolders, names in os.walk(package):
        rel = os.path.relpath(folder, package).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        # The theme is named by render_salt and the build key, not here.
        skip = ("__pycache__", "theme") if not prefix else ("__pycache__",)
        subfolders[:] = [d for d in subfolders if d not in skip]
        files.extend(prefix + name for name in names)
    for rel in sorted(files):
        with open(os.path.join(package, rel), "rb") as handle:
            digest.update(rel.encode() + b"\0" + handle.read() + b"\0")
    return digest.hexdigest()


def library_versions(names: Sequence[str]) -> dict[str, str]:
    """Each installed distribution's version ("-" when it is not installed), as
    ``importlib.metadata.version`` gives it, read from its ``*.dist-info/METADATA``.

    Importing importlib.metadata (email, zipfile, csv...) and asking it costs
    ~35 ms, more than the rest of a no-change build's keys together; this finds
    the same first ``name-*.dist-info`` (or ``.egg-info``) folder on ``sys.path``
    with one listing per path entry. What it cannot find there (a zipped path
    entry, an unusual layout) is still asked of importlib.metadata.
    """
    wanted = {_distribution_key(name): name for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        if len(found) == len(wanted):
            break
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue  # missing, or a zip file
        for child in listing:
            stem, _, suffix = child.lower().rpartition(".")
            if suffix not in ("dist-info", "egg-info"):
                continue
            name = wanted.get(_distribution_key(stem.partition("-")[0]))
            if name is None or name in found:
                continue
            version = _metadata_version(os.path.join(entry or ".", child))
            if version is not None:
                found[name] = version
    for name in names:
        if name not in found:
            # Only when the fast path found nothing: a library that is not installed
            # (or lives in a zip) pays for importlib.metadata here, not every build.
            from importlib import metadata

            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                found[name] = "-"
    return found


def _distribution_key(name: str) -> str:
    """A distribution name as importlib.metadata compares them (PEP 503, '_' joined)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _metadata_version(info: str) -> str | None:
    """The ``Version:`` header of a dist-info/egg-info folder (or egg-info file)."""
    if os.path.isdir(info):
        info = os.path.join(info, "METADATA" if info.endswith(".dist-info") else "PKG-INFO")
    try:
        with open(info, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    break  # the end of the headers
                if line[0] in " \t":
                    continue  # a folded line of the header before (a long License)
                key, _, value = line.partition(":")
                if key.strip().lower() == "version":
                    return value.strip()
    except (OSError, UnicodeDecodeError):
        return None
    return None


def extractor_version(backend: str) -> str:
    """The builtin extractor is newsgen code; spaCy brings its own and its models'."""
    if backend != "spacy":
        return backend
    # Only here: the spaCy backend itself costs seconds to load, this ~35 ms.
    from importlib import metadata

    versions = [backend]
    for dist in metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if name == "spacy" or name.startswith(("en-core", "en_core", "xx-ent", "xx_ent")):
            versions.append(f"{name}={dist.version}")
    return ";".join(sorted(versions))


def parse_context(config: Config) -> bytes:
    """Everything besides the file that parse + extract depend on, as one digest."""
    kept = {
        f.name: getattr(config, f.name)
        for f in dataclasses.fields(config)
        if f.name not in PRESENTATION_ONLY
    }
    digest = hashlib.sha256(f"{code_version()}\0{kept!r}\0".encode())
    digest.update(extractor_version(config.entities.backend).encode() + b"\0")
    return digest.digest()


def _files_under(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    return []


def tree_digest(root: Path) -> bytes:
    """Digest of every file's relative path and bytes under ``root`` (static folders)."""
    digest = hashlib.sha256()
    for path in _files_under(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _SAFE_BUILTINS:
            return super().find_class(module, name)
        if module.startswith(_SAFE_MODULES) or module in ("copyreg",):
            return super().find_class(module, name)
        raise CacheCorrupt(f"cache value names {module}.{name}")


def _reduce_zone(zone: ZoneInfo) -> tuple[Any, ...]:
    # ZoneInfo pickles as getattr(ZoneInfo, "_unpickle"), and getattr is not on
    # the allow-list (it would open every attribute of every allowed object).
    return ZoneInfo, (zone.key,)


# A dispatch table, not reducer_override: that is a Python call for every object
# pickled, which tripled the time to store the archive's heads.
_DISPATCH = {**copyreg.dispatch_table, ZoneInfo: _reduce_zone}


def dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=PICKLE_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(value)
    return buffer.getvalue()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic garbage collection inside, then the collector as it was.

    For making records that live until the build ends and free nothing: the heads
    snapshot, the memos, the index. The collector's passes over them as they grow
    (about 490 while the index is built at 10,000 articles, three of them full)
    cost ~75 ms, and ~40% of reading the heads snapshot.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def loads(data: bytes) -> Any:
    try:
        with collector_paused():  # what a cache value holds is new and acyclic
            return _Unpickler(io.BytesIO(data)).load()
    except CacheCorrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - any unpickling failure: the bytes are not ours
        raise CacheCorrupt(f"unreadable cache value: {type(exc).__name__}") from None


class Cache:
    """Memo tables in SQLite. Disabled (``--no-cache``) it misses and stores nothing."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.warnings: list[str] = []
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._open()

    @classmethod
    def for_site(cls, site_root: Path, enabled: bool = True) -> Cache:
        return cls(site_root / CACHE_DIR / DB_NAME if enabled else None)

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def _open(self) -> None:
        assert self.path is not None
        try:
            self._db = self._connect(self.path)
        except (sqlite3.Error, CacheCorrupt, OSError) as exc:
            self._discard(exc)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Tells backup and archiving tools the folder can be regenerated.
        tag = path.parent / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# newsgen build cache\n")
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
        self.warnings.append(
            f"{CACHE_DIR}/{DB_NAME}: {exc}; the cache was discarded and is being rebuilt"
        )
        if self._db is not None:
            self._db.close()
            self._db = None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            self._db = self._connect(self.path)
        except (sqlite3.Error, CacheCorrupt, OSError) as again:
            self.warnings.append(f"{CACHE_DIR}: {again}; building without a cache")

    def _guard(self, action: Any, default: Any) -> Any:
        if self._db is None:
            return default
        try:
            return action(self._db)
        except (sqlite3.Error, CacheCorrupt) as exc:
            self._discard(exc)
            return default

    # -- articles ------------------------------------------------------------------

    def get_articles(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """Stored pickles for the keys that hit (batched: one query per 500 keys)."""
        return self._select("value", keys)

    def get_heads(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """Each hit's pickled head (b"" where the row has none)."""
        return self._select("head", keys)

    def get_problems(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """Each hit's pickled warnings (b"" for none): far less to read than the values."""
        return self._select("problems", keys)

    def _select(self, column: str, keys: list[bytes]) -> dict[bytes, bytes]:
        def run(db: sqlite3.Connection) -> dict[bytes, bytes]:
            found: dict[bytes, bytes] = {}
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                sql = f"SELECT key, {column} FROM articles WHERE key IN ({marks})"
                found.update(db.execute(sql, batch))
            return found

        return self._guard(run, {})

    def put_articles(self, items: Iterable[tuple[Any, ...]]) -> None:
        """Store (key, value[, pickled warnings[, body_html[, pickled head]]]) rows."""
        rows = ((*row, *(b"", "", b"")[len(row) - 2 :]) for row in items)

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
        pickled warnings, scanned_ns) as the scans that last read each file left it."""

        def run(db: sqlite3.Connection) -> dict[str, tuple[Any, ...]]:
            return {row[0]: row[1:] for row in db.execute("SELECT * FROM scan")}

        return self._guard(run, {})

    def put_scan(self, rows: Iterable[tuple[Any, ...]], keep: Iterable[str] | None) -> None:
        """Store scan rows; with ``keep``, forget every path not in it."""

        def run(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO scan VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
                if keep is not None:
                    _keep_only(db, "scan", "path", keep)

        self._guard(run, None)

    # -- small named values ----------------------------------------------------------

    def get(self, name: str) -> Any:
        """A pickled meta value, or None; an unreadable one discards the cache."""

        def run(db: sqlite3.Connection) -> Any:
            row = db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
            return None if row is None else loads(row[0])

        return self._guard(run, None)

    def set(self, name: str, value: object) -> None:
        def run(db: sqlite3.Connection) -> None:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, dumps(value)))

        self._guard(run, None)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _keep_only(db: sqlite3.Connection, table: str, column: str, values: Iterable[Any]) -> None:
    """Delete the rows of ``table`` whose ``column`` (its primary key) is none of
    ``values``: the keys are read and compared here, and the few stale rows of a
    rebuild deleted one by one (5x faster at 10,000 rows than filling a temporary
    table with every key to keep)."""
    kept = set(values)
    stale = [(v,) for (v,) in db.execute(f"SELECT {column} FROM {table}") if v not in kept]
    db.executemany(f"DELETE FROM {table} WHERE {column} = ?", stale)


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


class Bodies(Mapping[str, str]):
    """Article id -> body_html, read from the cache only for the pages rendered.

    A rebuild holds every article's head but no bodies; an article page or a feed
    that is rendered reads its bodies here, one indexed row each, through a
    read-only connection of the process's own (render workers are forked, and a
    SQLite connection must not cross a fork). Bodies this build made while the
    cache was off are ``held`` in memory; a row that has gone missing from the
    cache is made again with ``remake``.
    """

    _KEEP = 512  # recently read bodies kept: feeds read the newest articles often

    def __init__(
        self,
        path: Path | None,
        keys: Mapping[str, bytes],
        held: Mapping[str, str],
        remake: Callable[[str], str],
    ) -> None:
        self._path = path
        self._keys = keys
        self._held = held
        self._remake = remake
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
        return row[0] if row is not None else self._remake(aid)

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


def source_key(context: bytes, path: str, data: bytes, stamps: tuple[object, ...]) -> bytes:
    """The articles-table key: parse context, path, git dates and mtime, file bytes."""
    digest = hashlib.sha256(context)
    digest.update(f"{path}\0{stamps!r}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
    digest.update(data)
    return digest.digest()


def iter_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def file_stat(path: str | os.PathLike[str]) -> tuple[int, int, int]:
    """(size, mtime_ns, inode): how an output file is recognised as untouched."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino
