"""What the index needs of one article alone: its ``ArticleDigest``.

Worked out once per article in the extract stage (on the parse workers) and cached
with the article; ``build_index`` only adds digests up.
"""

from __future__ import annotations

import bisect
import itertools
import re

from newsgen import urls
from newsgen.entities.identity import clean_mentions, entity_key
from newsgen.model import ENTITY_TYPES, PERSON, Article, ArticleDigest, ArticleHead, head_of
from newsgen.roles import find_roles

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n+")
# The same breaks, each matched from the character before it when that is the
# full stop: a pattern that opens with one character set lets the scan skip to
# the next candidate instead of trying the lookbehind at every character (4x
# faster over a whole article). A break starts after a matched stop, at a newline.
_SENTENCE_BREAK = re.compile(r"[.!?…\n](?:(?<=\n)\n*|[\"'”’)]*\s+)")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")


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


def _unusual_slug(key: str) -> str:
    """The key's slug where it is not simply its words joined by '-', else "" (saves memory)."""
    slug = urls.entity_slug(key)
    return "" if slug == urls.plain_entity_slug(key) else slug
