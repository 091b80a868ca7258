"""Entities: one per real-world name, across the whole archive.

Identity is decided in three steps, editors first:
  1. the registry: every name, alias, merge and rename an entry claims maps to
     the entry (or to nothing, for a hidden entry);
  2. acronyms: a mention that is only "CDA" joins the full name that some other
     article defines for "CDA" (same type), unless two full names claim it;
  3. bare surnames: an unresolved one-word person ("Haque", "Mayor Qureshi")
     joins the one full name in the archive ending in that word; when two
     different people share the surname it is kept apart, never guessed.
Everything else is grouped by entity_key (case, accents, "the", 's). The rules
live in newsgen.entities.identity (see docs/entities.md).
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import getitem, itemgetter
from typing import TypeVar

from newsgen import urls
from newsgen.entities.identity import entity_key, resolve_identity, untitled
from newsgen.index.memo import IndexMemo, recall
from newsgen.index.records import FIELDS_BUT_REFS, TYPE_WORDS, Entity, EntityRef, Redirect
from newsgen.index.tags import most_common
from newsgen.model import ENTITY_TYPES, PERSON, ArticleDigest
from newsgen.registry import Registry, RegistryEntry

_T = TypeVar("_T", bound=tuple[object, ...])


@dataclass(slots=True)
class _Gathered:
    """Per entity key, what the articles say about it (mutable while gathering)."""

    votes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    forms: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    roles: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # Entity key -> (article id, index of the sentence in its digest), article order.
    refs: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    article_entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    mentions: Counter[str] = field(default_factory=Counter)  # times written
    titles: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


def _gather(
    ids: Sequence[str], digests: Sequence[ArticleDigest], resolve: Mapping[str, str]
) -> _Gathered:
    """Add up the article digests under the archive-wide keys ``resolve`` gives."""
    got = _Gathered()
    # In-article key -> entity key, without the hidden ones or those with no letters.
    final = {raw: key for raw, key in resolve.items() if key and key.partition(":")[2]}
    refs = got.refs
    for aid, digest in zip(ids, digests, strict=True):
        keys = digest.keys
        if tuple(map(final.get, keys)) == keys:
            # Most articles: every in-article key is an entity of its own, no merges.
            got.article_entities[aid] = keys
            for at, own in enumerate(keys):
                refs[own].append((aid, at))
            continue
        # Entity key -> (first mention with text, its sentence's index): an article
        # names an entity by several in-article keys when an acronym or surname joins it.
        firsts: dict[str, tuple[int, int]] = {}
        for at, (raw, first) in enumerate(zip(keys, digest.firsts, strict=True)):
            key = final.get(raw)
            if key is None:
                continue
            seen = firsts.get(key)
            if seen is None or (first >= 0 and (seen[0] < 0 or first < seen[0])):
                firsts[key] = (first, at)
        got.article_entities[aid] = tuple(sorted(firsts))
        for key, (_, at) in firsts.items():
            refs[key].append((aid, at))
    for (raw, form, named, written), articles_with in _counted(d.forms for d in digests):
        key = final.get(raw)
        if key is None:
            continue
        got.forms[key][form] += (named + written) * articles_with
        got.mentions[key] += written * articles_with
        # Only names that normalise to the entity's own key vote for its display
        # name, so an acronym or a surname never becomes the page title.
        if named and key == raw:
            got.votes[key][form] += named * articles_with
    for (raw, role, count), articles_with in _counted(d.roles for d in digests):
        key = final.get(raw)
        if key is not None:
            got.roles[key][role] += count * articles_with
    for (raw, title), articles_with in _counted(d.titles for d in digests):
        key = final.get(raw)
        if key is not None:
            got.titles[key][title] += articles_with
    return got


def _counted(per_article: Iterable[tuple[_T, ...]]) -> Iterable[tuple[_T, int]]:
    """Each distinct (key, text, counts...) tuple and how many articles have it.

    Many articles have equal tuples, and counting equal tuples runs at C speed, so
    this adds the counts up several times faster than a loop over every article.
    """
    return Counter(itertools.chain.from_iterable(per_article)).items()


# One entity as remembered between builds: every field but the refs, in field order
# with ``refs`` left out, and the refs as the article ids and, for each, the index of
# the sentence in that article's digest: sentences change with most edits, the rest
# seldom does. Two flat tuples rather than a pair per ref: 56,000 fewer objects to
# unpickle at 10,000 articles, and the refs are filled in by C-level maps.
_EntityRow = tuple[tuple[object, ...], tuple[tuple[str, ...], tuple[int, ...]]]
_EntityFacts = tuple[tuple[_EntityRow, ...], dict[str, tuple[str, ...]], tuple[Redirect, ...]]


def entities_of(
    ids: list[str],
    digests: Sequence[ArticleDigest],
    min_mentions: int,
    registry: Registry,
    memo: IndexMemo | None,
    key: bytes,
) -> tuple[tuple[Entity, ...], dict[str, tuple[str, ...]], tuple[Redirect, ...]]:
    """Every entity with its refs, each article's entities, the redirects.

    All of it but the sentences is remembered under ``key``, a hash of exactly its
    inputs (every digest field but the sentences and tag slugs, the articles'
    order, the registry, min_mentions): an edit that changes only the words around
    the names reuses it and fills in the sentences of this build.
    """
    kept = memo.get("entities") if memo is not None else None
    rows, article_entities, redirects = recall(
        memo, "entities", key, lambda: _entity_facts(ids, digests, min_mentions, registry, kept)
    )
    said = {aid: d.sentences for aid, d in zip(ids, digests, strict=True)}.__getitem__
    # Refs as (article id, sentence) pairs, made by maps that run in C (a little
    # faster than a Python loop over the 56,000 refs of 10,000 articles).
    # The memo's rows hold the fields as plain objects, so mypy cannot match them
    # to Entity's parameters.
    entities = tuple(
        Entity(  # type: ignore[call-arg]
            *fields[:5],  # type: ignore[arg-type]
            tuple(map(_ref, zip(aids, map(getitem, map(said, aids), ats), strict=True))),
            *fields[5:],
        )
        for fields, (aids, ats) in rows
    )
    return entities, article_entities, redirects


# EntityRef from a pair without a Python-level call (56,000 of them at 10,000 articles).
_ref = functools.partial(tuple.__new__, EntityRef)


def _entity_facts(
    ids: list[str],
    digests: Sequence[ArticleDigest],
    min_mentions: int,
    registry: Registry,
    kept: tuple[bytes, _EntityFacts] | None,
) -> _EntityFacts:
    # Key -> slug for every key an article names ("" where the slug is the plain one).
    unusual = {k: s for d in digests for k, s in zip(d.keys, d.slugs, strict=True)}
    identity = resolve_identity(unusual.keys(), digests, registry)
    got = _gather(ids, digests, identity.resolve)
    named = list(got.article_entities.values())
    cooccur = _kept_cooccurring(kept, named)
    if cooccur is None:
        cooccur = _cooccurring(named)
    evidence = _evidence(digests, identity.resolve)
    expand = _acronym_words(digests)
    entities = []
    spots_of: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {}
    for key, spots in got.refs.items():
        entry = identity.curated.get(key)
        votes = got.votes.get(key)
        name = (
            entry.canonical
            if entry
            else identity.countries.get(key) or most_common(votes or got.forms[key])
        )
        aids, ats = zip(*spots, strict=True)  # every key in refs has a ref
        spots_of[key] = (aids, ats)
        type_votes, merged = evidence.get(key, ((), ()))
        confidence = _confidence(key, entry, identity.low, type_votes, len(spots))
        entities.append(
            Entity(
                key=key,
                type=key.partition(":")[0],
                name=name,
                slug=_slug_for(key, unusual),
                aliases=_aliases(key, name, entry, got.forms[key]),
                refs=(),
                related=cooccur.get(key, ()),
                has_page=len(spots) >= min_mentions and confidence != "low",
                description=entry.description if entry else "",
                link=entry.link if entry else "",
                roles=_top_roles(got.roles[key], expand),
                mentions=got.mentions[key],
                type_votes=type_votes,
                merged=merged,
                titles=tuple(t for t, _ in got.titles[key].most_common()),
                confidence=confidence,
            )
        )
    order = {kind: i for i, kind in enumerate(ENTITY_TYPES)}
    entities.sort(key=lambda e: (order[e.type], e.name.casefold(), e.key))
    redirects = _redirects(entities, identity.moved, unusual)
    rows = tuple(
        (tuple(getattr(e, name) for name in FIELDS_BUT_REFS), spots_of[e.key]) for e in entities
    )
    return rows, got.article_entities, redirects


_RELATED_FIELD = FIELDS_BUT_REFS.index("related")


def _kept_cooccurring(
    kept: tuple[bytes, _EntityFacts] | None, named: list[tuple[str, ...]]
) -> dict[str, tuple[tuple[str, int], ...]] | None:
    """``_cooccurring(named)`` read back from the last build's entities, when every
    article named the same entities then (an edit of a role, a spelling or the
    registry: co-mentions are made of nothing else, and 4-8 times dearer to count
    again than to read back); None when they differ."""
    if kept is None:
        return None
    rows, article_entities, _ = kept[1]
    if list(article_entities.values()) != named:
        return None
    # Every entity an article names has a row, whose ``related`` is its co-mentions.
    return {fields[0]: fields[_RELATED_FIELD] for fields, _ in rows if fields[_RELATED_FIELD]}  # type: ignore[misc]


def _slug_for(key: str, unusual: Mapping[str, str]) -> str:
    """entity_slug(key), from the digests where an article names the key (slugify is slow)."""
    found = unusual.get(key)
    if found is None:
        return urls.entity_slug(key)  # a registry name no article uses as written
    return found or urls.plain_entity_slug(key)


def _evidence(
    digests: Sequence[ArticleDigest], resolve: Mapping[str, str]
) -> dict[str, tuple[tuple[tuple[str, int], ...], tuple[str, ...]]]:
    """Entity key -> (articles per type its in-article keys had, the other keys merged)."""
    articles = Counter(key for d in digests for key in d.keys)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    merged: dict[str, list[str]] = defaultdict(list)
    for raw, count in articles.items():
        final = resolve.get(raw, raw)
        if not final:
            continue
        votes[final][TYPE_WORDS[raw.partition(":")[0]]] += count
        if raw != final:
            merged[final].append(raw)
    return {
        key: (
            tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            tuple(sorted(merged.get(key, ()))),
        )
        for key, counts in votes.items()
    }


def _confidence(
    key: str,
    entry: RegistryEntry | None,
    low: frozenset[str],
    type_votes: tuple[tuple[str, int], ...],
    articles: int,
) -> str:
    """How far the archive's evidence supports the entity (docs/entities.md):
    "editor" (a registry entry), "low" (a bare name the archive leaves ambiguous: no
    page, shown unlinked), "medium" (one article, or articles that disagree on its
    type), else "high"."""
    if entry is not None:
        return "editor"
    if key in low:
        return "low"
    total = sum(count for _, count in type_votes)
    if articles < 2 or (type_votes and type_votes[0][1] < 0.8 * total):
        return "medium"
    return "high"


def _acronym_words(digests: Sequence[ArticleDigest]) -> dict[str, str]:
    """Folded acronym -> the folded name the archive defines it as, where only one."""
    found: dict[str, set[str]] = defaultdict(set)
    for digest in digests:
        for short, full in digest.acronyms:
            found[short.partition(":")[2]].add(full.partition(":")[2])
    return {short: next(iter(fulls)) for short, fulls in found.items() if len(fulls) == 1}


def _cooccurring(
    article_keys: Iterable[tuple[str, ...]], limit: int = 10
) -> dict[str, tuple[tuple[str, int], ...]]:
    """Entity key -> (other key, articles naming both), most first, then by key."""
    articles_of: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for keys in article_keys:
        for key in keys:
            articles_of[key].append(keys)
    found: dict[str, tuple[tuple[str, int], ...]] = {}
    for key, named in articles_of.items():
        counts = Counter(itertools.chain.from_iterable(named))  # C speed
        del counts[key]
        if counts:
            # Two C-level sorts, the second stable: by count, ties by key.
            ranked = sorted(sorted(counts.items()), key=itemgetter(1), reverse=True)
            found[key] = tuple(ranked[:limit])
    return found


def _aliases(
    key: str, name: str, entry: RegistryEntry | None, forms: Counter[str]
) -> tuple[str, ...]:
    """Other names for the entity, one spelling per variant, the editors' first."""
    kind = key.partition(":")[0]
    # Variants that differ only by case, accents, "the" or a title are not aliases.
    chosen: dict[str, str] = {untitled(entity_key(kind, name)): name}
    declared = (entry.name, *entry.aliases) if entry else ()
    ranked = sorted(forms.items(), key=lambda item: (-item[1], item[0]))
    for form in declared:
        chosen.setdefault(entity_key(kind, form), form)
    for form, _ in ranked:
        chosen.setdefault(untitled(entity_key(kind, form)), form)
    return tuple(sorted((f for f in chosen.values() if f != name), key=str.casefold))


def _top_roles(
    roles: Counter[str], expand: Mapping[str, str] | None = None, limit: int = 6
) -> tuple[str, ...]:
    """The most often seen roles, one spelling each: 'Chairman of the CDA' is 'chairman
    of the Coastal Development Authority' where the archive defines CDA so."""
    if len(roles) < 2:
        return tuple(roles)  # most people: one role or none, nothing to rank
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    for role, count in roles.items():
        spelled[_role_key(role, expand or {})][role] += count
    totals = sorted(
        ((sum(c.values()), _longest(c)) for c in spelled.values()),
        key=lambda item: (-item[0], item[1].casefold()),
    )
    return tuple(role for _, role in totals[:limit])


def _role_key(role: str, expand: Mapping[str, str]) -> str:
    """What a role names: its words folded, acronyms spelled out, "the" left out."""
    words = (expand.get(w, w) for w in entity_key(PERSON, role).partition(":")[2].split())
    return " ".join(w for w in " ".join(words).split() if w not in ("the", "a", "an"))


def _longest(spellings: Counter[str]) -> str:
    """The spelling to show: the most common, the one spelling acronyms out on ties."""
    return min(spellings.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0]


def _redirects(
    entities: list[Entity], moved: tuple[tuple[str, str], ...], unusual: Mapping[str, str]
) -> tuple[Redirect, ...]:
    """Old entity URLs (renamed, merged) that point at a live page and clash with none."""
    by_key = {e.key: e for e in entities}
    live = {(e.type, e.slug) for e in entities if e.has_page}
    found: dict[tuple[str, str], str] = {}
    for old, final in moved:
        target = by_key.get(final)
        kind = old.partition(":")[0]
        if target is None or not target.has_page or not old.partition(":")[2]:
            continue
        place = (kind, _slug_for(old, unusual))
        if place not in live:
            found.setdefault(place, final)
    return tuple(Redirect(kind, slug, key) for (kind, slug), key in sorted(found.items()))
