"""Bylines and role lines: "By Ayesha Malik", "Associated Press Writer"."""

from __future__ import annotations

import re

from newsgen.parse.raw.dateline import (
    _starts_dateline,
)
from newsgen.parse.raw.patterns import (
    _BYLINE,
    _NAME_PARTICLES,
    _ROLE,
)
from newsgen.parse.raw.text import (
    _caps,
)

_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|[A-Z]\.|[a-z]{1,3}-[A-Z][\w'’-]*)$")

_BYLINE_TAIL = re.compile(r"\s*(?:,|\||\s-\s|–|—)\s*(.*)$")


def _is_role_line(s: str) -> bool:
    words = s.split()
    return (
        len(words) <= 7
        and not s.endswith((".", "!", "?", ":"))
        and _ROLE.search(s) is not None
        and not _starts_dateline(s)
    )


def _byline(s: str) -> str | None:
    m = _BYLINE.match(s)
    if m is None:
        return None
    name = m.group(1).strip()
    tail = _BYLINE_TAIL.search(name)
    if tail and (_ROLE.search(tail.group(1)) or not tail.group(1)):
        name = name[: tail.start()].strip()
    words = name.split()
    ends_sentence = name.endswith((".", "!", "?", ":", ",")) and not name.endswith(("Jr.", "Sr."))
    if not 1 <= len(words) <= 7 or ends_sentence:
        return None
    if not all(w.lower() in _NAME_PARTICLES or _NAME_WORD.match(w) for w in words):
        return None
    if not any(_NAME_WORD.match(w) for w in words):
        return None
    # "By ALAN PRICE Associated Press": the name is in capitals, the employer is not.
    for j in range(2, len(words)):
        if all(_caps(w) for w in words[:j]) and not _caps(words[j]):
            if _ROLE.search(" ".join(words[j:])):
                words = words[:j]
            break
    if all(_caps(w) or w.lower() in _NAME_PARTICLES for w in words):
        return " ".join(w.lower() if w.lower() in _NAME_PARTICLES else w.title() for w in words)
    return " ".join(words)
