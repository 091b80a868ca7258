"""Whether an index memo entry read back from the cache can be used by this build.

The cache folder is untrusted input, and a check on a value is a hash, not a
secret: an entry re-sealed with the wrong shape, or naming articles, sentences or
entities this build does not have, would crash the index or the views, or put a
forged slug in an output path. ``usable`` is run on every entry the room hands to
the index; one it refuses is a miss (made again, the cache reported once). What
it checks is derived from the records (``Entity``'s fields), not listed by hand.
"""

from __future__ import annotations

import collections
import itertools
import operator
import re
import typing
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

from newsgen.index.records import FIELDS_BUT_REFS, Entity, Redirect
from newsgen.model import ENTITY_TYPES

# Each remembered field's top-level class, from Entity's annotations.
_HINTS = typing.get_type_hints(Entity)
_TYPES = tuple(typing.get_origin(_HINTS[n]) or _HINTS[n] for n in FIELDS_BUT_REFS)
_AT = {name: FIELDS_BUT_REFS.index(name) for name in ("key", "type", "slug", "related")}
_VOTES = FIELDS_BUT_REFS.index("type_votes")
# A slug is one path component of the output (urls.component): never a separator,
# a dot folder or empty.
_SLUG = re.compile(r"(?!\.\.?\Z)[^/\\\x00]{1,140}")
_first = itemgetter(0)
_second = itemgetter(1)


def usable(name: str, value: object, sentences: Mapping[str, int]) -> bool:
    """``value`` is a result the index could have made under ``name`` for this
    build's articles (``sentences``: article id -> its digest's sentence count)."""
    try:
        if name == "entities":
            return _entities(value, sentences)
        if name == "related":
            return _related(value, sentences)
    except (TypeError, ValueError, KeyError, IndexError):
        return False
    return False


def _entities(value: Any, sentences: Mapping[str, int]) -> bool:
    # Column by column, in C-level maps: this runs on every rebuild that keeps its
    # entities (about 2 ms for the 17,000 refs of 2,000 articles).
    rows, article_entities, redirects = value
    if not (type(rows) is tuple and type(article_entities) is dict and type(redirects) is tuple):
        return False
    if not rows:
        return not article_entities and not redirects
    if _types(rows) != {tuple} or set(map(len, rows)) != {2}:
        return False
    records = list(map(_first, rows))
    if _types(records) != {tuple} or set(map(len, records)) != {len(_TYPES)}:
        return False
    columns = list(zip(*records, strict=True))
    for column, kind in zip(columns, _TYPES, strict=True):
        if _types(column) != {kind}:
            return False
    if not set(columns[_AT["type"]]) <= set(ENTITY_TYPES):
        return False
    if not all(map(_SLUG.fullmatch, columns[_AT["slug"]])):
        return False
    collections.deque(map(dict, columns[_VOTES]), maxlen=0)  # pairs, or TypeError/ValueError
    refs = list(map(_second, rows))
    if _types(refs) != {tuple} or set(map(len, refs)) != {2}:
        return False
    aids, ats = list(map(_first, refs)), list(map(_second, refs))
    if _types(aids) | _types(ats) != {tuple} or list(map(len, aids)) != list(map(len, ats)):
        return False
    every_aid = list(itertools.chain.from_iterable(aids))
    every_at = list(itertools.chain.from_iterable(ats))
    if len(every_aid) < len(rows) or _types(every_at) != {int} or min(every_at) < 0:
        return False  # every entity has a ref
    if not all(map(operator.lt, every_at, map(sentences.__getitem__, every_aid))):
        return False
    keys = set(columns[_AT["key"]])
    related = list(itertools.chain.from_iterable(columns[_AT["related"]]))
    if not keys.issuperset(map(_first, related)):
        return False
    named = list(article_entities.values())
    if not set(sentences).issuperset(article_entities) or not _types(named) <= {tuple}:
        return False
    if not keys.issuperset(itertools.chain.from_iterable(named)):
        return False
    return all(
        type(r) is Redirect
        and r.target in keys
        and _SLUG.fullmatch(r.slug)
        and r.type in ENTITY_TYPES
        for r in redirects
    )


def _related(value: Any, sentences: Mapping[str, int]) -> bool:
    if type(value) is not dict or not _types(value.values()) <= {tuple}:
        return False
    ids = set(sentences)
    return ids.issuperset(value) and ids.issuperset(itertools.chain.from_iterable(value.values()))


def _types(items: Iterable[object]) -> set[type]:
    return set(map(type, items))
