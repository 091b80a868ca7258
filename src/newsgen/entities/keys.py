"""Entity keys: an entity's identity as text (type plus folded name).

Kept apart from ``identity.py`` so the editors' registry, which checks that no name
is claimed twice, can fold names without importing the archive-wide rules.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from newsgen.model import PERSON

_NON_WORD = re.compile(r"[^\w]+")
# Words that may stand before a bare surname the extractor left unresolved.
HONORIFICS = frozenset((
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "minister", "mayor",
    "president", "premier", "governor", "ambassador", "captain", "chairman", "chairwoman",
    "chief", "senator", "general", "judge", "justice",
))  # fmt: skip


def entity_key(kind: str, name: str) -> str:
    """Identity of an entity: type plus name without case, accents, 'the' or 's.

    '&' reads as 'and', so "Marine & Fisheries" and "Marine and Fisheries" are one.
    """
    return f"{kind}:{fold(name)}"


@functools.lru_cache(maxsize=1 << 16)  # an archive repeats its names a great deal
def fold(name: str) -> str:
    if name.isascii():
        # For ASCII, NFKD and dropping accents change nothing and casefold is lower.
        folded = name.lower()
    else:
        folded = unicodedata.normalize("NFKD", name)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
        folded = folded.replace("’", "'")
    folded = folded.strip()
    if folded.startswith("the "):
        folded = folded[4:]
    if folded.endswith("'s"):
        folded = folded[:-2]
    folded = folded.replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", folded).split())


def untitled(key: str) -> str:
    """'PERSON:minister sara khan' -> 'PERSON:sara khan': a title does not change who."""
    kind, _, name = key.partition(":")
    words = name.split()
    if kind != PERSON:
        return key
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return f"{kind}:{' '.join(words)}"
