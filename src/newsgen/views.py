"""The data each template gets: plain views made for one page kind.

Templates never see records or the index; every URL here is already a link
that honours the base path, and every date is already formatted.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsgen import urls
from newsgen.chart import bar_chart, buckets
from newsgen.config import Config
from newsgen.index import Entity, Redirect, SiteIndex, article_id
from newsgen.model import ORG, PERSON, PLACE, Article

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
TYPE_LABELS = {PERSON: "People", ORG: "Organizations", PLACE: "Places"}
TYPE_SINGULAR = {PERSON: "Person", ORG: "Organization", PLACE: "Place"}
SCHEMA_TYPES = {PERSON: "Person", ORG: "Organization", PLACE: "Place"}


def human_date(moment: datetime) -> str:
    """'5 March 2025', from a table rather than the process locale."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def iso(moment: datetime) -> str:
    return moment.isoformat()


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    url: str
    count: int = 0


@dataclass(frozen=True, slots=True)
class SiteView:
    title: str
    description: str
    language: str
    base_url: str
    base_path: str
    home_url: str
    feed_url: str
    tags_url: str
    entities_url: str
    archive_url: str
    search_url: str
    search: bool
    css_url: str
    year: int


@dataclass(frozen=True, slots=True)
class Card:
    """An article in a list: headline, date, summary, and optionally a quoted sentence."""

    title: str
    url: str
    date_iso: str
    date_human: str
    summary: str
    dateline: str | None
    byline: str | None
    tags: tuple[Link, ...]
    sentence: str = ""


@dataclass(frozen=True, slots=True)
class Pager:
    page: int
    pages: int
    previous_url: str | None
    next_url: str | None
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Head:
    """What goes into <head>: title, canonical URL, description, OpenGraph, JSON-LD."""

    title: str
    canonical: str
    description: str
    og_type: str = "website"
    feed_url: str | None = None
    jsonld: dict[str, Any] | None = None
    noindex: bool = False


@dataclass(frozen=True, slots=True)
class EntityGroup:
    label: str
    entities: tuple[Link, ...]  # url empty when the entity has no page


@dataclass(frozen=True, slots=True)
class ArticleView:
    head: Head
    title: str
    url: str
    dateline: str | None
    agency: str | None
    byline: str | None
    date_iso: str
    date_human: str
    updated_iso: str | None
    updated_human: str | None
    body_html: str
    tags: tuple[Link, ...]
    entity_groups: tuple[EntityGroup, ...]
    previous: Link | None
    next: Link | None
    related: tuple[Card, ...]


@dataclass(frozen=True, slots=True)
class ListView:
    """Front page, year and month archives, tag pages."""

    head: Head
    heading: str
    intro: str
    cards: tuple[Card, ...]
    pager: Pager
    children: tuple[Link, ...] = ()  # e.g. the months of a year


@dataclass(frozen=True, slots=True)
class EntityView:
    """One page of an entity (``entity.html``); every field is ready to print.

    ``description`` and ``external_url`` come from the editors' registry (empty
    when not set; the URL is absolute, http(s) only, so it is used without
    ``rel``). ``roles`` are phrases seen next to the name, most frequent first.
    ``chart_svg`` is trusted, escaped SVG markup (mentions per month or year) to
    print with ``safe_html``; empty when there is nothing to draw. ``related``
    links carry the count of shared articles and an empty URL for entities
    without a page. ``cards`` hold the sentence that mentions the entity.
    """

    head: Head
    name: str
    type_label: str  # "Person", "Organization", "Place"
    description: str
    external_url: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    first_human: str
    last_human: str
    first_iso: str
    last_iso: str
    count: int  # articles
    chart_svg: str
    related: tuple[Link, ...]
    cards: tuple[Card, ...]
    pager: Pager
    feed_url: str


@dataclass(frozen=True, slots=True)
class RedirectView:
    """An old entity URL (``redirect.html``): meta refresh, canonical and a link."""

    title: str
    url: str  # site path of the new page; the template makes it relative
    canonical: str  # absolute URL of the new page


@dataclass(frozen=True, slots=True)
class IndexGroup:
    label: str
    anchor: str
    links: tuple[Link, ...]
    url: str = ""  # the group's own page, if it has one (a year)


@dataclass(frozen=True, slots=True)
class DirectoryView:
    """Tag index, entity index, archive index: grouped links with counts."""

    head: Head
    heading: str
    intro: str
    groups: tuple[IndexGroup, ...]
    filter_box: bool = False


@dataclass(frozen=True, slots=True)
class PlainView:
    """A page with nothing but its head: 404, search."""

    head: Head


@dataclass(frozen=True, slots=True)
class FeedEntry:
    title: str
    url: str
    published: str
    updated: str
    summary: str
    content_html: str
    author: str | None


@dataclass(frozen=True, slots=True)
class FeedView:
    title: str
    self_url: str
    site_url: str
    updated: str
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """One output file: where it goes, which template renders it, with what."""

    path: str
    template: str
    view: object
    relative_links: bool = True  # False for pages served at any address (404)


class Views:
    """Builds every page's view from the index; holds what all views share."""

    def __init__(self, index: SiteIndex, config: Config, built: datetime) -> None:
        self.index = index
        self.config = config
        self.built = built
        base = config.base_path
        self.base = base
        self.site = SiteView(
            title=config.title,
            description=config.description,
            language=config.language,
            base_url=config.base_url,
            base_path=base,
            home_url="",
            feed_url=self.href(urls.feed()),
            tags_url=self.href(urls.tags_index()),
            entities_url=self.href(urls.entities_index()),
            archive_url=self.href("archive/"),
            search_url=self.href(urls.search()),
            search=config.search,
            css_url=self.href("theme/style.css"),
            year=built.year,
        )
        self.cards = {article_id(a): self._card(a) for a in index.articles}

    def href(self, path: str) -> str:
        # Views carry site paths; templates make them relative with the `rel` filter.
        return path

    def absolute(self, path: str) -> str:
        return urls.absolute(self.config.base_url, path)

    def entity_link(self, entity: Entity, count: int = 0) -> Link:
        url = self.href(urls.entity(entity.type, entity.slug)) if entity.has_page else ""
        return Link(entity.name, url, count)

    def _tag_links(self, article: Article) -> tuple[Link, ...]:
        from slugify import slugify

        return tuple(Link(t, self.href(urls.tag(slugify(t)))) for t in article.tags)

    def _card(self, article: Article, sentence: str = "") -> Card:
        return Card(
            title=article.title,
            url=self.href(urls.article(article)),
            date_iso=iso(article.date),
            date_human=human_date(article.date),
            summary=article.summary,
            dateline=article.dateline,
            byline=article.byline,
            tags=self._tag_links(article),
            sentence=sentence,
        )

    def pages(self) -> Iterator[Page]:
        yield from self.article_pages()
        yield from self.list_pages(
            "", self.config.title, self.config.description, [a for a in self.index.by_id], True
        )
        yield from self.archive_pages()
        yield from self.tag_pages()
        yield from self.entity_pages()
        yield from self.feeds()
        not_found = self._simple_head("Page not found", "404.html", noindex=True)
        yield Page("404.html", "404.html", PlainView(not_found), relative_links=False)
        if self.config.search:
            yield Page(
                urls.search(), "search.html", PlainView(self._simple_head("Search", urls.search()))
            )

    # -- articles ---------------------------------------------------------------

    def article_pages(self) -> Iterator[Page]:
        for article in self.index.articles:
            path = urls.article(article)
            yield Page(path, "article.html", self.article_view(article, path))

    def article_view(self, article: Article, path: str) -> ArticleView:
        aid = article_id(article)
        keys = self.index.article_entities.get(aid, ())
        groups = []
        for kind in (PERSON, ORG, PLACE):
            members = [self.index.entity_by_key[k] for k in keys]
            links = tuple(
                self.entity_link(e)
                for e in sorted(members, key=lambda e: e.name.casefold())
                if e.type == kind
            )
            if links:
                groups.append(EntityGroup(TYPE_LABELS[kind], links))
        prev_id = self.index.previous.get(aid)
        next_id = self.index.following.get(aid)
        return ArticleView(
            head=Head(
                title=article.title,
                canonical=self.absolute(path),
                description=article.summary,
                og_type="article",
                jsonld=self._article_jsonld(article, path, keys),
            ),
            title=article.title,
            url=self.href(path),
            dateline=article.dateline,
            agency=article.agency,
            byline=article.byline,
            date_iso=iso(article.date),
            date_human=human_date(article.date),
            updated_iso=iso(article.updated) if article.updated else None,
            updated_human=human_date(article.updated) if article.updated else None,
            body_html=article.body_html,
            tags=self._tag_links(article),
            entity_groups=tuple(groups),
            previous=self._article_link(prev_id),
            next=self._article_link(next_id),
            related=tuple(self.cards[r] for r in self.index.related.get(aid, ())),
        )

    def _article_link(self, aid: str | None) -> Link | None:
        if aid is None:
            return None
        card = self.cards[aid]
        return Link(card.title, card.url)

    def _article_jsonld(self, article: Article, path: str, keys: Sequence[str]) -> dict[str, Any]:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "url": self.absolute(path),
            "mainEntityOfPage": self.absolute(path),
            "datePublished": iso(article.date),
            "dateModified": iso(article.updated or article.date),
            "description": article.summary,
            "publisher": {"@type": "Organization", "name": self.config.title},
        }
        if article.dateline:
            data["dateline"] = article.dateline
        if article.byline:
            data["author"] = {"@type": "Person", "name": article.byline}
        if article.tags:
            data["keywords"] = list(article.tags)
        mentions = []
        for key in keys:
            entity = self.index.entity_by_key[key]
            item: dict[str, Any] = {"@type": SCHEMA_TYPES[entity.type], "name": entity.name}
            if entity.has_page:
                item["url"] = self.absolute(urls.entity(entity.type, entity.slug))
            mentions.append(item)
        if mentions:
            data["mentions"] = mentions
        return data

    # -- lists ------------------------------------------------------------------

    def _pager(self, base: str, page: int, pages: int) -> Pager:
        return Pager(
            page=page,
            pages=pages,
            previous_url=self.href(urls.paged(base, page - 1)) if page > 1 else None,
            next_url=self.href(urls.paged(base, page + 1)) if page < pages else None,
            links=tuple(Link(str(n), self.href(urls.paged(base, n))) for n in range(1, pages + 1)),
        )

    def _chunks(self, items: Sequence[Any]) -> Iterator[tuple[int, int, Sequence[Any]]]:
        size = self.config.per_page
        pages = max(1, math.ceil(len(items) / size))
        for page in range(1, pages + 1):
            yield page, pages, items[(page - 1) * size : page * size]

    def list_pages(
        self,
        base: str,
        heading: str,
        intro: str,
        ids: Sequence[str],
        with_feed: bool = False,
        children: tuple[Link, ...] = (),
    ) -> Iterator[Page]:
        for page, pages, chunk in self._chunks(ids):
            path = urls.paged(base, page)
            title = heading if page == 1 else f"{heading} (page {page})"
            head = Head(
                title=title,
                canonical=self.absolute(path),
                description=intro or heading,
                feed_url=self.href(urls.feed(base)) if with_feed else None,
            )
            yield Page(
                path,
                "list.html",
                ListView(
                    head=head,
                    heading=heading,
                    intro=intro,
                    cards=tuple(self.cards[i] for i in chunk),
                    pager=self._pager(base, page, pages),
                    children=children if page == 1 else (),
                ),
            )

    def archive_pages(self) -> Iterator[Page]:
        groups = []
        for year_number, months in self.index.years:
            month_links = tuple(
                Link(
                    f"{MONTHS[m - 1]} {year_number}",
                    self.href(urls.month(year_number, m)),
                    len(ids),
                )
                for m, ids in months
            )
            groups.append(
                IndexGroup(
                    str(year_number),
                    f"y{year_number}",
                    month_links,
                    self.href(urls.year(year_number)),
                )
            )
            year_ids = [i for _, ids in months for i in ids]
            yield from self.list_pages(
                urls.year(year_number),
                f"Archive: {year_number}",
                f"{len(year_ids)} articles from {year_number}.",
                year_ids,
                children=month_links,
            )
            for m, ids in months:
                yield from self.list_pages(
                    urls.month(year_number, m),
                    f"Archive: {MONTHS[m - 1]} {year_number}",
                    f"{len(ids)} articles from {MONTHS[m - 1]} {year_number}.",
                    ids,
                )
        yield Page(
            "archive/",
            "directory.html",
            DirectoryView(
                head=self._simple_head("Archive", "archive/"),
                heading="Archive",
                intro="Every article by year and month.",
                groups=tuple(groups),
            ),
        )

    def tag_pages(self) -> Iterator[Page]:
        links = tuple(
            Link(t.name, self.href(urls.tag(t.slug)), len(t.articles)) for t in self.index.tags
        )
        yield Page(
            urls.tags_index(),
            "directory.html",
            DirectoryView(
                head=self._simple_head("Tags", urls.tags_index()),
                heading="Tags",
                intro=f"{len(links)} tags.",
                groups=(IndexGroup("All tags", "all", links),) if links else (),
            ),
        )
        for tag in self.index.tags:
            base = urls.tag(tag.slug)
            yield from self.list_pages(
                base, f"Tag: {tag.name}", f"{len(tag.articles)} articles.", tag.articles, True
            )

    # -- entities ---------------------------------------------------------------

    def entity_pages(self) -> Iterator[Page]:
        groups = []
        for kind in (PERSON, ORG, PLACE):
            links = tuple(
                self.entity_link(e, e.count) for e in self.index.entities if e.type == kind
            )
            if links:
                groups.append(IndexGroup(TYPE_LABELS[kind], TYPE_LABELS[kind].lower(), links))
        yield Page(
            urls.entities_index(),
            "directory.html",
            DirectoryView(
                head=self._simple_head("People, organizations and places", urls.entities_index()),
                heading="People, organizations and places",
                intro="Everyone and everything the archive mentions, A to Z, with article counts.",
                groups=tuple(groups),
                filter_box=True,
            ),
        )
        for entity in self.index.entities:
            if entity.has_page:
                yield from self._entity_pages(entity)
        for redirect in self.index.redirects:
            yield self._redirect_page(redirect)

    def _entity_pages(self, entity: Entity) -> Iterator[Page]:
        base = urls.entity(entity.type, entity.slug)
        dates = [self.index.by_id[r.article].date for r in entity.refs]
        first, last = min(dates), max(dates)
        related = tuple(
            self.entity_link(self.index.entity_by_key[key], count) for key, count in entity.related
        )
        chart = bar_chart(buckets(d.date() for d in dates), f"Articles mentioning {entity.name}")
        jsonld = self._entity_jsonld(entity, base)
        summary = entity.description or (
            f"{TYPE_SINGULAR[entity.type]}: {entity.name}, mentioned in {entity.count} articles."
        )
        for page, pages, chunk in self._chunks(entity.refs):
            path = urls.paged(base, page)
            title = entity.name if page == 1 else f"{entity.name} (page {page})"
            yield Page(
                path,
                "entity.html",
                EntityView(
                    head=Head(
                        title=title,
                        canonical=self.absolute(path),
                        description=summary,
                        og_type="profile" if entity.type == PERSON else "website",
                        feed_url=self.href(urls.feed(base)),
                        jsonld=jsonld,
                    ),
                    name=entity.name,
                    type_label=TYPE_SINGULAR[entity.type],
                    description=entity.description,
                    external_url=entity.link,
                    aliases=entity.aliases,
                    roles=entity.roles,
                    first_human=human_date(first),
                    last_human=human_date(last),
                    first_iso=iso(first),
                    last_iso=iso(last),
                    count=entity.count,
                    chart_svg=chart,
                    related=related,
                    cards=tuple(self._card(self.index.by_id[r.article], r.sentence) for r in chunk),
                    pager=self._pager(base, page, pages),
                    feed_url=self.href(urls.feed(base)),
                ),
            )

    def _entity_jsonld(self, entity: Entity, base: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": SCHEMA_TYPES[entity.type],
            "name": entity.name,
            "url": self.absolute(base),
        }
        if entity.description:
            data["description"] = entity.description
        if entity.link:
            data["sameAs"] = [entity.link]
        if entity.aliases:
            data["alternateName"] = list(entity.aliases)
        if entity.type == PERSON and entity.roles:
            data["jobTitle"] = entity.roles[0]
        return data

    def _redirect_page(self, redirect: Redirect) -> Page:
        """A renamed or merged entity's old URL, pointing at the page it became."""
        entity = self.index.entity_by_key[redirect.target]
        target = urls.entity(entity.type, entity.slug)
        return Page(
            urls.entity(redirect.type, redirect.slug),
            "redirect.html",
            RedirectView(entity.name, self.href(target), self.absolute(target)),
        )

    # -- feeds and the rest --------------------------------------------------------

    def feeds(self) -> Iterator[Page]:
        everything = [article_id(a) for a in self.index.articles]
        yield self._feed("", self.config.title, everything)
        for tag in self.index.tags:
            yield self._feed(urls.tag(tag.slug), f"{self.config.title}: {tag.name}", tag.articles)
        for entity in self.index.entities:
            if entity.has_page:
                ids = [r.article for r in entity.refs]
                yield self._feed(
                    urls.entity(entity.type, entity.slug),
                    f"{self.config.title}: {entity.name}",
                    ids,
                )

    def _feed(self, base: str, title: str, ids: Sequence[str]) -> Page:
        entries = []
        for aid in ids[: self.config.feed_limit]:
            article = self.index.by_id[aid]
            path = urls.article(article)
            entries.append(
                FeedEntry(
                    title=article.title,
                    url=self.absolute(path),
                    published=iso(article.date),
                    updated=iso(article.updated or article.date),
                    summary=article.summary,
                    content_html=article.body_html,
                    author=article.byline,
                )
            )
        updated = max((e.updated for e in entries), default=iso(self.built))
        return Page(
            urls.feed(base),
            "atom.xml",
            FeedView(
                title, self.absolute(urls.feed(base)), self.absolute(base), updated, tuple(entries)
            ),
        )

    def _simple_head(self, title: str, path: str, noindex: bool = False) -> Head:
        return Head(title=title, canonical=self.absolute(path), description=title, noindex=noindex)

    def sitemap_urls(self, pages: Sequence[Page]) -> list[tuple[str, str | None]]:
        """(absolute URL, lastmod) of every HTML page worth indexing."""
        lastmod = {urls.article(a): iso(a.updated or a.date) for a in self.index.articles}
        found = []
        for page in pages:
            if not page.path.endswith("/") and page.path != "":
                continue
            if isinstance(page.view, RedirectView):
                continue  # an old address, not a page of its own
            found.append((self.absolute(page.path), lastmod.get(page.path)))
        return sorted(found)
