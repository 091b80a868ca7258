"""Datelines: "BEIJING, March 3 (Reuters) -" taken off the first paragraph."""

from __future__ import annotations

import re

from newsgen.parse.raw.patterns import (
    _MONTH,
    _words,
)
from newsgen.parse.raw.text import (
    _body_like,
)
from newsgen.parse.wire_marks import (
    WEEKDAYS,
)

_UP = "A-ZÀ-ÖØ-Þ"

_PLACE_WORD = rf"[{_UP}](?:[{_UP}'’.]|-(?=[{_UP}]))*"

_PARTICLE = r"(?:de|da|do|del|della|di|du|des|el|es|la|le|al|am|an|of|on|upon)"

_PLACE_UPPER = rf"{_PLACE_WORD}(?:(?:\s+|/)(?:{_PARTICLE}\s+)?{_PLACE_WORD}){{0,4}}"

_PLACE_TITLE = r"[A-Z][a-zà-ÿ'’.]+(?:(?:\s+|/|-)[A-Z][a-zà-ÿ'’.]+){0,3}"

_DL_DATE = (
    rf"(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH}\.?(?:,?\s+\d{{4}})?)"
)

_DL_REGION = rf"(?!{_MONTH}\b)[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*){{0,3}}"

_DL_AGENCY = r"\(\s*([A-Za-z][A-Za-z.&'’ -]{0,24}?)\s*\)"

_DL_SEP = r"(?:\s*:\s*|\s*(?:--|—|–)\s*|\s+-\s+|\s+-$|\s*_\s+|\s*_$|\s*[.:,;]?\s*$)"

_DL_TAIL = rf"(?:,\s*(?:{_DL_REGION}))?(?:,?\s*({_DL_DATE}))?(?:\s*{_DL_AGENCY})?"

# A title-case place ("Beijing") counts only when a date or an agency follows it.
_DATELINE = re.compile(
    rf"^(?:({_PLACE_UPPER})|({_PLACE_TITLE})(?=,\s*{_DL_DATE}|,?[^:\n]{{0,40}}\())"
    rf"({_DL_TAIL})({_DL_SEP})"
)

# PTI and IANS copy has no separator after the agency: "New Delhi, Nov 26 (PTI) The ...".
# The bracketed agency closes the dateline when a sentence starts right after it.
_DATELINE_NOSEP = re.compile(
    rf"^(?:({_PLACE_UPPER})|({_PLACE_TITLE}))(?:,\s*(?:{_DL_REGION}))?(?:,?\s*({_DL_DATE}))?"
    r"\s*\(\s*([A-Z][A-Za-z.&'’ -]{0,24}?)\s*\)\s+(?=[\"“‘'A-Z0-9])"
)

# A dateline on a line of its own with nothing but a separator: "KARACHI:".
_DATELINE_ALONE = re.compile(rf"^({_PLACE_UPPER})\s*(?::|--|—|–|-)$")

# All-caps labels that open paragraphs but are not places.
_KICKERS = _words(
    "BREAKING UPDATE UPDATED UPDATES EXCLUSIVE ANALYSIS COMMENT OPINION EDITORIAL NOTE CORRECTION"
    " CLARIFICATION PHOTO PHOTOS VIDEO WATCH LIVE FILE REVIEW INTERVIEW FEATURE FACTBOX EXPLAINER"
    " URGENT FLASH BULLETIN ADVISORY EDITORS EDS NEW WARNING ALERT Q&A FAQ TIP PS NB"
    " BACKGROUND CONTEXT SUMMARY HIGHLIGHTS OVERVIEW TIMELINE MEANWHILE ALSO SOURCE SOURCES"
    " VERDICT QUOTE WHY HOW WHAT WHO WHEN WHERE READ LISTEN SEE MORE"
)


def parse_dateline(text: str) -> tuple[str, str | None, str | None, str] | None:
    """Split a dateline off a paragraph: (place, date as written, agency, the rest)."""
    m = _DATELINE.match(text)
    if m is None:
        return _dateline_no_separator(text)
    place = (m.group(1) or m.group(2)).strip()
    letters = sum(ch.isalpha() for ch in place)
    sep = m.group(6).strip()
    dl_date, agency = m.group(4), m.group(5)
    rest = text[m.end() :].strip()
    if letters < 3 or _not_a_place(place):
        return None
    # A bare upper-case word with no separator is a heading, not a dateline, unless
    # it carries an agency and the paragraph is nothing else ("PORTO NOVA (AP)").
    if (not sep or sep in ".,;") and (rest or not (agency or dl_date)):
        return None
    if sep == ":" and not rest and not (agency or dl_date):
        return None
    if m.group(2) and not (agency or dl_date):
        return None
    return place, dl_date, agency, rest


def _not_a_place(place: str) -> bool:
    """Kicker labels ("BREAKING") and days of the week: a sport fixture page's
    "Saturday" or "TUESDAY:" names a day, never a place."""
    # The whole place only: "SUN CITY, Ariz." and "Sunday River" are places.
    key = place.replace(".", "").upper()
    return key in _KICKERS or key in WEEKDAYS


def _dateline_no_separator(text: str) -> tuple[str, str | None, str | None, str] | None:
    m = _DATELINE_NOSEP.match(text)
    if m is None:
        return None
    place = (m.group(1) or m.group(2)).strip()
    if sum(ch.isalpha() for ch in place) < 3 or _not_a_place(place):
        return None
    return place, m.group(3), m.group(4), text[m.end() :].strip()


_DATELINE_TITLE_COLON = re.compile(
    r"^([A-Z][a-zà-ÿ'’.]+(?:[ /-][A-Z][a-zà-ÿ'’.]+){0,2}):\s+(?=[\"“‘A-Z])"
)


def _dateline_title_colon(text: str) -> tuple[str, str | None, str | None, str] | None:
    """Indian web copy: "New Delhi: The Supreme Court on Wednesday ...". Only for the
    paragraph that opens the body, only when the rest reads as a full sentence,
    and never a label ("Background:", "Update:")."""
    m = _DATELINE_TITLE_COLON.match(text)
    if m is None:
        return None
    place, rest = m.group(1), text[m.end() :]
    if _not_a_place(place) or not _body_like(rest):
        return None
    return place, None, None, rest


def _dateline_alone(text: str) -> tuple[str, str | None, str | None, str] | None:
    """An upper-case place alone on the first body line ("KARACHI:"), the body below it."""
    m = _DATELINE_ALONE.match(text)
    if m is None:
        return None
    place = m.group(1).strip()
    if sum(ch.isalpha() for ch in place) < 3 or _not_a_place(place):
        return None
    return place, None, None, ""


def _starts_dateline(s: str) -> bool:
    return parse_dateline(s) is not None
