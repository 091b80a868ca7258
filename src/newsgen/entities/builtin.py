"""The built-in extractor: capitalised sequences, cheap lexicon rules, per-article aliases.

Speed matters (whole archives are re-extracted on every build), so the text is scanned
with one compiled regex for capitalised word sequences and each sequence is typed with
a handful of set lookups; there is no per-token pass over ordinary words.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from newsgen.entities import lexicon as lx
from newsgen.entities.acronyms import find_definitions
from newsgen.entities.gazetteer import Gazetteer, load
from newsgen.model import ORG, PERSON, PLACE, Mention


def _upper_class() -> str:
    """A regex character class body for upper-case letters in Latin, Greek and Cyrillic."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x2000):
        if chr(cp).isupper():
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


_UP = _upper_class()
# A capitalised word: inner . ' ’ & - are allowed when a word character follows, so
# "U.S.", "A&M", "Udvar-Hazy" and "O'Brien" are one word; a final "." is decided later.
_TOK = rf"(?:[{_UP}]|[0-9]+[{_UP}])(?:\w|[.'’&\-](?=\w))*\.?"
_CONN = "|".join(re.escape(c) for c in sorted(lx.CONNECTORS, key=len, reverse=True))
_SEQ_RE = re.compile(rf"{_TOK}(?:[ \t]+(?:(?:{_CONN})[ \t]+){{0,2}}{_TOK})*")
_WORD_RE = re.compile(r"\S+")
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&]+$|^(?:[A-Z]\.){2,}$")

# Words with a final period that is part of the word, not the end of a sentence.
_ABBREV = frozenset(
    "Inc Corp Co Ltd Jr Sr St Mt Ft Dr Mr Mrs Ms Prof Gen Col Capt Lt Sgt Rev Sen Rep Gov "
    "Bros No Dept Univ Ave Blvd Rd".split()
)
_POSSESSIVE = ("'s", "’s", "'", "’")
_DIRECTIONAL = frozenset(
    "North South East West Northern Southern Eastern Western Central Upper Lower Greater "
    "New Old Rural Downtown Inner Outer Northeast Northwest Southeast Southwest Mid".split()
)
_SPLIT_CONNECTORS = frozenset(("of", "and", "for", "on", "the", "&"))

STRONG, MEDIUM, WEAK = 3, 2, 1


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    words: list[str]  # the span's words, connectors included
    type: str | None
    strength: int
    name: str = ""
    single_common: bool = False  # a lone capitalised common word: kept only as an alias


Tok = tuple[int, int, str]


def _tokens(text: str, start: int, end: int) -> list[list[Tok]]:
    """Split one regex match into words, dropping possessives, splitting at sentence ends."""
    pieces: list[list[Tok]] = [[]]
    for m in _WORD_RE.finditer(text, start, end):
        a, b, w = m.start(), m.end(), m.group()
        terminal = False
        if w.endswith(".") and len(w) > 1:
            core = w[:-1]
            if not (len(core) == 1 or "." in core or core in _ABBREV):
                b -= 1
                w = core
                terminal = True
        for suf in _POSSESSIVE:
            if w.endswith(suf) and len(w) > len(suf) and w[0].isupper():
                b -= len(suf)
                w = w[: -len(suf)]
                break
        pieces[-1].append((a, b, w))
        if terminal:
            pieces.append([])
    return [p for p in pieces if p]


def _sentence_initial(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t\"“‘'(–—-*•":
        j -= 1
    return j < 0 or text[j] in ".!?\n:;"


def _is_conn(w: str) -> bool:
    return w in lx.CONNECTORS


def _head_type(words: list[str], g: Gazetteer) -> str | None:
    """Type given by the last word ("... Commission", "... Museum")."""
    last = words[-1]
    if last in ("Center", "Centre"):
        if len(words) == 1:
            return None
        prev = words[-2]
        if prev in lx.FACILITY_CENTER_WORDS or (prev in g.surnames and prev not in g.places):
            return PLACE
        return ORG
    if last == "District":
        return ORG if len(words) > 1 and words[-2] == "School" else PLACE
    if last in lx.ORG_HEADS:
        return ORG
    if last in lx.PLACE_HEADS:
        return PLACE
    return None


def _known(w: str, g: Gazetteer) -> bool:
    return (
        w in g.places
        or w in g.known_orgs
        or w in g.given_names
        or w in lx.SURNAME_FIRST
        or w in lx.DEMONYMS
    )


class _Doc:
    """State for one text: candidates in order, then per-article resolution."""

    def __init__(self, text: str, g: Gazetteer) -> None:
        self.text = text
        self.g = g
        self.cands: list[_Cand] = []

    # -- candidate finding -------------------------------------------------------------

    def scan(self) -> None:
        text = self.text
        for m in _SEQ_RE.finditer(text):
            first = True
            for piece in _tokens(text, m.start(), m.end()):
                initial = _sentence_initial(text, piece[0][0]) if first else True
                first = False
                self._piece(piece, initial)

    def _piece(self, toks: list[Tok], initial: bool) -> None:
        g = self.g
        person_hint = False
        while toks:
            w = toks[0][2]
            if _is_conn(w) or w in lx.NEVER:
                toks = toks[1:]
                initial = False
                continue
            if _is_conn(toks[-1][2]):
                toks = toks[:-1]
                continue
            words = [t[2] for t in toks]
            if w in lx.DEMONYMS:
                if len(toks) == 1:
                    return
                if _head_type(words, g) is None or _is_conn(toks[1][2]):
                    toks = toks[1:]
                    initial = False
                    continue
            n = self._title_prefix(words)
            if n:
                rest = words[n:]
                if rest[0] == "of":
                    toks = toks[n + 1 :]
                    initial = False
                    continue
                if _head_type(rest, g) is None:
                    toks = toks[n:]
                    person_hint = not _ACRONYM_RE.match(rest[0])
                    initial = False
                    continue
            if initial and w.lower() in g.common_words and not _known(w, g):
                if len(toks) == 1:
                    self.cands.append(_Cand(toks[0][0], toks[0][1], words, None, 0, "", True))
                    return
                if _head_type(words, g) is None and " ".join(words) not in g.places:
                    toks = toks[1:]
                    initial = False
                    continue
            break
        if not toks:
            return
        for part in self._split(toks):
            self._add(part, person_hint, initial and part[0] is toks[0])

    @staticmethod
    def _title_prefix(words: list[str]) -> int:
        """Number of leading title words, if they include a real title ("Ambassador")."""
        n = 0
        core = False
        while n < len(words) - 1 and words[n] in lx.TITLES:
            core = core or words[n] not in lx.TITLE_MODIFIERS
            n += 1
        return n if core else 0

    def _split(self, toks: list[Tok]) -> list[list[Tok]]:
        """Split "Pakistan and China" in two; keep "Ministry of Industry and Trade" whole."""
        words = [t[2] for t in toks]
        cuts = [i for i, w in enumerate(words) if w in _SPLIT_CONNECTORS]
        if not cuts:
            return [toks]
        g = self.g
        if _head_type(words, g) is not None or " ".join(words) in g.places:
            return [toks]
        before = words[: cuts[0]]
        if words[cuts[0]] != "and" and (
            _head_type(before, g) is not None
            or before[-1] in lx.PLACE_OF_HEADS
            or before[-1] in lx.ORG_OF_HEADS
        ):
            return [toks]
        parts: list[list[Tok]] = []
        cur: list[Tok] = []
        for t in toks:
            if t[2] in _SPLIT_CONNECTORS:
                if cur:
                    parts.append(cur)
                cur = []
            else:
                cur.append(t)
        if cur:
            parts.append(cur)
        return parts

    def _add(self, toks: list[Tok], person_hint: bool, initial: bool) -> None:
        words = [t[2] for t in toks]
        typ, strength = self._type(words, person_hint)
        start, end = toks[0][0], toks[-1][1]
        single_common = False
        if typ is None and len(words) == 1 and words[0].lower() in self.g.common_words:
            single_common = True
        self.cands.append(_Cand(start, end, words, typ, strength, "", single_common))

    def _type(self, words: list[str], person_hint: bool) -> tuple[str | None, int]:
        g = self.g
        whole = " ".join(words)
        if whole in g.known_orgs:
            return ORG, STRONG
        if whole in g.places:
            return PLACE, STRONG
        if len(words) == 1:
            w = words[0]
            if w in lx.DEMONYMS or w in lx.NEVER or w in lx.TITLES:
                return None, 0
            if _ACRONYM_RE.match(w):
                return ORG, MEDIUM
            if person_hint:
                return PERSON, STRONG
            if w.lower() in g.common_words:
                return None, 0
            if w in g.given_names or w in g.surnames:
                return PERSON, MEDIUM
            return DEFAULT_SINGLE, WEAK
        head = _head_type(words, g)
        if head is not None:
            return head, STRONG
        for i, w in enumerate(words):
            if w in ("of", "for", "on") and i:
                x = words[i - 1]
                if x in lx.PLACE_OF_HEADS:
                    return PLACE, STRONG
                if x in lx.ORG_OF_HEADS:
                    return ORG, STRONG
                break
        first, last = words[0], words[-1]
        if first in lx.PLACE_PREFIXES:
            return PLACE, STRONG
        rest = " ".join(words[:-1])
        if last in lx.MEDIA_AFTER_PLACE and rest in g.places:
            return ORG, STRONG
        if last in g.places and g.places[last] == "country":
            if first.lower() in g.common_words and first not in _DIRECTIONAL:
                return ORG, MEDIUM  # "Environment Canada", "Air Canada"
        if person_hint:
            return PERSON, STRONG
        if _ACRONYM_RE.match(first) or _ACRONYM_RE.match(last):
            return ORG, WEAK
        if first in g.given_names or first in lx.SURNAME_FIRST:
            return PERSON, MEDIUM
        if last in g.surnames and len(words) <= 3:
            return PERSON, MEDIUM
        if len(words) <= 3 and not any(w.lower() in g.common_words for w in words):
            return PERSON, WEAK
        return ORG, WEAK

    # -- per-article resolution --------------------------------------------------------

    def resolve(self) -> list[Mention]:
        text = self.text
        cands = self.cands
        for c in cands:
            c.name = text[c.start : c.end]
        self._acronyms()
        self._city_state()
        self._people()
        self._consistency()
        out: list[Mention] = []
        for c in cands:
            if c.type is None:
                continue
            out.append(Mention(c.start, c.end, text[c.start : c.end], c.type, c.name))
        return out

    def _acronyms(self) -> None:
        """"Special Technology Zones Authority (STZA)": STZA names the long form."""
        defs = find_definitions(self.text, self.cands)
        if not defs:
            return
        for c in self.cands:
            d = defs.get(self.text[c.start : c.end])
            if d is not None:
                c.type, c.strength, c.name = d[0], STRONG, d[1]

    def _city_state(self) -> None:
        """"Irving, Texas": a name followed by a comma and a state or country is a town."""
        text, places = self.text, self.g.places
        cands = self.cands
        for i in range(len(cands) - 1):
            c, nxt = cands[i], cands[i + 1]
            if c.strength >= STRONG or text[c.end : nxt.start] != ", ":
                continue
            if nxt.type == PLACE and places.get(text[nxt.start : nxt.end]) in ("region", "country"):
                c.type, c.strength = PLACE, STRONG

    def _people(self) -> None:
        """A surname or given name alone after a full name is that person."""
        alias: dict[str, str] = {}
        for c in self.cands:
            if c.type != PERSON or c.strength < MEDIUM or len(c.words) < 2:
                continue
            full = " ".join(c.words)
            for w in c.words:
                if w not in lx.NAME_PARTICLES and len(w.rstrip(".")) > 1:
                    alias.setdefault(w, full)
            # The family name wins over a given name shared with someone else.
            alias[c.words[-1]] = alias.get(c.words[-1], full)
        if not alias:
            return
        for c in self.cands:
            if len(c.words) != 1 or c.strength >= STRONG and c.type != PLACE:
                continue
            full = alias.get(c.words[0])
            if full is not None and not (c.type == PLACE and c.strength >= STRONG and
                                         c.words[0] in self.g.places and full.count(" ") == 0):
                c.type, c.strength, c.name = PERSON, STRONG, full

    def _consistency(self) -> None:
        """Give every occurrence of a surface string the type of its best-evidenced one."""
        best: dict[str, _Cand] = {}
        for c in self.cands:
            if c.type is None:
                continue
            key = " ".join(c.words)
            b = best.get(key)
            if b is None or c.strength > b.strength:
                best[key] = c
        for c in self.cands:
            b = best.get(" ".join(c.words))
            if b is not None and b is not c and b.strength > c.strength:
                c.type, c.strength, c.name = b.type, b.strength, b.name


DEFAULT_SINGLE: str | None = PERSON


def extract(text: str) -> list[Mention]:
    """Find PERSON, ORG and PLACE mentions in ``text``, in text order."""
    doc = _Doc(text, load())
    doc.scan()
    return doc.resolve()


if __name__ == "__main__":  # quick look: python -m newsgen.entities.builtin FILE
    for mention in extract(open(sys.argv[1], encoding="utf-8").read()):
        print(mention.type, mention.text, "->", mention.name)
