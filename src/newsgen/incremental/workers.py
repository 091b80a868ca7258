"""Running a pure function over many items on all cores, and a progress bar.

Workers are forked (on Linux), so they inherit the parent's loaded modules, config
and index without pickling them; only each item and its result cross a pipe.
Results come back in item order, so output never depends on scheduling.

A build must stop cleanly whatever happens to its workers, so this is a small pool
of its own rather than ``multiprocessing.Pool`` (which waits for ever for the
result of a worker the OOM killer took, and whose workers print tracebacks on
Ctrl-C):

- a worker that dies stops the map with ``WorkerDied`` (a ``BuildError``), and
  every other worker is killed;
- workers ignore SIGINT (Ctrl-C reaches the whole process group: the parent alone
  stops the build, and kills the workers on its way out) and take the default
  SIGTERM action, not a handler they inherited (``newsgen serve`` has one);
- a worker dies with its parent (``PR_SET_PDEATHSIG`` on Linux), so a build killed
  with ``kill -9`` leaves no worker writing into its staging folder.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from newsgen import faults
from newsgen.errors import BuildError

# multiprocessing.connection and queue are imported where a pool starts: a build
# with nothing to parse or render on workers never needs them.
if TYPE_CHECKING:
    import queue
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
R = TypeVar("R")

# What every worker runs: a function and the state it is called with, besides each item.
# Handed to each forked worker as an argument of its process (inherited, never pickled).
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
    """Forked workers, one pipe each, fed one item at a time by a thread that also
    collects the results (so workers never wait on a caller busy with a result)."""

    def __init__(self, size: int, step: str, task: Task) -> None:
        import queue

        context = multiprocessing.get_context("fork")
        parent = os.getpid()
        self.workers: list[tuple[BaseProcess, Connection]] = []
        self.results: queue.Queue[tuple[int, bool, Any]] = queue.Queue()
        self.stopping = False
        try:
            for _ in range(size):
                mine, theirs = context.Pipe()
                process = context.Process(
                    target=_serve, args=(theirs, parent, step, task), daemon=True
                )
                # Ctrl-C held back over the fork: one arriving before the child has
                # set its own handlers would raise in the child's after-fork code
                # (a KeyboardInterrupt traceback). The child unblocks once they are set.
                held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
                try:
                    process.start()
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, held)
                theirs.close()
                self.workers.append((process, mine))
        except BaseException:
            self.close()
            raise
        self.thread: threading.Thread | None = None

    def imap(self, items: Sequence[Any]) -> Iterator[Any]:
        self.thread = threading.Thread(
            target=self._feed, args=(list(items),), name="newsgen-pool", daemon=True
        )
        self.thread.start()
        return self._ordered(len(items))

    def _ordered(self, count: int) -> Iterator[Any]:
        done: dict[int, Any] = {}
        for wanted in range(count):
            while wanted not in done:
                index, ok, value = self.results.get()
                if index < 0 or not ok:
                    raise value
                done[index] = value
            faults.reached("parent-wait")
            yield done.pop(wanted)

    def _feed(self, items: list[Any]) -> None:
        """Hand each idle worker the next item; collect results; notice deaths."""
        try:
            self._run(items)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting generator
            self.results.put((-1, False, exc))

    def _run(self, items: list[Any]) -> None:
        from multiprocessing.connection import Connection, wait

        busy: set[Connection] = set()
        by_conn = {conn: process for process, conn in self.workers}
        by_sentinel = {process.sentinel: conn for process, conn in self.workers}
        upcoming = iter(enumerate(items))
        left = len(items)
        for conn in by_conn:
            self._give(conn, by_conn[conn], upcoming, busy)
        while left and not self.stopping:
            ready = wait([*busy, *by_sentinel])
            # Results first: a worker may have sent its last one and then died.
            for handle in sorted(ready, key=lambda h: isinstance(h, int)):
                if isinstance(handle, int):  # a sentinel: that worker has ended
                    conn = by_sentinel[handle]
                    if conn not in busy or not conn.poll():
                        raise WorkerDied(_death(by_conn[conn]))
                    continue  # its result is read on the next turn
                assert isinstance(handle, Connection)
                try:
                    index, ok, value = handle.recv()
                except (EOFError, OSError):
                    raise WorkerDied(_death(by_conn[handle])) from None
                busy.discard(handle)
                left -= 1
                self.results.put((index, ok, value))
                self._give(handle, by_conn[handle], upcoming, busy)

    @staticmethod
    def _give(
        conn: Connection,
        process: BaseProcess,
        upcoming: Iterator[tuple[int, Any]],
        busy: set[Connection],
    ) -> None:
        job = next(upcoming, None)
        if job is None:
            return
        try:
            conn.send(job)
        except OSError:  # a broken pipe: the worker is gone
            raise WorkerDied(_death(process)) from None
        busy.add(conn)

    def close(self) -> None:
        """Kill every worker (each is idle, or must stop at once) and reap them."""
        self.stopping = True
        for process, _ in self.workers:
            if process.pid is not None and process.exitcode is None:
                with contextlib.suppress(OSError):
                    os.kill(process.pid, signal.SIGKILL)
        for process, _ in self.workers:
            process.join(5)
        if self.thread is not None:
            self.thread.join(5)
        for _, conn in self.workers:
            conn.close()


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


def _serve(conn: Connection, parent: int, step: str, task: Task) -> None:
    """A worker's life: items in, results out, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held by the parent over the fork
    _die_with(parent)
    func, state = task
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        index, item = job
        faults.reached(step)
        try:
            reply = (index, True, func(state, item))
        except Exception as exc:  # noqa: BLE001 - raised again in the parent
            reply = (index, False, exc)
        try:
            conn.send(reply)
        except (BrokenPipeError, EOFError):
            return  # the parent stopped listening
        except Exception as exc:  # noqa: BLE001 - a result or exception that will not pickle
            conn.send((index, False, RuntimeError(f"{type(exc).__name__}: {exc}")))


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
