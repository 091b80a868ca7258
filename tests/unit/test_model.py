"""Records and fingerprints: equal values give equal fingerprints, however made."""

from __future__ import annotations

import pickle
import sys
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from newsgen.index import EntityRef
from newsgen.model import fingerprint

_PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4).map(tuple) | st.lists(inner, max_size=4),
    max_leaves=12,
)


@given(_PLAIN)
def test_equal_values_copied_or_shared_fingerprint_alike(value: object) -> None:
    copy = pickle.loads(pickle.dumps(value))  # equal, made of other objects
    assert fingerprint(value) == fingerprint(copy)
    assert fingerprint((value, value)) == fingerprint((value, copy))


@given(_PLAIN, _PLAIN)
def test_different_values_fingerprint_apart(one: object, two: object) -> None:
    if one != two or type(one) is not type(two):
        assert fingerprint(one) != fingerprint(two) or repr(one) == repr(two)


def test_interned_strings_and_look_alikes() -> None:
    word = "".join(["sara", "-", "khan"])
    assert fingerprint((sys.intern("sara-khan"), 1)) == fingerprint((word, 1))
    assert fingerprint(("a", 1)) != fingerprint(("a", True))
    assert fingerprint(("a", "b")) != fingerprint(("a,b",)) != fingerprint("a", "b")
    assert fingerprint(()) != fingerprint(None) != fingerprint("")


def test_records_and_dates_are_told_apart_too() -> None:
    moment = datetime(2024, 5, 1, tzinfo=UTC)
    assert fingerprint(moment) == fingerprint(datetime(2024, 5, 1, tzinfo=UTC))
    assert fingerprint(moment) != fingerprint(datetime(2024, 5, 2, tzinfo=UTC))
    assert fingerprint(EntityRef("a", "b")) != fingerprint(EntityRef("a", "c"))
