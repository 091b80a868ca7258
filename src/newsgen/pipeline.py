"""build(): the single orchestrator, readable top to bottom.

Gather everything, then write: every article is read, parsed, extracted and
indexed before the first byte of output is rendered.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2

from newsgen import parallel, sources, urls
from newsgen.cache import (
    CACHE_DIR,
    Cache,
    CacheCorrupt,
    Deferred,
    code_version,
    file_stat,
    parse_context,
    source_key,
    tree_digest,
)
from newsgen.cache import dumps as cache_dumps
from newsgen.cache import loads as cache_loads
from newsgen.config import Config, load_config
from newsgen.errors import BuildError, ConfigError, NewsgenError, Problem
from newsgen.extract import get_extractor, with_mentions
from newsgen.index import SiteIndex, build_index
from newsgen.model import Article, SourceFile
from newsgen.parse import Parsed, parse_source
from newsgen.registry import EMPTY, Registry, parse_registry
from newsgen.render import THEME, make_environment, render
from newsgen.search import (
    BUNDLE_DIR,
    bundle_files,
    bundle_key,
    index_site,
    pagefind_binary,
    pagefind_version,
)
from newsgen.views import Page, Views
from newsgen.write import (
    MARKER,
    Folders,
    Manifest,
    Staging,
    check_output,
    folder_id,
    spare_path,
)


@dataclass(slots=True)
class BuildResult:
    config: Config
    articles: int = 0
    pages: int = 0
    entities: int = 0
    seconds: float = 0.0
    output: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass(frozen=True, slots=True)
class Loaded:
    """Everything read from the content folder, before rendering."""

    config: Config
    parsed: tuple[Parsed, ...]
    index: SiteIndex
    problems: tuple[Problem, ...]
    digest: bytes = b""  # hash of every article's cache key: names all content inputs
    articles: tuple[Article, ...] = ()  # with mentions, drafts dropped unless asked for


def load(
    site_root: Path, drafts: bool = False, cache: Cache | None = None, jobs: int = 1
) -> Loaded:
    """Read, parse, extract and index every article; collect every problem."""
    return with_index(gather(site_root, drafts, cache, jobs), site_root)


def with_index(loaded: Loaded, site_root: Path) -> Loaded:
    """``loaded`` with its SiteIndex built (and the editors' registry read)."""
    config = loaded.config
    registry = read_registry(site_root, config.entities.registry)
    index = build_index(loaded.articles, config.entities.min_mentions, config.related, registry)
    return dataclasses.replace(loaded, index=index)


def gather(
    site_root: Path, drafts: bool = False, cache: Cache | None = None, jobs: int = 1
) -> Loaded:
    """Everything but the index (left empty): a build whose output is already
    up to date can stop here, before the costly cross-page work."""
    config = load_config(site_root)
    store = cache if cache is not None else Cache(None)
    problems: list[Problem] = []
    dates = _git_dates(site_root, store) if config.git_dates else {}
    found: list[tuple[bytes, SourceFile]] = []
    context = parse_context(config)
    for path in sources.discover(site_root, config.content_dir):
        try:
            source = sources.read_source(site_root, path, dates)
        except OSError as err:
            problems.append(Problem("error", f"cannot read: {err.strerror}", path))
            continue
        stamps = (source.created, source.modified, source.mtime)
        found.append((source_key(context, path, source.data, stamps), source))
    entries = _parse_all(found, config, store, jobs)
    for entry in entries:
        if isinstance(entry, list):
            problems.extend(entry)  # the file could not be read as an article
    for entry in entries:
        if isinstance(entry, Entry):
            problems.extend(entry.warnings)
    # The articles themselves are unpickled only when first used: a build whose
    # output is already up to date stops before that (about 2.8 s at 10,000).
    values = Deferred(lambda: _values(entries, config, store))
    parsed: Deferred[Parsed] = Deferred(lambda: (p for p, _ in values))
    articles = Deferred(lambda: (a for _, a in values if drafts or not a.draft))
    digest = hashlib.sha256(b"".join(key for key, _ in found))
    digest.update(repr(problems).encode())
    empty = build_index((), config.entities.min_mentions, config.related)
    # Deferred is a Sequence that behaves as the tuple it stands for.
    return Loaded(config, parsed, empty, tuple(problems), digest.digest(), articles)


@dataclass(frozen=True, slots=True)
class Entry:
    """One readable file: its key, its warnings, and its pickled (Parsed, Article
    with mentions) when just made (None: it is in the cache under ``key``)."""

    key: bytes
    source: SourceFile
    warnings: tuple[Problem, ...]
    value: bytes | None = None


def _parse_all(
    found: list[tuple[bytes, SourceFile]], config: Config, store: Cache, jobs: int
) -> list[Entry | list[Problem]]:
    """Parse + extract every file whose key misses the cache, in file order; a
    file that cannot be read as an article gives its problems instead. A hit
    costs only its stored warnings here."""
    stored = store.get_problems([key for key, _ in found])
    entries: list[Entry | list[Problem]] = []
    misses: list[int] = []
    for number, (key, source) in enumerate(found):
        blob = stored.get(key)
        warnings = _unpickle(blob, store) if blob is not None else None
        entries.append(Entry(key, source, warnings) if isinstance(warnings, tuple) else [])
        if not isinstance(warnings, tuple):
            misses.append(number)
    chunks = [misses[i : i + _PARSE_CHUNK] for i in range(0, len(misses), _PARSE_CHUNK)]
    progress = parallel.Progress("parse", len(chunks))
    results = parallel.fork_map(
        _parse_chunk, config, [[found[i][1] for i in chunk] for chunk in chunks], jobs, progress
    )
    progress.close()
    fresh: list[tuple[bytes, bytes, bytes]] = []
    for chunk, chunk_results in zip(chunks, results, strict=True):
        for number, result in zip(chunk, chunk_results, strict=True):
            key, source = found[number]
            if isinstance(result, tuple):
                value, warnings = result
                fresh.append((key, value, warnings))
                entries[number] = Entry(key, source, _unpickle(warnings, store) or (), value)
            else:
                entries[number] = result
    store.put_articles(fresh)
    store.keep_articles(key for key, _ in found)
    return entries


# Files per task sent to a worker: big enough to amortise the pipe, small enough
# to balance two cores and move the progress bar.
_PARSE_CHUNK = 64


def _values(
    entries: list[Entry | list[Problem]], config: Config, store: Cache
) -> Iterator[tuple[Parsed, Article]]:
    """Each readable file's (Parsed, Article with mentions), in file order."""
    wanted = [e.key for e in entries if isinstance(e, Entry) and e.value is None]
    stored = store.get_articles(wanted) if wanted else {}
    for entry in entries:
        if not isinstance(entry, Entry):
            continue
        blob = entry.value if entry.value is not None else stored.get(entry.key)
        value = _unpickle(blob, store) if blob is not None else None
        if not (isinstance(value, tuple) and len(value) == 2):
            # The row went missing or does not unpickle: parse the file again.
            result = _parse_chunk(config, [entry.source])[0]
            if not isinstance(result, tuple):
                continue  # cannot happen: the same file and code parsed before
            value = cache_loads(result[0])
        yield value


def _unpickle(blob: bytes, store: Cache) -> object:
    """A cached value, () for b"" (no warnings), or None when it does not unpickle."""
    if not blob:
        return ()
    try:
        value = cache_loads(blob)
    except CacheCorrupt as exc:
        store.warnings.append(f"cache entry ignored: {exc}")
        return None
    return value if isinstance(value, tuple) else None


def _parse_chunk(
    config: Config, chunk: list[SourceFile]
) -> list[tuple[bytes, bytes] | list[Problem]]:
    """Runs in a worker: each file's pickled (Parsed, Article) and pickled warnings
    (b"" for none), or its problems."""
    extractor = get_extractor(config.entities.backend)
    out: list[tuple[bytes, bytes] | list[Problem]] = []
    for source in chunk:
        try:
            parsed = parse_source(source, config)
            article = with_mentions(parsed.article, extractor)
            warnings = cache_dumps(parsed.warnings) if parsed.warnings else b""
            out.append((cache_dumps((parsed, article)), warnings))
        except NewsgenError as err:
            out.append(list(err.problems))
        except Exception as err:  # noqa: BLE001 - one bad file must not stop the build
            message = f"could not be read ({type(err).__name__}: {err}); please report this"
            out.append([Problem("error", message, source.path)])
    return out


def _git_dates(site_root: Path, store: Cache) -> dict[str, tuple[datetime, datetime]]:
    """``sources.git_dates``, memoised by HEAD: ``git log`` reads commits only, so the
    same HEAD (and the same folder within the repository) gives the same dates."""
    try:
        # HEAD plus the folder's place in the repository ("site/" in a monorepo).
        head = sources._git(site_root, "rev-parse", "HEAD", "--show-prefix")
    except (OSError, subprocess.CalledProcessError):
        return sources.git_dates(site_root)  # not a repository, or no commits yet
    hit = store.get("git-dates")
    if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == head:
        return hit[1]
    dates = sources.git_dates(site_root)
    store.set("git-dates", (head, dates))
    return dates


def read_registry(site_root: Path, path: str) -> Registry:
    """The editors' entity registry: one YAML file, or every ``*.yaml`` in a folder.

    Reading stays here, at the edge; parsing and every check is the pure
    ``parse_registry``, which raises ConfigError listing all problems at once.
    """
    full = site_root / path
    if full.is_dir():
        files = sorted(p for p in full.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
    elif full.is_file():
        files = [full]
    else:
        return EMPTY  # no registry: every entity is the extractor's alone
    texts = []
    for file in files:
        name = file.relative_to(site_root).as_posix()
        try:
            texts.append((name, file.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read the entity registry: {exc}", name) from None
    return parse_registry(texts)


def render_pages(loaded: Loaded, site_root: Path) -> list[tuple[str, bytes]]:
    """Every output file's path and bytes, in a fixed order (holds them all: small sites)."""
    return list(iter_files(loaded, site_root, sources.build_time()))


def iter_files(loaded: Loaded, site_root: Path, built: datetime) -> Iterator[tuple[str, bytes]]:
    """Every output file, one at a time, so a caller never holds every page's bytes."""
    env = make_environment(site_root / "templates")
    views = Views(loaded.index, loaded.config, built)
    pages = list(views.pages())
    for page in pages:
        yield urls.output_file(page.path), _render_page(env, views, page)
    yield from _site_files(env, views, pages)


def _render_page(env: jinja2.Environment, views: Views, page: Page) -> bytes:
    context = {
        "site": views.site,
        "page": views.view(page),
        "page_path": page.path if page.relative_links else None,
    }
    return render(env, page.template, context).encode("utf-8")


def _site_files(
    env: jinja2.Environment, views: Views, pages: list[Page]
) -> Iterator[tuple[str, bytes]]:
    """The sitemap and robots.txt. They cost little, so they are always rendered
    rather than trusted to a signature (the sitemap reads every page)."""
    urls = views.sitemap_urls(pages)
    sitemap = render(env, "sitemap.xml", {"site": views.site, "urls": urls, "page_path": ""})
    yield "sitemap.xml", sitemap.encode("utf-8")
    robots = render(env, "robots.txt", {"site": views.site, "page_path": ""})
    yield "robots.txt", robots.encode("utf-8")


def render_salt(site_root: Path) -> str:
    """What every page's bytes depend on besides its view: newsgen's code and
    libraries, markupsafe (which escapes), and the site's and theme's templates."""
    digest = hashlib.sha256(code_version().encode())
    digest.update(f"markupsafe={metadata.version('markupsafe')};".encode())
    for folder in (site_root / "templates", THEME / "templates"):
        digest.update(tree_digest(folder))
    return digest.hexdigest()


# Output file -> signature of the page rendered into it (Views.signature).
Signatures = dict[str, str]
# What a render worker sends back: its pid, the manifest rows it wrote, files
# written, files hard-linked because their bytes had not changed.
PartResult = tuple[int, Manifest, int, int]
# Pages per worker below which forking costs more than it saves.
_MIN_SHARE = 40


def _render_part(state: tuple[Views, Path, Staging, list[Page], int], part: int) -> PartResult:
    """Render one share of the pages to render straight into the staging folder."""
    views, site_root, staging, todo, parts = state
    env = make_environment(site_root / "templates")
    written, linked = staging.written, staging.linked
    share = todo[part::parts]
    progress = parallel.Progress("render", len(share)) if part == 0 else None
    rows: Manifest = {}
    for page in share:
        path = urls.output_file(page.path)
        staging.write(path, _render_page(env, views, page))
        rows[path] = staging.manifest[path]
        if progress:
            progress.advance()
    if progress:
        progress.close()
    return os.getpid(), rows, staging.written - written, staging.linked - linked


def _render_into(
    staging: Staging,
    loaded: Loaded,
    site_root: Path,
    built: datetime,
    jobs: int,
    previous: Signatures,
) -> tuple[int, Signatures]:
    """Fill ``staging`` with every page; the number of files and their signatures.

    A page whose signature equals the one its file was rendered from last time is
    hard-linked from the previous output without building its view; only the
    others are rendered, on ``jobs`` workers.
    """
    views = Views(loaded.index, loaded.config, built)
    salt = render_salt(site_root)
    pages = list(views.pages())
    signatures: Signatures = {}
    todo: list[Page] = []
    for page in pages:
        path = urls.output_file(page.path)
        signature = signatures[path] = views.signature(page, salt)
        if previous.get(path) != signature or not staging.keep(path):
            todo.append(page)
    parts = max(1, min(jobs if parallel.can_fork() else 1, len(todo) // _MIN_SHARE))
    state = (views, site_root, staging, todo, parts)
    for pid, rows, written, linked in parallel.fork_map(
        _render_part, state, list(range(parts)), parts
    ):
        if pid != os.getpid():  # a forked worker: its staging object was a copy
            staging.manifest.update(rows)
            staging.written += written
            staging.linked += linked
    env = make_environment(site_root / "templates")
    for path, data in _site_files(env, views, pages):
        staging.write(path, data)
    return len(pages) + 2, signatures


def _build_key(
    loaded: Loaded, site_root: Path, output: Path, built: datetime, drafts: bool
) -> bytes:
    """Names every input of the whole output folder: content, config, templates,
    static files, code, build time and flags. Equal keys give equal folders."""
    digest = hashlib.sha256(code_version().encode())
    digest.update(loaded.digest)
    digest.update(repr((loaded.config, built, drafts, str(output))).encode())
    for folder in (site_root / "templates", THEME / "templates", THEME / "static"):
        digest.update(tree_digest(folder))
    digest.update(tree_digest(site_root / "static"))
    digest.update(tree_digest(site_root / loaded.config.entities.registry))
    binary = pagefind_binary() if loaded.config.search else None
    digest.update((pagefind_version(binary) if binary else "").encode())
    return digest.digest()


def _output_unchanged(previous: dict[str, Any], key: bytes, output: Path) -> bool:
    """The last build had this key and every file it wrote is still as it left it."""
    if previous.get("key") != key or not (output / MARKER).is_file():
        return False
    manifest: Manifest = previous["manifest"]
    try:
        return all(file_stat(output / path) == row[1:] for path, row in manifest.items())
    except OSError:
        return False


# Bump when the stored record of an output folder changes shape.
_OUTPUT_FORMAT = 3


def _previous_output(value: object) -> dict[str, Any]:
    """What the last build into this folder recorded: ``key`` (the whole-build key),
    ``manifest`` (every file written: path -> digest and stat), ``folders`` (every
    folder left and its stat, packed), ``counts``, ``signatures`` (output path ->
    page signature), ``bundle`` (the search bundle's key and files, or None) and
    ``spare`` (the replaced folder's id, manifest and folders). Empty when there
    is no usable record."""
    if isinstance(value, dict) and value.get("format") == _OUTPUT_FORMAT:
        return value
    return {}


def _spare(previous: dict[str, Any], output: Path) -> tuple[Manifest | None, Folders | None]:
    """What the spare folder holds, for reuse as this build's staging folder.

    Its recorded manifest and folders when it is still the folder the last build
    left; an empty manifest and no folders (every file is then replaced or
    removed, every folder listed) for a spare of ours with no record, e.g. after a
    --no-cache build; (None, None) when there is no spare of ours.
    """
    spare = spare_path(output)
    if not (spare / MARKER).is_file():
        return None, None
    recorded = previous.get("spare")
    if recorded and recorded[1] is not None and folder_id(spare) == recorded[0]:
        return recorded[1], recorded[2]
    return {}, None


def _search_bundle(
    staging: Staging, config: Config, previous: tuple[str, list[str]] | None
) -> tuple[str, list[str]] | None:
    """Index the staged site, or hard-link the last bundle when every indexed page,
    the language and Pagefind are the same (Pagefind's output is not byte-stable,
    so running it again would change files that need not change)."""
    key = bundle_key(staging.manifest, config)
    reusable = key is not None and previous is not None and previous[0] == key
    if reusable and all(staging.keep(path) for path in previous[1]):  # type: ignore[index]
        return previous
    # Pagefind writes into the folder itself: clear what a reused spare holds there.
    staging.forget(f"{BUNDLE_DIR}/")
    stats = index_site(staging.root, config)
    if key is None or stats.skipped:
        return None
    files = bundle_files(staging.root)
    for path in files:
        staging.record(path)
    return key, files


def build(
    site_root: Path,
    output: Path | None = None,
    drafts: bool = False,
    strict: bool = False,
    write: bool = True,
    search: bool | None = None,
    cache: bool = True,
    jobs: int | None = None,
) -> BuildResult:
    """Build the site; raise BuildError (nothing written) when it cannot be built."""
    started = time.perf_counter()
    jobs = jobs or parallel.default_jobs()
    with Cache.for_site(site_root, enabled=cache) as store, _frozen_heap():
        result = _build(site_root, output, drafts, strict, write, search, store, jobs)
        result.problems.extend(Problem("warning", w, CACHE_DIR) for w in store.warnings)
    result.seconds = time.perf_counter() - started
    return result


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """Lets ``_build`` freeze the loaded archive (see ``gc.freeze`` there); unfrozen at
    the end, so a long-running preview server still frees old builds."""
    try:
        yield
    finally:
        gc.unfreeze()


def _build(
    site_root: Path,
    output: Path | None,
    drafts: bool,
    strict: bool,
    write: bool,
    search: bool | None,
    store: Cache,
    jobs: int,
) -> BuildResult:
    loaded = gather(site_root, drafts, store, jobs)
    # Keep the collector off the loaded archive: its full passes over hundreds of
    # thousands of live records cost more than the whole index at 10,000 articles.
    gc.freeze()
    if search is not None:  # --no-search and serve override config.search
        loaded = dataclasses.replace(
            loaded, config=dataclasses.replace(loaded.config, search=search)
        )
    config = loaded.config
    result = BuildResult(config=config, problems=list(loaded.problems))
    if strict and result.problems:
        raise BuildError(f"--strict: {len(result.problems)} problem(s), nothing written")
    output = output if output is not None else site_root / config.output_dir
    built = sources.build_time()
    if write:
        check_output(site_root, output, config.content_dir)
        key = _build_key(loaded, site_root, output, built, drafts)
        name = f"output:{output.resolve()}"
        previous = _previous_output(store.get(name))
        if _output_unchanged(previous, key, output):
            # Nothing to do: the folder is already this build's output.
            result.pages, result.articles, result.entities = previous["counts"]
            result.output = output
            return result
        loaded = with_index(loaded, site_root)
        bundle = None
        replaced = folder_id(output) if (output / MARKER).is_file() else None
        spare, spare_folders = _spare(previous, output)
        with Staging(output, previous.get("manifest"), spare, spare_folders) as staging:
            staging.copy_tree(THEME / "static", "theme/")
            staging.copy_tree(site_root / "static")
            result.pages, signatures = _render_into(
                staging, loaded, site_root, built, jobs, previous.get("signatures", {})
            )
            if config.search:  # index the staged site before the swap
                bundle = _search_bundle(staging, config, previous.get("bundle"))
            staging.commit()
        result.output = output
    else:
        loaded = with_index(loaded, site_root)
        result.pages = sum(1 for _ in iter_files(loaded, site_root, built))
    result.articles = len(loaded.index.articles)
    result.entities = sum(1 for e in loaded.index.entities if e.has_page)
    if write:
        record = {
            "format": _OUTPUT_FORMAT,
            "key": key,
            "manifest": staging.manifest,
            "folders": staging.folders,
            "counts": (result.pages, result.articles, result.entities),
            "signatures": signatures,
            "bundle": bundle,
            # The folder this build replaced is now the spare; what it holds is
            # what the previous build wrote there.
            "spare": (replaced, previous.get("manifest"), previous.get("folders"))
            if replaced
            else None,
        }
        store.set(name, record)
    return result
