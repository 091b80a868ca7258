"""Finds and reads content files: bytes, git dates, modification times.

One of the few modules with side effects: the file system, git and the clock.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from newsgen import safefs
from newsgen.errors import BuildError, ContentError, Problem
from newsgen.model import SourceFile

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")


def discover(site_root: Path, content_dir: str, problems: list[Problem] | None = None) -> list[str]:
    """Site-relative POSIX paths of every article file, sorted, hidden files skipped.

    What cannot be read as an article is left out, with a problem in ``problems``
    naming it (see ``newsgen.safefs``): a symbolic link out of the site, a loop or
    a broken link, a FIFO or device, a name that is not valid UTF-8, a folder that
    cannot be listed. A link to a file inside the site is read; a linked folder
    is not entered.
    """
    found: list[str] = []
    relative = Path(content_dir).as_posix()
    report: list[Problem] = []
    _discover(
        f"{site_root}/{relative}",
        "" if relative == "." else f"{relative}/",
        found,
        str(site_root),
        report,
    )
    if problems is not None:
        problems.extend(sorted(report, key=lambda p: p.path or ""))  # not scandir's order
    return sorted(found)


def _discover(
    folder: str, prefix: str, found: list[str], root: str, problems: list[Problem]
) -> None:
    # scandir and plain strings: a Path per file cost most of a rebuild's scan. The
    # checks cost nothing for a plain file or folder (scandir's d_type answers them).
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        where = safefs.printable(prefix.rstrip("/") or folder)
        problems.append(Problem("error", f"cannot read the folder: {exc.strerror}", where))
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        is_article = name.lower().endswith(ARTICLE_SUFFIXES)
        if not safefs.valid_name(name):
            # Never passed on (the cache and the output hold UTF-8 paths); named when
            # it would have been read: an article file or a folder.
            if is_article or entry.is_dir(follow_symlinks=False):
                where = safefs.printable(prefix + name)
                problems.append(Problem("error", "name is not valid UTF-8: skipped", where))
            continue
        try:
            if entry.is_symlink():
                _linked(entry.path, prefix + name, is_article, found, root, problems)
            elif entry.is_dir(follow_symlinks=False):
                # Like os.walk: hidden and "_" folders skipped.
                if not name.startswith("_"):
                    _discover(entry.path, f"{prefix}{name}/", found, root, problems)
            elif is_article:
                if entry.is_file(follow_symlinks=False):
                    found.append(prefix + name)
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
                    refused = safefs.not_regular(mode)
                    problems.append(Problem(refused.severity, refused.reason, prefix + name))
        except OSError as exc:
            problems.append(Problem("error", f"cannot read: {exc.strerror}", prefix + name))


def _linked(
    full: str, path: str, is_article: bool, found: list[str], root: str, problems: list[Problem]
) -> None:
    """A symbolic link in the content folder: an article file it points to inside
    the site is read like any other; links out of the site, loops and broken
    links to article names are refused; linked folders are never entered."""
    target = safefs.link_problem(full, root)
    if isinstance(target, safefs.Refused):
        # A link out of the site is refused aloud when it would be read (an article
        # name) or entered (a folder); other files are never read anyway.
        if is_article or ("outside the site" in target.reason and os.path.isdir(full)):
            problems.append(Problem(target.severity, target.reason, path))
        elif "loop" in target.reason:
            problems.append(Problem("warning", target.reason, path))
        return
    if target[1]:
        if not path.rpartition("/")[2].startswith("_"):
            message = "symbolic link to a folder: not entered (articles are read from real folders)"
            problems.append(Problem("warning", message, path))
    elif is_article:
        found.append(path)


def check_content_folder(site_root: Path, content_dir: str) -> None:
    """Raise BuildError when the content folder is missing, not a folder, or a link
    out of the site: a build must not replace the published site with an empty one."""
    full = f"{site_root}/{Path(content_dir).as_posix()}"
    name = f"{content_dir.rstrip('/')}/"
    if not os.path.lexists(full):
        raise BuildError(
            f"the content folder {name} does not exist: nothing built, "
            "the previous site is left as it was"
        )
    real = os.path.realpath(full)
    if not safefs.inside(real, safefs.real_root(str(site_root))):
        raise BuildError(
            f"the content folder {name} is a symbolic link to {safefs.printable(real)}, "
            "outside the site: refused"
        )
    if not os.path.isdir(full):
        raise BuildError(f"the content folder {name} is not a folder: nothing built")


def tree_problems(site_root: Path) -> list[Problem]:
    """What in ``static/`` and ``templates/`` will not be read, and why (a build
    and ``newsgen check`` report the same)."""
    problems: list[Problem] = []
    for folder in ("static", "templates"):
        problems.extend(safefs.walk(site_root / folder, site_root, check=True)[1])
    return problems


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


# The largest article file read; ``decode`` refuses larger ones too.
MAX_ARTICLE_BYTES = 2_000_000


def read_source(
    site_root: Path,
    path: str,
    dates: dict[str, tuple[datetime, datetime]],
    stat: Stat | None = None,
    listed: datetime | None = None,
) -> SourceFile:
    """Read one file's bytes, by the rules of ``newsgen.safefs``.

    A file that is not regular, lies outside the site or is too large raises
    ``ContentError`` naming it; any other ``OSError`` propagates to the caller,
    which names the file. ``stat`` is the file's stat taken before reading, when
    the caller has one."""
    if stat is None:
        stat = stat_source(site_root, path)
    try:
        data = safefs.read_inside(f"{site_root}/{path}", str(site_root), MAX_ARTICLE_BYTES)
    except safefs.Refused as refused:
        raise ContentError(refused.reason, path) from None
    created, modified, mtime = stamps(path, dates, stat)
    return SourceFile(
        path=path, data=data, created=created, modified=modified, mtime=mtime, listed=listed
    )


def read_dates_file(site_root: Path, content_dir: str, configured: str) -> tuple[str, bytes] | None:
    """(site-relative name, bytes) of the dates file (``dating``): ``configured``, or
    ``dates.csv`` in the content folder when there is one; None when there is none.
    A configured file that is missing or cannot be read raises ``ContentError``."""
    from newsgen.dating import DATES_FILE, MAX_DATES_FILE

    folder = Path(content_dir).as_posix().strip("/")
    name = configured or (DATES_FILE if folder in ("", ".") else f"{folder}/{DATES_FILE}")
    full = f"{site_root}/{name}"
    if not configured and not os.path.lexists(full):
        return None
    try:
        return name, safefs.read_inside(full, str(site_root), MAX_DATES_FILE)
    except safefs.Refused as refused:
        raise ContentError(f"dates file: {refused.reason}", name) from None
    except OSError as exc:
        raise ContentError(f"dates file: cannot read: {exc.strerror}", name) from None


def build_time() -> datetime:
    """The build's 'now': SOURCE_DATE_EPOCH where set, so output is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)
