"""Running a pure function over many items on all cores, and a progress bar.

The workers are a standard ``concurrent.futures.ProcessPoolExecutor`` whose
processes are forked (on Linux) before it starts any thread of its own, so they
inherit the parent's loaded modules, config and index without pickling them: the
function and its state reach each worker through the pool's initializer (process
arguments, inherited over the fork); only each item and its result cross a pipe.
Results come back in item order, so output never depends on scheduling.

A build must stop cleanly whatever happens to its workers:

- a worker that dies breaks the pool (``BrokenProcessPool``, never a hang), which
  stops the map with ``WorkerDied`` (a ``BuildError``), and every other worker is
  killed;
- workers ignore SIGINT (Ctrl-C reaches the whole process group: the parent alone
  stops the build, and kills the workers on its way out) and take the default
  SIGTERM action, not a handler they inherited (``newsgen serve`` has one);
- a worker dies with its parent (``PR_SET_PDEATHSIG`` on Linux), so a build killed
  with ``kill -9`` leaves no worker writing into its staging folder.

Forking is only safe in a process with one thread: ``newsgen serve`` (threaded)
never builds in its own process, but in a build process of its own.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from newsgen import faults
from newsgen.errors import BuildError

# concurrent.futures is imported where a pool starts: a build with nothing to
# parse or render on workers never needs it.
if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
R = TypeVar("R")

# What every worker runs: a function and the state it is called with, besides each item.
Task = tuple[Callable[[Any, Any], Any], Any]
_PR_SET_PDEATHSIG = 1


class WorkerDied(BuildError):
    """A worker process ended without its result (killed, out of memory...)."""


def default_jobs() -> int:
    """All cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


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
    that the two run at once. An exception in ``func`` is raised here; a worker
    that dies raises ``WorkerDied``. Either way every worker is gone before the
    exception leaves this generator (or when it is closed).
    """
    alone = len(items) <= 1 and (meanwhile is None or not items)
    if jobs <= 1 or alone or not can_fork():
        if meanwhile is not None:
            meanwhile()
        for item in items:
            yield func(state, item)
            if progress:
                progress.advance()
        return
    step = f"worker-{getattr(func, '__name__', 'task')}"
    pool = _Pool(min(jobs, len(items)), step, (func, state))
    try:
        results = pool.imap(items)
        faults.reached("parent-started")
        if meanwhile is not None:
            meanwhile()
        for result in results:
            yield result
            if progress:
                progress.advance()
    finally:
        pool.close()


_HELD = {signal.SIGINT, signal.SIGTERM}


class _Pool:
    """A ``ProcessPoolExecutor`` of forked workers, and the processes it forked
    (to name the one that died, and to kill them all when the map stops early)."""

    def __init__(self, size: int, step: str, task: Task) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.executor: ProcessPoolExecutor = ProcessPoolExecutor(
            size,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(os.getpid(), step, task),
        )
        self.processes: list[BaseProcess] = []
        self.futures: list[Future[Any]] = []

    def imap(self, items: Sequence[Any]) -> Iterator[Any]:
        before = set(multiprocessing.active_children())
        # The first submit forks every worker (a fork pool starts them all at once,
        # before its own threads). Ctrl-C is held back over the forks: one arriving
        # before a child has set its own handlers would raise in the child's
        # after-fork code (a KeyboardInterrupt traceback). Each child unblocks it
        # once they are set (``_start_worker``).
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            self.futures.append(self.executor.submit(_call, items[0]))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        self.processes = [p for p in multiprocessing.active_children() if p not in before]
        self.futures += [self.executor.submit(_call, item) for item in items[1:]]
        return self._ordered()

    def _ordered(self) -> Iterator[Any]:
        from concurrent.futures.process import BrokenProcessPool

        for future in self.futures:
            try:
                value = future.result()
            except BrokenProcessPool:
                raise WorkerDied(_death(self._dead())) from None
            faults.reached("parent-wait")
            yield value

    def _dead(self) -> BaseProcess:
        """The worker that broke the pool: the first to end other than by the
        SIGTERM the pool then sends the rest."""
        for process in self.processes:
            process.join(0.2)
        ended = [p for p in self.processes if p.exitcode is not None]
        first = [p for p in ended if p.exitcode != -signal.SIGTERM]
        return (first or ended or self.processes)[0]

    def close(self) -> None:
        """Let the workers go when every result is in; otherwise kill them (each is
        idle, or must stop at once). Either way they are reaped."""
        if not all(future.done() for future in self.futures):
            for process in self.processes:
                if process.pid is not None and process.exitcode is None:
                    with contextlib.suppress(OSError):
                        os.kill(process.pid, signal.SIGKILL)
        self.executor.shutdown(wait=True, cancel_futures=True)


def _death(process: BaseProcess) -> str:
    process.join(1)  # its exit status, once the kernel has it
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        how = f"was killed by {name}"
        if code == -signal.SIGKILL:
            how += " (out of memory?)"
    else:
        how = f"exited with status {code}"
    return f"a build worker process {how}; the build stopped and the previous site is unchanged"


# The worker's step name and task, set once per worker by ``_start_worker``.
_WORKER: tuple[str, Task] | None = None


def _start_worker(parent: int, step: str, task: Task) -> None:
    """Each worker's initializer: its signals, its parent, its task."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held by the parent over the fork
    _die_with(parent)
    _WORKER = (step, task)


def _call(item: Any) -> Any:
    """One item, in a worker."""
    assert _WORKER is not None, "a pool worker without its task"
    step, (func, state) = _WORKER
    faults.reached(step)
    return func(state, item)


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


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
