"""Sections (economy, health, sport): which one an article is in, and the site's list.

An article's section is its front matter ``section:`` when given (``false`` for
none), else the first folder of its path under the content folder that is not a
year, month or day (a purely numeric name) nor ``undated`` (where ``newsgen
import`` puts undated items): ``content/economy/x.md`` and
``content/2025/economy/x.md`` are both in ``economy``; ``content/2025/x.md`` is in
none. A section's name is the slug of what was written. Pure: no I/O.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from slugify import slugify

from newsgen.errors import ContentError
from newsgen.safe_yaml import quote
from newsgen.urls import component

# Folders that hold articles by something other than their subject.
NOT_SECTIONS = frozenset({"undated"})


@functools.lru_cache(maxsize=1024)  # a site has few folders
def section_slug(text: str) -> str:
    """A section's name from a folder or front matter value; "" when it makes none."""
    return component(slugify(text))


def is_numeric(name: str) -> bool:
    return name.replace("-", "").isdigit()


def folder_section(path: str, content_dir: str) -> str | None:
    """The section a file's folders put it in (see the module docstring)."""
    prefix = PurePosixPath(content_dir).as_posix()
    parts = path.split("/")
    if prefix not in ("", "."):
        depth = prefix.count("/") + 1
        if "/".join(parts[:depth]) != prefix:
            return None
        parts = parts[depth:]
    for folder in parts[:-1]:
        name = section_slug(folder)
        if is_numeric(name):  # a year, month or day: look further down
            continue
        return name if name and name not in NOT_SECTIONS else None
    return None


def article_section(value: Any, path: str, content_dir: str) -> str | None:
    """Front matter ``section:`` (a ContentError naming the file when it is bad),
    else the folder's section."""
    if value is False:
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        return folder_section(path, content_dir)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ContentError(f"section: must be a name such as 'economy', got {quote(value)}", path)
    name = section_slug(str(value))
    if not name or is_numeric(name):
        raise ContentError(
            f"section: {quote(value)} is not a section name (letters needed: 'economy')", path
        )
    return name


def default_title(name: str) -> str:
    """'economy' -> 'Economy', 'middle-east' -> 'Middle east'."""
    text = name.replace("-", " ")
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    title: str
    description: str
    home: bool  # shown as a block of headlines on the front page
    articles: tuple[str, ...]  # ids, newest first


def site_sections(
    configured: Iterable[tuple[str, str, str, bool]], members: Iterable[tuple[str, str | None]]
) -> tuple[Section, ...]:
    """The sections that hold articles: those configured (``(name, title,
    description, home)``) in their order, then the rest A to Z. ``members`` are
    ``(article id, section)`` pairs, newest first."""
    found: dict[str, list[str]] = {}
    for aid, name in members:
        if name is not None:
            found.setdefault(name, []).append(aid)
    sections = []
    for name, title, description, home in configured:
        ids = found.pop(name, None)
        if ids:
            title = title or default_title(name)
            sections.append(Section(name, title, description, home, tuple(ids)))
    for name in sorted(found):
        sections.append(Section(name, default_title(name), "", False, tuple(found[name])))
    return tuple(sections)
