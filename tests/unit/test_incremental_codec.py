"""The cache's value codec: plain data and an allow-list of records, nothing else."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import msgpack
import pytest

from newsgen import pipeline
from newsgen.errors import Problem
from newsgen.incremental import codec
from newsgen.incremental.store import Cache
from newsgen.index import Redirect

FIXTURE_SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def _round_trip(value: object) -> object:
    back = codec.decode(codec.encode(value))
    assert back == value
    assert repr(back) == repr(value)  # page fingerprints hash reprs of dates and records
    return back


def test_every_record_a_build_caches_round_trips(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    gathered = pipeline.gather(site, cache=Cache(None))
    loaded = pipeline.with_index(gathered.loaded(), site)
    assert gathered.parsed() and loaded.heads
    for parsed, article, head in zip(
        gathered.parsed(), gathered.articles(), loaded.heads, strict=False
    ):
        _round_trip((parsed, article))
        _round_trip(head)
    _round_trip({head.source_path.encode(): head for head in loaded.heads})
    _round_trip((Problem("warning", "w", "content/a.md", 3), Redirect("PERSON", "old", "k")))


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2025, 3, 5, 9, 30, tzinfo=ZoneInfo("Asia/Karachi")),
        datetime(2025, 3, 5, 9, 30, 1, 250, tzinfo=UTC),
        datetime(2025, 3, 5, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
        datetime(2025, 3, 5, tzinfo=timezone(timedelta(hours=2), "EET")),
        datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Berlin")),
        datetime(2025, 3, 5, 9, 30),
        date(2025, 3, 5),
    ],
)
def test_dates_keep_their_time_zone_and_repr(moment: date) -> None:
    back = _round_trip(moment)
    if isinstance(moment, datetime):
        assert isinstance(back, datetime) and back.fold == moment.fold
        assert type(back.tzinfo) is type(moment.tzinfo)


def test_plain_data_round_trips_with_tuples_for_arrays() -> None:
    value = {"a": (1, 2.5, None, True, b"\x00", "caf\u00e9 \udcff"), b"k": ((), {})}
    assert codec.decode(codec.encode(value)) == value
    assert codec.decode(codec.encode([1, [2]])) == (1, (2,))


def _ext(code: int, fields: object) -> bytes:
    """A tagged value as a writer of the cache would plant it."""
    return msgpack.packb({-code: fields})


@pytest.mark.parametrize(
    "data",
    [
        b"\x80\x04\x95",  # the start of a pickle
        b"",
        _ext(99, ("a",)),  # no such record
        _ext(8, ("warning", "m", None)),  # Problem has four fields
        _ext(8, ("warning", {"not": "a str"}, None, None)),
        _ext(8, ("warning", "m", None, "3")),  # line: int or None
        _ext(100, (2025, 1, 1, 0, 0, 0, 0, 0, "../../etc/passwd")),
        _ext(100, (2025, 1, 1, 0, 0, 0, 0, 0, "No/Such_Zone")),
        _ext(100, (2025, 13, 1, 0, 0, 0, 0, 0, None)),
        _ext(100, ("2025", 1, 1, 0, 0, 0, 0, 0, None)),
        _ext(101, (2025, 1)),
        msgpack.packb(msgpack.ExtType(8, b"\xc1")),
        msgpack.packb({"a": msgpack.ExtType(1, b"")}),
        _ext(8, "warning"),
    ],
)
def test_anything_else_is_refused(data: bytes) -> None:
    with pytest.raises(codec.CodecError):
        codec.decode(data)


@pytest.mark.parametrize("value", [{1, 2}, object(), Path("x"), 1 << 70, timedelta(1)])
def test_values_of_other_kinds_are_not_encoded(value: object) -> None:
    with pytest.raises(codec.CodecError):
        codec.encode(value)
