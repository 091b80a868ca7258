"""Running a pure function over many items on all cores, and a progress bar.

Workers are forked (on Linux), so they inherit the parent's loaded modules, config
and index without pickling them; only each item and its result cross a pipe.
Results come back in item order, so output never depends on scheduling.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Set in the parent just before forking; read by the children. Never pickled.
_TASK: tuple[Callable[[Any, Any], Any], Any] | None = None


def default_jobs() -> int:
    """All cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _call(item: Any) -> Any:
    assert _TASK is not None
    func, state = _TASK
    return func(state, item)


def fork_map(
    func: Callable[[Any, T], R],
    state: Any,
    items: Sequence[T],
    jobs: int,
    progress: Progress | None = None,
) -> list[R]:
    """``[func(state, item) for item in items]``, on up to ``jobs`` forked workers."""
    return list(fork_imap(func, state, items, jobs, progress))


def fork_imap(
    func: Callable[[Any, T], R],
    state: Any,
    items: Sequence[T],
    jobs: int,
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[R]:
    """``func(state, item)`` for each item in order, on up to ``jobs`` forked
    workers, each result handed over as soon as it (and those before it) is done,
    so a caller can store and drop results instead of holding them all.

    ``meanwhile`` is called once, in this process, while the workers start on the
    items: even a single item then goes to a worker when ``jobs`` allows, so
    that the two run at once.
    """
    global _TASK
    alone = len(items) <= 1 and (meanwhile is None or not items)
    if jobs <= 1 or alone or not can_fork():
        if meanwhile is not None:
            meanwhile()
        for item in items:
            yield func(state, item)
            if progress:
                progress.advance()
        return
    _TASK = (func, state)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(items))) as pool:
            results = pool.imap(_call, items)
            if meanwhile is not None:
                meanwhile()
            for result in results:
                yield result
                if progress:
                    progress.advance()
    finally:
        _TASK = None


class Progress:
    """A one-line bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = total > 0 and self.stream.isatty()
        self.label = label
        self.total = total
        self.done = 0
        self._shown = -1

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        percent = min(100, self.done * 100 // self.total)
        if percent == self._shown:
            return  # redraw only when the figure changes
        self._shown = percent
        bar = "#" * (percent // 4)
        self.stream.write(f"\r{self.label:8} [{bar:<25}] {percent:3d}%")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._shown >= 0:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
