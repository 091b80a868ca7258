"""SiteIndex: everything that crosses pages, computed before any page renders.

Tags, entities (one per real-world name and type), date archives, previous and
next, related articles, and URL collisions.

Everything that depends on one article alone (its entity keys, name counts,
roles, first-mention sentences, slugs) is worked out once by ``digest_article``
in the extract stage and cached with the article; ``build_index`` runs on every
rebuild and only adds the digests up and applies the archive-wide rules.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import getitem, itemgetter
from typing import NamedTuple, Protocol, TypeVar

from slugify import slugify

from newsgen import urls
from newsgen.entities.identity import clean_mentions, entity_key, resolve_identity, untitled
from newsgen.errors import BuildError
from newsgen.model import (
    ENTITY_TYPES,
    PERSON,
    Article,
    ArticleDigest,
    ArticleHead,
    fingerprint,
    head_of,
)
from newsgen.registry import EMPTY, TYPE_NAMES, Registry, RegistryEntry
from newsgen.roles import find_roles

_T = TypeVar("_T", bound=tuple[object, ...])
_R = TypeVar("_R")


class Memo(Protocol):
    """Remembers a result under a key that names every one of its inputs (the
    build's cache); ``recall`` returns the result stored under ``key`` for ``name``,
    or makes, stores and returns it."""

    def recall(self, name: str, key: bytes, make: Callable[[], _R]) -> _R: ...


class NoMemo:
    def recall(self, name: str, key: bytes, make: Callable[[], _R]) -> _R:
        return make()


# A feature shared by this many articles says little about relatedness.
_RELATED_FEATURE_CAP = 200
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n+")
# The same breaks, each matched from the character before it when that is the
# full stop: a pattern that opens with one character set lets the scan skip to
# the next candidate instead of trying the lookbehind at every character (4x
# faster over a whole article). A break starts after a matched stop, at a newline.
_SENTENCE_BREAK = re.compile(r"[.!?…\n](?:(?<=\n)\n*|[\"'”’)]*\s+)")
TYPE_WORDS = {kind: word for word, kind in TYPE_NAMES.items()}  # "PERSON" -> "person"
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")


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
    # Article id -> body_html, for the pages that show a body. A build reads these
    # from the cache on demand; only the heads above are held all at once.
    bodies: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Redirect:
    """An entity URL that moved (registry rename or merge): old slug -> entity key."""

    type: str
    slug: str
    target: str


def article_id(article: Article | ArticleHead) -> str:
    return article.source_path


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds the span, whitespace collapsed."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = _SENTENCE_END.search(text, end)
    return " ".join(text[begin : stop.start() if stop else len(text)].split())


class _Sentences:
    """``sentence_at`` for many spans of one text, with its sentence breaks found in
    one pass: an article's first mentions each rescanned the text up to their
    start, which made the digest quadratic in its length. The breaks are read only
    as far as a span asks (the last new entity of an article comes about halfway)."""

    __slots__ = ("_breaks", "ends", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self._breaks = _SENTENCE_BREAK.finditer(text)

    def _read_to(self, end: int) -> None:
        """Read breaks until one starts at or after ``end``, or the text ends."""
        starts, ends, text = self.starts, self.ends, self.text
        while not starts or starts[-1] < end:
            match = next(self._breaks, None)
            if match is None:
                return
            start = match.start()
            starts.append(start if text[start] == "\n" else start + 1)
            ends.append(match.end())

    def at(self, start: int, end: int) -> str:
        """``sentence_at(self.text, start, end)``."""
        self._read_to(end)
        starts, ends = self.starts, self.ends
        after = bisect.bisect_right(ends, start)  # breaks before it: [0, after)
        stop = bisect.bisect_left(starts, end)  # the first break after it
        if (after < len(starts) and starts[after] < start) or (stop and ends[stop - 1] > end):
            # A break runs across an end of the span, and the scans sentence_at
            # makes (one stops at ``start``, one starts at ``end``) would see a
            # piece of it: rare, so ask sentence_at itself.
            return sentence_at(self.text, start, end)
        begin = ends[after - 1] if after else 0
        finish = starts[stop] if stop < len(starts) else len(self.text)
        return " ".join(self.text[begin:finish].split())


def digest_article(article: Article) -> ArticleDigest:
    """What the index needs from this article alone (see ``ArticleDigest``).

    Run once per article in the extract stage; ``build_index`` only adds digests up.
    """
    firsts: dict[str, tuple[int, str]] = {}
    # Plain dicts, not Counters: a Counter's += on a new key goes through a
    # Python-level __missing__, and this runs for every mention of the archive.
    as_name: dict[tuple[str, str], int] = {}
    as_written: dict[tuple[str, str], int] = {}
    roles: dict[tuple[str, str], int] = {}
    acronyms: dict[tuple[str, str], None] = {}  # a set that keeps its order
    titles: dict[tuple[str, str], None] = {}
    sentences: _Sentences | None = None  # made when the first sentence is wanted
    cleaned = clean_mentions(article.text, article.mentions)
    persons = [(m.start, m.end) for m, _ in cleaned if m.type == PERSON and m.text]
    for number, (mention, title) in enumerate(cleaned):
        if mention.type not in ENTITY_TYPES:
            continue
        # "CDA" written for "Coastal Development Authority": the acronym's definition.
        short = mention.text.removesuffix("'s").removesuffix("’s")
        if _ACRONYM.match(short):
            pair = (entity_key(mention.type, short), entity_key(mention.type, mention.name))
            if pair[0] != pair[1]:
                acronyms[pair] = None
        if not mention.name.strip():
            continue
        key = entity_key(mention.type, mention.name)
        form = (key, mention.name)
        as_name[form] = as_name.get(form, 0) + 1
        if not mention.text:  # declared in front matter, not written: no sentence
            firsts.setdefault(key, (-1, ""))
            continue
        form = (key, mention.text)
        as_written[form] = as_written.get(form, 0) + 1
        if mention.type == PERSON:
            if title:
                titles[key, title] = None
            for role in find_roles(article.text, mention.start, mention.end, persons):
                roles[key, role] = roles.get((key, role), 0) + 1
        if firsts.get(key, (-1,))[0] < 0:
            if sentences is None:
                sentences = _Sentences(article.text)
            firsts[key] = (number, sentences.at(mention.start, mention.end))
    keys = tuple(sorted(firsts))
    return ArticleDigest(
        keys=keys,
        firsts=tuple(firsts[key][0] for key in keys),
        sentences=tuple(firsts[key][1] for key in keys),
        slugs=tuple(map(_unusual_slug, keys)),
        forms=tuple(
            (key, form, as_name.get((key, form), 0), as_written.get((key, form), 0))
            for key, form in dict.fromkeys(itertools.chain(as_name, as_written))
        ),
        roles=tuple((key, role, count) for (key, role), count in roles.items()),
        acronyms=tuple(acronyms),
        titles=tuple(titles),
        tag_slugs=tuple(urls.tag_slug(tag) for tag in article.tags),
    )


def article_head(article: Article) -> ArticleHead:
    """The article's head; articles from the extract stage carry their digest,
    others (tests, the API) get one here."""
    return head_of(article, article.digest or digest_article(article))


def build_index(
    articles: Iterable[Article | ArticleHead],
    min_mentions: int = 1,
    related: int = 5,
    registry: Registry = EMPTY,
    bodies: Mapping[str, str] | None = None,
    memo: Memo | None = None,
) -> SiteIndex:
    """The index of ``articles``: full articles, or heads with their ``bodies``.

    The two costliest cross-archive results, co-mentions and related articles,
    depend only on which entities and tags each article has and the articles'
    order; ``memo`` keeps them under a hash of exactly that, so an edit that
    leaves every article's entities and tags as they were does not redo them.
    """
    memo = memo or NoMemo()
    heads: list[ArticleHead] = []
    given: dict[str, str] = {}
    for item in articles:
        if isinstance(item, Article):
            given[article_id(item)] = item.body_html
            item = article_head(item)
        heads.append(item)
    ordered = tuple(sorted(heads, key=lambda a: (-a.date.timestamp(), a.slug, a.source_path)))
    _check_collisions(ordered)
    ids = [article_id(a) for a in ordered]
    by_id = dict(zip(ids, ordered, strict=True))
    digests = [a.digest for a in ordered]
    tags = _tags(ordered, digests)
    # Every input of the entities (see ``_entities``); each head's ``named`` stands
    # for its digest's entity fields, hashed once when the article was extracted.
    named = _inputs_key(ids, [a.named for a in ordered], min_mentions, registry)
    entities, article_entities, redirects = _entities(
        ids, digests, min_mentions, registry, memo, named
    )
    # Related articles read each article's entities, which ``named`` determines
    # (they are made of nothing else), and its tag slugs.
    key = _inputs_key(named, [d.tag_slugs for d in digests], related, _RELATED_FEATURE_CAP)
    related_ids = memo.recall(
        "related", key, lambda: _related(ids, _features(ids, digests, article_entities), related)
    )
    previous = dict(itertools.pairwise(ids))  # newest first: the next older one
    following = dict(zip(ids[1:], ids, strict=False))
    return SiteIndex(
        articles=ordered,
        by_id=by_id,
        tags=tags,
        entities=entities,
        entity_by_key={e.key: e for e in entities},
        article_entities=article_entities,
        related=related_ids,
        previous=previous,
        following=following,
        years=_archives(ordered),
        redirects=redirects,
        bodies=bodies if bodies is not None else given,
    )


def _features(
    ids: Sequence[str],
    digests: Sequence[ArticleDigest],
    article_entities: Mapping[str, tuple[str, ...]],
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each article's entity keys and tag slugs: what ``_related`` compares."""
    return [
        (article_entities.get(aid, ()), d.tag_slugs) for aid, d in zip(ids, digests, strict=True)
    ]


def _check_collisions(articles: tuple[ArticleHead, ...]) -> None:
    paths = list(map(urls.article, articles))
    if len(set(paths)) == len(paths):
        return  # the usual case, told without sorting the archive by path
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


def _tags(articles: tuple[ArticleHead, ...], digests: Sequence[ArticleDigest]) -> tuple[Tag, ...]:
    names: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[str]] = defaultdict(list)
    for article, digest in zip(articles, digests, strict=True):
        for name, slug in zip(article.tags, digest.tag_slugs, strict=True):
            names[slug][name] += 1
            members[slug].append(article_id(article))
    tags = [Tag(_most_common(names[slug]), slug, tuple(ids)) for slug, ids in members.items()]
    return tuple(sorted(tags, key=lambda t: (t.name.casefold(), t.slug)))


def _most_common(counter: Counter[str]) -> str:
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


# -- entities: one per real-world name, across the whole archive -------------------
#
# Identity is decided in three steps, editors first:
#   1. the registry: every name, alias, merge and rename an entry claims maps to
#      the entry (or to nothing, for a hidden entry);
#   2. acronyms: a mention that is only "CDA" joins the full name that some other
#      article defines for "CDA" (same type), unless two full names claim it;
#   3. bare surnames: an unresolved one-word person ("Haque", "Mayor Qureshi")
#      joins the one full name in the archive ending in that word; when two
#      different people share the surname it is kept apart, never guessed.
# Everything else is grouped by entity_key (case, accents, "the", 's). The rules
# live in newsgen.entities.identity (see docs/entities.md).


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


def _inputs_key(*inputs: object) -> bytes:
    """A hash naming every input of a memoised result (``fingerprint``: exact and
    deterministic, fast for the plain lists, tuples and strings these are made of)."""
    return fingerprint(*inputs).encode()


# One entity as remembered between builds: every field but the refs, in field order
# with ``refs`` left out, and the refs as the article ids and, for each, the index of
# the sentence in that article's digest: sentences change with most edits, the rest
# seldom does. Two flat tuples rather than a pair per ref: 56,000 fewer objects to
# unpickle at 10,000 articles, and the refs are filled in by C-level maps.
_EntityRow = tuple[tuple[object, ...], tuple[tuple[str, ...], tuple[int, ...]]]
_EntityFacts = tuple[tuple[_EntityRow, ...], dict[str, tuple[str, ...]], tuple["Redirect", ...]]


def _entities(
    ids: list[str],
    digests: Sequence[ArticleDigest],
    min_mentions: int,
    registry: Registry,
    memo: Memo,
    key: bytes,
) -> tuple[tuple[Entity, ...], dict[str, tuple[str, ...]], tuple[Redirect, ...]]:
    """Every entity with its refs, each article's entities, the redirects.

    All of it but the sentences is remembered under ``key``, a hash of exactly its
    inputs (every digest field but the sentences and tag slugs, the articles'
    order, the registry, min_mentions): an edit that changes only the words around
    the names reuses it and fills in the sentences of this build.
    """
    rows, article_entities, redirects = memo.recall(
        "entities", key, lambda: _entity_facts(ids, digests, min_mentions, registry, memo)
    )
    said = {aid: d.sentences for aid, d in zip(ids, digests, strict=True)}.__getitem__
    # Refs as (article id, sentence) pairs, made by maps that run in C (a little
    # faster than a Python loop over the 56,000 refs of 10,000 articles).
    # The memo's rows hold the fields as plain objects (_EntityRow), so mypy
    # cannot match them to Entity's parameters.
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
    memo: Memo,
) -> _EntityFacts:
    # Key -> slug for every key an article names ("" where the slug is the plain one).
    unusual = {k: s for d in digests for k, s in zip(d.keys, d.slugs, strict=True)}
    identity = resolve_identity(unusual.keys(), digests, registry)
    got = _gather(ids, digests, identity.resolve)
    named = list(got.article_entities.values())
    cooccur = memo.recall("cooccur", _inputs_key(named), lambda: _cooccurring(named))
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
            else identity.countries.get(key) or _most_common(votes or got.forms[key])
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


def _slug_for(key: str, unusual: Mapping[str, str]) -> str:
    """entity_slug(key), from the digests where an article names the key (slugify is slow)."""
    found = unusual.get(key)
    if found is None:
        return entity_slug(key)  # a registry name no article uses as written
    return found or _plain_slug(key)


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


def _unusual_slug(key: str) -> str:
    """The key's slug where it is not simply its words joined by '-', else "" (saves memory)."""
    slug = entity_slug(key)
    return "" if slug == _plain_slug(key) else slug


def _plain_slug(key: str) -> str:
    return key.partition(":")[2].replace(" ", "-")


@functools.lru_cache(maxsize=1 << 16)  # pure, and slugify is slow: names recur a lot
def entity_slug(key: str) -> str:
    """The URL slug of an entity key: a function of the key alone, so stable.

    Counts, order and aliases never enter it, so adding an article or an alias
    cannot move a page. A key whose slug is not simply its words joined by '-'
    (non-Latin letters, transliterated) gets a short hash of the key, so two such
    keys can never collide and neither can take the other's URL later.
    """
    name = key.partition(":")[2]
    slug = slugify(name)
    if slug and slug == name.replace(" ", "-"):
        return urls.component(slug)
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return urls.component(f"{slug or 'entity'}-{digest}")


def _related(
    ids: Sequence[str],
    features_of: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
    limit: int,
) -> dict[str, tuple[str, ...]]:
    """Per article, the others sharing most entities and tags; the newest first on ties.

    ``ids`` are newest first and ``features_of`` holds each one's entity keys and
    tag slugs. A feature (entity or tag) of more than ``_RELATED_FEATURE_CAP``
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
        sorted(f for f in feats if len(members[f]) <= _RELATED_FEATURE_CAP) for feats in features
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
    heads = {f: members[f][: limit + 1] for f in set().union(*useful)}
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
            newest = set().union(*(heads[f] for f in feats)) - taken
            best += sorted(newest)[: limit - len(best)]
        related[ids[number]] = tuple(map(ids.__getitem__, best))
    return related


def _archives(
    articles: tuple[ArticleHead, ...],
) -> tuple[tuple[int, tuple[tuple[int, tuple[str, ...]], ...]], ...]:
    tree: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        tree[article.date.year][article.date.month].append(article_id(article))
    return tuple(
        (y, tuple((m, tuple(ids)) for m, ids in sorted(months.items(), reverse=True)))
        for y, months in sorted(tree.items(), reverse=True)
    )


def entity_summary(index: SiteIndex, entity: Entity) -> dict[str, object]:
    """What ``newsgen entities`` shows of one entity (the URL is added by the caller)."""
    days = sorted(index.by_id[ref.article].date.date().isoformat() for ref in entity.refs)
    return {
        "name": entity.name,
        "type": TYPE_WORDS[entity.type],
        "count": entity.count,
        "aliases": list(entity.aliases),
        "first": days[0] if days else None,
        "last": days[-1] if days else None,
        "slug": entity.slug,
        "roles": list(entity.roles),
        "description": entity.description,
        "link": entity.link,
        # The evidence behind the page (docs/entities.md, "Confidence").
        "mentions": entity.mentions,
        "articles": entity.count,
        "type_votes": dict(entity.type_votes),
        "merged": list(entity.merged),
        "titles": list(entity.titles),
        "confidence": entity.confidence,
    }
