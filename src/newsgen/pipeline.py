"""build(): the stages in order, readable top to bottom.

discover -> parse and extract -> index -> plan pages -> render -> write -> search

Gather everything, then write: every article is read, parsed, extracted and
indexed before the first byte of output is rendered, into a staging folder that is
swapped in at the end. What makes a rebuild fast (the store, keys, signatures,
workers) lives in ``newsgen.incremental``; with ``--no-cache`` the same stages run
without a store, and write the same bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsgen import faults, images, lock, safefs, sources, urls
from newsgen.collisions import separate
from newsgen.config import Config
from newsgen.errors import BuildError, ConfigError, Problem
from newsgen.incremental import heap, workers
from newsgen.incremental.articles import Gathered, Loaded, gather
from newsgen.incremental.memo import keep_memo, recalled_memo
from newsgen.incremental.output import BuildKeys, LastBuild, record_build
from newsgen.incremental.rendering import render_into, render_with_bodies
from newsgen.incremental.store import CACHE_DIR, Cache
from newsgen.index import IndexMemo, build_index
from newsgen.model import fingerprint
from newsgen.registry import EMPTY, MAX_REGISTRY_FILE, Registry, parse_registry
from newsgen.render import site_files
from newsgen.templates import THEME, make_environment
from newsgen.views import Views
from newsgen.write import MARKER, Staging, check_output, folder_id, recover

# newsgen.search and jinja2 are imported where they are used (newsgen.parse, with
# ftfy, charset_normalizer and markdown, only in gather's workers): a build whose
# output is already up to date never needs them.


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
    loaded = gather(site_root, drafts, cache, jobs).loaded()
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
    content_key = hashlib.sha256(loaded.content_key)
    for aid, picture in sorted(prepared.pictures.items()):
        keys[aid] = hashlib.sha256(keys[aid] + fingerprint(picture).encode()).digest()
        content_key.update(keys[aid])
    for problem in problems:
        if problem.path in keys and problem.severity == "error":
            keys[problem.path] = hashlib.sha256(
                keys[problem.path] + problem.message.encode()
            ).digest()
        content_key.update(repr(problem).encode())
    loaded = dataclasses.replace(
        loaded,
        heads=tuple(heads),
        keys=keys,
        content_key=content_key.digest(),
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


def with_index(loaded: Loaded, site_root: Path, memo: IndexMemo | None = None) -> Loaded:
    """``loaded`` with its SiteIndex built (and the editors' registry read); ``memo``
    (a plain dict) gains what the index made anew."""
    config = loaded.config
    registry = read_registry(site_root, config.entities.registry)
    index = build_index(loaded.heads, config.entities.min_mentions, config.related, registry, memo)
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
            if refused.kind == "too-large":
                message = (
                    f"entity registry file too long (at most {MAX_REGISTRY_FILE:,} characters)"
                )
            elif refused.kind == "outside":
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
        yield urls.output_file(page.path), render_with_bodies(env, views, page, loaded.bodies)
    for path, _, make in site_files(env, views, pages):
        yield path, make()


def _search_bundle(staging: Staging, config: Config, previous: object, jobs: int) -> object:
    """Index the staged site for search, shard by shard (``newsgen.search``)."""
    from newsgen.search import index_shards

    return index_shards(staging, config, previous, jobs)[0]


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
    jobs = jobs or workers.default_jobs()
    with contextlib.ExitStack() as locks:
        if _cache_folder_ready(site_root):  # --no-cache too: it writes the same output
            locks.enter_context(lock.held(site_root / CACHE_DIR / "build.lock", "this site", wait))
        store = locks.enter_context(Cache.for_site(site_root, enabled=cache))
        locks.enter_context(heap.frozen_heap())
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


def _fail_if_strict(strict: bool, problems: list[Problem]) -> None:
    if strict and problems:
        # Every problem is listed before the verdict: the editor must see what to fix.
        message = f"--strict: {len(problems)} problem(s); nothing written, the site is as it was"
        raise BuildError(message, problems=(*problems, Problem("error", message)))


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
    # Discover, parse and extract: every content file to its article (each one
    # memoised by its content key, the misses parsed on all cores).
    gathered = _searching(gather(site_root, drafts, store, jobs), search)
    heap.freeze()  # the archive lives until the build ends: out of the collector's sight
    config = gathered.config
    result = BuildResult(config=config, problems=list(gathered.problems))
    _fail_if_strict(strict, result.problems)
    built = sources.build_time()
    if not write:  # ``check``-like: every stage but write and search
        loaded = gathered.loaded()
        loaded, _, image_problems = with_images(loaded, site_root, store, jobs, encode=False)
        result.problems.extend(image_problems)
        loaded = with_index(_copies_noted(loaded, result, strict)[0], site_root)
        result.pages = sum(1 for _ in iter_files(loaded, site_root, built))
        return _counted(result, loaded)
    output = output if output is not None else site_root / config.output_dir
    _prepare_output(site_root, output, config, locks, wait)
    keys = BuildKeys.of(config, gathered.content_key, site_root, output, built, drafts)
    last = LastBuild.read(store, output)
    if last.unchanged(keys.build) and images.unchanged(last.images, site_root):
        return _as_last_time(result, last, output, strict)  # the folder is this build's
    # Images: each article's picture checked, its derivatives encoded (or cached).
    loaded = gathered.loaded()  # every head decoded: the output has pages to make
    loaded, prepared, image_problems = with_images(loaded, site_root, store, jobs, encode=True)
    result.problems.extend(image_problems)
    # Index: copies of one story left out, then tags, entities, related, archives.
    loaded, copies = _copies_noted(loaded, result, strict)
    recalled = recalled_memo(store, loaded.heads)
    memo = dict(recalled)
    with heap.collector_paused():
        loaded = with_index(loaded, site_root, memo)
    heap.freeze()
    keep_memo(store, recalled, memo)
    plan = keys.plan(loaded.index.articles)
    changed = last.changed_articles(plan, loaded.keys)
    # Plan pages, render and write them into a staging folder, index it for search,
    # then swap it in.
    views = Views(loaded.index, config, built)
    replaced = folder_id(output) if (output / MARKER).is_file() else None
    with Staging(output, last.manifest, *last.spare()) as staging:
        staging.copy_tree(THEME / "static", "theme/")
        staging.copy_tree(site_root / "static", root=site_root)
        pictures = [head.picture for head in loaded.index.articles if head.picture]
        result.problems.extend(images.stage(staging, prepared, pictures, site_root, store, jobs))
        signatures = render_into(
            staging, views, loaded.bodies, site_root, jobs, last.signatures, keys.render, changed
        )
        bundle = None
        if config.search:  # indexed before the swap
            bundle = _search_bundle(staging, config, last.bundle, jobs)
            faults.reached("search")
        staging.commit()
    seeded = staging.seed_spare() if replaced is None and store.enabled else None
    result.output, result.pages = output, len(signatures)
    _counted(result, loaded)
    faults.reached("record")
    record_build(
        store,
        last,
        key=keys.build,
        plan=plan,
        keys=loaded.keys,
        manifest=staging.manifest,
        folders=staging.folders,
        counts=(result.pages, result.articles, result.entities),
        copies=(copies, result.duplicates, result.renamed),
        signatures=signatures,
        bundle=bundle,
        spare=last.spare_after(replaced, staging.manifest, seeded),
        images=prepared.stats,
        image_problems=image_problems,
    )
    return result


def _searching(gathered: Gathered, search: bool | None) -> Gathered:
    """``--no-search`` and ``serve`` override ``config.search``."""
    if search is None:
        return gathered
    gathered.config = dataclasses.replace(gathered.config, search=search)
    return gathered


def _prepare_output(
    site_root: Path, output: Path, config: Config, locks: contextlib.ExitStack, wait: float
) -> None:
    """Check the output folder is one newsgen may write, lock it when the site could
    not be, and undo what a killed build left (its swap, its leftovers)."""
    check_output(site_root, output, config.content_dir)
    output.parent.mkdir(parents=True, exist_ok=True)
    if not _cache_folder_ready(site_root):  # no site lock: lock the output at least
        where = f"the output folder {output}"
        locks.enter_context(lock.held(output.parent / f".{output.name}.lock", where, wait))
    recover(output)


def _as_last_time(result: BuildResult, last: LastBuild, output: Path, strict: bool) -> BuildResult:
    """A build with nothing to do reports what the last one did."""
    result.pages, result.articles, result.entities = last.counts
    copies, result.duplicates, result.renamed = last.copies
    result.problems.extend(last.image_problems)
    result.problems.extend(copies)
    _fail_if_strict(strict, result.problems)
    result.output = output
    return result


def _counted(result: BuildResult, loaded: Loaded) -> BuildResult:
    result.articles = len(loaded.index.articles)
    result.entities = sum(1 for e in loaded.index.entities if e.has_page)
    return result
