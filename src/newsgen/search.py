"""Full-text search: runs Pagefind over a built (staged) site folder.

This is an edge module: it starts an external program. It runs on the staging
folder before the swap, so the published site always has an index that matches
its pages. Only article pages carry ``data-pagefind-body``; Pagefind then skips
every other page, which keeps the index to one entry per article (list, tag and
entity pages would repeat the same text many times over).

Values reach Pagefind only through the article template (data-pagefind-filter and
-meta), never from this module; Pagefind's UI shows filter values as HTML, so the
template hands them over with "<", ">" and "&" in fullwidth form (its
``pagefind_value`` macro; tests/e2e/test_hostile_xss.py runs the search page).

Pagefind's output is not byte-stable between runs (Pagefind/pagefind#638: filter
and meta index files differ), so a rebuild whose indexed pages are byte for byte
the same keeps the previous bundle instead of running Pagefind again
(``bundle_key``): no-change and unchanged-article rebuilds then change nothing
under ``pagefind/``.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newsgen import lock
from newsgen.config import Config
from newsgen.errors import BuildError

BUNDLE_DIR = "pagefind"
# Only article pages (urls.article: YYYY/MM/slug/) are read at all. Pagefind would
# skip the other pages anyway (no data-pagefind-body), but only after parsing
# them; at 10,000 articles the glob saves ~20% of time and memory (see
# docs/serve-and-search.md). Keep in step with urls.article.
ARTICLE_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"
# The same set of files as ARTICLE_GLOB, for output paths ('*' spans no '/').
_ARTICLE_PATH = re.compile(r"[0-9]{4}/[0-9]{2}/[^/]+/index\.html")


@dataclass(frozen=True, slots=True)
class SearchStats:
    """What one indexing run did; ``skipped`` says why nothing was indexed."""

    pages: int = 0
    words: int = 0
    filters: int = 0
    bytes: int = 0
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


def bundle_key(
    pages: Mapping[str, tuple[bytes, *tuple[object, ...]]], config: Config
) -> str | None:
    """Names every input of the bundle: the bytes of each indexed page (``pages``
    maps output path -> (sha256, ...), e.g. a build manifest), the language, the
    Pagefind version and this module's command line. None when Pagefind is missing.
    """
    binary = pagefind_binary()
    if binary is None or not config.search:
        return None
    digest = hashlib.sha256(Path(__file__).read_bytes())  # the command line lives here
    digest.update(f"{pagefind_version(binary)}\0{config.language}\0".encode())
    for path in sorted(p for p in pages if _ARTICLE_PATH.fullmatch(p)):
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0" + pages[path][0])
    return digest.hexdigest()


def bundle_files(site_dir: Path) -> list[str]:
    """Site-relative paths of every file of the bundle under ``site_dir``."""
    root = site_dir / BUNDLE_DIR
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        folder = Path(dirpath).relative_to(site_dir).as_posix()
        found.extend(f"{folder}/{name}" for name in sorted(filenames))
    return found


def index_site(site_dir: Path, config: Config) -> SearchStats:
    """Write ``<site_dir>/pagefind/``; warn and skip when Pagefind is missing."""
    if not config.search:
        return SearchStats(skipped="search is off")
    binary = pagefind_binary()
    if binary is None:
        message = (
            "search index not built: Pagefind is not installed "
            "(pip install 'newsgen[search]'), or set `search: false` / use --no-search"
        )
        print(f"warning: {message}", file=sys.stderr)
        return SearchStats(skipped=message)
    if next(site_dir.glob(ARTICLE_GLOB), None) is None:
        # Pagefind exits with an error on an empty site; a site without articles is fine.
        return SearchStats(skipped="no article pages to index")
    started = time.perf_counter()
    output = _run(binary, site_dir, config.language)
    seconds = time.perf_counter() - started
    return SearchStats(
        pages=_count(output, "pages"),
        words=_count(output, "words"),
        filters=_count(output, "filters?"),
        bytes=_folder_size(site_dir / BUNDLE_DIR),
        seconds=seconds,
    )


def _run(binary: Path, site_dir: Path, language: str) -> str:
    # One language for the whole archive: Pagefind otherwise splits the index by
    # each page's <html lang>, and newsgen sets that from one config value anyway.
    command = [
        str(binary),
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE_DIR,
        "--force-language",
        language.split("-")[0],
        "--glob",
        ARTICLE_GLOB,
    ]
    try:
        # It writes into the staging folder: it holds the site lock while it runs.
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


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
