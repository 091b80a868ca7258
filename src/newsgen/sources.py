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
    found: list[str] = []
    relative = Path(content_dir).as_posix()
    _discover(f"{site_root}/{relative}", "" if relative == "." else f"{relative}/", found)
    return sorted(found)


def _discover(folder: str, prefix: str, found: list[str]) -> None:
    # scandir and plain strings: a Path per file cost most of a rebuild's scan.
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        name = entry.name
        if entry.is_dir():
            # Like os.walk: hidden and "_" folders skipped, symlinked folders not entered.
            if not name.startswith((".", "_")) and not entry.is_symlink():
                _discover(entry.path, f"{prefix}{name}/", found)
        elif not name.startswith(".") and name.lower().endswith(ARTICLE_SUFFIXES):
            found.append(prefix + name)


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


# A content file's stat, as far as telling it unchanged goes: size, mtime, inode and
# ctime, in nanoseconds (ctime catches tools that set mtime back, such as touch -r).
Stat = tuple[int, int, int, int]
# The dates a file brings besides its bytes: first and last commit, mtime.
Stamps = tuple[datetime | None, datetime | None, datetime]


def stat_source(site_root: Path, path: str) -> Stat:
    st = os.stat(f"{site_root}/{path}")
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


def stamps(path: str, dates: dict[str, tuple[datetime, datetime]], stat: Stat) -> Stamps:
    created, modified = dates.get(path, (None, None))
    return created, modified, datetime.fromtimestamp(stat[1] // 1_000_000_000, UTC)


def read_source(
    site_root: Path,
    path: str,
    dates: dict[str, tuple[datetime, datetime]],
    stat: Stat | None = None,
) -> SourceFile:
    """Read one file's bytes (OSError propagates to the caller, which names the file).

    ``stat`` is the file's stat taken before reading, when the caller has one."""
    full = site_root / path
    if stat is None:
        stat = stat_source(site_root, path)
    data = full.read_bytes()
    created, modified, mtime = stamps(path, dates, stat)
    return SourceFile(path=path, data=data, created=created, modified=modified, mtime=mtime)


def build_time() -> datetime:
    """The build's 'now': SOURCE_DATE_EPOCH where set, so output is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)
