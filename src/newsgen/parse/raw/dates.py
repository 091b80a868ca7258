"""Dates as the raw text writes them: in full, numeric, in wire ids and stamps."""

from __future__ import annotations

import re
from datetime import date

from newsgen.display import MONTHS
from newsgen.parse.raw.byline import (
    _byline,
)
from newsgen.parse.raw.patterns import (
    _AGENCY_CODE,
    _DOC_ID,
    _DOC_ID_SHORT,
    _FIELD,
    _FIELD_LINE,
    _MONTH,
    _SENTENCE_END,
    _STAMP,
)
from newsgen.parse.raw.text import (
    _flat,
)

_MONTHS = {month[:3].lower(): number for number, month in enumerate(MONTHS, start=1)}

# "Tuesday, 8 March, 1945 GMT": four digits before a time zone are a kick-off time.
_NOT_A_TIME = r"(?!\s*(?:GMT|UTC|BST|CET|EST|EDT|IST|PKT|local time|hrs)\b)"

_DATE_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b{_NOT_A_TIME}", re.I
)

_DATE_MDY = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b{_NOT_A_TIME}", re.I
)

_DATE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")

_DATE_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")

# "26/11/2026", "26-11-2026", "26.11.2026": read only when day and month cannot be swapped.
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\b")


def _iso_date(s: str) -> date | None:
    m = _DATE_ISO.search(s)
    return _ymd(m.group(1), m.group(2), m.group(3)) if m else None


def _doc_id_date(s: str) -> date | None:
    m = _DOC_ID.match(s)
    if m:
        return _ymd(*m.groups())
    m = _DOC_ID_SHORT.match(s)
    if m is None:
        return None
    yy = int(m.group(1))  # "ea980120.1830.0071": yymmdd, 70-99 in the 1900s
    return _ymd(yy + (1900 if yy >= 70 else 2000), m.group(2), m.group(3))


def _field_line_date(s: str) -> date | None:
    """ "Source: Xinhua| 2026-11-26 19:06:27|Editor: huaxia": fields split by '|', one
    of them a date stamp, the others "Label: value" pairs or agency names."""
    if "|" not in s or len(s) > 160:
        return None
    found = None
    for part in (x.strip() for x in s.split("|")):
        stamp = _stamp_date(part) if part else None
        if stamp is not None:
            found = found or stamp[0]
        elif part and not (_FIELD.match(part) or _AGENCY_CODE.match(part)):
            return None
    return found


def _stamp_date(s: str) -> tuple[date, str] | None:
    """A "Published: 26 Nov 2026 10:14 am" stamp, or a line that is only a date."""
    m = _STAMP.match(s)
    if m is not None and len(s) <= 100:
        found = _find_date(m.group(1))
        # What is left beside the date is at most a publication's name ("Published
        # in Dawn, November 27th, 2026"); more words make it a sentence.
        if found is not None and len(_DATE_LEFTOVER.sub(" ", m.group(1)).split()) <= 5:
            return found, "site junk: publication stamp"
    if len(s) <= 60:
        found = _find_date(s)
        # A line that is only a date (and time): nothing is left once digits,
        # month and day names and the usual separators are taken out.
        if found is not None and _only_date(s):
            return found, "site junk: date stamp"
    return None


_DATE_LEFTOVER = re.compile(
    rf"\b(?:{_MONTH}|Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|"
    r"Sat(?:urday)?|Sun(?:day)?|am|pm|a\.m\.|p\.m\.|GMT|UTC|PKT|EST|EDT|IST|CET|BST|st|nd|rd|th"
    # "... Updated 2 hours ago": a relative update note beside the date.
    r"|updated|ago|about|an?|just|now|hours?|hrs?|minutes?|mins?|days?)\b"
    r"|[\d\s,.:/|\-–—]",
    re.I,
)


def _only_date(s: str) -> bool:
    # ISO 8601 timestamps: "2026-11-26T09:14:00Z".
    s = re.sub(r"(?<=\d)[TZ](?=\d|\b)", " ", s)
    return not _DATE_LEFTOVER.sub("", s).strip()


# "Kick-off 1400 GMT", "Wales v Italy (1430 GMT)", "Live on BBC Two from 13:30".
_ENDS_WITH_TIME = re.compile(
    r"\b(?:\d{4} ?(?:GMT|BST|UTC|CET|local time)|\d{1,2}[:.]\d{2} ?(?:GMT|BST|UTC|am|pm)?)\)?$"
)

_WEEKDAY_WORD = re.compile(
    r"\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b", re.I
)


def _match_day(s: str, lines: list[str], i: int) -> bool:
    """A date line naming its weekday with a time or field line right under it
    ("Sunday 13 March 2005" / "Kick-off 1400 GMT"): a fixture's match day, not the
    page's publication stamp."""
    if _WEEKDAY_WORD.search(s) is None or i + 1 >= len(lines):
        return False
    nxt = _flat(lines[i + 1])
    if not nxt or _STAMP.match(nxt) or _stamp_date(nxt) or _byline(nxt):
        return False  # "Updated: 10:14 GMT", "By Staff Reporter": the page's stamps
    return _standalone(nxt) or _FIELD_LINE.match(nxt) is not None


def _standalone(s: str) -> bool:
    """A line of a fixture or event page that is only a weekday, a date or a time
    ("Saturday", "Saturday, 12 February", "1500 GMT"), or that ends with a time
    ("Kick-off 1400 GMT", "Wales v Italy (1430 GMT)"): a line of its own, never a
    piece of wrapped prose (which would end a sentence there)."""
    return (
        len(s) <= 40
        and not _SENTENCE_END.search(s)
        and any(c.isalnum() for c in s)
        and (_only_date(s) or _ENDS_WITH_TIME.search(s) is not None)
    )


def _ymd(y: str | int, m: str | int, d: str | int) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _slash_date(s: str) -> date | None:
    m = _DATE_SLASH.search(s)
    return _ymd(m.group(3), m.group(1), m.group(2)) if m else None


def _find_date(s: str) -> date | None:
    """The first full date (day, month and year) stated in ``s``."""
    m = _DATE_DMY.search(s)
    if m:
        return _ymd(m.group(3), _MONTHS[m.group(2)[:3].lower()], m.group(1))
    m = _DATE_MDY.search(s)
    if m:
        return _ymd(m.group(3), _MONTHS[m.group(1)[:3].lower()], m.group(2))
    m = _DATE_ISO.search(s)
    if m:
        return _ymd(m.group(1), m.group(2), m.group(3))
    m = _DATE_NUMERIC.search(s)
    if m:
        a, b = int(m.group(1)), int(m.group(3))
        # Only unambiguous numeric dates: 26/11/2026 or 11/26/2026, never 5/6/2026.
        if a > 12 >= b:
            return _ymd(m.group(4), b, a)
        if b > 12 >= a:
            return _ymd(m.group(4), a, b)
    return None


def _full_date(written: str) -> date | None:
    """A dateline date counts only when it states the year."""
    return _find_date(written) if re.search(r"\d{4}", written) else None
