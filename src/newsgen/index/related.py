"""Related articles: per article, the others sharing most entities and tags."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence

from newsgen.model import ArticleDigest

# A feature shared by this many articles says little about relatedness.
RELATED_FEATURE_CAP = 200


def article_features(
    ids: Sequence[str],
    digests: Sequence[ArticleDigest],
    article_entities: Mapping[str, tuple[str, ...]],
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each article's entity keys and tag slugs: what ``related_articles`` compares."""
    return [
        (article_entities.get(aid, ()), d.tag_slugs) for aid, d in zip(ids, digests, strict=True)
    ]


def related_articles(
    ids: Sequence[str],
    features_of: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
    limit: int,
) -> dict[str, tuple[str, ...]]:
    """Per article, the others sharing most entities and tags; the newest first on ties.

    ``ids`` are newest first and ``features_of`` holds each one's entity keys and
    tag slugs. A feature (entity or tag) of more than ``RELATED_FEATURE_CAP``
    articles is ignored. Most others share just one feature, so rather than
    counting every article that shares any, only those sharing two or more are
    counted (found through an index of feature pairs); the rest tie at one and are
    taken newest first.
    """
    # Entity keys hold a ':' and tag slugs never do, so both can share one namespace.
    features = [{*keys, *tags} for keys, tags in features_of]
    members: dict[str, list[int]] = defaultdict(list)  # feature -> article numbers, newest first
    for number, feature_set in enumerate(features):
        for feature in feature_set:
            members[feature].append(number)
    useful = [
        sorted(f for f in feats if len(members[f]) <= RELATED_FEATURE_CAP) for feats in features
    ]
    both: dict[tuple[str, str], list[int]] = defaultdict(list)  # feature pair -> articles
    for number, feats in enumerate(useful):
        for pair in itertools.combinations(feats, 2):
            both[pair].append(number)
    twice: dict[int, set[int]] = defaultdict(set)  # article -> those sharing 2+ features
    for group in both.values():
        if len(group) > 1:
            for number in group:
                twice[number].update(group)
    useful_sets = [set(feats) for feats in useful]
    # Each feature's first limit + 1 articles (newest first).
    newest_of = {f: members[f][: limit + 1] for f in set().union(*useful)}
    related: dict[str, tuple[str, ...]] = {}
    for number, feats in enumerate(useful):
        best: list[int] = []
        taken = {number}
        others = twice.get(number)
        if others:
            others.discard(number)
            mine = useful_sets[number]
            ranked = sorted((-len(mine & useful_sets[other]), other) for other in others)
            best = [other for _, other in ranked[:limit]]
            taken |= others
        if len(best) < limit:
            # The newest of those sharing one feature. Each is among the first
            # limit + 1 of its feature's articles, as at most limit of those are taken.
            newest = set().union(*(newest_of[f] for f in feats)) - taken
            best += sorted(newest)[: limit - len(best)]
        related[ids[number]] = tuple(map(ids.__getitem__, best))
    return related
