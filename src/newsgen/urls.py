"""The one place that decides every URL and output path.

Paths here are site-relative with pretty URLs ("2024/05/slug/"); ``href``
prefixes the base path so a site works when hosted under a sub-path.
"""

from __future__ import annotations

import functools
import hashlib
import re

from newsgen.model import ORG, PERSON, PLACE, Article, ArticleHead

ENTITY_FOLDERS = {PERSON: "people", ORG: "organizations", PLACE: "places"}


# The longest path component (folder name) a slug may make, in bytes of UTF-8: file
# systems refuse names over 255 bytes (ENAMETOOLONG), some (eCryptfs) over 143,
# and a URL this long is already unreadable.
MAX_COMPONENT_BYTES = 140
_HASH_CHARS = 10


def component(slug: str) -> str:
    """``slug`` made fit for one path component: unchanged when it fits in
    ``MAX_COMPONENT_BYTES``, else cut on a character boundary and given a short
    hash of the whole slug, so two long slugs that share a beginning stay apart
    and the same slug always gives the same component."""
    data = slug.encode("utf-8", "surrogatepass")
    if len(data) <= MAX_COMPONENT_BYTES:
        return slug
    digest = hashlib.sha256(data).hexdigest()[:_HASH_CHARS]
    keep = data[: MAX_COMPONENT_BYTES - _HASH_CHARS - 1].decode("utf-8", "ignore")
    return f"{keep.rstrip('-')}-{digest}"


def article(item: Article | ArticleHead) -> str:
    return f"{item.date.year:04d}/{item.date.month:02d}/{item.slug}/"


# The output files of article pages (``article``), as a glob and as a pattern for
# site-relative paths ('*' spans no '/'): what the search index reads.
ARTICLE_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"
ARTICLE_FILE = re.compile(r"[0-9]{4}/[0-9]{2}/[^/]+/index\.html")


def paged(base: str, page: int) -> str:
    """Page 1 lives at ``base``; later pages at ``base/page/N/``."""
    return base if page <= 1 else f"{base}page/{page}/"


def year(number: int) -> str:
    return f"{number:04d}/"


def month(year_number: int, month_number: int) -> str:
    return f"{year_number:04d}/{month_number:02d}/"


def tags_index() -> str:
    return "tags/"


@functools.lru_cache(maxsize=4096)  # slugify is slow, and an archive has few distinct tags
def tag_slug(name: str) -> str:
    """A tag's slug: its URL component, and what tells two tags apart."""
    from slugify import slugify

    return component(slugify(name))


@functools.lru_cache(maxsize=1 << 16)  # pure, and slugify is slow: names recur a lot
def entity_slug(key: str) -> str:
    """The URL slug of an entity key: a function of the key alone, so stable.

    Counts, order and aliases never enter it, so adding an article or an alias
    cannot move a page. A key whose slug is not simply its words joined by '-'
    (non-Latin letters, transliterated) gets a short hash of the key, so two such
    keys can never collide and neither can take the other's URL later.
    """
    from slugify import slugify

    name = key.partition(":")[2]
    slug = slugify(name)
    if slug and slug == name.replace(" ", "-"):
        return component(slug)
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return component(f"{slug or 'entity'}-{digest}")


def plain_entity_slug(key: str) -> str:
    """An entity key's words joined by '-': its slug, for most keys (``entity_slug``)."""
    return key.partition(":")[2].replace(" ", "-")


def tag(slug: str, page: int = 1) -> str:
    return paged(f"tags/{slug}/", page)


def sections_index() -> str:
    return "sections/"


def section(name: str, page: int = 1) -> str:
    return paged(f"sections/{name}/", page)


def news_sitemap() -> str:
    return "news-sitemap.xml"


def entities_index() -> str:
    return "entities/"


def entity(kind: str, slug: str, page: int = 1) -> str:
    return paged(f"entities/{ENTITY_FOLDERS[kind]}/{slug}/", page)


def feed(base: str = "") -> str:
    return f"{base}atom.xml"


def search() -> str:
    return "search/"


def output_file(path: str) -> str:
    """The file a site-relative URL path is written to."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative(from_page: str, path: str) -> str:
    """A link from one site path to another that works under any base path.

    Relative links keep a site working wherever it is mounted: under the base
    URL's sub-path, at a server's root, or from a preview server.
    """
    depth = from_page.count("/")
    return ("../" * depth + path) or "./"


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path
