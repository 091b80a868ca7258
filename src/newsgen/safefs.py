"""Reading the site's own files, and never a file from outside it.

An edge module (the file system). Every file newsgen reads from the site folder
(articles, static files, templates, the entity registry) is read under these
rules, so that a hostile or careless content folder cannot publish
``/etc/passwd``, hang the build on a FIFO or exhaust memory on ``/dev/zero``:

- a symbolic link, to a file or a folder, that resolves outside the site root is
  refused, with a message naming the link and its target;
- a symbolic link that stays inside the site root works for a file; a linked
  folder is not entered (no loops, no article read twice), with a warning;
- anything but a regular file (FIFO, device, socket) is skipped with a warning,
  decided by ``fstat`` on the descriptor actually opened (with ``O_NONBLOCK``, so
  opening a FIFO cannot block), and reads are bounded;
- a name that is not valid UTF-8 is reported with its bytes escaped, and skipped.

Refusals are ``Refused`` (an ``OSError``, so callers that already report a file
they cannot read report these the same way) carrying a message for people.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from newsgen.errors import Problem, printable

__all__ = [
    "Refused",
    "inside",
    "link_problem",
    "printable",
    "read_inside",
    "real_root",
    "tree_digest",
    "walk",
]

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_CHUNK = 1 << 20


# Why a file is refused, for code to match on (``Refused.reason`` is for people).
RefusedKind = Literal["not-regular", "too-large", "outside", "loop", "broken-link", "unreadable"]


class Refused(OSError):
    """A file newsgen will not read; ``reason`` says why, for people, ``kind`` for code."""

    def __init__(self, reason: str, kind: RefusedKind, severity: str = "error") -> None:
        super().__init__(errno.EPERM, reason)
        self.reason = reason
        self.kind = kind
        self.severity = severity


def valid_name(name: str) -> bool:
    """The name is valid UTF-8 (``os`` holds other bytes as lone surrogates)."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@functools.lru_cache(maxsize=16)
def real_root(site_root: str) -> str:
    """The site root with every symbolic link resolved: what "inside" is measured from."""
    return os.path.realpath(site_root)


def inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def leads_out(folder: str, site_root: str) -> bool:
    """Whether writing into ``folder`` (made if missing) would land outside the site:
    its deepest existing part, links resolved, is not inside the site root. Checked
    before making it, so no folder is ever made through a link that leads out."""
    existing = os.path.abspath(folder)
    while not os.path.lexists(existing) and os.path.dirname(existing) != existing:
        existing = os.path.dirname(existing)
    if inside(os.path.abspath(site_root), existing):
        return False  # the root itself is still to be made: nothing links out yet
    return not inside(os.path.realpath(existing), real_root(site_root))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def not_regular(mode: int) -> Refused:
    return Refused(f"not a regular file ({_kind(mode)}); skipped", "not-regular", "warning")


def _opened_path(fd: int, full: str) -> str:
    """The real path of the file behind ``fd``: from /proc where there is one (what
    was opened, whatever a link pointed to a moment before), else resolved anew."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return os.path.realpath(full)


def read_inside(full: str, site_root: str, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``full``, which must lie inside ``site_root``
    once every link is resolved; at most ``limit`` bytes (a larger file is
    refused, by its size before reading and by what was read after).

    Raises ``Refused`` for a file of another kind, one outside the site or one
    too large, and ``OSError`` when the file cannot be opened or read.
    """
    fd, size = _open_regular(full, site_root)
    try:
        if limit is not None and size > limit:
            raise Refused(f"file too large: {size} bytes (limit {limit})", "too-large")
        chunks = []
        left = limit + 1 if limit is not None else -1
        while left != 0:
            chunk = os.read(fd, _CHUNK if left < 0 else min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            if left > 0:
                left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:
        raise Refused(f"file too large: more than {limit} bytes (limit {limit})", "too-large")
    return data


def link_problem(path: str, site_root: str) -> tuple[str, bool] | Refused:
    """For a symbolic link at ``path``: its real target and whether it is a
    folder, or the ``Refused`` that says why it cannot be followed (a loop,
    broken, or outside the site)."""
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Refused("symbolic link loop: skipped", "loop")
        return Refused(f"broken symbolic link ({exc.strerror}): skipped", "broken-link")
    if not inside(real, real_root(site_root)):
        return Refused(f"symbolic link to {printable(real)}, outside the site: refused", "outside")
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        return Refused(f"cannot read: {exc.strerror}", "unreadable")
    if stat.S_ISDIR(mode):
        return real, True
    if not stat.S_ISREG(mode):
        return not_regular(mode)
    return real, False


def relative(path: str, site_root: str) -> str:
    """``path`` relative to the site root, printable, for messages."""
    try:
        rel = os.path.relpath(path, site_root)
    except ValueError:
        rel = path
    return printable(Path(rel).as_posix())


def problem(refused: OSError, path: str, site_root: str) -> Problem:
    """The problem to report for a file or folder that cannot be used."""
    where = relative(path, site_root)
    if isinstance(refused, Refused):
        return Problem(refused.severity, refused.reason, where)
    return Problem("error", f"cannot read: {refused.strerror or refused}", where)


def walk(
    folder: Path, site_root: Path, check: bool = False
) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Every regular file under ``folder`` that may be read, as (path relative to
    ``folder`` in POSIX form, full path), sorted; and a problem for everything
    else met on the way. With ``check``, each file is also opened (and closed),
    so a file that cannot be read is reported here rather than when copied.

    ``folder`` itself may not be a link out of the site. Links to files inside
    the site are followed; links to folders are not entered.
    """
    root = str(site_root)
    top = str(folder)
    files: list[tuple[str, str]] = []
    problems: list[Problem] = []
    if not os.path.lexists(top):
        return files, problems
    real = os.path.realpath(top)
    if not inside(real, real_root(root)):
        message = f"symbolic link to {printable(real)}, outside the site: refused"
        problems.append(Problem("error", message, relative(top, root)))
        return files, problems
    if not os.path.isdir(top):
        return files, problems
    for rel, full in _walk(top, "", root, problems):
        if check:
            try:
                os.close(_open_regular(full, root)[0])
            except OSError as exc:
                problems.append(problem(exc, full, root))
                continue
        files.append((rel, full))
    return files, problems


def _open_regular(full: str, root: str) -> tuple[int, int]:
    """An open descriptor on the regular file at ``full`` and its size; ``Refused``
    when it is of another kind or, links resolved, outside ``root``."""
    fd = os.open(full, _FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise not_regular(st.st_mode)
        real = _opened_path(fd, full)
        if not inside(real, real_root(root)):
            raise Refused(
                f"symbolic link to {printable(real)}, outside the site: refused", "outside"
            )
    except BaseException:
        os.close(fd)
        raise
    return fd, st.st_size


def _walk(
    folder: str, prefix: str, root: str, problems: list[Problem]
) -> Iterator[tuple[str, str]]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        problems.append(
            Problem("error", f"cannot read the folder: {exc.strerror}", relative(folder, root))
        )
        return
    for entry in entries:
        full = entry.path
        if not valid_name(entry.name):
            problems.append(
                Problem("error", "name is not valid UTF-8: skipped", relative(full, root))
            )
            continue
        try:
            if entry.is_symlink():
                target = link_problem(full, root)
                if isinstance(target, Refused):
                    problems.append(problem(target, full, root))
                elif target[1]:
                    message = "symbolic link to a folder: not entered"
                    problems.append(Problem("warning", message, relative(full, root)))
                else:
                    yield prefix + entry.name, full
            elif entry.is_dir(follow_symlinks=False):
                yield from _walk(full, f"{prefix}{entry.name}/", root, problems)
            elif entry.is_file(follow_symlinks=False):
                yield prefix + entry.name, full
            else:
                mode = entry.stat(follow_symlinks=False).st_mode
                problems.append(problem(not_regular(mode), full, root))
        except OSError as exc:
            problems.append(problem(exc, full, root))


def tree_digest(folder: Path, site_root: Path) -> bytes:
    """Digest of every readable file's relative path and bytes under ``folder``
    (or of ``folder`` itself when it is a file), by the rules of ``walk``."""
    import hashlib

    digest = hashlib.sha256()
    if os.path.isdir(folder):
        items, problems = walk(folder, site_root)
    else:
        items = [(folder.name, str(folder))] if os.path.lexists(folder) else []
        problems = []
    for rel, full in items:
        digest.update(rel.encode("utf-8") + b"\0")
        try:
            data = read_inside(full, str(site_root))
        except OSError as exc:
            # What cannot be read is named too: a file refused now must not leave
            # the key of a build that read it (or of one without it).
            digest.update(f"refused: {exc}".encode("utf-8", "backslashreplace"))
            continue
        digest.update(hashlib.sha256(data).digest())
    digest.update(repr(problems).encode("utf-8", "backslashreplace"))
    return digest.digest()
