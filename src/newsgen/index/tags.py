"""Tags: one per slug, named by its most common spelling."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from newsgen.index.records import Tag, article_id
from newsgen.model import ArticleDigest, ArticleHead


def tags(articles: tuple[ArticleHead, ...], digests: Sequence[ArticleDigest]) -> tuple[Tag, ...]:
    names: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[str]] = defaultdict(list)
    for article, digest in zip(articles, digests, strict=True):
        for name, slug in zip(article.tags, digest.tag_slugs, strict=True):
            names[slug][name] += 1
            members[slug].append(article_id(article))
    tags = [Tag(most_common(names[slug]), slug, tuple(ids)) for slug, ids in members.items()]
    return tuple(sorted(tags, key=lambda t: (t.name.casefold(), t.slug)))


def most_common(counter: Counter[str]) -> str:
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
