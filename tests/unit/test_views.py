"""Page signatures: an unchanged signature must mean unchanged bytes.

A rebuild skips every page whose signature is the one its file was rendered from
last time, so an input a signature forgets is a page that silently goes stale.
These tests build the demo site's views, change one input at a time in memory,
render every page again and check that no page kept its signature while its
bytes changed; and that views read no Article field the fingerprints leave out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from newsgen import pipeline
from newsgen.config import Config, SectionConfig
from newsgen.incremental.output import render_key
from newsgen.incremental.store import Cache
from newsgen.index import build_index
from newsgen.model import (
    CARD_FIELDS,
    DIGEST_FRAME_FIELDS,
    ENTITY_FIELDS,
    FRAME_FIELDS,
    PERSON,
    SHOWN_FIELDS,
    STAGED_FIELDS,
    Article,
    ArticleHead,
    Mention,
)
from newsgen.registry import Registry, parse_registry
from newsgen.render import render_page
from newsgen.templates import make_environment
from newsgen.views import Views, names_any, pager_window

DEMO = Path(__file__).resolve().parents[2]
BUILT = datetime(2026, 1, 1, tzinfo=UTC)


@dataclasses.dataclass(frozen=True)
class State:
    articles: tuple[Article, ...]
    config: Config
    registry: Registry
    built: datetime = BUILT


@pytest.fixture(scope="module")
def base() -> State:
    loaded = pipeline.gather(DEMO, cache=Cache(None))
    registry = pipeline.read_registry(DEMO, loaded.config.entities.registry)
    # Two cards a page: most lists and entities get several pages, so a change must
    # reach page 2 of an entity through what all its pages share, not its cards.
    config = dataclasses.replace(loaded.config, per_page=2)
    return State(loaded.articles(), config, registry)


def _render_all(state: State) -> dict[str, tuple[str, bytes]]:
    """Output path -> (signature, bytes) of every page."""
    config = state.config
    index = build_index(
        state.articles, config.entities.min_mentions, config.related, state.registry
    )
    views = Views(index, config, state.built, _bodies(state.articles))
    env = make_environment(DEMO / "templates")
    salt = render_key(DEMO)
    return {
        page.path: (views.signature(page, salt), render_page(env, views, page))
        for page in views.pages()
    }


def _bodies(articles: tuple[Article, ...]) -> dict[str, str]:
    return {a.source_path: a.body_html for a in articles}


def _replace(article: Article, **changes: Any) -> Article:
    """``dataclasses.replace`` that also drops anything worked out from the old
    fields (the index's per-article digest, where the model has one)."""
    if "digest" in {f.name for f in dataclasses.fields(article)}:
        changes.setdefault("digest", None)
    return dataclasses.replace(article, **changes)


def _middle(state: State) -> Article:
    ordered = sorted(state.articles, key=lambda a: (-a.date.timestamp(), a.slug))
    return ordered[len(ordered) // 2]


def _edit(state: State, change: Callable[[Article], Article]) -> State:
    target = _middle(state)
    edited = tuple(change(a) if a is target else a for a in state.articles)
    return dataclasses.replace(state, articles=edited)


def _with_mention(article: Article) -> Article:
    name = "Zeynep Demir"
    text = article.text + f" {name} said so."
    start = text.index(name)
    mention = Mention(start, start + len(name), name, PERSON, name)
    return _replace(article, text=text, mentions=(*article.mentions, mention))


def _reworded(article: Article) -> Article:
    """One letter changed just before the first mention: its sentence changes, the
    spans, names and every other field do not."""
    mention = min(article.mentions, key=lambda m: m.start)
    at = next(i for i in range(mention.start - 1, -1, -1) if article.text[i].islower())
    letter = "q" if article.text[at] != "q" else "z"
    return _replace(article, text=article.text[:at] + letter + article.text[at + 1 :])


def _added(state: State) -> State:
    copy = _replace(
        _middle(state), source_path="content/2025/added.md", slug="added", title="Added"
    )
    return dataclasses.replace(state, articles=(*state.articles, copy))


def _removed(state: State) -> State:
    target = _middle(state)
    return dataclasses.replace(state, articles=tuple(a for a in state.articles if a is not target))


def _registry(old: str, new: str) -> Callable[[State], State]:
    """One edit of the demo's entity registry (content/entities.yaml)."""

    def apply(state: State) -> State:
        text = (DEMO / "content" / "entities.yaml").read_text(encoding="utf-8")
        assert old in text
        registry = parse_registry([("entities.yaml", text.replace(old, new))])
        return dataclasses.replace(state, registry=registry)

    return apply


def _respelled(name: str) -> Callable[[State], State]:
    """Every mention of one person spelled in capitals: the entity's name changes,
    its key (and so its slug and every other record's reference to it) does not."""

    def respell(article: Article) -> Article:
        if not any(m.name == name for m in article.mentions):
            return article
        mentions = tuple(
            dataclasses.replace(m, name=name.upper()) if m.name == name else m
            for m in article.mentions
        )
        return _replace(article, mentions=mentions)

    def apply(state: State) -> State:
        return dataclasses.replace(state, articles=tuple(respell(a) for a in state.articles))

    return apply


def _config(**changes: Any) -> Callable[[State], State]:
    def apply(state: State) -> State:
        return dataclasses.replace(state, config=dataclasses.replace(state.config, **changes))

    return apply


def _entities_config(**changes: Any) -> Callable[[State], State]:
    def apply(state: State) -> State:
        entities = dataclasses.replace(state.config.entities, **changes)
        return dataclasses.replace(
            state, config=dataclasses.replace(state.config, entities=entities)
        )

    return apply


CHANGES: dict[str, Callable[[State], State]] = {
    "body": lambda s: _edit(s, lambda a: _replace(a, body_html=a.body_html + "<p>x</p>")),
    "title": lambda s: _edit(s, lambda a: _replace(a, title=a.title + " (corrected)")),
    "summary": lambda s: _edit(s, lambda a: _replace(a, summary="A new summary.")),
    "tags": lambda s: _edit(s, lambda a: _replace(a, tags=(*a.tags, "Brand New Tag"))),
    "tag removed": lambda s: _edit(s, lambda a: _replace(a, tags=a.tags[1:])),
    "date": lambda s: _edit(s, lambda a: _replace(a, date=a.date - timedelta(days=400))),
    "updated": lambda s: _edit(s, lambda a: _replace(a, updated=a.date + timedelta(1))),
    "byline": lambda s: _edit(s, lambda a: _replace(a, byline="A. Writer")),
    "dateline": lambda s: _edit(s, lambda a: _replace(a, dateline="GWADAR")),
    "agency": lambda s: _edit(s, lambda a: _replace(a, agency="AFP")),
    "slug": lambda s: _edit(s, lambda a: _replace(a, slug=a.slug + "-2")),
    "featured": lambda s: _edit(s, lambda a: _replace(a, featured=True)),  # leads the front page
    "section": lambda s: _edit(s, lambda a: _replace(a, section="sport")),  # a new section
    "section moved": lambda s: _edit(
        s, lambda a: _replace(a, section="economy" if a.section != "economy" else "health")
    ),
    "section dropped": lambda s: _edit(s, lambda a: _replace(a, section=None)),
    "mention": lambda s: _edit(s, _with_mention),
    "words around a name": lambda s: _edit(s, _reworded),
    "mentions dropped": lambda s: _edit(s, lambda a: _replace(a, mentions=())),
    "added": _added,
    "removed": _removed,
    "registry description": _registry("description: Mayor of Karachi.", "description: Mayor."),
    "registry alias": _registry(
        "  description: Mayor of Karachi.", "  description: Mayor of Karachi.\n  aliases: [R. Q.]"
    ),
    "registry link": _registry(
        "  description: Mayor of Karachi.",
        "  description: Mayor of Karachi.\n  link: https://en.wikipedia.org/wiki/Karachi",
    ),
    "registry rename": _registry("rename: Pakistan Meteorological Department", "rename: PMD"),
    "registry merge": _registry("merge: [Ministry of Maritime]", "merge: []"),
    "entity name": _respelled("Omar Baig"),  # not in the registry: its name is voted
    # The same key in capitals: the Met Office redirect's target changes name only.
    "redirect target name": _registry(
        "rename: Pakistan Meteorological Department", "rename: PAKISTAN METEOROLOGICAL DEPARTMENT"
    ),
    "site title": _config(title="Another Archive"),
    "base_url": _config(base_url="https://example.com/news/"),
    "per_page": _config(per_page=3),
    "feed_limit": _config(feed_limit=2),
    "related": _config(related=1),
    "search": _config(search=False),
    "language": _config(language="fr"),
    "section titles": _config(sections=(SectionConfig("health", "Wellbeing", home=True),)),
    "section description": _config(
        sections=(SectionConfig("environment", "Environment", "The coast."),)
    ),
    "min_mentions": _entities_config(min_mentions=3),
    "build year": lambda s: dataclasses.replace(s, built=BUILT + timedelta(days=400)),
}


@pytest.fixture(scope="module")
def before(base: State) -> dict[str, tuple[str, bytes]]:
    return _render_all(base)


@pytest.mark.parametrize("name", list(CHANGES))
def test_same_signature_means_same_bytes(
    name: str, base: State, before: dict[str, tuple[str, bytes]]
) -> None:
    after = _render_all(CHANGES[name](base))
    stale = [
        path
        for path, (signature, data) in after.items()
        if path in before and before[path][0] == signature and before[path][1] != data
    ]
    assert stale == [], f"{name}: pages kept their signature but changed"
    changed = [p for p in after if p not in before or before[p][0] != after[p][0]]
    assert changed, f"{name}: the change reached no page"


def test_one_body_edit_reaches_few_pages(base: State, before: dict[str, tuple[str, bytes]]) -> None:
    """The point of signatures: a body edit re-renders its own page and the feeds
    that carry the body, not the neighbours, lists or entity pages."""
    after = _render_all(CHANGES["body"](base))
    changed = {p for p in after if before[p][0] != after[p][0]}
    target = _middle(base)
    own = f"{target.date.year:04d}/{target.date.month:02d}/{target.slug}/"
    assert own in changed
    assert {p for p in changed if not p.endswith("atom.xml")} == {own}
    assert len(changed) < len(after) // 5


def test_empty_feed_follows_the_build_year_only(base: State) -> None:
    """With no articles the feed's <updated> is the start of the build year: a build
    an hour later is the same, one in the next year is not."""
    empty = dataclasses.replace(base, articles=())
    before = _render_all(empty)
    later = _render_all(dataclasses.replace(empty, built=BUILT + timedelta(hours=1)))
    next_year = _render_all(dataclasses.replace(empty, built=BUILT + timedelta(days=400)))
    assert later["atom.xml"] == before["atom.xml"]
    assert f"<updated>{BUILT.year}-01-01T00:00:00+00:00</updated>" in before["atom.xml"][1].decode()
    assert next_year["atom.xml"][1] != before["atom.xml"][1]
    assert next_year["atom.xml"][0] != before["atom.xml"][0]


def test_no_change_keeps_every_signature(base: State, before: dict[str, tuple[str, bytes]]) -> None:
    again = _render_all(dataclasses.replace(base))
    assert {p: s for p, (s, _) in again.items()} == {p: s for p, (s, _) in before.items()}


# The changes that leave every article's frame (model.FRAME_FIELDS) as it was.
FRAME_KEPT = {"body", "title", "summary", "byline", "dateline", "agency"}
FRAME_KEPT |= {"words around a name"}


def _recipes(state: State) -> tuple[object, dict[str, ArticleHead], dict[str, tuple[str, Any]]]:
    """The frame (everything but the articles' shown and card fields and sentences),
    every head, and each page's signature and recipe arguments."""
    config = state.config
    index = build_index(
        state.articles, config.entities.min_mentions, config.related, state.registry
    )
    views = Views(index, config, state.built)
    frame = (config, state.registry, state.built.year, [h.frame for h in index.articles])
    pages = {page.path: (views.signature(page), page.args) for page in views.pages()}
    return frame, dict(index.by_id), pages


@pytest.mark.parametrize("name", list(CHANGES))
def test_with_the_frame_kept_only_pages_naming_a_changed_article_change(
    name: str, base: State
) -> None:
    """What lets a rebuild skip signing: when no frame changed, a page whose recipe
    names none of the changed articles keeps its signature."""
    frame, heads, pages = _recipes(base)
    new_frame, new_heads, new_pages = _recipes(CHANGES[name](base))
    if name not in FRAME_KEPT:
        assert new_frame != frame, f"{name}: changes what recipes are made of"
        return
    assert new_frame == frame, f"{name}: leaves every frame as it was"
    assert new_pages.keys() == pages.keys()
    changed = {aid for aid, head in new_heads.items() if heads[aid] != head}
    assert changed, name
    missed = [
        path
        for path, (signature, args) in new_pages.items()
        if signature != pages[path][0] and not names_any(args, changed)
    ]
    assert missed == [], f"{name}: these pages changed without naming the article"
    assert any(signature != pages[path][0] for path, (signature, _) in new_pages.items())


def test_pages_naming_changed_articles_are_listed_without_the_rest(base: State) -> None:
    """``pages(changed)`` skips whole families, but lists exactly the pages (in the
    same order) that filtering every page by ``names_any`` would, for any article
    or set of articles."""
    config = base.config
    index = build_index(base.articles, config.entities.min_mentions, config.related, base.registry)
    views = Views(index, config, BUILT)
    every = list(views.pages())
    ids = [h.source_path for h in index.articles]
    sets = [{aid} for aid in ids] + [set(ids[::3]), set(ids[1::2]), {"content/none.md"}, set()]
    for changed in map(frozenset, sets):
        expected = [page for page in every if names_any(page.args, changed)]
        assert list(views.pages(changed)) == expected, sorted(changed)
    assert all(views.pages(frozenset({aid})) for aid in ids)


def test_the_index_reads_only_the_frame_and_digest_of_an_article(base: State) -> None:
    """Every head field the index reads is in the frame, or is the digest (whose
    sentences go into the refs that entity page recipes name), or ``named``, the
    fingerprint of digest fields the frame holds."""
    config = base.config
    index = build_index(base.articles, config.entities.min_mentions, config.related, base.registry)
    seen: set[str] = set()
    heads = [_Recording(head, seen) for head in index.articles]
    build_index(heads, config.entities.min_mentions, config.related, base.registry)  # type: ignore[arg-type]
    assert seen, "the proxies saw nothing"
    assert seen <= {*FRAME_FIELDS, "digest", "named"}
    assert set(ENTITY_FIELDS) <= set(DIGEST_FRAME_FIELDS)


class _Recording:
    """Stands in for an article or its head and notes every field read."""

    def __init__(self, record: object, seen: set[str]) -> None:
        self._record = record
        self._seen = seen

    def __getattr__(self, name: str) -> Any:
        self._seen.add(name)
        return getattr(self._record, name)


class _RecordingBodies(dict[str, str]):
    """Article id -> body_html that notes a read of ``body_html``."""

    def __init__(self, bodies: Any, seen: set[str]) -> None:
        super().__init__(bodies)
        self._seen = seen

    def __getitem__(self, aid: str) -> str:
        self._seen.add("body_html")
        return super().__getitem__(aid)


def test_views_read_only_fingerprinted_article_fields(base: State) -> None:
    """Pages read an article's SHOWN_FIELDS (from its head or its body) and their
    signatures hash the head's ``shown`` fingerprint of them; cards read only
    CARD_FIELDS, hashed as ``card``."""
    config = base.config
    index = build_index(base.articles, config.entities.min_mentions, config.related, base.registry)
    seen: set[str] = set()
    heads = {aid: _Recording(a, seen) for aid, a in index.by_id.items()}
    bodies = _RecordingBodies(_bodies(base.articles), seen)
    recorded = dataclasses.replace(index, by_id=heads)
    views = Views(recorded, config, BUILT, bodies)
    pages = list(views.pages())
    seen.clear()  # listing pages reads the index, not through the fingerprinted accessors
    for page in pages:
        views.view(page)
    assert seen, "the proxies saw nothing: the test no longer watches the records"
    # STAGED_FIELDS are folded into ``shown`` and ``card`` by the stage that sets them.
    assert seen <= {*SHOWN_FIELDS, *STAGED_FIELDS}
    seen.clear()
    for aid in index.by_id:
        views.card(aid)
    assert seen <= {*CARD_FIELDS, *STAGED_FIELDS}
    seen.clear()
    for page in pages:
        views.signature(page)
    assert seen <= {"shown", "card", "date"}


def test_heads_fingerprint_what_pages_show(base: State) -> None:
    """A head's fingerprints change with each shown field and only with those."""
    article = _middle(base)
    head = build_index([article]).by_id[article.source_path]
    for name in SHOWN_FIELDS:
        value = getattr(article, name)
        changed = (
            (*value, "x") if isinstance(value, tuple)
            else value + timedelta(days=1) if isinstance(value, datetime)
            else (value or "") + "x"
        )  # fmt: skip
        other = build_index([_replace(article, **{name: changed})]).by_id[
            changed if name == "source_path" else article.source_path
        ]
        assert other.shown != head.shown, name
        assert (other.card != head.card) == (name in CARD_FIELDS), name
    same = build_index([_replace(article, text=article.text + " More.")]).by_id
    assert same[article.source_path].shown == head.shown


@pytest.mark.parametrize(
    ("page", "pages", "shown"),
    [
        (1, 1, []),
        (1, 2, [1, 2]),
        (3, 5, [1, 2, 3, 4, 5]),
        (1, 10, [1, 2, 3, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),  # 1 .. 2: a gap of one page is shown
        (5, 10, [1, 2, 3, 4, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (500, 1000, [1, None, 498, 499, 500, 501, 502, None, 1000]),
    ],
)
def test_pager_shows_the_ends_and_a_window_around_the_page(
    page: int, pages: int, shown: list[int | None]
) -> None:
    assert pager_window(page, pages) == shown


def test_front_page_two_links_back_to_page_one(base: State) -> None:
    """Page 1 of the front page is the site root, whose site path is "": still a link."""
    index = build_index(base.articles, base.config.entities.min_mentions, base.config.related)
    pager = Views(index, base.config, base.built)._pager("", 2, 3)
    assert pager.previous_url == ""
    assert [(p.number, p.url, p.current) for p in pager.links if p] == [
        (1, "", False),
        (2, "page/2/", True),
        (3, "page/3/", False),
    ]
