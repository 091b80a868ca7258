from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from newsgen.errors import ContentError
from newsgen.parse import metadata as meta

UTC = ZoneInfo("UTC")
KARACHI = ZoneInfo("Asia/Karachi")


def test_dates_take_zone_when_naive() -> None:
    assert meta.as_datetime(date(2024, 5, 1), KARACHI, "date", "p").tzinfo == KARACHI
    aware = meta.as_datetime("2024-05-01T10:00:00+00:00", KARACHI, "date", "p")
    assert aware.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    with pytest.raises(ContentError, match="not a date"):
        meta.as_datetime("yesterday", UTC, "date", "p")


def test_date_from_path_prefers_file_name() -> None:
    found = meta.date_from_path("content/2024/01/02/2025-03-04-budget.txt", UTC)
    assert found == datetime(2025, 3, 4, tzinfo=UTC)
    assert meta.date_from_path("content/2024/01/02/budget.txt", UTC) == datetime(
        2024, 1, 2, tzinfo=UTC
    )
    assert meta.date_from_path("content/2024-13-45-x.txt", UTC) is None
    assert meta.date_from_path("content/notes.txt", UTC) is None


def test_tags_from_list_or_string_deduplicated() -> None:
    assert meta.tag_list("Economy, ports , economy", "p") == ("Economy", "ports")
    assert meta.tag_list(["A", "a", "B"], "p") == ("A", "B")
    with pytest.raises(ContentError):
        meta.tag_list({"a": 1}, "p")


def test_declared_entities() -> None:
    found = meta.declared_entities({"people": ["Ann Lee"], "places": "Lahore"}, "p")
    assert found == (("PERSON", "Ann Lee"), ("PLACE", "Lahore"))
    with pytest.raises(ContentError, match="unknown kind"):
        meta.declared_entities({"animals": ["cat"]}, "p")


def test_slug_and_summary() -> None:
    assert meta.make_slug(None, "Ferry terminal opens!", "p") == "ferry-terminal-opens"
    assert meta.make_slug("My Slug", "x", "p") == "my-slug"
    with pytest.raises(ContentError):
        meta.make_slug(None, "!!!", "p")
    assert meta.summarise(["one two three"], 2) == "one two …"
    assert meta.summarise(["", "a b"], 5) == "a b"
