"""The metadata chain: defaults < git < path < text heuristics < dates file < front matter.

One small function per field; each takes what it needs and returns the value.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from slugify import slugify

from newsgen.errors import ContentError, Problem
from newsgen.model import ENTITY_TYPES, ORG, PERSON, PLACE, ImageSpec
from newsgen.safe_yaml import clip, quote
from newsgen.urls import component, tag_slug

_ENTITY_KEYS = {
    "people": PERSON,
    "person": PERSON,
    "persons": PERSON,
    "organizations": ORG,
    "organisations": ORG,
    "organization": ORG,
    "orgs": ORG,
    "org": ORG,
    "places": PLACE,
    "place": PLACE,
    "locations": PLACE,
}
# Every front matter field newsgen knows: the one list to add a new field to. Any
# other field is warned about (with its line, and the nearest of these if close).
KNOWN_FIELDS = frozenset(
    {
        "title", "date", "updated", "slug", "tags", "author", "byline", "summary",
        "dateline", "draft", "entities", "agency", "description", "categories", "keywords",
        "source", "featured",
        "section", "image",
    }
)  # fmt: skip


def nearest_field(name: str) -> str | None:
    """The known field ``name`` is most likely a misspelling of (``tittle``, ``tag``,
    ``autor``), or None when none is close."""
    if len(name) > 40:
        return None
    found = difflib.get_close_matches(name, sorted(KNOWN_FIELDS), n=1, cutoff=0.75)
    return found[0] if found else None


def as_datetime(value: Any, zone: ZoneInfo, field: str, path: str) -> datetime:
    """A front matter date/datetime/string as an aware datetime in ``zone`` if naive."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, str):
        try:
            result = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ContentError(
                f"{field}: {quote(value)} is not a date (use YYYY-MM-DD or an ISO date-time)", path
            ) from None
    else:
        raise ContentError(f"{field}: {quote(value)} is not a date", path)
    return result if result.tzinfo else result.replace(tzinfo=zone)


def date_from_path(path: str, zone: ZoneInfo) -> datetime | None:
    """The date the built-in path layouts give (``newsgen.dating.date_from_path``)."""
    from newsgen.dating import date_from_path as from_path

    return from_path(path, zone)


# Characters XML 1.0 cannot hold, even escaped (C0 controls but tab, newline and
# carriage return, which split() drops anyway; U+FFFE, U+FFFF): one in a title or
# a tag would make every feed that shows it unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_value(value: Any, field: str, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(_NOT_XML.sub(" ", str(value)).split())
        return text or None
    raise ContentError(f"{field}: must be text, got {type(value).__name__}", path)


def tag_list(value: Any, path: str) -> tuple[str, ...]:
    """Tags from a list or a comma-separated string; order kept, duplicates dropped."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        raise ContentError("tags: must be a list or a comma-separated string", path)
    seen: dict[str, str] = {}
    for item in items:
        name = text_value(item, "tags", path)
        if name and (slug := tag_slug(name)) and slug not in seen:
            seen[slug] = name
    return tuple(seen.values())


def declared_entities(value: Any, path: str) -> tuple[tuple[str, str], ...]:
    """Front matter ``entities: {people: [...], organizations: [...], places: [...]}``."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise ContentError("entities: must map people/organizations/places to lists", path)
    found: list[tuple[str, str]] = []
    for key, names in value.items():
        kind = _ENTITY_KEYS.get(str(key).lower()) or (key if key in ENTITY_TYPES else None)
        if kind is None:
            raise ContentError(
                f"entities: unknown kind {quote(key)} (use people, organizations or places)", path
            )
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list):
            raise ContentError(f"entities.{clip(str(key))}: must be a list of names", path)
        for name in names:
            text = text_value(name, f"entities.{clip(str(key))}", path)
            if text:
                found.append((kind, text))
    return tuple(found)


def flag(value: Any, field: str, path: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise ContentError(f"{field}: must be true or false, got {quote(value)}", path)


def make_slug(explicit: Any, title: str, path: str) -> str:
    if explicit is not None:
        if not isinstance(explicit, str | int | float) or isinstance(explicit, bool):
            raise ContentError(f"slug: must be text, got {type(explicit).__name__}", path)
        slug = component(slugify(str(explicit)))
        if not slug:
            raise ContentError(f"slug: {quote(explicit)} has no usable characters", path)
        return slug
    slug = slugify(title, max_length=80, word_boundary=True)
    if not slug:
        raise ContentError(
            f"title {quote(title)} gives an empty slug; set slug: in front matter", path
        )
    return slug


def summarise(paragraphs: list[str] | tuple[str, ...], words: int) -> str:
    """The first paragraph, cut at a word boundary with an ellipsis when longer."""
    for paragraph in paragraphs:
        parts = paragraph.split()
        if parts:
            return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
    return ""


_IMAGE_KEYS = ("src", "alt", "caption", "credit")


def image_spec(value: Any, path: str) -> tuple[ImageSpec | None, list[Problem]]:
    """Front matter ``image:``: a path, or a mapping of ``src``, ``alt``, ``caption``
    and ``credit``. A value of another shape is an error naming the field, but the
    article still builds (without an image); no ``alt`` is a warning."""
    if value is None:
        return None, []
    if isinstance(value, str):
        value = {"src": value}
    if not isinstance(value, dict):
        message = f"image: must be a file name or a mapping with src, alt, caption, credit; got {quote(value)}"
        return None, [Problem("error", message, path)]
    problems = []
    unknown = sorted(str(k) for k in value if k not in _IMAGE_KEYS)
    if unknown:
        message = f"image: unknown key {quote(unknown[0])} ignored (use src, alt, caption, credit)"
        problems.append(Problem("warning", message, path))
    texts: dict[str, str | None] = {}
    for key in _IMAGE_KEYS:
        item = value.get(key)
        if item is not None and not (
            isinstance(item, str | int | float) and not isinstance(item, bool)
        ):
            message = f"image.{key}: must be text, got {type(item).__name__}; image left out"
            return None, [*problems, Problem("error", message, path)]
        texts[key] = None if item is None else " ".join(_NOT_XML.sub(" ", str(item)).split())
    src = texts["src"]
    if not src:
        return None, [*problems, Problem("error", "image: no src (the image's file name)", path)]
    if texts["alt"] is None:
        message = (
            f"image {quote(src)}: no alt text (readers who cannot see it get nothing);"
            " give image.alt, or alt: '' for a purely decorative image"
        )
        problems.append(Problem("warning", message, path))
    spec = ImageSpec(src, texts["alt"], texts["caption"] or "", texts["credit"] or "")
    return spec, problems
