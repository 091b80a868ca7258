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
    "may_hold_marks",
    "strip_codes",
    "strip_glued_tail",
]

# "&Cx1f;", "&QL;", "ampQC" (the "&" left as a word), "Cx13" (the "&"/";" lost).
# Every branch opens with a literal character and checks what stands before it
# with a look-behind after that character ("C(?<![\w&]C)x" is "Cx" not after a
# word character): a search then skips to the characters that can start a code,
# ten times faster on a long paragraph than look-behinds in front.
_ENTITY_CODE = (
    r"&(?:Cx[0-9A-Fa-f]{1,2}|[A-Z]{2})\b;?|a(?<![A-Za-z]a)mp(?:Cx[0-9A-Fa-f]{1,2}|[A-Z]{2})\b;?"
)
_BARE_CX = r"C(?<![\w&]C)x[0-9A-Fa-f]{2}(?!\w)"
# The two-letter codes written bare: only these, and only where two stand side by
# side ("QL UR"), open and close the line, or stand alone, since "UR" or "QC" in
# a sentence could be anything.
_BARE_2 = (
    r"Q(?<![\w&;]Q)[LCR](?![\w;])|U(?<![\w&;]U)R(?![\w;])|L(?<![\w&;]L)R(?![\w;])"
    r"|H(?<![\w&;]H)T(?![\w;])"
)
_STRONG_CODE = re.compile(f"{_ENTITY_CODE}|{_BARE_CX}")
_ANY_CODE = re.compile(f"{_ENTITY_CODE}|{_BARE_CX}|{_BARE_2}")
_BARE_2_RE = re.compile(_BARE_2)
_BARE_PAIR = re.compile(f"(?:{_BARE_2})\\s+(?:{_BARE_2})")
_DASH_CODE = re.compile(r"\s*(?:&|a(?<![A-Za-z]a)mp)MD\b;?\s*")

# "NEWS STORY 1998-10-25 21:00", "NEWS STORY", "ADVISORY 02/13/1998 14:26:00": the
# document type an archive prints before the transmission header.
_DOC_TYPE = re.compile(
    r"^(?:[A-Za-z]{2,8}\d{6,8}[.-]\d{2,6}(?:\.\d{2,6})?\s+)?"
    r"(?:NEWS STORY|(?:ADVISORY|SCHEDULE|MISCELLANEOUS|NEWS|STORY)(?=\s+\d))"
    r"(\s+(?:\d{4}-\d\d-\d\d|\d\d?/\d\d?/\d{4})(?:\s+\d\d?:\d\d(?::\d\d)?)?)?(?=\s|$)"
)

_DAYS = "MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY MON TUE TUES WED THU THURS FRI"
WEEKDAYS = frozenset([*_DAYS.split(" "), "SAT", "SUN", "THUR"])


def _code_hint(s: str) -> bool:
    # Substring tests: many times faster than a search with alternatives over a
    # long text, and every code holds one of these.
    return (
        "&" in s
        or "Cx" in s
        or "QL" in s
        or "QC" in s
        or "QR" in s
        or "UR" in s
        or "LR" in s
        or "HT" in s
        or "ampC" in s
        or "ampQ" in s
        or "ampU" in s
        or "ampL" in s
    )


def may_hold_marks(text: str) -> bool:
    """False when no line of ``text`` can hold codes or a document-type line: the
    reader then skips these tests line by line (most articles are not wire copy)."""
    return (
        _code_hint(text)
        or "NEWS" in text
        or "STORY" in text
        or "ADVISORY" in text
        or "SCHEDULE" in text
        or "MISCELLANEOUS" in text
    )


def has_codes(s: str) -> bool:
    """True when ``s`` holds wire formatting codes (see the module docstring)."""
    if not _code_hint(s):
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
        # Only the last few hundred characters can hold the tail.
        cut = max(0, len(text) - 300)
        tail = text[cut:]
        for pattern, reason, hint in (
            (_GLUED_DESK, "wire tail: desk initials", tail.endswith(")")),
            (_GLUED_PICKUP, "wire tail: pick-up instruction", "pvs" in tail),
            (_GLUED_CODES, "wire: formatting codes", tail[-2:].rstrip(";")[-2:].isupper()),
        ):
            m = pattern.search(tail) if hint else None
            if m is not None and cut + m.start() > 0:
                taken.insert(0, (m.group().strip(), reason))
                text = text[: cut + m.start()].rstrip()
                break
        else:
            return text, taken
