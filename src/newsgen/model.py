"""The records that flow through the pipeline. Stdlib only, all frozen.

Records refer to each other by slug or key, never by back-reference; a stage
that adds information returns a new record with ``dataclasses.replace``.
"""

from __future__ import annotations

import hashlib
import marshal
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast


def reduce_to_fields(self: object) -> tuple[type, tuple[object, ...]]:
    """Pickle a frozen slotted record as its class and field values.

    The dataclass default restores each object through a generic ``__setstate__``
    that looks up the fields every time; calling the constructor halves the cost of
    reading back the hundreds of thousands of records a cached 10,000-article
    archive holds."""
    return (type(self), tuple(getattr(self, name) for name in self.__slots__))  # type: ignore[attr-defined]


PERSON = "PERSON"
ORG = "ORG"
PLACE = "PLACE"
ENTITY_TYPES: tuple[str, ...] = (PERSON, ORG, PLACE)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One content file as read from disk, before any parsing."""

    __reduce__ = reduce_to_fields

    path: str  # site-relative POSIX path, e.g. "content/2024/budget.md"
    data: bytes
    created: datetime | None = None  # first git commit, if any
    modified: datetime | None = None  # last git commit, else file mtime
    mtime: datetime | None = None
    listed: datetime | None = None  # the date the site's dates file gives it (dating.py)


@dataclass(frozen=True, slots=True)
class Discarded:
    """A piece of a raw file that the reader dropped, and why."""

    __reduce__ = reduce_to_fields

    text: str
    reason: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RawRecord:
    """What the raw-text reader makes of a file's text (no front matter)."""

    __reduce__ = reduce_to_fields

    title: str
    paragraphs: tuple[str, ...]
    dateline: str | None = None  # the place, as written: "BEIJING"
    agency: str | None = None  # "APP", "Reuters", "AP"
    dateline_date: str | None = None  # as written in the dateline: "Nov 26"
    byline: str | None = None  # the name only
    date: date | None = None  # only where the text states a full date
    discarded: tuple[Discarded, ...] = ()
    layout: str = "clean"  # which layout family the reader recognised


@dataclass(frozen=True, slots=True)
class Mention:
    """A named entity found in a text: character span, type, canonical name."""

    __reduce__ = reduce_to_fields

    start: int
    end: int  # exclusive
    text: str
    type: str  # PERSON, ORG or PLACE
    name: str  # the canonical name this mention resolves to

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "name": self.name,
        }


@dataclass(frozen=True, slots=True)
class ArticleDigest:
    """What the site index needs from one article alone, worked out once per article.

    The extract stage fills it (in the parse workers, cached with the article by
    content hash), so building the index on every rebuild only adds these up across
    the archive. Entities are keyed by their in-article entity key (type and folded
    name) before any archive-wide rule (registry, acronyms, surnames) applies. Plain
    tuples, not records: they are unpickled for every article on every build.
    """

    __reduce__ = reduce_to_fields

    keys: tuple[str, ...] = ()  # the entities' keys, sorted
    # For each key: the index of its first mention with text (-1: none) and that
    # mention's sentence, and the slug of the entity's page ("" when it is the
    # plain one, the key's words joined by '-', which most are: saves memory).
    firsts: tuple[int, ...] = ()
    sentences: tuple[str, ...] = ()
    slugs: tuple[str, ...] = ()
    # (key, name or text as written, times as the canonical name, times as written)
    forms: tuple[tuple[str, str, int, int], ...] = ()
    roles: tuple[tuple[str, str, int], ...] = ()  # (key, role next to the person, times)
    acronyms: tuple[tuple[str, str], ...] = ()  # (acronym's key, key of the name it stands for)
    titles: tuple[tuple[str, str], ...] = ()  # (key, title written before a person: "mr")
    tag_slugs: tuple[str, ...] = ()  # the slug of each of the article's tags, in order


@dataclass(frozen=True, slots=True)
class ImageSpec:
    """Front matter ``image:`` as written: where the file is and what to say of it.

    ``alt`` is None when not given (a warning: the image is then shown with an
    empty alt, as decoration); ``src`` is resolved by ``newsgen.images``."""

    __reduce__ = reduce_to_fields

    src: str
    alt: str | None = None
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True, slots=True)
class Rendition:
    """One derivative of an image: its site path (content-hashed), size and format."""

    __reduce__ = reduce_to_fields

    path: str  # e.g. "images/3f9a...-800.webp"
    width: int
    height: int
    format: str  # "webp" or "jpeg"


@dataclass(frozen=True, slots=True)
class Picture:
    """An article's image as pages show it: the derivatives ``newsgen.images`` makes
    (smallest first, each width in WebP then JPEG) and the words that go with it.
    ``width`` and ``height`` are the largest derivative's."""

    __reduce__ = reduce_to_fields

    alt: str
    caption: str
    credit: str
    width: int
    height: int
    renditions: tuple[Rendition, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """One article, parsed; ``mentions`` is filled by the extract stage."""

    __reduce__ = reduce_to_fields

    source_path: str
    title: str
    slug: str
    date: datetime
    text: str  # plain text of title and body: what entities are found in
    body_html: str  # safe HTML
    summary: str
    updated: datetime | None = None
    dateline: str | None = None
    agency: str | None = None
    byline: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    format: str = "text"  # "text" or "markdown"
    date_source: str = "front matter"
    declared_entities: tuple[tuple[str, str], ...] = ()  # (type, name) from front matter
    mentions: tuple[Mention, ...] = ()
    discarded: tuple[Discarded, ...] = ()
    # Filled with the mentions by the extract stage; None means "work it out when needed".
    digest: ArticleDigest | None = None
    featured: bool = False  # front matter: lead the front page (the newest such leads)
    section: str | None = None  # front matter or folder (sections.py): "economy"
    image: ImageSpec | None = None  # front matter; the file is read by newsgen.images


# The Article fields pages may show: an article page reads these of its own article
# (a feed of its entries), a list or entity page the card fields of its articles.
# ``ArticleHead`` carries a fingerprint of each set, and tests/unit/test_views.py
# checks that building every view reads no other field. ``text``, ``mentions`` and
# the like reach pages only through the index (entities, sentences), hashed there.
SHOWN_FIELDS = (
    "source_path", "slug", "title", "date", "updated", "summary", "dateline", "agency",
    "byline", "tags", "section", "body_html",
)  # fmt: skip
CARD_FIELDS = ("slug", "title", "date", "summary", "dateline", "byline", "tags")
# Head fields an I/O stage after gather fills (``newsgen.images``): it folds each
# into the head's ``shown`` and ``card`` fingerprints as it sets it, since the file
# they come from is not the article's (its bytes are not in the article's key).
STAGED_FIELDS = ("picture",)
# What the site index and the page recipes read of an article: these head fields
# and every digest field but the sentences. The rest (the SHOWN_FIELDS and
# CARD_FIELDS not listed here, the sentences) reaches a page only through the
# signature inputs of a page whose recipe names the article, so a rebuild in which
# no article's frame changed re-signs only the pages naming a changed article
# (tests/unit/test_views.py checks this for every single-input change). ``updated``
# is here because the sitemaps list every article's date of last change.
# ``featured`` is here because it decides which article leads the front page, and so
# the order of every front-page list page; ``section`` because it decides which
# section pages and feeds list the article, and which sections the navigation shows.
FRAME_FIELDS = (
    "source_path", "slug", "date", "updated", "tags", "draft", "featured", "section",
)  # fmt: skip
# The digest fields the index's entities are made of: all but the sentences (filled
# in afresh by every build) and the tag slugs. ``ArticleHead.named`` fingerprints
# them, so the entities memo's key names an archive's worth of them without
# hashing every digest on every build.
ENTITY_FIELDS = ("keys", "firsts", "slugs", "forms", "roles", "acronyms", "titles")
DIGEST_FRAME_FIELDS = (*ENTITY_FIELDS, "tag_slugs")


def fingerprint(*parts: object) -> str:
    """A short hex digest of plain data (tuples, strings, numbers, dates, records).

    Each part is framed by its kind and length. A str part is hashed as its
    UTF-8 bytes (fast for article bodies); plain data (tuples, lists and dicts of
    strings, numbers, None and bools) as its marshal bytes, format 2, which
    has no back-references, so equal values give equal bytes however they
    share objects (unlike pickle), and is several times faster than repr();
    anything else (dates, records) as its repr(), which is deterministic and
    tells values apart (strings are quoted and escaped, dataclasses list every
    field).
    """
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        if type(part) is str:
            data = part.encode("utf-8", "surrogatepass")
            digest.update(b"\0s%d\0" % len(data))
        else:
            try:
                # marshal itself tells plain data from the rest (ValueError)
                data = marshal.dumps(cast(Any, part), 2)
                digest.update(b"\0m%d\0" % len(data))
            except ValueError:  # not plain data: a date, a record, a named tuple
                data = repr(part).encode("utf-8", "surrogatepass")
                digest.update(b"\0r%d\0" % len(data))
        digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ArticleHead:
    """An article without its body: all the index, lists and page signatures read.

    Made once per article in the extract stage and cached with it, so a rebuild
    loads ten thousand of these (one pickle) instead of ten thousand full articles;
    of the rest, pages show only ``body_html``, read only for a page that is rendered.
    ``shown`` and ``card`` fingerprint the article's ``SHOWN_FIELDS`` and
    ``CARD_FIELDS``, so a page signature names them without hashing a body again;
    ``named`` fingerprints its digest's ``ENTITY_FIELDS``, so the index's memo keys
    name them without hashing them again.
    """

    __reduce__ = reduce_to_fields

    source_path: str
    slug: str
    title: str
    date: datetime
    summary: str
    updated: datetime | None
    dateline: str | None
    agency: str | None
    byline: str | None
    tags: tuple[str, ...]
    draft: bool
    digest: ArticleDigest
    shown: str
    card: str
    frame: str  # fingerprint of FRAME_FIELDS and DIGEST_FRAME_FIELDS
    named: str  # fingerprint of the digest's ENTITY_FIELDS
    featured: bool = False
    section: str | None = None
    # Fingerprint of the title and body: equal for copies of one story (collisions.py).
    content: str = ""
    image: ImageSpec | None = None  # the front matter's, for newsgen.images
    picture: Picture | None = None  # filled (and folded into shown, card) by newsgen.images


def head_of(article: Article, digest: ArticleDigest) -> ArticleHead:
    """The head of an article whose digest is ``digest``."""
    named = fingerprint(*(getattr(digest, name) for name in ENTITY_FIELDS))
    # The frame's digest fields are ENTITY_FIELDS, which ``named`` stands for, and the rest.
    digest_rest = (getattr(digest, n) for n in DIGEST_FRAME_FIELDS if n not in ENTITY_FIELDS)
    return ArticleHead(
        source_path=article.source_path,
        slug=article.slug,
        title=article.title,
        date=article.date,
        summary=article.summary,
        updated=article.updated,
        dateline=article.dateline,
        agency=article.agency,
        byline=article.byline,
        tags=article.tags,
        draft=article.draft,
        digest=digest,
        shown=fingerprint(*(getattr(article, name) for name in SHOWN_FIELDS)),
        card=fingerprint(*(getattr(article, name) for name in CARD_FIELDS)),
        frame=fingerprint(*(getattr(article, name) for name in FRAME_FIELDS), named, *digest_rest),
        named=named,
        featured=article.featured,
        section=article.section,
        content=fingerprint(article.title, article.body_html),
        image=article.image,
    )
