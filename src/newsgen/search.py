"""Full-text search: runs Pagefind over a built (staged) site folder.

This is an edge module: it starts an external program. It runs on the staging
folder before the swap, so the published site always has an index that matches
its pages. Only article pages carry ``data-pagefind-body``; Pagefind then skips
every other page, which keeps the index to one entry per article (list, tag and
entity pages would repeat the same text many times over).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from newsgen.config import Config
from newsgen.errors import BuildError

BUNDLE_DIR = "pagefind"
# Only article pages (urls.article: YYYY/MM/slug/) are read at all. Pagefind would
# skip the other pages anyway (no data-pagefind-body), but only after parsing
# them; at 10,000 articles the glob saves ~20% of time and memory (see
# docs/serve-and-search.md). Keep in step with urls.article.
ARTICLE_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"


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
    """The Pagefind executable shipped by ``pagefind[bin]``, or None if not installed."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        found = get_executable()
    except (FileNotFoundError, OSError):
        return None
    return found if found is not None and found.is_file() else None


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
        done = subprocess.run(command, capture_output=True, text=True, check=False)
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
