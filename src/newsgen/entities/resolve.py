"""Per-article resolution: acronyms, "Town, State", people's short names, consistency."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from newsgen.entities import lexicon as lx
from newsgen.entities.gazetteer import Gazetteer
from newsgen.model import ORG, PERSON, PLACE, Mention

STRONG, MEDIUM = 3, 2


@dataclass(slots=True)
class Cand:
    start: int
    end: int
    words: list[str]  # the span's words, connectors included
    type: str | None  # None: not (yet) known to be an entity
    strength: int
    name: str = ""


def _city_state(text: str, cands: list[Cand], g: Gazetteer) -> None:
    """ "Irving, Texas": a name followed by a comma and a state or country is a town."""
    for c, nxt in itertools.pairwise(cands):
        if c.strength >= STRONG or nxt.start - c.end != 2 or not text.startswith(", ", c.end):
            continue
        if c.type == PERSON and len(c.words) > 1:
            continue
        if nxt.type == PLACE and g.places.get(" ".join(nxt.words)) in ("region", "country"):
            c.type, c.strength = PLACE, STRONG


def _people(cands: list[Cand], g: Gazetteer) -> None:
    """A surname or given name alone, before or after the full name, is that person."""
    alias: dict[str, str] = {}
    people = [
        (c.words, " ".join(c.words))
        for c in cands
        if c.type == PERSON and c.strength >= MEDIUM and len(c.words) >= 2
    ]
    for words, full in people:
        # The family name wins over a given name that someone else also has.
        alias.setdefault(words[-1], full)
    for words, full in people:
        for w in words[:-1]:
            if w not in lx.NAME_PARTICLES and len(w.rstrip(".")) > 1:
                alias.setdefault(w, full)
    if not alias:
        return
    for c in cands:
        if len(c.words) > 1 and c.type is not None and c.strength < MEDIUM:
            known = alias.get(c.words[0])
            if known is not None and known != " ".join(c.words):
                # "Warhol Polaroids": the known surname, then an unknown word.
                c.end = c.start + len(c.words[0])
                c.words = c.words[:1]
        if len(c.words) != 1:
            continue
        known = alias.get(c.words[0])
        if known is None or known == c.words[0]:
            continue
        if c.type == PLACE and c.strength >= STRONG and g.places.get(c.words[0]) != "city":
            continue  # "Washington" the state stays a place
        if c.type not in (None, PERSON) and c.name and c.name != " ".join(c.words):
            continue  # an acronym that resolved to a long form
        c.type, c.strength, c.name = PERSON, STRONG, known


_CORPORATE = frozenset(
    ("Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "LLC", "Plc", "PLC")
)


def _companies(cands: list[Cand]) -> None:
    """ "Apple" after or before "Apple Inc." names the same company."""
    short: dict[str, str] = {}
    for c in cands:
        if c.type == ORG and len(c.words) > 1 and c.words[-1] in _CORPORATE:
            short.setdefault(" ".join(c.words[:-1]).rstrip(","), c.name)
    if short:
        for c in cands:
            full = short.get(" ".join(c.words))
            if full is not None and c.type in (ORG, None):
                c.type, c.strength, c.name = ORG, max(c.strength, STRONG), full


def _consistency(cands: list[Cand]) -> None:
    """Give every occurrence of a surface string the type of its best-evidenced one."""
    best: dict[str, Cand] = {}
    for c in cands:
        if c.type is None:
            continue
        key = " ".join(c.words)
        b = best.get(key)
        if b is None or c.strength > b.strength:
            best[key] = c
    for c in cands:
        b = best.get(" ".join(c.words))
        if b is not None and b is not c and b.strength > c.strength:
            c.type, c.strength, c.name = b.type, b.strength, b.name


def resolve(
    text: str, cands: list[Cand], defs: dict[str, tuple[str, str]], g: Gazetteer
) -> list[Mention]:
    from newsgen.entities.context import retype_by_context  # context builds on Cand

    for c in cands:
        if not c.name:
            c.name = text[c.start : c.end]
    cands = retype_by_context(text, cands, g)
    for c in cands:
        d = defs.get(c.name) if len(c.words) == 1 else None
        if d is not None:
            c.type, c.strength, c.name = d[0], STRONG, d[1]
    _city_state(text, cands, g)
    _people(cands, g)
    _companies(cands)
    _consistency(cands)
    return [
        Mention(c.start, c.end, text[c.start : c.end], c.type, c.name)
        for c in cands
        if c.type is not None
    ]
