"""Date archives (years, months) and each article's previous and next."""

from __future__ import annotations

import itertools
from collections import defaultdict

from newsgen.index.records import article_id
from newsgen.model import ArticleHead


def archives(
    articles: tuple[ArticleHead, ...],
) -> tuple[tuple[int, tuple[tuple[int, tuple[str, ...]], ...]], ...]:
    tree: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        tree[article.date.year][article.date.month].append(article_id(article))
    return tuple(
        (y, tuple((m, tuple(ids)) for m, ids in sorted(months.items(), reverse=True)))
        for y, months in sorted(tree.items(), reverse=True)
    )


def neighbours(ids: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Article id -> the next older article's id, and -> the next newer one's
    (``ids`` newest first)."""
    previous = dict(itertools.pairwise(ids))
    following = dict(zip(ids[1:], ids, strict=False))
    return previous, following
