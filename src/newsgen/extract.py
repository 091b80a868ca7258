"""The extract stage: an Article gains its entity mentions and their digest."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from newsgen.index import digest_article
from newsgen.model import Article, Mention

Extractor = Callable[[str], list[Mention]]


def get_extractor(backend: str) -> Extractor:
    """The extractor a config names (``newsgen.entities.get_extractor``: one place
    decides, so the build and the unit tests get the same function); backends with
    extra needs load only when asked for, and a missing one is a ConfigError."""
    from newsgen.entities import get_extractor as entities_extractor

    return entities_extractor(backend)


def with_mentions(article: Article, extractor: Extractor) -> Article:
    """Run the extractor on the article text; front matter entities win on type.

    The article also gets its digest, the per-article part of the site index, so
    it is worked out here in the parse workers and cached with the article.
    """
    mentions = list(extractor(article.text))
    if article.declared_entities:  # most articles declare none: no casefolding then
        _declare(article, mentions)
    mentions.sort(key=lambda m: (m.start, m.end, m.type, m.name))
    article = dataclasses.replace(article, mentions=tuple(mentions))
    return dataclasses.replace(article, digest=digest_article(article))


def _declare(article: Article, mentions: list[Mention]) -> None:
    """Mentions of a declared entity take its type and name; declared ones not found are added."""
    declared = {name.casefold(): (kind, name) for kind, name in article.declared_entities}
    for index, mention in enumerate(mentions):
        hit = declared.get(mention.name.casefold()) or declared.get(mention.text.casefold())
        if hit is not None:
            mentions[index] = dataclasses.replace(mention, type=hit[0], name=hit[1])
    seen = {m.name.casefold() for m in mentions}
    for kind, name in article.declared_entities:
        if name.casefold() in seen:
            continue
        start = article.text.find(name)
        if start >= 0:
            mentions.append(Mention(start, start + len(name), name, kind, name))
        else:
            # Declared but not written in the text: an editor's tag with no span.
            mentions.append(Mention(0, 0, "", kind, name))
