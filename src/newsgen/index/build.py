"""build_index: the SiteIndex of every article, before any page renders.

Runs on every rebuild; everything that depends on one article alone is in its
digest already (``per_article``), so this adds the digests up and applies the
archive-wide rules: tags, entities, related articles, archives. Heads come in
separated (``collisions.separate``): no two claim one URL.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsgen.index.archives import archives, neighbours
from newsgen.index.entities import entities_of
from newsgen.index.memo import IndexMemo, inputs_key, recall
from newsgen.index.per_article import article_head
from newsgen.index.records import SiteIndex, article_id
from newsgen.index.related import RELATED_FEATURE_CAP, article_features, related_articles
from newsgen.index.tags import tags
from newsgen.model import Article, ArticleHead
from newsgen.registry import EMPTY, Registry


def build_index(
    articles: Iterable[Article | ArticleHead],
    min_mentions: int = 1,
    related: int = 5,
    registry: Registry = EMPTY,
    memo: IndexMemo | None = None,
) -> SiteIndex:
    """The index of ``articles`` (full articles, or their heads).

    The two costliest cross-archive results, co-mentions and related articles,
    depend only on which entities and tags each article has and the articles'
    order; ``memo`` (a plain dict, see ``index.memo``) keeps them under a hash of
    exactly that, so an edit that leaves every article's entities and tags as they
    were does not redo them.
    """
    heads = [article_head(item) if isinstance(item, Article) else item for item in articles]
    ordered = tuple(sorted(heads, key=lambda a: (-a.date.timestamp(), a.slug, a.source_path)))
    ids = [article_id(a) for a in ordered]
    digests = [a.digest for a in ordered]
    # Every input of the entities (see ``entities_of``); each head's ``named`` stands
    # for its digest's entity fields, hashed once when the article was extracted.
    named = inputs_key(ids, [a.named for a in ordered], min_mentions, registry)
    entities, article_entities, redirects = entities_of(
        ids, digests, min_mentions, registry, memo, named
    )
    # Related articles read each article's entities, which ``named`` determines
    # (they are made of nothing else), and its tag slugs.
    key = inputs_key(named, [d.tag_slugs for d in digests], related, RELATED_FEATURE_CAP)
    related_ids = recall(
        memo,
        "related",
        key,
        lambda: related_articles(ids, article_features(ids, digests, article_entities), related),
    )
    previous, following = neighbours(ids)
    return SiteIndex(
        articles=ordered,
        by_id=dict(zip(ids, ordered, strict=True)),
        tags=tags(ordered, digests),
        entities=entities,
        entity_by_key={e.key: e for e in entities},
        article_entities=article_entities,
        related=related_ids,
        previous=previous,
        following=following,
        years=archives(ordered),
        redirects=redirects,
    )
