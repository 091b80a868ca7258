"""SiteIndex: everything that crosses pages, computed before any page renders.

Tags, entities (one per real-world name and type), date archives, previous and
next, related articles, and URL collisions.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from slugify import slugify

from newsgen import urls
from newsgen.errors import BuildError
from newsgen.model import ENTITY_TYPES, Article, Mention

# A feature shared by this many articles says little about relatedness.
_RELATED_FEATURE_CAP = 200
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n+")


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    slug: str
    articles: tuple[str, ...]  # article ids, newest first


@dataclass(frozen=True, slots=True)
class EntityRef:
    """One article's mention of an entity: which article, and the sentence."""

    article: str
    sentence: str


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

    @property
    def count(self) -> int:
        return len(self.refs)


@dataclass(frozen=True, slots=True)
class SiteIndex:
    articles: tuple[Article, ...]  # newest first
    by_id: Mapping[str, Article]
    tags: tuple[Tag, ...]  # by name
    entities: tuple[Entity, ...]  # by type then name
    entity_by_key: Mapping[str, Entity]
    article_entities: Mapping[str, tuple[str, ...]]  # article id -> entity keys
    related: Mapping[str, tuple[str, ...]]
    previous: Mapping[str, str]  # article id -> the next older article's id
    following: Mapping[str, str]  # article id -> the next newer article's id
    years: tuple[tuple[int, tuple[tuple[int, tuple[str, ...]], ...]], ...]


def entity_key(kind: str, name: str) -> str:
    """Identity of an entity: type plus name without case, accents, 'the' or 's."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = folded.replace("’", "'").strip()
    if folded.startswith("the "):
        folded = folded[4:]
    if folded.endswith("'s"):
        folded = folded[:-2]
    folded = " ".join(re.sub(r"[^\w&]+", " ", folded).split())
    return f"{kind}:{folded}"


def article_id(article: Article) -> str:
    return article.source_path


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds the span, whitespace collapsed."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = _SENTENCE_END.search(text, end)
    return " ".join(text[begin : stop.start() if stop else len(text)].split())


def build_index(articles: Iterable[Article], min_mentions: int = 1, related: int = 5) -> SiteIndex:
    ordered = tuple(sorted(articles, key=lambda a: (-a.date.timestamp(), a.slug, a.source_path)))
    _check_collisions(ordered)
    by_id = {article_id(a): a for a in ordered}
    tags = _tags(ordered)
    entities, article_entities = _entities(ordered, min_mentions)
    previous = {article_id(a): article_id(b) for a, b in zip(ordered, ordered[1:], strict=False)}
    following = {article_id(b): article_id(a) for a, b in zip(ordered, ordered[1:], strict=False)}
    return SiteIndex(
        articles=ordered,
        by_id=by_id,
        tags=tags,
        entities=entities,
        entity_by_key={e.key: e for e in entities},
        article_entities=article_entities,
        related=_related(ordered, article_entities, related),
        previous=previous,
        following=following,
        years=_archives(ordered),
    )


def _check_collisions(articles: tuple[Article, ...]) -> None:
    claimed: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.source_path):
        path = urls.article(article)
        if path in claimed:
            raise BuildError(
                f"two articles claim the URL /{path}: {claimed[path]} and {article.source_path}"
                " (give one a different slug: in its front matter)",
                article.source_path,
            )
        claimed[path] = article.source_path


def _tags(articles: tuple[Article, ...]) -> tuple[Tag, ...]:
    names: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        for name in article.tags:
            slug = slugify(name)
            names[slug][name] += 1
            members[slug].append(article_id(article))
    tags = [Tag(_most_common(names[slug]), slug, tuple(ids)) for slug, ids in members.items()]
    return tuple(sorted(tags, key=lambda t: (t.name.casefold(), t.slug)))


def _most_common(counter: Counter[str]) -> str:
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


def _entities(
    articles: tuple[Article, ...], min_mentions: int
) -> tuple[tuple[Entity, ...], dict[str, tuple[str, ...]]]:
    names: dict[str, Counter[str]] = defaultdict(Counter)
    refs: dict[str, list[EntityRef]] = defaultdict(list)
    kinds: dict[str, str] = {}
    article_entities: dict[str, tuple[str, ...]] = {}
    for article in articles:
        firsts: dict[str, Mention] = {}
        for mention in article.mentions:
            if mention.type not in ENTITY_TYPES or not mention.name.strip():
                continue
            key = entity_key(mention.type, mention.name)
            if not key.partition(":")[2]:
                continue
            names[key][mention.name] += 1
            if mention.text:
                names[key][mention.text] += 0  # an alias, seen but not a vote for the name
            kinds[key] = mention.type
            if key not in firsts or (not firsts[key].text and mention.text):
                firsts[key] = mention
        aid = article_id(article)
        article_entities[aid] = tuple(sorted(firsts))
        for key, mention in firsts.items():
            sentence = sentence_at(article.text, mention.start, mention.end) if mention.text else ""
            refs[key].append(EntityRef(aid, sentence))
    cooccur: dict[str, Counter[str]] = defaultdict(Counter)
    for keys in article_entities.values():
        for key in keys:
            cooccur[key].update(keys)
    slugs = _entity_slugs(names, kinds)
    entities = []
    for key, counter in names.items():
        name = _most_common(Counter({n: c for n, c in counter.items() if c}) or counter)
        aliases = tuple(sorted({n for n in counter if n != name}, key=str.casefold))
        together = cooccur[key]
        together.pop(key, None)
        related = tuple(sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:10])
        entities.append(
            Entity(
                key=key,
                type=kinds[key],
                name=name,
                slug=slugs[key],
                aliases=aliases,
                refs=tuple(refs[key]),
                related=related,
                has_page=len(refs[key]) >= min_mentions,
            )
        )
    order = {kind: i for i, kind in enumerate(ENTITY_TYPES)}
    entities.sort(key=lambda e: (order[e.type], e.name.casefold(), e.key))
    return tuple(entities), article_entities


def _entity_slugs(names: Mapping[str, Counter[str]], kinds: Mapping[str, str]) -> dict[str, str]:
    """Slugs from the normalised name only, so new aliases never move a page."""
    slugs: dict[str, str] = {}
    taken: set[tuple[str, str]] = set()
    for key in sorted(names):
        base = slugify(key.partition(":")[2]) or "entity"
        slug, n = base, 2
        while (kinds[key], slug) in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add((kinds[key], slug))
        slugs[key] = slug
    return slugs


def _related(
    articles: tuple[Article, ...], article_entities: Mapping[str, tuple[str, ...]], limit: int
) -> dict[str, tuple[str, ...]]:
    features: dict[str, set[str]] = {}
    for article in articles:
        aid = article_id(article)
        features[aid] = {f"e:{k}" for k in article_entities.get(aid, ())} | {
            f"t:{slugify(t)}" for t in article.tags
        }
    members: dict[str, list[str]] = defaultdict(list)
    for aid, feats in features.items():
        for feature in feats:
            members[feature].append(aid)
    rank = {article_id(a): i for i, a in enumerate(articles)}
    related: dict[str, tuple[str, ...]] = {}
    for aid, feats in features.items():
        scores: Counter[str] = Counter()
        for feature in feats:
            if len(members[feature]) <= _RELATED_FEATURE_CAP:
                scores.update(members[feature])
        scores.pop(aid, None)
        best = sorted(scores.items(), key=lambda kv: (-kv[1], rank[kv[0]]))[:limit]
        related[aid] = tuple(other for other, _ in best)
    return related


def _archives(
    articles: tuple[Article, ...],
) -> tuple[tuple[int, tuple[tuple[int, tuple[str, ...]], ...]], ...]:
    tree: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        tree[article.date.year][article.date.month].append(article_id(article))
    return tuple(
        (y, tuple((m, tuple(ids)) for m, ids in sorted(months.items(), reverse=True)))
        for y, months in sorted(tree.items(), reverse=True)
    )
