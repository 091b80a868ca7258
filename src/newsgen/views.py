"""The data each template gets: plain views made for one page kind.

Templates never see records or the index; every URL here is already a link
that honours the base path, and every date is already formatted.

Views are built lazily, one page at a time: ``Views.pages`` lists cheap recipes,
``Views.view`` builds one page's view and ``Views.signature`` names everything that
view is a pure function of, so a rebuild renders only pages whose inputs changed.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from newsgen import urls
from newsgen.chart import bar_chart, buckets
from newsgen.config import Config
from newsgen.display import MONTHS, headline, smarten
from newsgen.index import FIELDS_BUT_REFS, Entity, SiteIndex, article_id
from newsgen.model import ORG, PERSON, PLACE, ArticleHead, Picture, Rendition, fingerprint
from newsgen.sections import Section, site_sections

TYPE_LABELS = {PERSON: "People", ORG: "Organizations", PLACE: "Places"}
TYPE_SINGULAR = {PERSON: "Person", ORG: "Organization", PLACE: "Place"}
SCHEMA_TYPES = {PERSON: "Person", ORG: "Organization", PLACE: "Place"}
# URLs one sitemap file may list (sitemaps.org protocol); a larger site gets
# sitemap.xml as an index of numbered sitemaps, each with up to this many.
SITEMAP_URLS = 50_000
# Pages linked either side of the current one in a pager (plus the first and last):
# a list of 1,000 pages gets ~7 links, not 1,000.
PAGER_SPAN = 2
# Headlines in a section's block on the front page (besides those the page shows).
HOME_BLOCK = 4
# The Google News sitemap lists the articles of the two days up to the newest one
# (not the build time: the output is a function of the content), at most 1,000.
NEWS_WINDOW = timedelta(days=2)
NEWS_MAX = 1000
# The archive index's input: (year, ((month, articles), ...)), newest first.
YearCounts = tuple[tuple[int, tuple[tuple[int, int], ...]], ...]


def human_date(moment: datetime) -> str:
    """'5 March 2025', from a table rather than the process locale."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def pager_window(page: int, pages: int) -> list[int | None]:
    """The page numbers a pager shows, in order, None for each run skipped: the
    first, the last, and ``page`` with PAGER_SPAN either side; a run of one
    page is shown rather than skipped. Nothing for a list of one page."""
    if pages <= 1:
        return []
    shown = sorted({1, pages, *range(max(1, page - PAGER_SPAN), min(pages, page + PAGER_SPAN) + 1)})
    window: list[int | None] = []
    last = 1
    for n in shown:
        if n - last == 2:
            window.append(n - 1)
        elif n - last > 2:
            window.append(None)
        window.append(n)
        last = n
    return window


def lead_with_dateline(
    body_html: str, dateline: str | None, agency: str | None
) -> tuple[str, bool]:
    """The body with "BEIJING (APP) —" leading into its first paragraph, and whether
    it could: only a body that starts with a paragraph takes it."""
    if not dateline or not body_html.startswith("<p>"):
        return body_html, False
    place = f"{dateline} ({agency})" if agency else dateline
    place_html = f'<span class="dateline">{html.escape(place, quote=False)}</span>'
    # Left out of the search index, so a result's excerpt starts with the story itself.
    lead = f"<span data-pagefind-ignore>{place_html} — </span>"
    return f"<p>{lead}{body_html[3:]}", True


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
    sections: tuple[Link, ...] = ()  # the navigation's sections, in order


@dataclass(frozen=True, slots=True)
class ImageFile:
    url: str  # site path; the template makes it relative
    width: int


@dataclass(frozen=True, slots=True)
class PictureView:
    """An article's image, for a ``<picture>``: the WebP and JPEG derivatives
    (narrowest first) for ``srcset``, the JPEG ``src`` for browsers without it,
    and the largest's ``width`` and ``height`` (the page reserves the space)."""

    webp: tuple[ImageFile, ...]
    jpeg: tuple[ImageFile, ...]
    src: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str


def picture_view(picture: Picture | None) -> PictureView | None:
    if picture is None:
        return None
    webp = tuple(ImageFile(r.path, r.width) for r in picture.renditions if r.format == "webp")
    jpeg = tuple(ImageFile(r.path, r.width) for r in picture.renditions if r.format == "jpeg")
    return PictureView(
        webp, jpeg, jpeg[-1].url, picture.width, picture.height,
        picture.alt, picture.caption, picture.credit,
    )  # fmt: skip


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
    image: PictureView | None = None


@dataclass(frozen=True, slots=True)
class PageLink:
    number: int
    url: str  # "" is a real address: the front page, relative to the site root
    current: bool


@dataclass(frozen=True, slots=True)
class Pager:
    page: int
    pages: int
    previous_url: str | None
    next_url: str | None
    # The first and last page, the current one and PAGER_SPAN either side of it;
    # None where pages are skipped.
    links: tuple[PageLink | None, ...] = ()


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
    # OpenGraph and Twitter card image: absolute URL of a JPEG derivative, its size.
    image_url: str = ""
    image_width: int = 0
    image_height: int = 0
    image_alt: str = ""


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
    body_html: str  # with the dateline leading into its first paragraph, if it has one
    dateline_in_body: bool
    tags: tuple[Link, ...]
    entity_groups: tuple[EntityGroup, ...]
    previous: Link | None
    next: Link | None
    related: tuple[Card, ...]
    section: Link | None = None
    image: PictureView | None = None


@dataclass(frozen=True, slots=True)
class SectionBlock:
    """A section's latest headlines on the front page."""

    title: str
    url: str
    cards: tuple[Card, ...]


@dataclass(frozen=True, slots=True)
class ListView:
    """Front page, section fronts, year and month archives, tag pages."""

    head: Head
    heading: str
    intro: str
    cards: tuple[Card, ...]
    pager: Pager
    children: tuple[Link, ...] = ()  # e.g. the months of a year
    sections: tuple[SectionBlock, ...] = ()  # the front page's first page only


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
class FeedImage:
    """An entry's lead image in a feed: the largest JPEG derivative, by absolute URL."""

    url: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str


@dataclass(frozen=True, slots=True)
class FeedEntry:
    title: str
    url: str
    published: str
    updated: str
    summary: str
    content_html: str
    author: str | None
    image: FeedImage | None = None


@dataclass(frozen=True, slots=True)
class FeedView:
    title: str
    self_url: str
    site_url: str
    updated: str
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True, slots=True)
class NewsEntry:
    url: str
    title: str  # as written, like feeds
    published: str


@dataclass(frozen=True, slots=True)
class NewsSitemapView:
    """``news-sitemap.xml``: the Google News sitemap (see NEWS_WINDOW)."""

    publication: str
    language: str
    entries: tuple[NewsEntry, ...]


def news_language(language: str) -> str:
    """Google News wants an ISO 639 code, or zh-cn / zh-tw."""
    parts = language.lower().replace("_", "-").split("-")
    if parts[0] == "zh" and len(parts) > 1:
        return "zh-tw" if parts[1] in ("tw", "hant", "hk") else "zh-cn"
    return parts[0]


@dataclass(frozen=True, slots=True)
class Page:
    """One output file: where it goes, which template renders it, and what from.

    A page is only a recipe: ``kind`` names the ``Views`` builder (``_view_<kind>``)
    and ``args`` are plain values (ids, numbers, strings, small records), never
    the view itself, so listing every page is cheap and a view is built only for
    a page that is rendered. ``Views.signature`` hashes the recipe together with
    fingerprints of every record the builder reads, so an unchanged signature
    means unchanged bytes and the page need not be rendered at all. Every article
    whose shown or card fields or sentences the builder reads is named by its id in
    ``args`` (``names_any``).
    """

    path: str
    template: str
    kind: str
    args: tuple[Any, ...]
    relative_links: bool = True  # False for pages served at any address (404)


def names_any(args: tuple[Any, ...], ids: AbstractSet[str]) -> bool:
    """Whether a recipe's ``args`` name any of ``ids`` at any depth. A value that is
    not a string, number, None or tuple counts as naming one: it is not looked into."""
    for item in args:
        kind = type(item)
        if kind is str:
            if item in ids:
                return True
        elif kind is tuple:
            if names_any(item, ids):
                return True
        elif kind not in _ATOMS:
            return True
    return False


_ATOMS = (int, bool, float, type(None))


class Views:
    """Builds any one page's view from the index, and its signature, on demand.

    Builders (``_view_<kind>``) read records only through ``article``, ``card``
    and ``entity``; the matching ``_inputs_<kind>`` returns the fingerprints of
    exactly what its builder reads. Keep each pair side by side and in step:
    an input a signature leaves out is a page that is not rebuilt when it should be.
    """

    def __init__(
        self,
        index: SiteIndex,
        config: Config,
        built: datetime,
        bodies: Mapping[str, str] | None = None,
    ) -> None:
        self.index = index
        # Article id -> body_html for the pages about to be rendered (``bodies_read``
        # says which): handed in by whoever renders, never read from a store here.
        self.bodies: Mapping[str, str] = bodies if bodies is not None else {}
        self.config = config
        # An empty feed's <updated> (the one date on a page no article gives) is the
        # start of the build year, not the build time: pages then depend on the year
        # alone, and a site rebuilt a second later with nothing changed is the same.
        self.year_start = built.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
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
        configured = ((c.name, c.title, c.description, c.home) for c in config.sections)
        members = ((aid, head.section) for aid, head in index.by_id.items())
        self.sections: tuple[Section, ...] = site_sections(configured, members)
        self.section_titles = {s.name: s.title for s in self.sections}
        nav = tuple(Link(s.title, self.href(urls.section(s.name))) for s in self.sections)
        self.site = dataclasses.replace(self.site, sections=nav)
        # What every view may read besides its own inputs: the config, the build
        # year and the navigation (which sections hold articles).
        self.shared = fingerprint(config, built.year, repr(nav))  # once: a config repr is slow
        self._cards: dict[str, Card] = {}
        self._entity_fps: dict[str, str] = {}
        self._date_texts: dict[str, str] = {}
        self._link_facts: dict[str, str] = {}
        self._entity_parts: dict[str, _EntityParts] = {}

    def href(self, path: str) -> str:
        # Views carry site paths; templates make them relative with the `rel` filter.
        return path

    def absolute(self, path: str) -> str:
        return urls.absolute(self.config.base_url, path)

    # -- the records builders read, and their fingerprints ----------------------------

    def head(self, aid: str) -> ArticleHead:
        return self.index.by_id[aid]

    def body(self, aid: str) -> str:
        """The article's body_html, from ``bodies``: article pages and feeds only."""
        return self.bodies[aid]

    def bodies_read(self, page: Page) -> tuple[str, ...]:
        """The articles whose ``body`` the page's view reads: what must be in
        ``bodies`` when it renders (a body missing there is a KeyError, never a
        stale page)."""
        if page.kind == "article":
            return (page.args[0],)
        if page.kind == "feed":
            return tuple(page.args[2])
        return ()

    def article_fp(self, aid: str) -> str:
        """Fingerprint of the article's SHOWN_FIELDS (worked out in the extract stage)."""
        return self.index.by_id[aid].shown

    def card(self, aid: str) -> Card:
        found = self._cards.get(aid)
        if found is None:
            found = self._cards[aid] = self._card(self.index.by_id[aid])
        return found

    def card_fp(self, aid: str | None) -> str | None:
        """Fingerprint of the article's CARD_FIELDS (worked out in the extract stage)."""
        return None if aid is None else self.index.by_id[aid].card

    def entity(self, key: str) -> Entity:
        return self.index.entity_by_key[key]

    def link_facts(self, key: str) -> str:
        """What ``entity_link`` and the mentions in JSON-LD read of an entity, as one
        string (its repr, made once: every article page's signature names several)."""
        found = self._link_facts.get(key)
        if found is None:
            entity = self.index.entity_by_key[key]
            facts = (entity.type, entity.name, entity.slug, entity.has_page)
            found = self._link_facts[key] = repr(facts)
        return found

    def entity_fp(self, key: str) -> str:
        """Everything an entity page reads besides its own chunk of refs: every field
        of the record but the refs (of which only the count and the dates of the
        articles are read), and the link facts of the related entities."""
        found = self._entity_fps.get(key)
        if found is None:
            entity = self.index.entity_by_key[key]
            fields = tuple((name, getattr(entity, name)) for name in FIELDS_BUT_REFS)
            texts = self._date_texts or self._all_date_texts()
            dates = "\n".join([texts[r[0]] for r in entity.refs])
            related = tuple(self.link_facts(k) for k, _ in entity.related)
            found = fingerprint(fields, len(entity.refs), dates, related)
            self._entity_fps[key] = found
        return found

    def _all_date_texts(self) -> dict[str, str]:
        """repr() of every article's date, made once: entity pages read many dates."""
        self._date_texts = {aid: repr(head.date) for aid, head in self.index.by_id.items()}
        return self._date_texts

    def signature(self, page: Page, salt: str = "") -> str:
        """Names every input of the page's bytes but the templates and the code,
        which the caller passes as ``salt``."""
        inputs = getattr(self, f"_inputs_{page.kind}")(*page.args)
        # One tuple, so one repr() and one hash update: this runs for every page.
        return fingerprint(
            (salt, self.shared, page.path, page.template, page.relative_links, page.kind,
             page.args, inputs)
        )  # fmt: skip

    def view(self, page: Page) -> object:
        return getattr(self, f"_view_{page.kind}")(*page.args)

    # -- shared pieces ------------------------------------------------------------------

    def entity_link(self, entity: Entity, count: int = 0) -> Link:
        return self._link(entity.type, entity.name, entity.slug, entity.has_page, count)

    def _link(self, kind: str, name: str, slug: str, has_page: bool, count: int = 0) -> Link:
        url = self.href(urls.entity(kind, slug)) if has_page else ""
        return Link(name, url, count)

    def _tag_links(self, article: ArticleHead) -> tuple[Link, ...]:
        return tuple(Link(t, self.href(urls.tag(urls.tag_slug(t)))) for t in article.tags)

    def _card(self, article: ArticleHead, sentence: str = "") -> Card:
        return Card(
            title=headline(article.title),
            url=self.href(urls.article(article)),
            date_iso=iso(article.date),
            date_human=human_date(article.date),
            # Curly quotes as in the bodies (a raw text's summary is its plain text).
            summary=smarten(article.summary),
            dateline=article.dateline,
            byline=article.byline,
            tags=self._tag_links(article),
            sentence=sentence,
            image=picture_view(article.picture),
        )

    def pages(self, changed: AbstractSet[str] | None = None) -> Iterator[Page]:
        """Every page, in a fixed order; with ``changed``, only those whose recipe
        names one of those articles (``names_any``), in the same order, without
        listing the recipes of other articles, entities and list pages."""
        if changed is None:
            yield from self._pages(None)
            return
        for page in self._pages(changed):
            if names_any(page.args, changed):
                yield page

    def _pages(self, near: AbstractSet[str] | None) -> Iterator[Page]:
        """Every page, or (with ``near``) at least every page naming one of those
        articles: a family is listed only where it may name one."""
        yield from self.article_pages(near)
        front = self.front_ids()
        home = [s for s in self.sections if s.home]
        yield from self.list_pages(
            "", self.config.title, self.config.description, front, True, near=near,
            first_template="front.html", blocks=home,
        )  # fmt: skip
        yield from self.section_pages(near)
        yield from self.archive_pages(near)
        yield from self.tag_pages(near)
        yield from self.entity_pages(near)
        yield from self.feeds(near)
        if near is None:  # these name no article
            yield Page("404.html", "404.html", "plain", ("Page not found", "404.html", True), False)
            if self.config.search:
                yield Page(urls.search(), "search.html", "plain", ("Search", urls.search(), False))
        yield self.news_sitemap()

    def front_ids(self, ids: Sequence[str] | None = None) -> list[str]:
        """The front page's articles (or a section's ``ids``): newest first, but the
        newest ``featured`` one (a frame field) first of all, to lead."""
        ids = list(self.index.by_id if ids is None else ids)
        heads = self.index.by_id
        lead = next((i for i in ids if heads[i].featured), None)
        if lead is not None and lead != ids[0]:
            ids.remove(lead)
            ids.insert(0, lead)
        return ids

    def _entities_near(self, near: AbstractSet[str] | None) -> Iterator[Entity]:
        """The entities with a page: all, or those mentioned in one of ``near``."""
        index = self.index
        keys = (
            None if near is None else {k for a in near for k in index.article_entities.get(a, ())}
        )
        for entity in index.entities:
            if entity.has_page and (keys is None or entity.key in keys):
                yield entity

    def _view_plain(self, title: str, path: str, noindex: bool) -> PlainView:
        return PlainView(self._simple_head(title, path, noindex))

    def _inputs_plain(self, title: str, path: str, noindex: bool) -> tuple[()]:
        return ()

    # -- articles ---------------------------------------------------------------

    def article_pages(self, near: AbstractSet[str] | None = None) -> Iterator[Page]:
        index = self.index
        wanted = None
        if near is not None:  # the articles themselves, their neighbours, and those
            # that list one of them as related
            wanted = set(near)
            wanted.update(filter(None, map(index.previous.get, near)))
            wanted.update(filter(None, map(index.following.get, near)))
            wanted.update(a for a, related in index.related.items() if not near.isdisjoint(related))
        for article in index.articles:
            aid = article_id(article)
            if wanted is not None and aid not in wanted:
                continue
            args = (
                aid,
                index.article_entities.get(aid, ()),
                index.previous.get(aid),
                index.following.get(aid),
                index.related.get(aid, ()),
            )
            yield Page(urls.article(article), "article.html", "article", args)

    def _inputs_article(
        self,
        aid: str,
        keys: tuple[str, ...],
        prev_id: str | None,
        next_id: str | None,
        related: tuple[str, ...],
    ) -> tuple[object, ...]:
        heads = self.index.by_id  # inline card_fp: this runs for every article page
        return (
            heads[aid].shown,
            tuple(map(self.link_facts, keys)),
            self.card_fp(prev_id),
            self.card_fp(next_id),
            tuple([heads[r].card for r in related]),
        )

    def _view_article(
        self,
        aid: str,
        keys: tuple[str, ...],
        prev_id: str | None,
        next_id: str | None,
        related: tuple[str, ...],
    ) -> ArticleView:
        article = self.head(aid)
        path = urls.article(article)
        groups = []
        members = [self.entity(k) for k in keys]
        for kind in (PERSON, ORG, PLACE):
            links = tuple(
                self.entity_link(e)
                for e in sorted(members, key=lambda e: e.name.casefold())
                if e.type == kind
            )
            if links:
                groups.append(EntityGroup(TYPE_LABELS[kind], links))
        title = headline(article.title)
        body, dateline_in_body = lead_with_dateline(
            self.body(aid), article.dateline, article.agency
        )
        picture = article.picture
        shared = _shared_image(picture)
        return ArticleView(
            head=Head(
                title=title,
                canonical=self.absolute(path),
                description=article.summary,
                og_type="article",
                jsonld=self._article_jsonld(article, path, members),
                image_url=self.absolute(shared.path) if shared else "",
                image_width=shared.width if shared else 0,
                image_height=shared.height if shared else 0,
                image_alt=picture.alt if picture else "",
            ),
            title=title,
            url=self.href(path),
            dateline=article.dateline,
            agency=article.agency,
            byline=article.byline,
            date_iso=iso(article.date),
            date_human=human_date(article.date),
            updated_iso=iso(article.updated) if article.updated else None,
            updated_human=human_date(article.updated) if article.updated else None,
            body_html=body,
            dateline_in_body=dateline_in_body,
            tags=self._tag_links(article),
            entity_groups=tuple(groups),
            previous=self._article_link(prev_id),
            next=self._article_link(next_id),
            related=tuple(self.card(r) for r in related),
            section=self._section_link(article.section),
            image=picture_view(picture),
        )

    def _section_link(self, name: str | None) -> Link | None:
        if name is None or name not in self.section_titles:
            return None
        return Link(self.section_titles[name], self.href(urls.section(name)))

    def _article_link(self, aid: str | None) -> Link | None:
        if aid is None:
            return None
        card = self.card(aid)
        return Link(card.title, card.url)

    def _article_jsonld(
        self, article: ArticleHead, path: str, members: Sequence[Entity]
    ) -> dict[str, Any]:
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
        if article.section in self.section_titles:
            data["articleSection"] = self.section_titles[article.section]
        mentions = []
        for entity in members:
            item: dict[str, Any] = {"@type": SCHEMA_TYPES[entity.type], "name": entity.name}
            if entity.has_page:
                item["url"] = self.absolute(urls.entity(entity.type, entity.slug))
            mentions.append(item)
        if mentions:
            data["mentions"] = mentions
        shared = _shared_image(article.picture)
        if shared is not None:
            data["image"] = {
                "@type": "ImageObject",
                "url": self.absolute(shared.path),
                "width": shared.width,
                "height": shared.height,
            }
        return data

    # -- lists ------------------------------------------------------------------

    def _pager(self, base: str, page: int, pages: int) -> Pager:
        return Pager(
            page=page,
            pages=pages,
            previous_url=self.href(urls.paged(base, page - 1)) if page > 1 else None,
            next_url=self.href(urls.paged(base, page + 1)) if page < pages else None,
            links=tuple(
                None if n is None else PageLink(n, self.href(urls.paged(base, n)), n == page)
                for n in pager_window(page, pages)
            ),
        )

    def _chunks(self, items: Sequence[Any]) -> Iterator[tuple[int, int, tuple[Any, ...]]]:
        size = self.config.per_page
        pages = max(1, math.ceil(len(items) / size))
        for page in range(1, pages + 1):
            yield page, pages, tuple(items[(page - 1) * size : page * size])

    def list_pages(
        self,
        base: str,
        heading: str,
        intro: str,
        ids: Sequence[str],
        with_feed: bool = False,
        children: tuple[tuple[str, str, int], ...] = (),
        near: AbstractSet[str] | None = None,
        first_template: str = "list.html",
        blocks: Sequence[Section] = (),
    ) -> Iterator[Page]:
        """The pages of one list (with ``near``, those holding one of those articles);
        ``children`` are (text, url, count) links for page 1, ``blocks`` the sections
        whose latest other headlines page 1 shows."""
        for page, pages, chunk in self._chunks(ids):
            args: tuple[Any, ...] = (base, heading, intro, chunk, page, pages, with_feed, children)
            named = set(chunk)
            if page == 1 and blocks:
                shown = tuple(
                    (s.name, s.title, tuple([i for i in s.articles if i not in named][:HOME_BLOCK]))
                    for s in blocks
                )
                args = (*args, tuple(block for block in shown if block[2]))
                named.update(i for block in shown for i in block[2])
            if near is not None and near.isdisjoint(named):
                continue
            # A front page's first page leads with its newest story over a grid.
            template = first_template if page == 1 else "list.html"
            yield Page(urls.paged(base, page), template, "list", args)

    def _inputs_list(
        self,
        base: str,
        heading: str,
        intro: str,
        chunk: tuple[str, ...],
        page: int,
        pages: int,
        with_feed: bool,
        children: tuple[tuple[str, str, int], ...],
        blocks: tuple[tuple[str, str, tuple[str, ...]], ...] = (),
    ) -> tuple[object, ...]:
        heads = self.index.by_id
        cards = tuple([heads[i].card for i in chunk])
        if blocks:
            return (cards, tuple(tuple([heads[i].card for i in ids]) for _, _, ids in blocks))
        return cards

    def _view_list(
        self,
        base: str,
        heading: str,
        intro: str,
        chunk: tuple[str, ...],
        page: int,
        pages: int,
        with_feed: bool,
        children: tuple[tuple[str, str, int], ...],
        blocks: tuple[tuple[str, str, tuple[str, ...]], ...] = (),
    ) -> ListView:
        path = urls.paged(base, page)
        if base == "" and page > 1:  # not the site's name again: it heads every page
            heading = "Latest stories"
        title = heading if page == 1 else f"{heading} (page {page})"
        head = Head(
            title=title,
            canonical=self.absolute(path),
            description=intro or heading,
            feed_url=self.href(urls.feed(base)) if with_feed else None,
        )
        return ListView(
            head=head,
            heading=heading,
            intro=intro,
            cards=tuple(self.card(i) for i in chunk),
            pager=self._pager(base, page, pages),
            children=tuple(Link(*child) for child in children) if page == 1 else (),
            sections=tuple(
                SectionBlock(title, self.href(urls.section(name)), tuple(map(self.card, ids)))
                for name, title, ids in blocks
            ),
        )

    def section_pages(self, near: AbstractSet[str] | None = None) -> Iterator[Page]:
        """Each section's front (lead and grid, then lists) and the sections index."""
        if near is None:
            rows = tuple((s.name, s.title, len(s.articles)) for s in self.sections)
            yield Page(urls.sections_index(), "directory.html", "sections", (rows,))
        for section in self.sections:
            count = len(section.articles)
            intro = section.description or f"{count} article{'s' if count != 1 else ''}."
            yield from self.list_pages(
                urls.section(section.name), section.title, intro,
                self.front_ids(section.articles), True, near=near, first_template="section.html",
            )  # fmt: skip

    def _inputs_sections(self, rows: tuple[tuple[str, str, int], ...]) -> tuple[()]:
        return ()

    def _view_sections(self, rows: tuple[tuple[str, str, int], ...]) -> DirectoryView:
        links = tuple(Link(title, self.href(urls.section(name)), n) for name, title, n in rows)
        return DirectoryView(
            head=self._simple_head("Sections", urls.sections_index()),
            heading="Sections",
            intro=f"{len(links)} sections.",
            groups=(IndexGroup("All sections", "all", links),) if links else (),
        )

    def archive_pages(self, near: AbstractSet[str] | None = None) -> Iterator[Page]:
        summary = []
        for year_number, months in self.index.years:
            month_links = tuple(
                (f"{MONTHS[m - 1]} {year_number}", self.href(urls.month(year_number, m)), len(ids))
                for m, ids in months
            )
            summary.append((year_number, tuple((m, len(ids)) for m, ids in months)))
            year_ids = [i for _, ids in months for i in ids]
            yield from self.list_pages(
                urls.year(year_number),
                f"Archive: {year_number}",
                f"{len(year_ids)} articles from {year_number}.",
                year_ids,
                children=month_links,
                near=near,
            )
            for m, ids in months:
                yield from self.list_pages(
                    urls.month(year_number, m),
                    f"Archive: {MONTHS[m - 1]} {year_number}",
                    f"{len(ids)} articles from {MONTHS[m - 1]} {year_number}.",
                    ids,
                    near=near,
                )
        yield Page("archive/", "directory.html", "archive", (tuple(summary),))

    def _inputs_archive(self, years: YearCounts) -> tuple[()]:
        return ()

    def _view_archive(self, years: YearCounts) -> DirectoryView:
        groups = []
        for year_number, months in years:
            month_links = tuple(
                Link(f"{MONTHS[m - 1]} {year_number}", self.href(urls.month(year_number, m)), n)
                for m, n in months
            )
            groups.append(
                IndexGroup(
                    str(year_number),
                    f"y{year_number}",
                    month_links,
                    self.href(urls.year(year_number)),
                )
            )
        return DirectoryView(
            head=self._simple_head("Archive", "archive/"),
            heading="Archive",
            intro="Every article by year and month.",
            groups=tuple(groups),
        )

    def tag_pages(self, near: AbstractSet[str] | None = None) -> Iterator[Page]:
        rows = tuple((t.name, t.slug, len(t.articles)) for t in self.index.tags)
        yield Page(urls.tags_index(), "directory.html", "tags", (rows,))
        for tag in self.index.tags:
            base = urls.tag(tag.slug)
            yield from self.list_pages(
                base, f"Tag: {tag.name}", f"{len(tag.articles)} articles.", tag.articles, True,
                near=near,
            )  # fmt: skip

    def _inputs_tags(self, rows: tuple[tuple[str, str, int], ...]) -> tuple[()]:
        return ()

    def _view_tags(self, rows: tuple[tuple[str, str, int], ...]) -> DirectoryView:
        links = tuple(Link(name, self.href(urls.tag(slug)), count) for name, slug, count in rows)
        return DirectoryView(
            head=self._simple_head("Tags", urls.tags_index()),
            heading="Tags",
            intro=f"{len(links)} tags.",
            groups=(IndexGroup("All tags", "all", links),) if links else (),
        )

    # -- entities ---------------------------------------------------------------

    def entity_pages(self, near: AbstractSet[str] | None = None) -> Iterator[Page]:
        if near is None:  # the index and redirects name no article
            rows = tuple((e.type, e.name, e.slug, e.has_page, e.count) for e in self.index.entities)
            yield Page(urls.entities_index(), "directory.html", "entities", (rows,))
        for entity in self._entities_near(near):
            base = urls.entity(entity.type, entity.slug)
            # Plain (article id, sentence) pairs: signatures hash plain data fastest.
            for page, pages, chunk in self._chunks(tuple(map(tuple, entity.refs))):
                path = urls.paged(base, page)
                yield Page(path, "entity.html", "entity", (entity.key, page, pages, chunk))
        if near is None:
            for redirect in self.index.redirects:
                args = (redirect.type, redirect.slug, redirect.target)
                page_path = urls.entity(redirect.type, redirect.slug)
                yield Page(page_path, "redirect.html", "redirect", args)

    def _inputs_entities(self, rows: tuple[tuple[str, str, str, bool, int], ...]) -> tuple[()]:
        return ()

    def _view_entities(self, rows: tuple[tuple[str, str, str, bool, int], ...]) -> DirectoryView:
        groups = []
        for kind in (PERSON, ORG, PLACE):
            links = tuple(self._link(*row) for row in rows if row[0] == kind)
            if links:
                groups.append(IndexGroup(TYPE_LABELS[kind], TYPE_LABELS[kind].lower(), links))
        return DirectoryView(
            head=self._simple_head("People, organizations and places", urls.entities_index()),
            heading="People, organizations and places",
            intro="Everyone and everything the archive mentions, A to Z, with article counts.",
            groups=tuple(groups),
            filter_box=True,
        )

    def _inputs_entity(
        self, key: str, page: int, pages: int, chunk: tuple[tuple[str, str], ...]
    ) -> tuple[object, ...]:
        heads = self.index.by_id
        return (self.entity_fp(key), tuple([heads[ref[0]].card for ref in chunk]))

    def _view_entity(
        self, key: str, page: int, pages: int, chunk: tuple[tuple[str, str], ...]
    ) -> EntityView:
        """One page of an entity; ``chunk`` is its (article id, sentence) refs."""
        entity = self.entity(key)
        parts = self._entity_parts_of(entity)
        base = urls.entity(entity.type, entity.slug)
        path = urls.paged(base, page)
        title = entity.name if page == 1 else f"{entity.name} (page {page})"
        return EntityView(
            head=Head(
                title=title,
                canonical=self.absolute(path),
                description=parts.summary,
                og_type="profile" if entity.type == PERSON else "website",
                feed_url=self.href(urls.feed(base)),
                jsonld=parts.jsonld,
            ),
            name=entity.name,
            type_label=TYPE_SINGULAR[entity.type],
            description=entity.description,
            external_url=entity.link,
            aliases=entity.aliases,
            roles=entity.roles,
            first_human=human_date(parts.first),
            last_human=human_date(parts.last),
            first_iso=iso(parts.first),
            last_iso=iso(parts.last),
            count=entity.count,
            chart_svg=parts.chart,
            related=parts.related,
            cards=tuple(self._card(self.head(aid), sentence) for aid, sentence in chunk),
            pager=self._pager(base, page, pages),
            feed_url=self.href(urls.feed(base)),
        )

    def _entity_parts_of(self, entity: Entity) -> _EntityParts:
        """What every page of one entity shares, computed once per entity."""
        found = self._entity_parts.get(entity.key)
        if found is not None:
            return found
        base = urls.entity(entity.type, entity.slug)
        dates = [self.head(r.article).date for r in entity.refs]
        # One article has no "over time" to chart and no "often" to be mentioned with.
        single = entity.count < 2
        related = (
            ()
            if single
            else tuple(self.entity_link(self.entity(key), count) for key, count in entity.related)
        )
        chart = (
            ""
            if single
            else bar_chart(buckets(d.date() for d in dates), f"Articles mentioning {entity.name}")
        )
        summary = entity.description or (
            f"{TYPE_SINGULAR[entity.type]}: {entity.name}, mentioned in {entity.count} articles."
        )
        found = _EntityParts(
            min(dates), max(dates), related, chart, summary, self._entity_jsonld(entity, base)
        )
        self._entity_parts[entity.key] = found
        return found

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

    def _inputs_redirect(self, kind: str, slug: str, target: str) -> str:
        return self.link_facts(target)

    def _view_redirect(self, kind: str, slug: str, target: str) -> RedirectView:
        """A renamed or merged entity's old URL, pointing at the page it became."""
        entity = self.entity(target)
        path = urls.entity(entity.type, entity.slug)
        return RedirectView(entity.name, self.href(path), self.absolute(path))

    # -- feeds and the rest --------------------------------------------------------

    def feeds(self, near: AbstractSet[str] | None = None) -> Iterator[Page]:
        limit = self.config.feed_limit
        everything = tuple(article_id(a) for a in self.index.articles[:limit])
        yield self._feed("", self.config.title, everything)
        for tag in self.index.tags:
            title = f"{self.config.title}: {tag.name}"
            yield self._feed(urls.tag(tag.slug), title, tag.articles[:limit])
        for section in self.sections:
            title = f"{self.config.title}: {section.title}"
            yield self._feed(urls.section(section.name), title, section.articles[:limit])
        for entity in self._entities_near(near):
            ids = tuple(r.article for r in entity.refs[:limit])
            base = urls.entity(entity.type, entity.slug)
            yield self._feed(base, f"{self.config.title}: {entity.name}", ids)

    def _feed(self, base: str, title: str, ids: tuple[str, ...]) -> Page:
        return Page(urls.feed(base), "atom.xml", "feed", (base, title, ids))

    def _inputs_feed(self, base: str, title: str, ids: tuple[str, ...]) -> tuple[object, ...]:
        heads = self.index.by_id
        fps = tuple([heads[i].shown for i in ids])
        # An empty feed's <updated> is the start of the build year (in self.shared).
        return fps

    def _view_feed(self, base: str, title: str, ids: tuple[str, ...]) -> FeedView:
        entries = []
        for aid in ids:
            article = self.head(aid)
            path = urls.article(article)
            entries.append(
                FeedEntry(
                    title=article.title,
                    url=self.absolute(path),
                    published=iso(article.date),
                    updated=iso(article.updated or article.date),
                    summary=article.summary,
                    content_html=self.body(aid),
                    author=article.byline,
                    image=self._feed_image(article.picture),
                )
            )
        updated = max((e.updated for e in entries), default=iso(self.year_start))
        return FeedView(
            title, self.absolute(urls.feed(base)), self.absolute(base), updated, tuple(entries)
        )

    def _feed_image(self, picture: Picture | None) -> FeedImage | None:
        shared = _shared_image(picture)
        if picture is None or shared is None:
            return None
        url = self.absolute(shared.path)
        return FeedImage(
            url, shared.width, shared.height, picture.alt, picture.caption, picture.credit
        )

    def news_sitemap(self) -> Page:
        """The Google News sitemap's page: the articles of the NEWS_WINDOW up to the
        newest one, newest first (a function of the content, never of the clock)."""
        heads = self.index.articles
        ids: tuple[str, ...] = ()
        if heads:
            since = heads[0].date - NEWS_WINDOW
            ids = tuple(article_id(h) for h in heads[:NEWS_MAX] if h.date >= since)
        return Page(urls.news_sitemap(), "news-sitemap.xml", "newsmap", (ids,))

    def _inputs_newsmap(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        heads = self.index.by_id
        return tuple([heads[i].shown for i in ids])

    def _view_newsmap(self, ids: tuple[str, ...]) -> NewsSitemapView:
        entries = []
        for aid in ids:
            article = self.head(aid)
            url = self.absolute(urls.article(article))
            entries.append(NewsEntry(url, article.title, iso(article.date)))
        language = news_language(self.config.language)
        return NewsSitemapView(self.config.title, language, tuple(entries))

    def _simple_head(self, title: str, path: str, noindex: bool = False) -> Head:
        return Head(title=title, canonical=self.absolute(path), description=title, noindex=noindex)

    def sitemaps(self, pages: Sequence[Page]) -> list[tuple[str, str, tuple[object, ...]]]:
        """(output path, template, what it lists) of every sitemap file: sitemap.xml
        listing every URL, or, past SITEMAP_URLS, sitemap.xml as the index of
        sitemap-1.xml, sitemap-2.xml... (URLs in order, SITEMAP_URLS a file)."""
        found = self.sitemap_urls(pages)
        if len(found) <= SITEMAP_URLS:
            return [("sitemap.xml", "sitemap.xml", tuple(found))]
        parts = [
            (f"sitemap-{n}.xml", "sitemap.xml", tuple(found[start : start + SITEMAP_URLS]))
            for n, start in enumerate(range(0, len(found), SITEMAP_URLS), 1)
        ]
        listed = tuple(self.absolute(path) for path, _, _ in parts)
        listed += (self.absolute(urls.news_sitemap()),)
        return [("sitemap.xml", "sitemap-index.xml", listed), *parts]

    def sitemap_urls(self, pages: Sequence[Page]) -> list[tuple[str, str | None]]:
        """(absolute URL, lastmod) of every HTML page worth indexing."""
        lastmod = {urls.article(a): iso(a.updated or a.date) for a in self.index.articles}
        found = []
        for page in pages:
            if not page.path.endswith("/") and page.path != "":
                continue
            if page.kind == "redirect":
                continue  # an old address, not a page of its own
            found.append((self.absolute(page.path), lastmod.get(page.path)))
        return sorted(found)


def _shared_image(picture: Picture | None) -> Rendition | None:
    """The derivative other sites show (OpenGraph, Twitter, JSON-LD): the largest JPEG."""
    if picture is None:
        return None
    return [r for r in picture.renditions if r.format == "jpeg"][-1]


@dataclass(frozen=True, slots=True)
class _EntityParts:
    first: datetime
    last: datetime
    related: tuple[Link, ...]
    chart: str
    summary: str
    jsonld: dict[str, Any]
