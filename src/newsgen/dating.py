"""Dates for articles that carry none: from their path, or from a dates file.

An archive exported as bare text files often keeps its dates only in its folder
layout (``2004/05/12/story.txt``, ``20040512_story.txt``) or in a list kept beside
it (``dates.csv``). Without these, every file would get its modification time:
one day for a whole archive.

Pure: paths and text in, dates and problems out (``sources.read_dates_file``
reads the file).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from newsgen.display import MONTHS
from newsgen.errors import Problem
from newsgen.safe_yaml import clip, quote

# --- dates in paths ---------------------------------------------------------------

# A full date: 2004-05-12, 2004/05/12, 2004_05_12 (folders or a file name), or
# 20040512 as a word of its own (20040512_slug.txt, APW20040512.0101.txt).
_FULL = re.compile(
    r"(?<!\d)(\d{4})([-/_])(\d{2})\2(\d{2})(?!\d)|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"
)
# A year and month folder with the day unknown: 2004/05/story.txt (the 1st).
_MONTH = re.compile(r"(?:^|/)(\d{4})/(\d{2})/")
# Years a path date may name: eight digits outside these are an id, not a date.
_YEARS = range(1800, 2200)

# Every month by its name and its abbreviations ("sept" as well), from display's one table.
_MONTHS = {
    name: number
    for number, month in enumerate(MONTHS, start=1)
    for name in (month.lower(), month[:3].lower())
} | {"sept": 9}

PLACEHOLDERS = {
    "year": r"(?P<year>\d{4})",
    "yy": r"(?P<yy>\d{2})",
    "month": r"(?P<month>\d{1,2})",
    "mon": r"(?P<mon>[A-Za-z]{3,9})",
    "day": r"(?P<day>\d{1,2})",
}
_TOKEN = re.compile(r"\{([^{}]*)\}|\*|[{}]")
_MAX_PATTERN = 200


class PatternError(ValueError):
    """A ``dates.path_pattern`` that cannot be used; the message says why."""


@functools.cache
def compile_pattern(template: str) -> re.Pattern[str]:
    """``dates.path_pattern`` as a regular expression, or PatternError.

    ``{year}`` (four digits), ``{yy}`` (two: 70-99 are the 1900s), ``{month}`` (1 or
    2 digits), ``{mon}`` (a month's name, ``May``, ``sept``), ``{day}``; ``*``
    stands for any characters within one folder or file name; anything else is
    literal. A year and a month are required; without a day it is the 1st.
    """
    if len(template) > _MAX_PATTERN:
        raise PatternError(f"too long (at most {_MAX_PATTERN} characters)")
    parts: list[str] = []
    seen: set[str] = set()
    done = 0
    for token in _TOKEN.finditer(template):
        parts.append(re.escape(template[done : token.start()]))
        done = token.end()
        text = token.group()
        if text == "*":
            parts.append(r"[^/]*?")
            continue
        name = token.group(1)
        if name is None:
            raise PatternError(f"unmatched {text!r} (placeholders are written {{year}})")
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{k}}}" for k in PLACEHOLDERS)
            raise PatternError(f"unknown placeholder {quote('{' + name + '}')} (known: {known})")
        if name in seen or ({name, *seen} >= {"year", "yy"}) or ({name, *seen} >= {"month", "mon"}):
            raise PatternError(f"{{{name}}}: the year, month and day may each be given once")
        seen.add(name)
        parts.append(PLACEHOLDERS[name])
    parts.append(re.escape(template[done:]))
    if not seen & {"year", "yy"} or not seen & {"month", "mon"}:
        raise PatternError("must have a year ({year} or {yy}) and a month ({month} or {mon})")
    # A number is whole: {year} never matches the end of a longer run of digits.
    return re.compile(r"(?<![0-9])" + "".join(parts) + r"(?![0-9])", re.IGNORECASE)


def _make(year: int, month: int, day: int, zone: ZoneInfo) -> datetime | None:
    if year not in _YEARS:
        return None
    try:
        return datetime(year, month, day, tzinfo=zone)
    except ValueError:
        return None


def _from_match(match: re.Match[str], zone: ZoneInfo) -> datetime | None:
    fields = match.groupdict()
    if fields.get("year"):
        year = int(fields["year"])
    else:
        short = int(fields["yy"])
        year = 1900 + short if short >= 70 else 2000 + short
    mon = fields.get("mon")
    month = _MONTHS.get(mon.lower(), 0) if mon else int(fields["month"])
    day = int(fields["day"]) if fields.get("day") else 1
    return _make(year, month, day, zone)


def date_from_path(
    path: str, zone: ZoneInfo, pattern: str = "", content_dir: str = ""
) -> datetime | None:
    """The date a file's path gives, or None.

    The configured ``pattern`` is tried first, on the path inside ``content_dir``
    (the last match that is a real date wins). Then the built-in layouts: a full
    date anywhere (``2004-05-12-slug.txt``, ``2004/05/12/x.txt``,
    ``20040512_slug.txt``; the last one in the path wins), else a year and month
    folder (``2004/05/x.txt``: the 1st of the month).
    """
    inside = path
    prefix = content_dir.strip("/")
    if prefix and prefix != "." and path.startswith(prefix + "/"):
        inside = path[len(prefix) + 1 :]
    if pattern:
        found = None
        for match in compile_pattern(pattern).finditer(inside):
            found = _from_match(match, zone) or found
        if found is not None:
            return found
    found = None
    for match in _FULL.finditer(inside):
        groups = match.groups()
        numbers = (groups[0], groups[2], groups[3]) if groups[0] else groups[4:]
        year, month, day = (int(g) for g in numbers)
        found = _make(year, month, day, zone) or found
    if found is not None:
        return found
    for match in _MONTH.finditer(inside):
        found = _make(int(match.group(1)), int(match.group(2)), 1, zone) or found
    return found


# --- the dates file ---------------------------------------------------------------

DATES_FILE = "dates.csv"
# A row per article; a list of a million files is ~60 MB.
MAX_DATES_FILE = 64_000_000
# Messages named one by one; past this, only counted.
_SHOWN = 50


@dataclass(frozen=True, slots=True)
class DatesFile:
    """What a dates file says: content-relative path -> date, and its problems."""

    dates: dict[str, datetime]
    problems: tuple[Problem, ...]
    lines: dict[str, int]  # path -> its line in the file


def parse_dates_value(value: str, zone: ZoneInfo) -> datetime | None:
    """``2004-05-12``, ``2004-05-12 14:30``, ``2004-05-12T14:30:00+01:00``; None if not."""
    text = value.strip()
    if not text or not text[:4].isdigit():
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text), time())
        except ValueError:
            return None
    moment = parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    try:
        # Year 1 at +14:00 is before the first day a datetime can hold in UTC.
        moment.astimezone(UTC).astimezone(zone)
    except (OverflowError, ValueError):
        return None
    return moment


def parse_dates_file(text: str, where: str, zone: ZoneInfo) -> DatesFile:
    """Read ``path,date`` rows; a header row ``path,date`` is allowed.

    Paths are relative to the content folder, with ``/`` between folders. Every
    bad row is a problem naming ``where`` and its line, and is left out; the
    other rows count. Blank lines and lines starting with ``#`` are skipped.
    """
    dates: dict[str, datetime] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    hidden = 0

    def bad(line: int, message: str) -> None:
        nonlocal hidden
        if len(problems) < _SHOWN:
            problems.append(Problem("error", message, where, line))
        else:
            hidden += 1

    reader = csv.reader(text.splitlines())
    for row in reader:
        line = reader.line_num
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) != 2:
            bad(line, f"expected two columns, path,date (found {len(row)})")
            continue
        path, value = row[0].strip().removeprefix("./"), row[1].strip()
        if line == 1 and (path.lower(), value.lower()) == ("path", "date"):
            continue
        if (
            not path
            or path.startswith("/")
            or "\\" in path
            or ".." in path.split("/")
            or not path.isprintable()
        ):
            bad(line, f"{quote(clip(path))} is not a path inside the content folder")
            continue
        moment = parse_dates_value(value, zone)
        if moment is None:
            bad(line, f"{quote(clip(value))} is not a date (use YYYY-MM-DD or an ISO date-time)")
            continue
        if path in first_line:
            bad(line, f"{quote(clip(path))} listed twice (first on line {first_line[path]})")
            continue
        first_line[path] = line
        dates[path] = moment
    if hidden:
        problems.append(Problem("error", f"and {hidden} more bad rows", where))
    return DatesFile(dates, tuple(problems), first_line)
