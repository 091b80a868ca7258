"""parallel.fork_imap: results in item order, on forked workers, with ``meanwhile``
run once in this process while they work; workers forked only from a process of
one thread."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import SiteFactory

from newsgen.incremental import workers as parallel
from newsgen.serve import Builder, SiteState


def _pid_and_double(state: int, item: int) -> tuple[int, int]:
    return os.getpid(), state * item


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_a_single_item_goes_to_a_worker_while_meanwhile_runs_here() -> None:
    calls: list[int] = []
    results = list(
        parallel.fork_imap(_pid_and_double, 2, [21], 2, meanwhile=lambda: calls.append(os.getpid()))
    )
    assert calls == [os.getpid()]
    assert [value for _, value in results] == [42]
    assert results[0][0] != os.getpid()


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_results_come_in_item_order_from_the_workers() -> None:
    results = list(parallel.fork_imap(_pid_and_double, 3, list(range(20)), 2))
    assert [value for _, value in results] == [3 * n for n in range(20)]
    assert os.getpid() not in {pid for pid, _ in results}


def test_one_job_runs_everything_here_meanwhile_first() -> None:
    order: list[str] = []

    def work(state: None, item: str) -> str:
        order.append(item)
        return item.upper()

    results = list(
        parallel.fork_imap(work, None, ["a", "b"], 1, meanwhile=lambda: order.append("m"))
    )
    assert results == ["A", "B"]
    assert order == ["m", "a", "b"]


def test_no_items_still_calls_meanwhile_once() -> None:
    calls: list[int] = []
    got = list(parallel.fork_imap(_pid_and_double, 1, [], 2, meanwhile=lambda: calls.append(1)))
    assert got == []
    assert calls == [1]


def _die_on_three(state: None, item: int) -> int:
    if item == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return item


def _fail_on_two(state: None, item: int) -> int:
    if item == 2:
        raise ValueError("bad item 2")
    return item


def _handlers(state: None, item: int) -> tuple[object, object]:
    return signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_a_worker_that_dies_fails_the_map_instead_of_hanging() -> None:
    with pytest.raises(parallel.WorkerDied, match="killed by SIGKILL"):
        list(parallel.fork_imap(_die_on_three, None, list(range(8)), 2))


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_an_exception_in_a_worker_is_raised_here() -> None:
    with pytest.raises(ValueError, match="bad item 2"):
        list(parallel.fork_imap(_fail_on_two, None, list(range(5)), 2))


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_workers_ignore_ctrl_c_and_take_the_default_sigterm() -> None:
    previous = signal.signal(signal.SIGTERM, lambda *_: None)  # as newsgen serve does
    try:
        got = parallel.fork_map(_handlers, None, [1, 2], 2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert set(got) == {(signal.SIG_IGN, signal.SIG_DFL)}


# Each os.fork() of this process, with the number of threads it had then (forking
# a multi-threaded process can deadlock the child; Python 3.12 deprecates it).
_FORKS: list[int] = []
_WATCHING: list[bool] = []


def _before_fork() -> None:
    if _WATCHING:
        _FORKS.append(threading.active_count())


os.register_at_fork(before=_before_fork)


@pytest.fixture
def forks() -> Iterator[list[int]]:
    _FORKS.clear()
    _WATCHING.append(True)
    try:
        yield _FORKS
    finally:
        _WATCHING.clear()


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_the_pool_forks_every_worker_before_any_thread_of_its_own(forks: list[int]) -> None:
    results = parallel.fork_map(_pid_and_double, 1, [1, 2, 3, 4], 2)
    assert [value for _, value in results] == [1, 2, 3, 4]
    assert forks == [1, 1]  # two workers, each forked from a single-threaded process
    assert threading.active_count() == 1  # and the pool's threads are gone


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_a_serve_rebuild_forks_nothing_in_the_threaded_server(
    forks: list[int], make_site: SiteFactory, tmp_path: Path
) -> None:
    """The preview server is threaded (HTTP, watcher): its builds, whose workers
    are forked, run in a build process of its own, never in the server's."""
    site = make_site(
        {
            f"content/story-{n}.md": f"---\ntitle: Story {n}\ndate: 2024-05-0{n}\n---\nBody {n}.\n"
            for n in range(1, 4)
        }
    )
    state = SiteState()
    said: list[str] = []
    builder = Builder(site, tmp_path / "slots", state, False, False, said.append)
    stop = threading.Event()
    server = threading.Thread(target=stop.wait, name="as-if-http", daemon=True)
    server.start()
    try:
        assert builder.rebuild(), said
        assert state.current is not None and (state.current / "index.html").is_file()
    finally:
        builder.stop()
        stop.set()
        server.join()
    assert forks == []
