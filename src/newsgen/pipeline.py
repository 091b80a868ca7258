"""build(): the single orchestrator, readable top to bottom.

Gather everything, then write: every article is read, parsed, extracted and
indexed before the first byte of output is rendered.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import itertools
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgen import faults, images, lock, parallel, safefs, sources, urls
from newsgen.cache import (
    CACHE_DIR,
    Cache,
    StoredMemo,
    code_version,
    collector_paused,
    file_stat,
    library_versions,
    tree_digest,
)
from newsgen.collisions import separate
from newsgen.config import Config
from newsgen.errors import BuildError, ConfigError, Problem
from newsgen.gather import Loaded, gather
from newsgen.index import Memo, build_index
from newsgen.model import fingerprint
from newsgen.registry import EMPTY, MAX_REGISTRY_FILE, Registry, parse_registry
from newsgen.render import THEME, make_environment, render
from newsgen.views import Page, Views
from newsgen.write import (
    MARKER,
    Folders,
    Manifest,
    Staging,
    check_output,
    folder_id,
    recover,
    spare_path,
)

# newsgen.search and jinja2 are imported where they are used (newsgen.parse, with
# ftfy, charset_normalizer and markdown, only in gather's workers): a build whose
# output is already up to date never needs them.
if TYPE_CHECKING:
    import jinja2


@dataclass(slots=True)
class BuildResult:
    config: Config
    articles: int = 0
    pages: int = 0
    entities: int = 0
    duplicates: int = 0
    renamed: int = 0
    seconds: float = 0.0
    output: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load(
    site_root: Path, drafts: bool = False, cache: Cache | None = None, jobs: int = 1
) -> Loaded:
    """Read, parse, extract and index every article; collect every problem."""
    loaded = gather(site_root, drafts, cache, jobs)
    store = cache if cache is not None else Cache(None)
    loaded = with_images(loaded, site_root, store, jobs, encode=False)[0]
    return with_index(without_copies(loaded), site_root)


def with_images(
    loaded: Loaded, site_root: Path, store: Cache, jobs: int, encode: bool
) -> tuple[Loaded, images.Prepared, tuple[Problem, ...]]:
    """``loaded`` with each article's image read, checked and set on its head
    (``newsgen.images``), its problems added, and its keys naming the images' bytes
    (an article whose image changed is an article that changed); what the
    derivatives' staging needs; and the images' problems."""
    heads, problems, prepared = images.attach(
        loaded.heads, site_root, loaded.config.content_dir, store, jobs, encode
    )
    if not prepared.stats and not problems:
        return loaded, prepared, ()
    keys = dict(loaded.keys)
    digest = hashlib.sha256(loaded.digest)
    for aid, picture in sorted(prepared.pictures.items()):
        keys[aid] = hashlib.sha256(keys[aid] + fingerprint(picture).encode()).digest()
        digest.update(keys[aid])
    for problem in problems:
        if problem.path in keys and problem.severity == "error":
            keys[problem.path] = hashlib.sha256(
                keys[problem.path] + problem.message.encode()
            ).digest()
        digest.update(repr(problem).encode())
    loaded = dataclasses.replace(
        loaded,
        heads=heads,
        keys=keys,
        digest=digest.digest(),
        problems=(*loaded.problems, *problems),
    )
    return loaded, prepared, tuple(problems)


def without_copies(loaded: Loaded) -> Loaded:
    """``loaded`` with copies of one story left out and colliding headlines given URLs
    of their own (``collisions.py``); its problems say which. Reads every head, so a
    build whose output is already up to date does not run it (its record keeps them)."""
    separated = separate(loaded.heads)
    if not separated.problems:
        return loaded
    return dataclasses.replace(
        loaded,
        heads=separated.heads,
        problems=(*loaded.problems, *separated.problems),
        duplicates=separated.duplicates,
        renamed=separated.renamed,
    )


def with_index(loaded: Loaded, site_root: Path, memo: Memo | None = None) -> Loaded:
    """``loaded`` with its SiteIndex built (and the editors' registry read)."""
    config = loaded.config
    registry = read_registry(site_root, config.entities.registry)
    index = build_index(
        loaded.heads, config.entities.min_mentions, config.related, registry, loaded.bodies, memo
    )
    return dataclasses.replace(loaded, index=index)


def read_registry(site_root: Path, path: str) -> Registry:
    """The editors' entity registry: one YAML file, or every ``*.yaml`` in a folder.

    Reading stays here, at the edge; parsing and every check is the pure
    ``parse_registry``, which raises ConfigError listing all problems at once.
    Files are read by the rules of ``newsgen.safefs``. A registry that cannot be
    read stops the build (ConfigError): building without it would bring back
    every entity the editors hid, merged or renamed.
    """
    full = site_root / path
    if not os.path.lexists(full):
        return EMPTY  # no registry: every entity is the extractor's alone
    if full.is_dir():
        found, problems = safefs.walk(full, site_root, check=True)
        files = [file for rel, file in found if rel.endswith((".yaml", ".yml"))]
        trouble = [
            Problem("error", "entity registry file leads outside the site folder", p.path)
            if "outside the site" in p.message
            else p
            for p in problems
            if p.severity == "error"
        ]
        if trouble:
            raise ConfigError(trouble[0].message, trouble[0].path, problems=tuple(trouble))
    else:
        files = [str(full)]
    texts = []
    for file in files:
        name = safefs.relative(file, str(site_root))
        try:
            data = safefs.read_inside(file, str(site_root), MAX_REGISTRY_FILE * 4)
            texts.append((name, data.decode("utf-8")))
        except safefs.Refused as refused:
            if "too large" in refused.reason:
                message = (
                    f"entity registry file too long (at most {MAX_REGISTRY_FILE:,} characters)"
                )
            elif "outside the site" in refused.reason:
                message = "entity registry file leads outside the site folder"
            else:
                message = f"entity registry: {refused.reason}"
            raise ConfigError(message, name) from None
        except OSError as exc:
            message = f"cannot read the entity registry: {exc.strerror or exc}"
            raise ConfigError(message, name) from None
        except UnicodeDecodeError as exc:
            message = f"cannot read the entity registry: not UTF-8 (byte {exc.start})"
            raise ConfigError(message, name) from None
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
    for path, _, make in _site_files(env, views, pages):
        yield path, make()


def _render_page(env: jinja2.Environment, views: Views, page: Page) -> bytes:
    context = {
        "site": views.site,
        "page": views.view(page),
        "page_path": page.path if page.relative_links else None,
    }
    return render(env, page.template, context).encode("utf-8")


def _site_files(
    env: jinja2.Environment, views: Views, pages: list[Page], salt: str = ""
) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """The sitemap files and robots.txt: each one's path, signature and maker. A
    sitemap's signature names every URL and date it lists (it reads every page)."""
    for path, template, listed in views.sitemaps(pages):
        context = {"site": views.site, "urls": listed, "page_path": ""}
        yield (
            path,
            fingerprint(salt, views.shared, path, template, listed),
            functools.partial(_render_file, env, template, context),
        )
    context = {"site": views.site, "page_path": ""}
    yield (
        "robots.txt",
        fingerprint(salt, views.shared, "robots.txt"),
        functools.partial(_render_file, env, "robots.txt", context),
    )


def _render_file(env: jinja2.Environment, template: str, context: dict[str, Any]) -> bytes:
    return render(env, template, context).encode("utf-8")


def render_salt(site_root: Path) -> str:
    """What every page's bytes depend on besides its view: newsgen's code and
    libraries, markupsafe (which escapes), and the site's and theme's templates."""
    digest = hashlib.sha256(code_version().encode())
    digest.update(f"markupsafe={library_versions(['markupsafe'])['markupsafe']};".encode())
    digest.update(safefs.tree_digest(site_root / "templates", site_root))
    digest.update(tree_digest(THEME / "templates"))
    return digest.hexdigest()


# Output file -> signature of the page rendered into it (Views.signature).
Signatures = dict[str, str]
# What a render worker sends back: its pid, the manifest rows and signatures of
# its share of the pages, files written, files hard-linked because unchanged.
PartResult = tuple[int, Manifest, Signatures, int, int]
# Pages below which signing and rendering in forked workers costs more than it saves.
_MIN_PAGES_TO_FORK = 2000


@dataclass(frozen=True, slots=True)
class _RenderJob:
    """What every render worker shares (inherited through fork, never pickled)."""

    views: Views
    site_root: Path
    staging: Staging
    pages: list[Page]
    parts: int
    salt: str
    previous: Signatures


def _render_part(job: _RenderJob, part: int) -> PartResult:
    """Sign one share of the pages; keep each page whose signature is the one its
    previous file was rendered from, render the rest straight into the staging folder."""
    views, staging, previous, salt = job.views, job.staging, job.previous, job.salt
    env = make_environment(job.site_root / "templates")
    written, linked = staging.written, staging.linked
    share = job.pages[part :: job.parts]
    progress = parallel.Progress("render", len(share)) if part == 0 else None
    rows: Manifest = {}
    signatures: Signatures = {}
    # (output file, signature, maker of its bytes) for each page of the share.
    work: Iterator[tuple[str, str, Callable[[], bytes]]] = (
        (
            urls.output_file(page.path),
            views.signature(page, salt),
            functools.partial(_render_page, env, views, page),
        )
        for page in share
    )
    if part == job.parts - 1:  # the last share is never the largest: it takes these
        work = itertools.chain(work, _site_files(env, views, job.pages, salt))
    for path, signature, make in work:
        signatures[path] = signature
        if previous.get(path) != signature or not staging.keep(path):
            staging.write(path, make())
        rows[path] = staging.manifest[path]
        if progress:
            progress.advance()
    if progress:
        progress.close()
    return os.getpid(), rows, signatures, staging.written - written, staging.linked - linked


def _render_changed(
    staging: Staging,
    views: Views,
    site_root: Path,
    salt: str,
    previous: Signatures,
    changed: frozenset[str],
) -> Signatures:
    """Fill ``staging`` when only the articles ``changed`` did (see
    ``_changed_articles``): every page recipe is as it was, so only the pages naming
    one of them are signed, and every other file of the last build keeps its
    signature and is hard-linked. A file of the last build found changed or gone
    (edited by hand) is made again, from the full list of pages."""
    env = make_environment(site_root / "templates")
    signatures = dict(previous)
    for page in views.pages(changed):
        path = urls.output_file(page.path)
        signatures[path] = signature = views.signature(page, salt)
        if previous.get(path) != signature or not staging.keep(path):
            staging.write(path, _render_page(env, views, page))
    lost = {path for path in previous if path not in staging.manifest and not staging.keep(path)}
    if lost:
        pages = list(views.pages())
        for page in pages:
            path = urls.output_file(page.path)
            if path in lost:
                staging.write(path, _render_page(env, views, page))
        for path, _, make in _site_files(env, views, pages, salt):
            if path in lost:
                staging.write(path, make())
    return signatures


def _render_into(
    staging: Staging,
    loaded: Loaded,
    site_root: Path,
    built: datetime,
    jobs: int,
    previous: Signatures,
    salt: str | None = None,
    changed: frozenset[str] | None = None,
) -> tuple[int, Signatures]:
    """Fill ``staging`` with every page; the number of files and their signatures.

    With ``changed`` (the articles that changed, when nothing else did) only the
    pages naming one of them are signed (``_render_changed``).

    A page whose signature equals the one its file was rendered from last time is
    hard-linked from the previous output without building its view; only the
    others are rendered. Signing and rendering run on ``jobs`` workers, each
    taking every ``jobs``-th page; the last also takes the sitemaps and robots.txt.
    """
    views = Views(loaded.index, loaded.config, built)
    salt = salt if salt is not None else render_salt(site_root)
    if changed is not None:
        signatures = _render_changed(staging, views, site_root, salt, previous, changed)
        return len(signatures), signatures
    pages = list(views.pages())
    signatures: Signatures = {}
    parts = max(1, min(jobs if parallel.can_fork() else 1, len(pages) // _MIN_PAGES_TO_FORK))
    job = _RenderJob(views, site_root, staging, pages, parts, salt, previous)
    for pid, rows, signed, written, linked in parallel.fork_map(
        _render_part, job, list(range(parts)), parts
    ):
        signatures.update(signed)
        if pid != os.getpid():  # a forked worker: its staging object was a copy
            staging.manifest.update(rows)
            staging.written += written
            staging.linked += linked
    return len(signatures), signatures


def _setting_key(
    loaded: Loaded, site_root: Path, output: Path, built: datetime, drafts: bool, salt: str
) -> bytes:
    """Names every input of the whole output folder but the content files: config,
    templates, static files, code, build year and flags. The templates and the code
    come in through ``salt`` (``render_salt``), which names them already."""
    digest = hashlib.sha256(salt.encode())
    # Of the build time, pages read only the year (Views.year_start): keyed on the
    # whole time, no build without SOURCE_DATE_EPOCH would ever find nothing to do.
    digest.update(repr((loaded.config, built.year, drafts, str(output))).encode())
    digest.update(tree_digest(THEME / "static"))
    digest.update(safefs.tree_digest(site_root / "static", site_root))
    digest.update(safefs.tree_digest(site_root / loaded.config.entities.registry, site_root))
    if loaded.config.search:  # else Pagefind plays no part: not even looked for
        from newsgen.search import pagefind_binary, pagefind_version

        binary = pagefind_binary()
        digest.update((pagefind_version(binary) if binary else "").encode())
    return digest.digest()


def _build_key(setting: bytes, loaded: Loaded) -> bytes:
    """Names every input of the whole output folder: the setting and every content
    file (its key) and the problems found. Equal keys give equal folders."""
    return hashlib.sha256(setting + loaded.digest).digest()


def _frame_key(setting: bytes, loaded: Loaded) -> str:
    """Names what every page recipe and signature is made from but the articles'
    shown and card fields and sentences: the setting and every article's frame
    (``model.FRAME_FIELDS``), in order. Needs the index."""
    return fingerprint(setting.hex(), tuple([head.frame for head in loaded.index.articles]))


def _changed_articles(
    previous: dict[str, Any], frame: str, keys: Mapping[str, bytes]
) -> frozenset[str] | None:
    """The articles whose file changed since the last build into this folder, when
    that build had this frame (so every page recipe is as it was, but for the
    sentences of these articles); None when it did not, or left no record."""
    if previous.get("frame") != frame:
        return None
    before: dict[str, bytes] = previous.get("keys", {})
    return frozenset(aid for aid, key in keys.items() if before.get(aid) != key)


def _output_unchanged(previous: dict[str, Any], key: bytes, output: Path) -> bool:
    """The last build had this key and every file it wrote is still as it left it."""
    if previous.get("key") != key or not (output / MARKER).is_file():
        return False
    manifest: Manifest = previous["manifest"]
    base = f"{output}/"  # plain strings: ~25,000 Path joins cost more than the stats
    try:
        return all(file_stat(base + path) == row[1:] for path, row in manifest.items())
    except OSError:
        return False


# Bump when the stored record of an output folder changes shape.
_OUTPUT_FORMAT = 5


def _previous_output(value: object) -> dict[str, Any]:
    """What the last build into this folder recorded: ``key`` (the whole-build key),
    ``frame`` (``_frame_key``), ``keys`` (article id -> cache key),
    ``manifest`` (every file written: path -> digest and stat), ``folders`` (every
    folder left and its stat, packed), ``counts``, ``signatures`` (output path ->
    page signature), ``bundle`` (the search bundle's key and files, or None),
    ``spare`` (the replaced folder's id, manifest and folders) and ``copies`` (the
    warnings and counts of ``without_copies``). Empty when there is no usable record."""
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
    if spare.is_symlink() or not (spare / MARKER).is_file():
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
    from newsgen.search import BUNDLE_DIR, bundle_files, bundle_key, index_site

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
    wait: float = lock.DEFAULT_WAIT,
) -> BuildResult:
    """Build the site; raise BuildError (nothing written) when it cannot be built.

    Holds the site's locks throughout (``newsgen.lock``): another build of the same
    site or output is waited for, up to ``wait`` seconds."""
    started = time.perf_counter()
    jobs = jobs or parallel.default_jobs()
    with contextlib.ExitStack() as locks:
        if _cache_folder_ready(site_root):  # --no-cache too: it writes the same output
            locks.enter_context(lock.held(site_root / CACHE_DIR / "build.lock", "this site", wait))
        store = locks.enter_context(Cache.for_site(site_root, enabled=cache))
        locks.enter_context(_frozen_heap())
        result = _build(site_root, output, drafts, strict, write, search, store, jobs, locks, wait)
        result.problems.extend(Problem("warning", w, CACHE_DIR) for w in store.warnings)
    result.seconds = time.perf_counter() - started
    return result


def _cache_folder_ready(site_root: Path) -> bool:
    """Make the cache folder for the site lock; False where it cannot be (the cache
    then reports why and the build goes on without it, and the output folder is
    locked instead)."""
    try:
        (site_root / CACHE_DIR).mkdir(exist_ok=True)
    except OSError:
        return False
    return (site_root / CACHE_DIR).is_dir()


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """Lets ``_build`` freeze the loaded archive (see ``gc.freeze`` there); unfrozen at
    the end, so a long-running preview server still frees old builds."""
    try:
        yield
    finally:
        gc.unfreeze()


def _recorded_copies(previous: dict[str, Any]) -> tuple[tuple[Problem, ...], int, int]:
    """The copies' warnings and counts the last build recorded (the record is read
    from the cache: anything of another shape counts as none)."""
    value = previous.get("copies")
    if (
        isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[0], tuple)
        and all(isinstance(p, Problem) for p in value[0])
        and isinstance(value[1], int)
        and isinstance(value[2], int)
    ):
        return value  # type: ignore[return-value]
    return (), 0, 0


def _recorded_problems(value: object) -> tuple[Problem, ...]:
    """The image problems the last build recorded (anything else counts as none)."""
    if isinstance(value, tuple) and all(isinstance(p, Problem) for p in value):
        return value
    return ()


def _fail_if_strict(strict: bool, problems: list[Problem]) -> None:
    if strict and problems:
        raise BuildError(f"--strict: {len(problems)} problem(s), nothing written")


def _copies_noted(
    loaded: Loaded, result: BuildResult, strict: bool
) -> tuple[Loaded, tuple[Problem, ...]]:
    """``without_copies(loaded)``, its problems and counts added to ``result``; the
    problems are returned too, for the output record (a no-change build repeats them)."""
    separated = without_copies(loaded)
    copies = separated.problems[len(loaded.problems) :]
    result.problems.extend(copies)
    result.duplicates, result.renamed = separated.duplicates, separated.renamed
    _fail_if_strict(strict, result.problems)
    return separated, copies


def _build(
    site_root: Path,
    output: Path | None,
    drafts: bool,
    strict: bool,
    write: bool,
    search: bool | None,
    store: Cache,
    jobs: int,
    locks: contextlib.ExitStack,
    wait: float,
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
    _fail_if_strict(strict, result.problems)
    output = output if output is not None else site_root / config.output_dir
    built = sources.build_time()
    if write:
        check_output(site_root, output, config.content_dir)
        output.parent.mkdir(parents=True, exist_ok=True)
        if not _cache_folder_ready(site_root):  # no site lock: lock the output at least
            where = f"the output folder {output}"
            locks.enter_context(lock.held(output.parent / f".{output.name}.lock", where, wait))
        recover(output)  # after a killed build: its swap undone, its leftovers gone
        salt = render_salt(site_root)
        setting = _setting_key(loaded, site_root, output, built, drafts, salt)
        key = _build_key(setting, loaded)
        name = f"output:{output.resolve()}"
        previous = _previous_output(store.get(name))
        if _output_unchanged(previous, key, output) and images.unchanged(
            previous.get("images"), site_root
        ):
            # Nothing to do: the folder is already this build's output.
            result.pages, result.articles, result.entities = previous["counts"]
            copies, result.duplicates, result.renamed = _recorded_copies(previous)
            result.problems.extend(_recorded_problems(previous.get("image-problems")))
            result.problems.extend(copies)
            _fail_if_strict(strict, result.problems)
            result.output = output
            return result
        loaded, prepared, image_problems = with_images(loaded, site_root, store, jobs, encode=True)
        result.problems.extend(image_problems)
        loaded, copies = _copies_noted(loaded, result, strict)
        with collector_paused():
            loaded = with_index(loaded, site_root, StoredMemo(store))
        gc.freeze()  # the heads and the index, like the archive, live until the end
        frame = _frame_key(setting, loaded)
        changed = _changed_articles(previous, frame, loaded.keys)
        bundle = None
        replaced = folder_id(output) if (output / MARKER).is_file() else None
        spare, spare_folders = _spare(previous, output)
        with Staging(output, previous.get("manifest"), spare, spare_folders) as staging:
            staging.copy_tree(THEME / "static", "theme/")
            staging.copy_tree(site_root / "static", root=site_root)
            pictures = [head.picture for head in loaded.index.articles if head.picture]
            result.problems.extend(
                images.stage(staging, prepared, pictures, site_root, store, jobs)
            )
            result.pages, signatures = _render_into(
                staging,
                loaded,
                site_root,
                built,
                jobs,
                previous.get("signatures", {}),
                salt,
                changed,
            )
            if config.search:  # index the staged site before the swap
                bundle = _search_bundle(staging, config, previous.get("bundle"))
                faults.reached("search")
            staging.commit()
        seeded = staging.seed_spare() if replaced is None and store.enabled else None
        result.output = output
    else:
        loaded, _, image_problems = with_images(loaded, site_root, store, jobs, encode=False)
        result.problems.extend(image_problems)
        loaded = with_index(_copies_noted(loaded, result, strict)[0], site_root)
        result.pages = sum(1 for _ in iter_files(loaded, site_root, built))
    result.articles = len(loaded.index.articles)
    result.entities = sum(1 for e in loaded.index.entities if e.has_page)
    if write:
        if replaced:  # the folder this build replaced is now the spare
            spare_record = (replaced, previous.get("manifest"), previous.get("folders"))
        elif seeded:  # a first build made the spare: hard links to what it wrote
            spare_record = (folder_id(spare_path(output)), staging.manifest, seeded)
        else:
            spare_record = None
        record = {
            "format": _OUTPUT_FORMAT,
            "key": key,
            "frame": frame,
            "keys": loaded.keys,
            "manifest": staging.manifest,
            "folders": staging.folders,
            "counts": (result.pages, result.articles, result.entities),
            "copies": (copies, result.duplicates, result.renamed),
            "signatures": signatures,
            "bundle": bundle,
            "spare": spare_record,
            "images": prepared.stats,
            "image-problems": image_problems,
        }
        faults.reached("record")
        store.set(name, record)
    return result
