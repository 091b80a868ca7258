"""The index's records: tags, entities and their refs, redirects, the SiteIndex."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from newsgen.model import Article, ArticleHead
from newsgen.registry import TYPE_NAMES

TYPE_WORDS = {kind: word for word, kind in TYPE_NAMES.items()}  # "PERSON" -> "person"


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    slug: str
    articles: tuple[str, ...]  # article ids, newest first


class EntityRef(NamedTuple):
    """One article's mention of an entity: which article, and the sentence.

    A named tuple rather than a dataclass: an archive has one per article per
    entity (56,000 at 10,000 articles), and entity pages take them as plain pairs.
    """

    article: str
    sentence: str

    # A plain pair's repr, in C: page signatures repr every ref on every build.
    # (mypy takes any method in a NamedTuple body for a field, hence the ignore.)
    __repr__ = tuple.__repr__  # type: ignore[misc]


@dataclass(frozen=True, slots=True)
class Entity:
    key: str
    type: str
    name: str
    slug: str
    aliases: tuple[str, ...]
    refs: tuple[EntityRef, ...]  # newest first
    related: tuple[tuple[str, int], ...]  # (entity key, articles in common), most first
    has_page: bool
    description: str = ""  # from the editors' registry
    link: str = ""  # Wikipedia/Wikidata URL from the registry
    roles: tuple[str, ...] = ()  # roles seen next to the name, most often first
    # The archive's evidence for it (``newsgen entities --json``, docs/entities.md):
    mentions: int = 0  # times written in the articles
    type_votes: tuple[tuple[str, int], ...] = ()  # (type, articles typing it so), most first
    merged: tuple[str, ...] = ()  # other in-article keys that resolved to it
    titles: tuple[str, ...] = ()  # titles written before it ("mr", "prince")
    confidence: str = "high"  # "editor", "high", "medium" or "low" (no page)

    @property
    def count(self) -> int:
        return len(self.refs)


# Entity's fields in order, but its refs: what is remembered of an entity between
# builds (its refs are filled in from this build's sentences) and what an entity
# page's signature names of its record besides its refs.
FIELDS_BUT_REFS = tuple(f.name for f in dataclasses.fields(Entity) if f.name != "refs")


@dataclass(frozen=True, slots=True)
class SiteIndex:
    articles: tuple[ArticleHead, ...]  # newest first
    by_id: Mapping[str, ArticleHead]
    tags: tuple[Tag, ...]  # by name
    entities: tuple[Entity, ...]  # by type then name
    entity_by_key: Mapping[str, Entity]
    article_entities: Mapping[str, tuple[str, ...]]  # article id -> entity keys
    related: Mapping[str, tuple[str, ...]]
    previous: Mapping[str, str]  # article id -> the next older article's id
    following: Mapping[str, str]  # article id -> the next newer article's id
    years: tuple[tuple[int, tuple[tuple[int, tuple[str, ...]], ...]], ...]
    redirects: tuple[Redirect, ...] = ()  # old entity URLs that now point elsewhere


@dataclass(frozen=True, slots=True)
class Redirect:
    """An entity URL that moved (registry rename or merge): old slug -> entity key."""

    type: str
    slug: str
    target: str


def article_id(article: Article | ArticleHead) -> str:
    return article.source_path
