"""The site config (``newsgen.yaml``): a typed schema and its loader.

Every option is a field with a docstring-style comment; the loader reports every
unknown key and bad value at once, each with the file, line and key.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from newsgen.errors import ConfigError, Problem

CONFIG_NAME = "newsgen.yaml"


@dataclass(frozen=True, slots=True)
class EntitiesConfig:
    backend: str = "builtin"
    """Extractor: ``builtin`` (pure Python) or ``spacy`` (needs ``newsgen[spacy]``)."""
    min_mentions: int = 1
    """Entities mentioned in fewer articles than this get no page of their own."""
    registry: str = "content/entities.yaml"
    """Editors' entity file, or a folder of such files (site-relative)."""


@dataclass(frozen=True, slots=True)
class Config:
    title: str = "News archive"
    """The site's name, shown in every page header and feed."""
    base_url: str = "http://localhost:8000/"
    """Absolute URL the site is published at; its path is the site's base path."""
    description: str = ""
    """One sentence about the site, for the front page and feeds."""
    language: str = "en"
    """BCP 47 language tag for ``<html lang>``."""
    timezone: str = "UTC"
    """IANA zone for dates without one (front matter dates, file-name dates)."""
    author: str = ""
    """Default byline when an article gives none; empty for none."""
    content_dir: str = "content"
    """Folder (site-relative) holding the articles."""
    output_dir: str = "public"
    """Folder (site-relative) the site is written to."""
    per_page: int = 10
    """Articles per page on the front page, tag and entity pages."""
    feed_limit: int = 20
    """Entries per Atom feed."""
    summary_words: int = 40
    """Length of a summary guessed from the body."""
    related: int = 5
    """Related articles shown under each article."""
    search: bool = True
    """Build the Pagefind search index (needs ``newsgen[search]``)."""
    git_dates: bool = True
    """Date undated articles by their first git commit, and set ``updated`` from the last."""
    entities: EntitiesConfig = field(default_factory=EntitiesConfig)
    """Entity extraction and pages."""

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always starting and ending with '/'."""
        from urllib.parse import urlsplit

        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def _check_value(name: str, value: Any, default: Any) -> str | None:
    """Return a message if ``value`` does not fit the type of ``default``."""
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "must be true or false"
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
        return (
            None if value >= (0 if name in {"related", "min_mentions"} else 1) else "is too small"
        )
    if isinstance(default, str):
        return None if isinstance(value, str) else "must be text"
    return None


def _validate_extra(config: Config) -> list[tuple[str, str]]:
    bad: list[tuple[str, str]] = []
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        bad.append(("timezone", f"unknown time zone {config.timezone!r}"))
    if not config.base_url.startswith(("http://", "https://")):
        bad.append(("base_url", "must start with http:// or https://"))
    if config.entities.backend not in {"builtin", "spacy"}:
        bad.append(("entities.backend", "must be 'builtin' or 'spacy'"))
    return bad


def _key_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            lines[key] = key_node.start_mark.line + 1
            lines.update(_key_lines(value_node, key + "."))
    return lines


def _build(cls: type, data: dict[str, Any], prefix: str, problems: list[tuple[str, str]]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in fields:
            problems.append((dotted, f"unknown key (known: {', '.join(sorted(fields))})"))
            continue
        default = cls().__getattribute__(key)
        if dataclasses.is_dataclass(default):
            if not isinstance(value, dict):
                problems.append((dotted, "must be a mapping"))
                continue
            kwargs[key] = _build(type(default), value, dotted + ".", problems)
            continue
        message = _check_value(key, value, default)
        if message:
            problems.append((dotted, f"{message} (got {value!r})"))
        else:
            kwargs[key] = value
    return cls(**kwargs)


def parse_config(text: str, path: str = CONFIG_NAME) -> Config:
    """Build a Config from YAML text; raise ConfigError listing every problem."""
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path, line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("must be a mapping of option: value", path, 1)
    problems: list[tuple[str, str]] = []
    config = _build(Config, data, "", problems)
    if not problems:
        problems.extend(_validate_extra(config))
    if problems:
        lines = _key_lines(node)
        found = [Problem("error", f"{key}: {msg}", path, lines.get(key)) for key, msg in problems]
        message = "; ".join(p.message for p in found)
        raise ConfigError(message, path, found[0].line, tuple(found))
    return config


def load_config(site_root: Path) -> Config:
    """Read ``newsgen.yaml`` from the site root; a site without one gets defaults."""
    path = site_root / CONFIG_NAME
    if not path.exists():
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", CONFIG_NAME) from None
    return parse_config(text, CONFIG_NAME)
