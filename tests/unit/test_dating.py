"""Path dates and the dates file (newsgen.dating), rule by rule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsgen.dating import PatternError, compile_pattern, date_from_path, parse_dates_file


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("content/2004/05/12/x.txt", (2004, 5, 12)),
        ("content/2004/05/x.txt", (2004, 5, 1)),
        ("content/sport/2004-05-12-slug.txt", (2004, 5, 12)),
        ("content/sport/20040512_slug.txt", (2004, 5, 12)),
        ("content/wire/APW19980213.1310.txt", (1998, 2, 13)),
        ("content/2004/05/12/2005-03-04-late.txt", (2005, 3, 4)),  # the file name wins
        ("content/business/001.txt", None),
        ("content/ids/12345678.txt", None),  # no year 1234
        ("content/ids/20041399.txt", None),  # no month 13
        ("content/2004/13/x.txt", None),
        ("content/2004/x.txt", None),  # a year alone is too coarse to order by
    ],
)
def test_built_in_layouts(path: str, expected: tuple[int, int, int] | None) -> None:
    found = date_from_path(path, UTC, content_dir="content")
    assert found == (datetime(*expected, tzinfo=UTC) if expected else None)


def test_configured_pattern_is_tried_first_then_the_built_ins() -> None:
    pattern = "{day}.{month}.{year}/*"
    assert date_from_path("content/12.5.2004/a.txt", UTC, pattern, "content") == datetime(
        2004, 5, 12, tzinfo=UTC
    )
    assert date_from_path("content/2003/02/a.txt", UTC, pattern, "content") == datetime(
        2003, 2, 1, tzinfo=UTC
    )
    assert date_from_path("content/Sept/3/99/a.txt", UTC, "{mon}/{day}/{yy}", "content") == (
        datetime(1999, 9, 3, tzinfo=UTC)
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{year}/{colour}", "unknown placeholder '{colour}'"),
        ("{day}", "must have a year"),
        ("{year}/{month", "unmatched '{'"),
        ("{year}/{yy}/{month}", "given once"),
        ("x" * 201, "too long"),
    ],
)
def test_bad_patterns(template: str, message: str) -> None:
    with pytest.raises(PatternError) as err:
        compile_pattern(template)
    assert message in str(err.value)


def test_dates_file_rows() -> None:
    text = (
        "path,date\n"
        "# a comment\n"
        "\n"
        "a/1.txt,2004-05-12\n"
        '"a/with, comma.txt",2004-05-13 10:30\n'
        "./a/3.txt,2004-05-14T10:30:00+01:00\n"
        "../x.txt,2004-05-12\n"
        "a/4.txt,12/05/2004\n"
        "a/1.txt,2004-05-15\n"
        "a/5.txt\n"
    )
    parsed = parse_dates_file(text, "content/dates.csv", UTC)
    assert sorted(parsed.dates) == ["a/1.txt", "a/3.txt", "a/with, comma.txt"]
    assert parsed.dates["a/1.txt"] == datetime(2004, 5, 12, tzinfo=UTC)
    assert parsed.dates["a/3.txt"].utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert [(p.path, p.line) for p in parsed.problems] == [
        ("content/dates.csv", 7),
        ("content/dates.csv", 8),
        ("content/dates.csv", 9),
        ("content/dates.csv", 10),
    ]
    assert "listed twice (first on line 4)" in parsed.problems[2].message
