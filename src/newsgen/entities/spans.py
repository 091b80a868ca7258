"""From tagged name spans to candidates: newsgen's conventions on top of the tagger.

The tagger learned CoNLL-2003's conventions; entity pages want a few of their own:
no title or "the" inside a name ("Prime Minister Ayesha Rahman" -> "Ayesha Rahman"),
no possessive, and two places joined by "and" are two places.
"""

from __future__ import annotations

from newsgen.entities import lexicon as lx
from newsgen.entities.gazetteer import Gazetteer
from newsgen.entities.resolve import MEDIUM, Cand
from newsgen.model import PERSON

_POSSESSIVE = ("'s", "’s", "'", "’")
_OPENERS = frozenset(("the", "The", "THE"))


def title_prefix(words: list[str]) -> int:
    """Number of leading title words, if they include a real title ("Ambassador")."""
    n = 0
    core = False
    while n < len(words) and words[n].rstrip(".") in lx.TITLES:
        core = core or words[n] not in lx.TITLE_MODIFIERS
        n += 1
    return n if core or n > 1 else 0  # "Major General" is a title, "General" alone not


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    pos = start
    for w in text[start:end].split():
        a = text.index(w, pos)
        out.append((a, a + len(w), w))
        pos = a + len(w)
    return out


def candidate(text: str, start: int, end: int, typ: str, g: Gazetteer) -> list[Cand]:
    """The candidates one tagged span gives (none, one, or one per "and"-joined place)."""
    toks = _words(text, start, end)
    while toks and toks[0][2] in _OPENERS:
        toks = toks[1:]
    n = title_prefix([t[2] for t in toks])
    if n and n < len(toks) and not (typ != PERSON and toks[n][2] == "of"):
        toks = toks[n:]
    elif n == len(toks):
        return []
    if not toks:
        return []
    a, b, w = toks[-1]
    for suf in _POSSESSIVE:
        if w.endswith(suf) and len(w) > len(suf):
            toks[-1] = (a, b - len(suf), w[: -len(suf)])
            break
    words = [t[2] for t in toks]
    if typ != "ORG" and "and" in words[1:-1]:
        # "Sindh and Balochistan", "Ayesha and Omar Khan" stay whole only as an ORG.
        i = words.index("and")
        left, right = toks[:i], toks[i + 1 :]
        if typ == PERSON and len(left) == 1:
            return [Cand(toks[0][0], toks[-1][1], words, typ, MEDIUM)]
        return [
            Cand(part[0][0], part[-1][1], [t[2] for t in part], typ, MEDIUM)
            for part in (left, right)
        ]
    return [Cand(toks[0][0], toks[-1][1], words, typ, MEDIUM)]
