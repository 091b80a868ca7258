"""Typing one capitalised word sequence from its own words (no article context)."""

from __future__ import annotations

import re

from newsgen.entities import lexicon as lx
from newsgen.entities.gazetteer import Gazetteer
from newsgen.entities.scan import Tok
from newsgen.model import ORG, PERSON, PLACE

# How sure a type is: later, per-article steps only override weaker evidence.
STRONG, MEDIUM, WEAK = 3, 2, 1

_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&]+s?$|^(?:[A-Z]\.){2,}$")
_CODE_RE = re.compile(r"^[A-Z]+-?\d|\d")  # "STS-135", "F-16": products, not names
_LOWER_SUFFIX_RE = re.compile(r"-[a-z]+$")
_WEBSITE_RE = re.compile(r"\.(?:com|org|net|gov|ca|uk|au|in|pk|cn)$", re.IGNORECASE)
_DIRECTIONAL = lx.words(
    "North South East West Northern Southern Eastern Western Central Upper Lower "
    "Greater New Old Rural Downtown Inner Outer Northeast Northwest Southeast "
    "Southwest Mid"
)
_COMPLEMENT = frozenset(("of", "for", "on"))
_SPLITTERS = frozenset(("of", "and", "for", "on", "the", "&"))


def is_acronym(w: str) -> bool:
    return bool(_ACRONYM_RE.match(w))


def is_demonym(w: str, g: Gazetteer) -> bool:
    """ "Chinese", "Muslims", and "-an" words from a known place: "Bavarian", "Syrians"."""
    if w in lx.DEMONYMS:
        return True
    stem = w[:-1] if w.endswith("s") else w
    return stem.endswith("an") and stem[:-1] in g.places and stem not in g.places


def _last_head(last: str, prev: str | None, g: Gazetteer) -> str | None:
    if last in ("Center", "Centre", "Centers", "Centres"):
        if prev is None:
            return None
        # A centre named after a person or a kind of facility is a place ("Kennedy
        # Space Center", "Udvar-Hazy Center"); an office-like one is an organization.
        if prev in lx.FACILITY_CENTER_WORDS or (
            prev.lower() not in g.common_words and prev not in g.places and not is_acronym(prev)
        ):
            return PLACE
        return ORG
    if last == "District":
        return ORG if prev == "School" else PLACE
    if last in lx.ORG_HEADS:
        return ORG
    if last in lx.PLACE_HEADS:
        return PLACE
    return None


def head_type(words: list[str], g: Gazetteer) -> str | None:
    """Type given by the head word: the last one, or the one before of/for/on."""
    if not words:
        return None
    for i, w in enumerate(words):
        if w in _COMPLEMENT and i:
            t = _last_head(words[i - 1], words[i - 2] if i > 1 else None, g)
            if t is not None:
                return t
            if words[i - 1] in lx.PLACE_OF_HEADS:
                return PLACE
            if words[i - 1] in lx.ORG_OF_HEADS:
                return ORG
            break
    return _last_head(words[-1], words[-2] if len(words) > 1 else None, g)


def split_connectors(toks: list[Tok], g: Gazetteer) -> list[list[Tok]]:
    """Split "Pakistan and China" in two; keep "Ministry of Industry and Trade" whole."""
    words = [t[2] for t in toks]
    idx = next((i for i, w in enumerate(words) if w in _SPLITTERS), None)
    if idx is None or " ".join(words) in g.places or " ".join(words) in lx.KNOWN_ORG_NAMES:
        return [toks]
    conn = words[idx]
    before, rest = toks[:idx], toks[idx + 1 :]
    with_the = bool(rest) and rest[0][2] == "the"
    after = rest[1:] if with_the else rest
    if not before:
        return split_connectors(after, g) if after else []
    if not after:
        return [before]
    bwords = words[:idx]
    parts = split_connectors(after, g)
    if conn == "of" and not with_the:
        if (
            _last_head(bwords[-1], bwords[-2] if len(bwords) > 1 else None, g) is not None
            or bwords[-1] in lx.PLACE_OF_HEADS
            or bwords[-1] in lx.ORG_OF_HEADS
        ):
            return [toks[: idx + 1] + parts[0], *parts[1:]]
    elif conn in ("for", "on"):
        # "Council on Foreign Relations", but not "Kennedy Space Center on STS-1".
        if bwords[-1] in lx.ORG_ON_HEADS and not _CODE_RE.search(after[0][2]):
            return [toks[: len(toks) - len(after)] + parts[0], *parts[1:]]
    elif conn in ("and", "&") and not with_the and head_type(bwords, g) is None:
        first = [t[2] for t in parts[0]]
        if head_type(first, g) is not None and len(parts[0]) == len(after):
            return [toks]
        if head_type(first, g) is not None:
            return [toks[: idx + 1] + parts[0], *parts[1:]]
    return [*split_connectors(before, g), *parts]


def _single(w: str, person_hint: bool, g: Gazetteer) -> tuple[str | None, int]:
    if (
        is_demonym(w, g)
        or w in _DIRECTIONAL
        or w in lx.NEVER
        or w in lx.TITLES
        or w in lx.NON_ENTITY_ACRONYMS
    ):
        return None, 0
    if w in lx.ORG_HEADS or w in lx.PLACE_HEADS or w in lx.NON_ENTITY_HEADS:
        return None, 0
    if w in ("Center", "Centre") or _LOWER_SUFFIX_RE.search(w):
        return None, 0  # "US-based", "T-shirt", "Warhol-like"
    if _WEBSITE_RE.search(w):
        return ORG, STRONG
    if _CODE_RE.search(w) or w.endswith("-like"):
        return None, 0
    if is_acronym(w):
        if len(w) > 3 and w.title() in g.places:
            return PLACE, STRONG  # datelines: "BEIJING"
        if len(w) > 3 and w.lower() in g.common_words:
            return None, 0  # shouting, not an acronym: "BREAKING", "UPDATE"
        return ORG, MEDIUM
    if person_hint:
        return PERSON, STRONG
    if w.lower() in g.common_words:
        return None, 0
    if w in g.given_names or w in g.surnames:
        return PERSON, MEDIUM
    return None, WEAK  # unknown: typed only if the article says more about it


def type_words(words: list[str], person_hint: bool, g: Gazetteer) -> tuple[str | None, int]:
    """(type or None, strength) of a name from its words alone."""
    whole = " ".join(words)
    if whole in g.known_orgs or whole in lx.KNOWN_ORG_NAMES:
        return ORG, STRONG
    if whole in g.places:
        return PLACE, STRONG
    if whole.endswith(("er", "ers")) and whole.rstrip("s")[:-2] in g.places:
        return None, 0  # "New Zealander"
    if len(words) == 1:
        return _single(words[0], person_hint, g)
    first, last = words[0], words[-1]
    if last in lx.NON_ENTITY_HEADS or any(w in lx.NON_ENTITY_WORDS for w in words):
        return None, 0
    if _CODE_RE.search(last) and not _last_head(words[-2], None, g):
        return None, 0
    head = head_type(words, g)
    if head is not None:
        if head == PLACE and last in lx.PERSONISH_PLACE_HEADS and first in g.given_names:
            return PERSON, MEDIUM  # "Marc Lamont Hill"
        return head, STRONG
    if first in lx.PLACE_PREFIXES:
        return PLACE, STRONG
    if first in g.known_orgs and not is_acronym(first):
        return ORG, STRONG  # "Samsung Electronics"
    if first in _DIRECTIONAL and " ".join(words[1:]) in g.places:
        return PLACE, STRONG  # "Southern California"
    if first in lx.NON_ENTITY_PREFIXES:
        return None, 0  # "Hurricane Katrina", "Operation Desert Storm"
    rest = " ".join(words[:-1])
    if last in lx.MEDIA_AFTER_PLACE and rest in g.places:
        return ORG, STRONG  # "Toronto Star"
    common_first = first.lower() in g.common_words and first not in _DIRECTIONAL
    if common_first and g.places.get(last) == "country":
        return ORG, MEDIUM  # "Environment Canada", "Air Canada"
    if person_hint:
        if all(w.lower() in g.common_words for w in words):
            return None, 0  # "Director Strategic Planning": a role, not a name
        return PERSON, STRONG
    if len(last) == 1:
        return None, 0  # "Protected B", "Plan A"
    if first in g.given_names or first in lx.SURNAME_FIRST:
        return PERSON, MEDIUM
    if last in g.surnames and not (is_acronym(first) and "." not in first):
        return PERSON, MEDIUM
    if is_acronym(first) or is_acronym(last):
        return ORG, WEAK
    if all(w.lower() in g.common_words for w in words if w not in lx.CONNECTORS):
        return None, 0  # "Foreign Affairs", "Intelligence System": no sign of a name
    if len(words) <= 3:
        return PERSON, WEAK
    return ORG, WEAK
