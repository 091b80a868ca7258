"""The index's memo: results kept between builds under a key naming their inputs.

A plain dict, handed in: ``build_index`` looks a result up and, on a miss, makes it
and puts it in. Whoever keeps results between builds (the incremental room) fills
the dict before the index is built and stores what changed after; the index
itself reads and writes nothing but the dict.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any, TypeVar

from newsgen.model import fingerprint

_R = TypeVar("_R")

# Result name -> (the key of its inputs, the result).
IndexMemo = MutableMapping[str, tuple[bytes, Any]]
# The names ``build_index`` keeps results under.
MEMO_NAMES = ("entities", "related")


def recall(memo: IndexMemo | None, name: str, key: bytes, make: Callable[[], _R]) -> _R:
    """The result kept under ``name`` when it was made from ``key``'s inputs, else
    ``make()`` (kept in ``memo`` for the next build)."""
    if memo is None:
        return make()
    found = memo.get(name)
    if found is not None and found[0] == key:
        return found[1]  # type: ignore[no-any-return]
    value = make()
    memo[name] = (key, value)
    return value


def inputs_key(*inputs: object) -> bytes:
    """A hash naming every input of a memoised result (``fingerprint``: exact and
    deterministic, fast for the plain lists, tuples and strings these are made of)."""
    return fingerprint(*inputs).encode()
