"""What every import reader yields: an item to write, or a note of one it skipped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Literal

BodyFormat = Literal["html", "markdown", "text"]


@dataclass(frozen=True, slots=True)
class Item:
    """One article of an export, as plain values."""

    source_id: str  # stable across exports of the same item: recognises earlier imports
    position: str  # where it is in the export ("item 12", "line 40"), for messages
    title: str
    body: str
    body_format: BodyFormat
    date: datetime | None = None
    updated: datetime | None = None
    author: str = ""
    summary: str = ""
    slug: str = ""
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry of the export that is not imported, and why."""

    position: str
    reason: str
    malformed: bool  # True: broken input worth a warning; False: not an article (a page...)


class BadValue(ValueError):
    """A field of one item cannot be read; the item is reported and skipped."""


def parse_date(text: str, field: str) -> datetime | None:
    """An ISO 8601 or RFC 822 date (as feeds and most CMS exports write them)."""
    value = text.strip()
    if not value or value.startswith("0000-00-00"):  # WordPress's "never" for drafts
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        raise BadValue(f"{field}: {value[:60]!r} is not a date") from None


def split_list(text: str) -> tuple[str, ...]:
    """A list given as one string: "a, b; c" -> ("a", "b", "c"), blanks and repeats dropped."""
    seen: dict[str, None] = {}
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return tuple(seen)
