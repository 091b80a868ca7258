"""Gather: every content file to its article, from the cache where it can.

An edge module: it reads the content folder, git and the cache, and runs parse +
extract (the pure stages) on the files the cache does not know, on all cores.

What a build needs of an unchanged archive is kept so that a rebuild reads as
little as possible:

- the **scan** table remembers each file's stat, git dates and cache key; a file
  whose stat and dates are unchanged keeps its key unread (see ``_scan``);
- the **heads** snapshot holds every article's ``ArticleHead`` in one value (what
  the index and page signatures read), with heads made since in the articles
  table until enough of them justify writing the snapshot again;
- heads and full articles (``Gathered.heads``, ``.articles``, ``.parsed``) are
  decoded only when asked for, and bodies (``BodyReader``) one by one for the
  pages rendered, before they render.
"""

from __future__ import annotations

import hashlib
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgen import sources
from newsgen.config import Config, load_config
from newsgen.errors import BuildError, ContentError, NewsgenError, Problem
from newsgen.extract import get_extractor, with_mentions
from newsgen.incremental import workers
from newsgen.incremental.keys import parse_context, source_key
from newsgen.incremental.memo import BodyReader
from newsgen.incremental.store import Cache, CacheCorrupt
from newsgen.incremental.store import dumps as cache_dumps
from newsgen.incremental.store import loads as cache_loads
from newsgen.index import SiteIndex, article_head, build_index
from newsgen.model import SHOWN_FIELDS, Article, ArticleHead, SourceFile, fingerprint

# newsgen.parse (ftfy, charset_normalizer, markdown: ~130 ms to import) is imported
# by the workers that parse: a build whose files all hit the cache never needs it.
if TYPE_CHECKING:
    from newsgen.parse import Parsed


@dataclass(frozen=True, slots=True)
class Loaded:
    """What the first stages found, as plain values: every article's head, the
    index once built, every problem. Made by ``Gathered.loaded`` once a build knows
    it has pages to make; bodies are read by the room (``bodies``) for the pages
    it renders, before they render."""

    config: Config
    index: SiteIndex
    problems: tuple[Problem, ...]
    content_key: bytes = b""  # hash of every article's cache key: names all content inputs
    heads: tuple[ArticleHead, ...] = ()  # drafts left out unless asked for
    bodies: BodyReader | None = None  # reads article bodies for the pages rendered
    keys: Mapping[str, bytes] = field(default_factory=dict)  # article id -> its cache key
    duplicates: int = 0  # copies of another article, left out (collisions.py)
    renamed: int = 0  # articles whose headline collided, given a URL of their own


@dataclass(slots=True)
class Gathered:
    """What ``gather`` found, held by the room: the plain facts a build checks first
    (config, problems, the content key), and the cached records, decoded only when
    asked for: a build whose output is already up to date decodes none of them.

    ``loaded()`` gives the frozen ``Loaded`` the later stages read; ``articles()``
    and ``parsed()`` the full records (``newsgen check``'s tools, tests).
    """

    config: Config
    problems: tuple[Problem, ...]
    content_key: bytes
    keys: Mapping[str, bytes]
    bodies: BodyReader | None
    _make_heads: Callable[[], Iterator[ArticleHead]]
    _make_values: Callable[[], Iterator[tuple[Parsed, Article]]]
    _drafts: bool = False
    _decoded_heads: tuple[ArticleHead, ...] | None = field(default=None, init=False)
    _decoded: tuple[tuple[Parsed, Article], ...] | None = field(default=None, init=False)

    def heads(self) -> tuple[ArticleHead, ...]:
        """Every article's head (drafts only when asked for), decoded on first call."""
        if self._decoded_heads is None:
            self._decoded_heads = tuple(self._make_heads())
        return self._decoded_heads

    def _full(self) -> tuple[tuple[Parsed, Article], ...]:
        if self._decoded is None:
            self._decoded = tuple(self._make_values())
        return self._decoded

    def parsed(self) -> tuple[Parsed, ...]:
        return tuple(p for p, _ in self._full())

    def articles(self) -> tuple[Article, ...]:
        """The full articles with mentions (drafts only when asked for)."""
        return tuple(a for _, a in self._full() if self._drafts or not a.draft)

    def loaded(self) -> Loaded:
        empty = build_index((), self.config.entities.min_mentions, self.config.related)
        return Loaded(
            self.config,
            empty,
            self.problems,
            self.content_key,
            self.heads(),
            self.bodies,
            self.keys,
        )


# A file is known by its stat only when it was last changed this long before the
# scan that read it: a write in the same clock tick as that read can leave size and
# times as they were ("racy git"); such a file is read again next time.
_RACY_NS = 2_000_000_000
# Files per task sent to a worker: big enough to amortise the pipe, small enough
# to balance two cores and move the progress bar.
_PARSE_CHUNK = 64
# Heads made since the snapshot, beyond which the snapshot is written again:
# rewriting ten thousand heads costs more than reading a few hundred rows.
_SNAPSHOT_SLACK = 256


@dataclass(frozen=True, slots=True)
class Entry:
    """One readable content file: its key, its warnings and, when parsed by this
    build, its encoded (Parsed, Article with mentions), head and body_html (None:
    they are in the cache under ``key``)."""

    key: bytes
    path: str
    warnings: tuple[Problem, ...]
    value: bytes | None = None
    head: ArticleHead | None = None
    body: str | None = None


@dataclass(slots=True)
class _Found:
    """A content file found by this scan: its key, and its bytes when they were read."""

    path: str
    key: bytes
    stat: sources.Stat
    dates: tuple[int | None, int | None]  # first and last commit, as POSIX seconds
    source: SourceFile | None  # None: known by its stat from the last scan
    warnings: bytes | None = None  # the last scan's encoded warnings for it


def gather(
    site_root: Path, drafts: bool = False, cache: Cache | None = None, jobs: int = 1
) -> Gathered:
    """Everything but the index (left empty): a build whose output is already
    up to date can stop here, before the costly cross-page work."""
    config = load_config(site_root)
    store = cache if cache is not None else Cache(None)
    problems: list[Problem] = []
    dates = git_dates(site_root, store) if config.git_dates else {}
    context = parse_context(config)
    listed, dates_file = _dates_file(site_root, config, problems)
    if dates_file is not None:
        # A file known by its stat keeps its key: the list's bytes must be in them all.
        context = hashlib.sha256(context + hashlib.sha256(dates_file[1]).digest()).digest()
    reader = _Reader(site_root, config, dates, listed)
    scanned_at = time.time_ns()
    found, unreadable = _scan(reader, context, store)
    problems.extend(unreadable)
    if dates_file is not None:
        problems.extend(_unlisted(listed, found, dates_file))
    problems.extend(sources.tree_problems(site_root))
    # The heads snapshot is read while the workers parse what changed: a rebuild
    # needs both, and neither waits on the other.
    early: dict[str, object] = {}
    entries = _parse_all(found, reader, store, jobs, lambda: early.update(heads=store.get("heads")))
    for entry in entries:
        if isinstance(entry, list):
            problems.extend(entry)  # the file could not be read as an article
    for entry in entries:
        if isinstance(entry, Entry):
            problems.extend(entry.warnings)
    if not any(isinstance(entry, Entry) for entry in entries):
        # An empty site would replace the published one: a content folder gone
        # missing or emptied by mistake must not take the archive offline.
        content = config.content_dir.rstrip("/")
        reason = (
            "no article files in" if not found else "none of the article files could be read in"
        )
        message = f"{reason} {content}/: nothing built, the previous site is left as it was"
        raise BuildError(message, problems=(*problems, Problem("error", message)))
    _record_scan(store, context, scanned_at, found, entries)
    readable = [e for e in entries if isinstance(e, Entry)]

    # Heads are decoded only when first used, full articles only when asked for:
    # a build whose output is already up to date reads neither.
    def make_heads() -> Iterator[ArticleHead]:
        return (h for h in _heads(readable, reader, store, early) if drafts or not h.draft)

    def make_values() -> Iterator[tuple[Parsed, Article]]:
        return (value for _, value in _full(readable, reader, store))

    keys = {e.path: e.key for e in readable}
    held = {e.path: e.body for e in readable if e.body is not None}
    content_key = hashlib.sha256(b"".join(f.key for f in found))
    content_key.update(repr(problems).encode())
    gathered = Gathered(
        config, tuple(problems), content_key.digest(), keys, None, make_heads, make_values, drafts
    )
    gathered.bodies = BodyReader(
        store.path if store.enabled else None,
        keys,
        held,
        reader.body,
        _BodyCheck(gathered.heads, store.distrust),
    )
    return gathered


@dataclass(frozen=True, slots=True)
class _Reader:
    """Reads (and parses again) one content file of this build."""

    site_root: Path
    config: Config
    dates: dict[str, tuple[datetime, datetime]]
    listed: dict[str, datetime] = field(default_factory=dict)  # the dates file's, by path

    def source(self, path: str, stat: sources.Stat | None = None) -> SourceFile:
        listed = self.listed.get(path)
        return sources.read_source(self.site_root, path, self.dates, stat, listed)

    def parse(self, path: str) -> tuple[Parsed, Article] | None:
        """For a cache row gone missing: the same file and code parse the same."""
        try:
            result = parse_chunk(self.config, [self.source(path)])[0]
        except (OSError, ContentError):
            return None
        return _unpack(cache_loads(result[0])) if isinstance(result, tuple) else None

    def body(self, path: str) -> str:
        value = self.parse(path)
        return value[1].body_html if value is not None else ""


def _dates_file(
    site_root: Path, config: Config, problems: list[Problem]
) -> tuple[dict[str, datetime], tuple[str, bytes, dict[str, int]] | None]:
    """The dates file's dates by site-relative path, and its name, bytes and the
    line of each path; its bad rows (and a configured file that cannot be read)
    go to ``problems``."""
    from newsgen.dating import parse_dates_file

    try:
        found = sources.read_dates_file(site_root, config.content_dir, config.dates.file)
    except ContentError as err:
        problems.append(Problem.from_error(err))
        return {}, None
    if found is None:
        return {}, None
    name, data = found
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem("error", f"dates file is not UTF-8 (byte {exc.start})", name))
        return {}, None
    parsed = parse_dates_file(text, name, config.zone)
    problems.extend(parsed.problems)
    folder = Path(config.content_dir).as_posix().strip("/")
    prefix = "" if folder in ("", ".") else folder + "/"
    listed = {prefix + path: moment for path, moment in parsed.dates.items()}
    lines = {prefix + path: line for path, line in parsed.lines.items()}
    return listed, (name, data, lines)


def _unlisted(
    listed: dict[str, datetime], found: list[_Found], dates_file: tuple[str, bytes, dict[str, int]]
) -> list[Problem]:
    """One warning naming the dates file's paths that are no article file (a typo,
    a file moved since), the first few with their lines."""
    paths = {item.path for item in found}
    missing = [path for path in listed if path not in paths]
    if not missing:
        return []
    name, _, lines = dates_file
    shown = ", ".join(f"{p} (line {lines[p]})" for p in missing[:3])
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    message = f"{len(missing)} listed paths are not article files: {shown}{more}"
    return [Problem("warning", message, name)]


def _seconds(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def _scan(reader: _Reader, context: bytes, store: Cache) -> tuple[list[_Found], list[Problem]]:
    """Every content file and its key.

    A file whose size, mtime, inode, ctime and git dates are what the scan that
    last read it recorded, and which had not changed in the two seconds before
    that read, keeps the key it had then, unread (git, make and Bazel trust a
    stat the same way). Any other file is read and hashed. The keys still name
    every input: a key is a hash of the bytes, read when the stat says they may
    have changed.
    """
    known = store.get_scan() if store.get("scan-context") == context else {}
    found: list[_Found] = []
    problems: list[Problem] = []
    root, dates = reader.site_root, reader.dates
    sources.check_content_folder(root, reader.config.content_dir)
    for path in sources.discover(root, reader.config.content_dir, problems):
        try:
            stat = sources.stat_source(root, path)
            created, modified = dates.get(path, (None, None))
            stamps = (_seconds(created), _seconds(modified))
            hit = known.get(path)
            if (
                hit is not None
                and hit[:4] == stat
                and hit[4:6] == stamps
                and stat[1] < hit[8] - _RACY_NS
            ):
                found.append(_Found(path, hit[6], stat, stamps, None, hit[7]))
                continue
            source = reader.source(path, stat)
        except ContentError as err:
            problems.append(Problem.from_error(err))
            continue
        except OSError as err:
            problems.append(Problem("error", f"cannot read: {err.strerror}", path))
            continue
        key = source_key(
            context, path, source.data, (source.created, source.modified, source.mtime)
        )
        found.append(_Found(path, key, stat, stamps, source))
    return found, problems


def _record_scan(
    store: Cache,
    context: bytes,
    scanned_at: int,
    found: list[_Found],
    entries: list[Entry | list[Problem]],
) -> None:
    """Remember the stat, dates, key and warnings of each readable file read now;
    forget files gone or no longer readable as articles."""
    if not store.enabled:
        return
    rows = []
    kept = []
    for item, entry in zip(found, entries, strict=True):
        if not isinstance(entry, Entry):
            continue
        kept.append(item.path)
        if item.source is not None:
            warnings = cache_dumps(entry.warnings) if entry.warnings else b""
            rows.append((item.path, *item.stat, *item.dates, item.key, warnings, scanned_at))
    if not rows and len(kept) == len(found) and store.get("scan-size") == len(kept):
        return  # every file known by its stat, none gone: the table stands
    if store.get("scan-context") != context:
        store.put_scan((), ())  # rows made under another config or code are void
        store.set("scan-context", context)
    store.put_scan(rows, kept)
    store.set("scan-size", len(kept))


def _parse_all(
    found: list[_Found],
    reader: _Reader,
    store: Cache,
    jobs: int,
    meanwhile: Callable[[], None] | None = None,
) -> list[Entry | list[Problem]]:
    """Parse + extract every file whose key misses the cache, in file order; a
    file that cannot be read as an article gives its problems instead. A hit
    costs only its stored warnings here. ``meanwhile`` runs while the workers
    parse, when there is anything to parse."""
    read = [f.key for f in found if f.source is not None]
    stored = store.get_problems(read) if read else {}
    entries: list[Entry | list[Problem]] = []
    misses: list[int] = []
    for number, item in enumerate(found):
        blob = item.warnings if item.source is None else stored.get(item.key)
        warnings = _decode(blob, store) if blob is not None else None
        if isinstance(warnings, tuple):
            entries.append(Entry(item.key, item.path, warnings))
        else:
            entries.append([])
            misses.append(number)
    chunks = [misses[i : i + _PARSE_CHUNK] for i in range(0, len(misses), _PARSE_CHUNK)]
    progress = workers.Progress("parse", len(chunks))
    files = [[_source_of(found[i], reader) for i in chunk] for chunk in chunks]
    results = workers.fork_imap(
        parse_chunk, reader.config, files, jobs, progress, meanwhile if files else None
    )
    # Each chunk is stored as it arrives and its encoded values dropped (read back from the
    # cache if ever needed): ten thousand encoded articles are ~120 MB.
    keep = not store.enabled
    for chunk, chunk_results in zip(chunks, results, strict=True):
        fresh: list[tuple[bytes, bytes, bytes, str, bytes]] = []
        for number, result in zip(chunk, chunk_results, strict=True):
            item = found[number]
            if isinstance(result, tuple):
                value, warnings, head, body = result
                fresh.append((item.key, value, warnings, body, cache_dumps(head)))
                problems = _decode(warnings, store) or ()
                entries[number] = Entry(
                    item.key,
                    item.path,
                    problems,
                    value if keep else None,
                    head,
                    body if keep else None,
                )
            else:
                entries[number] = result
        store.put_articles(fresh)
    progress.close()
    if read or len(found) != store.get("scan-size"):
        store.keep_articles(f.key for f in found)  # a file changed, came or went
    return entries


def _source_of(item: _Found, reader: _Reader) -> SourceFile:
    """The file's bytes: read now if the scan knew it by its stat (and its stored
    warnings turned out unreadable)."""
    return item.source if item.source is not None else reader.source(item.path, item.stat)


def _heads(
    entries: list[Entry], reader: _Reader, store: Cache, early: Mapping[str, object]
) -> Iterator[ArticleHead]:
    """Each readable file's head, in file order: made by this build, or read from
    the snapshot of every head (``early["heads"]`` when already read), or from the
    row of a head made since."""
    snapshot = early["heads"] if "heads" in early else store.get("heads")
    stored: dict[bytes, ArticleHead] = snapshot if isinstance(snapshot, dict) else {}
    lacking = [e.key for e in entries if e.head is None and e.key not in stored]
    rows = {}
    for key, blob in store.get_heads(lacking).items():
        head = _decode(blob, store)
        if isinstance(head, ArticleHead):  # else made again from the article below
            rows[key] = head
        elif head is not None:
            store.distrust()  # sealed, but not a head
    found = {e.key: e.head or stored.get(e.key) or rows.get(e.key) for e in entries}
    missing = []
    for entry in entries:
        head = found[entry.key]
        if head is not None and not _belongs(head, entry, store):
            found[entry.key] = head = None
        if head is None:
            missing.append(entry)
    remade = {key: article_head(article) for key, (_, article) in _full(missing, reader, store)}
    heads: dict[bytes, ArticleHead] = {}
    for entry in entries:
        head = found[entry.key] or remade[entry.key]
        heads[entry.key] = head
        yield head
    since = sum(1 for key in heads if key not in stored)
    if store.enabled and since + max(0, len(stored) - len(heads)) > _SNAPSHOT_SLACK:
        store.set("heads", heads)


def _full(
    entries: list[Entry], reader: _Reader, store: Cache
) -> Iterator[tuple[bytes, tuple[Parsed, Article]]]:
    """Each entry's key and (Parsed, Article with mentions), from the cache or parsed again."""
    wanted = [e.key for e in entries if e.value is None]
    stored = store.get_articles(wanted) if wanted else {}
    for entry in entries:
        blob = entry.value if entry.value is not None else stored.get(entry.key)
        decoded = _decode(blob, store) if blob else None
        value = _unpack(decoded)
        if decoded is not None and value is None:
            store.distrust()  # sealed, but not an article
        if value is None or not _belongs(value[1], entry, store):
            # The row went missing or failed its check: parse the file again.
            value = reader.parse(entry.path)
            if value is None:
                continue  # cannot happen: the same file and code parsed before
        yield entry.key, value


# A head's ``shown`` fingerprints its SHOWN_FIELDS, the body last; a body read back
# from the cache must give the same fingerprint with the head's other fields.
_HEAD_SHOWN = SHOWN_FIELDS[:-1]
assert SHOWN_FIELDS[-1] == "body_html"


class _BodyCheck:
    """Tells a cached body from one filed under the wrong article: it must be the
    body its article's head was made with (``ArticleHead.shown``). Heads are
    looked up by article id on first use (in each render worker, or inherited)."""

    def __init__(
        self, heads: Callable[[], Sequence[ArticleHead]], distrust: Callable[[], None]
    ) -> None:
        self._heads = heads
        self._by_id: dict[str, ArticleHead] | None = None
        self.distrust = distrust

    def __call__(self, aid: str, body: str) -> bool:
        if self._by_id is None:
            self._by_id = {head.source_path: head for head in self._heads()}
        head = self._by_id.get(aid)
        if head is None:
            return True  # a draft: no page shows its body
        fields = (getattr(head, name) for name in _HEAD_SHOWN)
        return fingerprint(*fields, body) == head.shown


def _pack(parsed: Parsed, article: Article) -> bytes:
    """The cached value of a parse: (record, warnings, article with mentions), the
    parsed article being that article without mentions or digest (each article's
    text and body stored once), or else the (Parsed, Article) pair whole."""
    parsed_article = parsed.article
    if (
        parsed_article.mentions == ()
        and parsed_article.digest is None
        and replace(article, mentions=(), digest=None) == parsed_article
    ):
        return cache_dumps((parsed.record, parsed.warnings, article))
    return cache_dumps((parsed, article))


def _unpack(value: object) -> tuple[Parsed, Article] | None:
    """What ``_pack`` stored, or None for anything else."""
    from newsgen.model import RawRecord
    from newsgen.parse import Parsed

    if not isinstance(value, tuple) or not isinstance(value[-1], Article):
        return None
    if len(value) == 3 and isinstance(value[0], RawRecord) and isinstance(value[1], tuple):
        article = value[2]
        bare = replace(article, mentions=(), digest=None)
        return Parsed(bare, value[0], value[1]), article
    if len(value) == 2 and isinstance(value[0], Parsed):
        return value
    return None


def _decode(blob: bytes, store: Cache) -> Any:
    """A cached value (its check passed), () for b"" (no warnings), or None when it
    does not decode into a tuple or a head (counted as distrusted)."""
    if not blob:
        return ()
    try:
        value = cache_loads(blob)
    except CacheCorrupt:
        value = None
    if isinstance(value, tuple | ArticleHead):
        return value
    store.distrust()
    return None


def _belongs(record: Article | ArticleHead, entry: Entry, store: Cache) -> bool:
    """A cached record is of the file it is filed under (else it is distrusted)."""
    if record.source_path == entry.path:
        return True
    store.distrust()
    return False


# What parsing one file gives: encoded (Parsed, Article with mentions), encoded
# warnings (b"" for none), the article's head and its body_html.
EncodedParse = tuple[bytes, bytes, ArticleHead, str]


def parse_chunk(config: Config, chunk: list[SourceFile]) -> list[EncodedParse | list[Problem]]:
    """Runs in a worker: each file's ``EncodedParse``, or its problems."""
    from newsgen.parse import parse_source

    extractor = get_extractor(config.entities.backend)
    out: list[EncodedParse | list[Problem]] = []
    for source in chunk:
        try:
            parsed = parse_source(source, config)
            article = with_mentions(parsed.article, extractor)
            warnings = cache_dumps(parsed.warnings) if parsed.warnings else b""
            value = _pack(parsed, article)
            out.append((value, warnings, article_head(article), article.body_html))
        except NewsgenError as err:
            out.append(list(err.problems))
        except Exception as err:  # noqa: BLE001 - one bad file must not stop the build
            message = f"could not be read ({type(err).__name__}: {err}); please report this"
            out.append([Problem("error", message, source.path)])
    return out


def _dates(value: object) -> bool:
    """``value`` is what ``sources.git_dates`` returns: path -> two datetimes."""
    return isinstance(value, dict) and all(
        type(path) is str
        and type(pair) is tuple
        and len(pair) == 2
        and type(pair[0]) is datetime
        and type(pair[1]) is datetime
        for path, pair in value.items()
    )


def git_dates(site_root: Path, store: Cache) -> dict[str, tuple[datetime, datetime]]:
    """``sources.git_dates``, memoised by HEAD: ``git log`` reads commits only, so the
    same HEAD (and the same folder within the repository) gives the same dates."""
    try:
        # HEAD plus the folder's place in the repository ("site/" in a monorepo).
        head = sources._git(site_root, "rev-parse", "HEAD", "--show-prefix")
    except (OSError, subprocess.CalledProcessError):
        return sources.git_dates(site_root)  # not a repository, or no commits yet
    hit = store.get("git-dates")
    if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == head and _dates(hit[1]):
        return hit[1]  # type: ignore[no-any-return]
    dates = sources.git_dates(site_root)
    store.set("git-dates", (head, dates))
    return dates
