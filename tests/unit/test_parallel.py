"""parallel.fork_imap: results in item order, on forked workers, with ``meanwhile``
run once in this process while they work."""

from __future__ import annotations

import os

import pytest

from newsgen import parallel


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
