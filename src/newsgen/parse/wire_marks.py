"""Marks of real agency wire copy that ``raw`` needs to see past.

Archived AP, NYT News Service and similar copy keeps the teleprinter's formatting
codes (``&QL;`` quad left, ``&UR;`` upper rail, ``&LR;``, ``&QC;``, ``&Cx1f;`` and
their kin), either as SGML entities or with the ``&``/``;`` lost in cleaning
(``QL``, ``ampQL``, ``Cx1f``). They are never article text: a line of them is a
transmission header or trailer, and they split a header line into its fields
(headline, editors' note, byline, service line). The functions here are pure and
know nothing about the record; ``raw`` decides what to do with what they find.
"""

from __future__ import annotations

import re

__all__ = [
    "WEEKDAYS",
    "code_fields",
    "has_codes",
    "is_doc_type_line",
    "strip_codes",
    "strip_glued_tail",
]

# "&Cx1f;", "&QL;", "ampQC" (the "&" left as a word), "Cx13" (the "&"/";" lost).
_ENTITY_CODE = r"(?:&|(?<![A-Za-z])amp)(?:Cx[0-9A-Fa-f]{1,2}|[A-Z]{2})\b;?"
_BARE_CX = r"(?<![\w&])Cx[0-9A-Fa-f]{2}(?!\w)"
# The two-letter codes written bare: only these, and only where two stand side by
# side ("QL UR"), open and close the line, or stand alone, since "UR" or "QC" in
# a sentence could be anything.
_BARE_2 = r"(?<![\w&;])(?:QL|QC|QR|UR|LR|HT)(?![\w;])"
_STRONG_CODE = re.compile(f"{_ENTITY_CODE}|{_BARE_CX}")
_ANY_CODE = re.compile(f"{_ENTITY_CODE}|{_BARE_CX}|{_BARE_2}")
_BARE_2_RE = re.compile(_BARE_2)
_BARE_PAIR = re.compile(r"(?<![\w&;])(?:QL|QC|QR|UR|LR|HT)\s+(?:QL|QC|QR|UR|LR|HT)(?![\w;])")
_DASH_CODE = re.compile(r"\s*(?:&|(?<![A-Za-z])amp)MD\b;?\s*")
# A quick filter: every code has one of these in it.
_CODE_HINT = re.compile(r"&[A-Z]|amp[A-Z]|Cx[0-9A-Fa-f]|\b(?:QL|QC|QR|UR|LR|HT)\b")

# "NEWS STORY 1998-10-25 21:00", "NEWS STORY", "ADVISORY 02/13/1998 14:26:00": the
# document type an archive prints before the transmission header.
_DOC_TYPE = re.compile(
    r"^(?:[A-Za-z]{2,8}\d{6,8}[.-]\d{2,6}(?:\.\d{2,6})?\s+)?"
    r"(?:NEWS STORY|(?:ADVISORY|SCHEDULE|MISCELLANEOUS|NEWS|STORY)(?=\s+\d))"
    r"(\s+(?:\d{4}-\d\d-\d\d|\d\d?/\d\d?/\d{4})(?:\s+\d\d?:\d\d(?::\d\d)?)?)?(?=\s|$)"
)

_DAYS = "MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY MON TUE TUES WED THU THURS FRI"
WEEKDAYS = frozenset([*_DAYS.split(" "), "SAT", "SUN", "THUR"])


def has_codes(s: str) -> bool:
    """True when ``s`` holds wire formatting codes (see the module docstring)."""
    if _CODE_HINT.search(s) is None:
        return False
    if _STRONG_CODE.search(s) is not None:
        return True
    if _BARE_PAIR.search(s) is not None:
        return True
    words = s.split()
    return _BARE_2_RE.fullmatch(words[0]) is not None and (
        len(words) == 1 or _BARE_2_RE.fullmatch(words[-1]) is not None
    )


def strip_codes(s: str) -> str:
    """``s`` without its formatting codes, white space collapsed. The em-dash code
    (``&MD;``, as in "NEW YORK &MD; The ...") becomes a dash."""
    if "MD" in s:
        s = _DASH_CODE.sub(" — ", s)
    return " ".join(_ANY_CODE.sub(" ", s).split())


def code_fields(s: str) -> list[str]:
    """The pieces of text between the codes of a header line, in order."""
    return [" ".join(p.split()) for p in _ANY_CODE.split(s) if p.strip()]


def is_doc_type_line(s: str) -> int | None:
    """Where a leading "NEWS STORY 1998-10-25 21:00" (with an optional document id
    before it) ends, or None when ``s`` does not open with one. The type alone
    counts only as the whole line or before codes: never "NEWS STORY ideas ..."."""
    m = _DOC_TYPE.match(s)
    if m is None:
        return None
    rest = s[m.end() :]
    if m.group(1) or not rest.strip() or has_codes(rest):
        return m.end()
    return None


# What the desk leaves glued after the last sentence when paragraph breaks are lost:
# codes, a pick-up instruction ("The decision, 3rd graf pvs."), desk initials
# ("(pvs/ji)", "(pfg-xx)").
_GLUED_DESK = re.compile(
    r"(?:(?<=[.!?\"'’”)])|(?<=pvs))\s+(?:(?:&|amp)?(?:UR|QL|LR|QC)\b;?\s*)*"
    r"\([a-z]{2,4}(?:[-/][a-z]{2,4}){1,4}\)\s*$"
)
_GLUED_PICKUP = re.compile(
    r"(?<=[.!?\"'’”)])\s+(?:(?:&|amp)?(?:UR|QL|LR|QC)\b;?\s*)*"
    r"[^.!?]{0,80}?,?\s*\d{1,2}(?:st|nd|rd|th)\s+graf\s+pvs\.?\s*$",
    re.I,
)
_GLUED_CODES = re.compile(r"(?<=[.!?\"'’”)])(?:\s+(?:&|amp)?(?:UR|QL|LR|QC)\b;?)+\s*$")


def strip_glued_tail(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Take desk furniture glued after the last sentence off ``text``.

    Returns the text and the pieces taken, each with its reason, in text order.
    """
    taken: list[tuple[str, str]] = []
    while True:
        if not text or text[-1] not in ".!?\"'’”)sLRCQ;":
            return text, taken
        for pattern, reason in (
            (_GLUED_DESK, "wire tail: desk initials"),
            (_GLUED_PICKUP, "wire tail: pick-up instruction"),
            (_GLUED_CODES, "wire: formatting codes"),
        ):
            m = pattern.search(text)
            if m is not None and m.start() > 0:
                taken.insert(0, (m.group().strip(), reason))
                text = text[: m.start()].rstrip()
                break
        else:
            return text, taken
