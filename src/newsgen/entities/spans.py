"""From tagged name spans to candidates: newsgen's conventions on top of the tagger.

The tagger learned CoNLL-2003's conventions; entity pages want a few of their own:
no title or "the" inside a name ("Prime Minister Ayesha Rahman" -> "Ayesha Rahman"),
no possessive, and two places joined by "and" are two places.
"""

from __future__ import annotations

from newsgen.entities import lexicon as lx
from newsgen.entities.classify import head_type, is_demonym
from newsgen.entities.gazetteer import Gazetteer
from newsgen.entities.resolve import MEDIUM, STRONG, Cand
from newsgen.entities.scan import sentence_initial
from newsgen.model import ORG, PERSON

_POSSESSIVE = ("'s", "’s", "'", "’")
_OPENERS = frozenset(("the", "The", "THE"))
_TRAILING = frozenset(("New", "and", "of", "the", "&"))


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


def _plain_word(w: str, g: Gazetteer) -> bool:
    """A common English word that is no known name ("Finally", not "Bill" or "Reading")."""
    return (
        " " not in w
        and w.lower() in g.common_words
        and w not in g.given_names
        and w not in g.surnames
        and w not in g.places
        and w not in g.known_orgs
    )


def _acronym_then_person(words: tuple[str, ...], g: Gazetteer) -> bool:
    first, second = words[0], words[1]
    return (
        (first.isupper() or first in g.known_orgs)
        and second in g.given_names
        and all(w[:1].isupper() for w in words[2:])
    )


def _not_a_name(words: list[str], g: Gazetteer) -> bool:
    """Demonyms, titles, calendar words, programmes, spacecraft, storms: no entity page."""
    if len(words) == 1:
        w = words[0]
        return (
            is_demonym(w, g)
            or w in lx.NEVER
            or w in lx.TITLES
            or w in lx.NON_ENTITY_ACRONYMS
            or w in lx.NON_ENTITY_HEADS
        )
    whole = " ".join(words)
    if whole.endswith(("er", "ers")) and whole.rstrip("s")[:-2] in g.places:
        return True  # "New Zealander"
    return (
        words[-1] in lx.NON_ENTITY_HEADS
        or words[0] in lx.NON_ENTITY_PREFIXES
        or any(w in lx.NON_ENTITY_WORDS for w in words)
    )


def _retype(words: list[str], typ: str, g: Gazetteer) -> tuple[str, int]:
    """The type entity pages want, where the words say it for sure; else the tagger's.

    CoNLL files museums and space centres under ORG; entity pages (and GUM) treat
    them as places ("Museum of Flight", "Kennedy Space Center").
    """
    whole = " ".join(words)
    if whole in g.known_orgs or whole in lx.KNOWN_ORG_NAMES:
        return ORG, STRONG
    if len(words) > 1 and typ != PERSON:  # "Marc Lamont Hill" is no hill
        head = head_type(words, g)
        if head is not None:
            return head, STRONG
    return typ, MEDIUM


# One planned candidate: start and end offsets into the span, words, type, strength.
_Planned = tuple[int, int, tuple[str, ...], str, int]
# Plans by (span text, tagged type): news repeats its names, so most were seen before.
_PLANS: dict[tuple[str, str], tuple[_Planned, ...]] = {}
_PLANS_FOR: list[Gazetteer] = []  # the gazetteer the plans were made with
_MAX_PLANS = 100_000


def candidate(text: str, start: int, end: int, typ: str, g: Gazetteer) -> list[Cand]:
    """The candidates one tagged span gives (none, one, or one per "and"-joined place)."""
    if sentence_initial(text, start) and _plain_word(text[start:end], g):
        return []  # "Finally", "People": a capital that only starts a sentence
    if not _PLANS_FOR or _PLANS_FOR[0] is not g or len(_PLANS) > _MAX_PLANS:
        _PLANS_FOR[:] = [g]
        _PLANS.clear()
    surface = text[start:end]
    plan = _PLANS.get((surface, typ))
    if plan is None:
        plan = _PLANS[surface, typ] = _plan(surface, typ, g)
    return [Cand(start + a, start + b, list(words), t, st) for a, b, words, t, st in plan]


def _plan(surface: str, typ: str, g: Gazetteer) -> tuple[_Planned, ...]:
    toks = _words(surface, 0, len(surface))
    while toks and toks[0][2] in _OPENERS:
        toks = toks[1:]
    n = title_prefix([t[2] for t in toks])
    if n and n < len(toks) and not (typ != PERSON and toks[n][2] == "of"):
        toks = toks[n:]
    elif n == len(toks):
        return ()
    while len(toks) > 1 and toks[-1][2] in _TRAILING:
        toks = toks[:-1]  # "Ottawa New Democrat", "Museum of Flight CEO"
    a, b, w = toks[-1]
    for suf in _POSSESSIVE:
        if w.endswith(suf) and len(w) > len(suf):
            toks[-1] = (a, b - len(suf), w[: -len(suf)])
            break
    words = tuple(t[2] for t in toks)
    if _not_a_name(list(words), g):
        return ()
    typ, strength = _retype(list(words), typ, g)
    if typ != PERSON and len(words) > 2 and _acronym_then_person(words, g):
        # "NASA Bill Ingalls": a body's acronym, then a person's name.
        return (
            (toks[0][0], toks[0][1], words[:1], typ, strength),
            (toks[1][0], toks[-1][1], words[1:], PERSON, MEDIUM),
        )
    if typ != ORG and "and" in words[1:-1]:
        # "Sindh and Balochistan", "Ayesha and Omar Khan" stay whole only as an ORG.
        i = words.index("and")
        left, right = toks[:i], toks[i + 1 :]
        if not (typ == PERSON and len(left) == 1):
            return tuple(
                (part[0][0], part[-1][1], tuple(t[2] for t in part), typ, strength)
                for part in (left, right)
            )
    return ((toks[0][0], toks[-1][1], words, typ, strength),)
