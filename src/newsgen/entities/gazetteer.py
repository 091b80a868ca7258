"""Lazy, cached access to the shipped lexicon files in ``data/``.

Loading takes a few tens of milliseconds, so it happens once per process, on first use,
and never at import time (importing newsgen must stay cheap for commands that do not
extract entities).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsgen.entities import lexicon


def _lines(name: str) -> list[str]:
    data = resources.files("newsgen.entities").joinpath("data", name).read_bytes()
    return gzip.decompress(data).decode("utf-8").splitlines()


@dataclass(frozen=True, slots=True)
class Gazetteer:
    common_words: frozenset[str]  # lower-case English words
    given_names: frozenset[str]
    surnames: frozenset[str]
    places: dict[str, str]  # name -> "country" | "region" | "city"
    known_orgs: frozenset[str]


@cache
def load() -> Gazetteer:
    places: dict[str, str] = {}
    rank = {"city": 0, "region": 1, "country": 2}
    for line in _lines("places.tsv.gz"):
        name, _, kind = line.partition("\t")
        # A name that is both a city and a state/country keeps the larger kind.
        if rank.get(kind, 0) >= rank.get(places.get(name, "city"), 0):
            places[name] = kind
    return Gazetteer(
        common_words=frozenset(_lines("words.txt.gz")),
        given_names=frozenset(_lines("given_names.txt.gz")),
        surnames=frozenset(_lines("surnames.txt.gz")),
        places=places,
        known_orgs=lexicon.KNOWN_ORGS,
    )
