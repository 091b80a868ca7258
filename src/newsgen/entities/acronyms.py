"""Acronyms defined in a text: "Special Technology Zones Authority (STZA)".

Also links an acronym that is never defined to a name in the same text whose initials
spell it exactly ("USI" after "University of Southern Indiana").
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from typing import Protocol

from newsgen.model import ORG, PERSON

_DEF_RE = re.compile(r"[ \t]*\([ \t]*([A-Z][A-Za-z0-9&]{1,9}s?)[ \t]*\)")
_CAPS_RE = re.compile(r"^[A-Z][A-Z0-9&]+s?$")
_PARTS_RE = re.compile(r"[-/]")
_MINOR = frozenset(("of", "and", "for", "on", "the", "&", "de", "du", "la", "in", "at"))


class Candidate(Protocol):
    start: int
    end: int
    words: list[str]
    type: str | None
    strength: int
    name: str


def _initials(words: list[str]) -> list[tuple[str, bool]]:
    """(initial, optional) per word part; "China-Pakistan" gives C and P."""
    out: list[tuple[str, bool]] = []
    for w in words:
        for part in _PARTS_RE.split(w):
            if part:
                out.append((part[0].upper(), w in _MINOR))
    return out


def _spells(acr: str, inits: list[tuple[str, bool]]) -> bool:
    """True if ``acr`` is the initials in order, skipping only minor words or extras."""
    if not inits or inits[0][0] != acr[0]:
        return False
    i = 0
    for ch, _optional in inits:
        if i < len(acr) and ch == acr[i]:
            i += 1
    return i == len(acr)


def _spelling(words: list[str]) -> tuple[str, str]:
    """The initials of ``words``: of its major words only, and of all of them."""
    inits = _initials(words)
    return "".join(c for c, optional in inits if not optional), "".join(c for c, _ in inits)


def find_definitions(
    text: str, cands: Sequence[Candidate], reserved: Container[str] = ()
) -> dict[str, tuple[str, str]]:
    """Acronym -> (type, long form); may trim a long form's start.

    ``reserved`` acronyms ("US", "UN") are never linked to an undefined long form.
    """
    defs: dict[str, tuple[str, str]] = {}
    for c in cands:
        if len(c.words) < 2 or (c.type is None and not c.words):
            continue
        m = _DEF_RE.match(text, c.end)
        if not m:
            continue
        acr = m.group(1).rstrip("s") if m.group(1).endswith("s") else m.group(1)
        if not _CAPS_RE.match(acr):
            continue
        letters = acr.replace("&", "")
        for i in range(len(c.words) - 1):
            suffix = c.words[i:]
            if suffix[0] in _MINOR:
                continue
            if _spells(letters, _initials(suffix)):
                if i:
                    # Drop the words before the long form ("Pakistan" in "Pakistan
                    # Special Technology Zones Authority (STZA)"): find their end.
                    c.start = text.index(suffix[0], c.start)
                    c.words = suffix
                typ = c.type if c.type not in (None, PERSON) else ORG
                c.type, c.strength = typ, max(c.strength, 3)
                name = text[c.start : c.end]
                c.name = name
                defs.setdefault(acr, (typ, name))
                break
    # Undefined acronyms: look for a name in the text whose initials spell it exactly.
    wanted = {
        text[c.start : c.end]
        for c in cands
        if len(c.words) == 1
        and _CAPS_RE.match(c.words[0])
        and c.words[0] not in defs
        and c.words[0] not in reserved
    }
    if not wanted:
        return defs
    # Each named candidate's initials, worked out once: (major words only, all words).
    spelled = [
        (_spelling(c.words), c)
        for c in cands
        if len(c.words) >= 2 and c.type not in (None, PERSON) and c.strength >= 3
    ]
    for acr in sorted(wanted):
        for (major, every), c in spelled:
            if c.type is not None and (major == acr or every == acr):
                defs[acr] = (c.type, text[c.start : c.end])
                break
    return defs
