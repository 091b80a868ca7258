"""One build of a site at a time: an advisory lock on a file.

Two builds of one site at once (``newsgen serve`` and a manual build, two CI
jobs) would write the same cache, staging folder and output. Each build holds
``<site>/.newsgen-cache/build.lock`` for its whole length, ``--no-cache`` or not
(where that folder cannot be made, ``.<output>.lock`` beside the output folder
instead); the preview server's rebuilds go through the same ``build()`` and so
take the same lock. A second build waits for the first, saying so once, for up
to ``wait`` seconds (``newsgen build --wait``, 600 by default), then gives up
with a clear error.

``fcntl.flock`` locks belong to the open file, so the kernel releases them when
the holder dies, even by ``kill -9``: a lock never outlives its build. Forked
workers share their parent's lock, and die with it (``newsgen.incremental.workers``).
Programs a build runs that write into its staging folder (Pagefind) are handed
the lock too (``held_fds``): one that outlives a killed build holds the site
until it ends, so it never writes into the next build's folder.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from newsgen.errors import BuildError

DEFAULT_WAIT = 600.0
_POLL = 0.1
_HELD: list[int] = []  # descriptors of the locks this process holds

try:
    import fcntl
except ImportError:  # not POSIX: builds are not serialised there
    fcntl = None  # type: ignore[assignment]


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@contextlib.contextmanager
def held(
    path: Path, what: str, wait: float = DEFAULT_WAIT, say: Callable[[str], None] = _say
) -> Iterator[None]:
    """Hold the lock file ``path`` (made if missing) for the body of the ``with``.

    ``what`` names the thing locked in messages ("this site", "the output
    folder ..."). Raises BuildError when another process still holds it after
    ``wait`` seconds, or when the lock file cannot be made.
    """
    if fcntl is None:
        yield
        return
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as err:
        raise BuildError(f"cannot lock {what}: {err.strerror}", str(path)) from None
    try:
        _acquire(handle, what, wait, say)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        _HELD.append(handle)
        yield
    finally:
        if handle in _HELD:
            _HELD.remove(handle)
        os.close(handle)  # releases the lock


def held_fds() -> tuple[int, ...]:
    """The lock descriptors this process holds, for ``subprocess``'s ``pass_fds``."""
    return tuple(_HELD)


def _acquire(handle: int, what: str, wait: float, say: Callable[[str], None]) -> None:
    deadline = time.monotonic() + max(0.0, wait)
    told = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _holder(handle)
        if time.monotonic() >= deadline:
            raise BuildError(
                f"another build of {what} is running ({holder}); "
                + (f"gave up after waiting {wait:g} s" if wait > 0 else "not waiting (--wait 0)")
            )
        if not told:
            say(f"another build of {what} is running ({holder}); waiting...")
            told = True
        time.sleep(_POLL)


def _holder(handle: int) -> str:
    """'pid N' as the holder wrote it into the lock file, if it has yet."""
    try:
        text = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f"pid {text}" if text.isdigit() else "pid unknown"
