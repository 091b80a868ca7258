"""Finds and reads content files: bytes, git dates, modification times.

One of the few modules with side effects: the file system, git and the clock.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from newsgen.model import SourceFile

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")


def discover(site_root: Path, content_dir: str) -> list[str]:
    """Site-relative POSIX paths of every article file, sorted, hidden files skipped."""
    base = site_root / content_dir
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in filenames:
            if name.startswith(".") or not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            found.append((Path(dirpath) / name).relative_to(site_root).as_posix())
    return sorted(found)


def git_dates(site_root: Path) -> dict[str, tuple[datetime, datetime]]:
    """Map site-relative path -> (first commit, last commit), from one ``git log``.

    Returns an empty map outside a git repository or when git is missing.
    """
    try:
        prefix = _git(site_root, "rev-parse", "--show-prefix").strip()
        log = _git(
            site_root,
            "log",
            "--format=%x00%ct",
            "--name-only",
            "--no-renames",
            "--diff-filter=AM",
            "--",
            ".",
        )
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, tuple[datetime, datetime]] = {}
    stamp: datetime | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            stamp = datetime.fromtimestamp(int(line[1:]), UTC)
            continue
        if not line or stamp is None or not line.startswith(prefix):
            continue
        path = line[len(prefix) :]
        # git log runs newest first: the first stamp seen is the last change.
        last = dates[path][1] if path in dates else stamp
        dates[path] = (stamp, last)
    return dates


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "core.quotepath=off", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
        errors="surrogateescape",
    )
    return result.stdout


def read_source(
    site_root: Path, path: str, dates: dict[str, tuple[datetime, datetime]]
) -> SourceFile:
    """Read one file's bytes (OSError propagates to the caller, which names the file)."""
    full = site_root / path
    data = full.read_bytes()
    mtime = datetime.fromtimestamp(int(full.stat().st_mtime), UTC)
    created, modified = dates.get(path, (None, None))
    return SourceFile(path=path, data=data, created=created, modified=modified, mtime=mtime)


def build_time() -> datetime:
    """The build's 'now': SOURCE_DATE_EPOCH where set, so output is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)
