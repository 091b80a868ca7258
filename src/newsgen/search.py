"""Full-text search: runs Pagefind over the article pages of a staged site folder.

This is an edge module: it starts an external program. It runs on the staging
folder before the swap, so the published site always has an index that matches
its pages. Only article pages carry ``data-pagefind-body`` and only they are
indexed: list, tag and entity pages would repeat the same text many times over.

The index is split into shards (``search_shards.plan_shards``: runs of about
``search_shard`` articles in path order), each its own Pagefind bundle under
``pagefind/<name>/`` made by its own Pagefind process, so no process holds more
than one shard however large the archive. A shard's key names every input of its
bundle (the bytes of each of its pages, the language, the Pagefind version and
this code); a rebuild hard-links the bundle of every shard whose key the last
build recorded and runs Pagefind only for the others. ``pagefind/shards.json``
lists the shards; the search page loads the first and merges the others into it
(Pagefind's ``mergeIndex``). Pagefind's output is not byte-stable between runs
(Pagefind/pagefind#638), so its filter and meta files are sorted and renamed by
content (``search_shards.stable_bundle``): the same pages give the same bytes.

Values reach Pagefind only through the article template (data-pagefind-filter and
-meta), never from this module; Pagefind's UI shows filter values as HTML, so the
template hands them over with "<", ">" and "&" in fullwidth form (its
``pagefind_value`` macro; tests/e2e/test_hostile_xss.py runs the search page).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgen import lock, search_shards, urls
from newsgen.config import Config
from newsgen.errors import BuildError

if TYPE_CHECKING:
    from newsgen.write import Staging

BUNDLE_DIR = "pagefind"
SHARDS_FILE = f"{BUNDLE_DIR}/shards.json"
# Only article pages (urls.ARTICLE_FILE) are indexed: only they carry
# data-pagefind-body, and Pagefind reads only the files of a shard's own folder.
_ARTICLE_PATH = urls.ARTICLE_FILE
# Of what Pagefind writes: a shard's own index, the runtime the search page loads
# from the first shard (merged shards use the first one's WASM), and the UI, kept
# once in pagefind/. The other UIs (component, modular, highlight) are not used.
_INDEX_FILE = re.compile(
    r"pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta|(?:index|fragment|filter)/[\w-]+\.pf_\w+"
)
_RUNTIME_FILE = re.compile(r"pagefind\.js|pagefind-worker\.js|wasm\.[\w-]+\.pagefind")
_UI_FILES = ("pagefind-ui.css", "pagefind-ui.js")
# Pagefind's scratch folders, inside the staging folder (one file system, so the
# pages are hard-linked; a killed build's leftovers go with the staging folder).
_WORK = ".search-work"
_RECORD_FORMAT = 2


@dataclass(frozen=True, slots=True)
class Shard:
    """One search index: ``pages`` (output paths) indexed into ``pagefind/<name>/``."""

    name: str
    key: str
    pages: tuple[str, ...]
    first: bool


@dataclass(frozen=True, slots=True)
class SearchStats:
    """What one build's indexing did; ``skipped`` says why nothing was indexed."""

    pages: int = 0
    shards: int = 0
    indexed: int = 0
    seconds: float = 0.0
    skipped: str = ""


def pagefind_binary() -> Path | None:
    """The Pagefind executable ``pagefind.service.get_executable`` would run (the one
    ``pagefind[bin]`` ships), or None if Pagefind is not installed.

    Follows that function's lookup (``PAGEFIND_BINARY_PATH``, the
    ``pagefind_bin_extended`` and ``pagefind_bin`` packages, then PATH) without
    importing ``pagefind.service``, which imports asyncio: ~30 ms every build with
    search on would pay just to name the binary in its key.
    """
    if importlib.util.find_spec("pagefind") is None:
        return None
    found = _find_pagefind()
    return found if found is not None and found.is_file() else None


def _find_pagefind() -> Path | None:
    """``pagefind.service.get_executable`` (pagefind 1.x), step for step."""
    env_path = os.getenv("PAGEFIND_BINARY_PATH")
    if env_path is not None:
        return Path(env_path)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        try:
            return module.get_executable()  # type: ignore[no-any-return]
        except OSError:  # FileNotFoundError: the package lacks its binary
            return None
    external = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(external) if external is not None else None


@cache
def pagefind_version(binary: Path) -> str:
    """``pagefind --version`` plus the binary's size and mtime (a swapped binary counts)."""
    st = binary.stat()
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True)
        said = done.stdout.strip()
    except OSError:
        said = "?"
    return f"{said};{binary};{st.st_size};{st.st_mtime_ns}"


def plan(manifest: Mapping[str, tuple[Any, ...]], config: Config) -> list[Shard] | None:
    """The shards of the article pages in ``manifest`` (output path -> (sha256, ...)),
    each keyed by everything its index depends on: the bytes of each of its pages,
    whether it is the first shard (which carries Pagefind's runtime), the language,
    the Pagefind version and this code. None when search is off or Pagefind missing."""
    binary = pagefind_binary()
    if binary is None or not config.search:
        return None
    base = hashlib.sha256()
    for module in (Path(__file__), Path(search_shards.__file__)):  # command line, file rules
        base.update(module.read_bytes())
    base.update(f"{pagefind_version(binary)}\0{config.language}\0".encode())
    paths = sorted(p for p in manifest if _ARTICLE_PATH.fullmatch(p))
    shards = []
    for number, group in enumerate(search_shards.plan_shards(paths, config.search_shard)):
        digest = base.copy()
        digest.update(b"first\0" if number == 0 else b"other\0")
        for path in group:
            digest.update(path.encode("utf-8", "surrogateescape") + b"\0" + manifest[path][0])
        key = digest.hexdigest()
        shards.append(Shard(key[:16], key, tuple(group), number == 0))
    return shards


def ui_key(config: Config) -> str:
    """What Pagefind's UI files depend on: its version (and this code's rules)."""
    binary = pagefind_binary()
    version = pagefind_version(binary) if binary is not None else ""
    return hashlib.sha256(f"{version}\0{Path(__file__).read_bytes().hex()}".encode()).hexdigest()


def index_shards(
    staging: Staging, config: Config, previous: object, jobs: int = 1
) -> tuple[dict[str, Any] | None, SearchStats]:
    """Index the staged site shard by shard into ``pagefind/``: a shard whose key
    the last build's record (``previous``, untrusted) lists keeps its files,
    hard-linked; the others are indexed by one Pagefind process each, ``jobs`` at
    a time. Returns the record for the next build and what was done."""
    if not config.search:
        return None, SearchStats(skipped="search is off")
    shards = plan(staging.manifest, config)
    if shards is None:
        message = (
            "search index not built: Pagefind is not installed "
            "(pip install 'newsgen[search]'), or set `search: false` / use --no-search"
        )
        print(f"warning: {message}", file=sys.stderr)
        return None, SearchStats(skipped=message)
    if not shards:
        # Pagefind exits with an error on an empty site; a site without articles is fine.
        return None, SearchStats(skipped="no article pages to index")
    started = time.perf_counter()
    known, known_ui = _previous(previous)
    kept: dict[str, list[str]] = {}
    todo = []
    for shard in shards:
        if _keep(staging, known.get(shard.key)):
            kept[shard.key] = known[shard.key]
        else:
            todo.append(shard)
    ui = ui_key(config)
    ui_files = known_ui[1] if known_ui[0] == ui else None
    need_ui = not _keep(staging, ui_files)
    pages = 0
    if todo:
        binary = pagefind_binary()
        assert binary is not None  # plan() found it
        found: Path = binary
        work = staging.root / _WORK
        shutil.rmtree(work, ignore_errors=True)
        try:
            with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
                runs = pool.map(lambda s: _index_one(found, staging.root, work, s, config), todo)
                for shard, (files, count) in zip(todo, runs, strict=True):
                    pages += count
                    kept[shard.key] = _stage_shard(staging, shard, files)
                    if need_ui:
                        ui_files = _stage_ui(staging, files)
                        need_ui = False
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if need_ui:  # every shard kept but the UI files were not: index the first again
        _unkeep(staging, kept[shards[0].key])
        binary = pagefind_binary()
        assert binary is not None
        work = staging.root / _WORK
        try:
            files, count = _index_one(binary, staging.root, work, shards[0], config)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        pages += count
        kept[shards[0].key] = _stage_shard(staging, shards[0], files)
        ui_files = _stage_ui(staging, files)
    listing = {"shards": [f"{shard.name}/" for shard in shards]}
    staging.write(SHARDS_FILE, json.dumps(listing, indent=1).encode() + b"\n")
    record = {
        "format": _RECORD_FORMAT,
        "shards": [[shard.key, kept[shard.key]] for shard in shards],
        "ui": [ui, ui_files],
    }
    stats = SearchStats(
        pages=pages,
        shards=len(shards),
        indexed=len(todo),
        seconds=time.perf_counter() - started,
    )
    return record, stats


def _previous(record: object) -> tuple[dict[str, list[str]], tuple[str, list[str] | None]]:
    """The last build's shards (key -> files) and UI files, as far as they are sane
    (the cache gives arrays back as tuples)."""
    if not isinstance(record, dict) or record.get("format") != _RECORD_FORMAT:
        return {}, ("", None)
    shards: dict[str, list[str]] = {}
    for item in map(_items, _items(record.get("shards"))):
        if len(item) == 2 and isinstance(item[0], str):
            files = _paths(item[1], f"{BUNDLE_DIR}/{item[0][:16]}/")
            if files is not None:
                shards[item[0]] = files
    ui = _items(record.get("ui"))
    if len(ui) == 2 and isinstance(ui[0], str):
        return shards, (ui[0], _paths(ui[1], f"{BUNDLE_DIR}/pagefind-ui"))
    return shards, ("", None)


def _items(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _paths(value: object, prefix: str) -> list[str] | None:
    """``value`` if it is a list of paths under ``prefix`` without '..', else None."""
    paths = _items(value)
    if not paths:
        return None
    for path in paths:
        if not isinstance(path, str) or not path.startswith(prefix) or "/../" in f"/{path}/":
            return None
    return paths


def _keep(staging: Staging, files: list[str] | None) -> bool:
    """Hard-link every file of a kept shard (or the UI files); False, with any file
    linked so far taken out again, when one is missing or changed."""
    if files is None:
        return False
    for number, path in enumerate(files):
        if not staging.keep(path):
            _unkeep(staging, files[:number])
            return False
    return True


def _unkeep(staging: Staging, files: list[str]) -> None:
    # Unlinked, not just dropped from the manifest: writing the same name later
    # must make a new file, never write through a link into the live site's file.
    for path in files:
        staging.manifest.pop(path, None)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staging.root / path)


def _index_one(
    binary: Path, root: Path, work: Path, shard: Shard, config: Config
) -> tuple[dict[str, bytes], int]:
    """Run Pagefind over the pages of one shard, hard-linked into a folder of
    their own (at their site paths, so result URLs are right); its output files."""
    site = work / shard.name / "site"
    out = work / shard.name / "out"
    for path in shard.pages:
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(root / path, target)
        except OSError:
            shutil.copyfile(root / path, target)
    output = _run(binary, site, out, config.language)
    files = {}
    for dirpath, _dirnames, filenames in os.walk(out):
        for name in filenames:
            full = Path(dirpath) / name
            files[full.relative_to(out).as_posix()] = full.read_bytes()
    shutil.rmtree(work / shard.name, ignore_errors=True)
    return files, _count(output, "pages")


def _stage_shard(staging: Staging, shard: Shard, files: dict[str, bytes]) -> list[str]:
    """Write one shard's index files (and the runtime, for the first) made stable."""
    try:
        files = search_shards.stable_bundle(files)
    except search_shards.NotPagefind as err:
        # Another Pagefind: its files still work, only not byte-stable between runs.
        print(f"warning: search index files left as Pagefind wrote them: {err}", file=sys.stderr)
    written = []
    for name in sorted(files):
        if _INDEX_FILE.fullmatch(name) or (shard.first and _RUNTIME_FILE.fullmatch(name)):
            path = f"{BUNDLE_DIR}/{shard.name}/{name}"
            staging.write(path, files[name])
            written.append(path)
    return written


def _stage_ui(staging: Staging, files: dict[str, bytes]) -> list[str]:
    written = []
    for name in _UI_FILES:
        if name in files:
            staging.write(f"{BUNDLE_DIR}/{name}", files[name])
            written.append(f"{BUNDLE_DIR}/{name}")
    return written


def _run(binary: Path, site: Path, out: Path, language: str) -> str:
    # One language for the whole archive: Pagefind otherwise splits the index by
    # each page's <html lang>, and newsgen sets that from one config value anyway.
    command = [
        str(binary),
        "--site",
        str(site),
        "--output-path",
        str(out),
        "--force-language",
        language.split("-")[0],
    ]
    try:
        # It reads the staging folder: it holds the site lock while it runs.
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, pass_fds=lock.held_fds()
        )
    except OSError as err:
        raise BuildError(f"cannot run Pagefind ({binary}): {err.strerror}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BuildError("Pagefind failed: " + " / ".join(detail))
    return done.stdout


def _count(output: str, noun: str) -> int:
    match = re.search(rf"Indexed (\d+) {noun}\b", output)
    return int(match.group(1)) if match else 0
