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

from newsgen import safe_yaml
from newsgen.errors import ConfigError, Problem
from newsgen.safe_yaml import clip, quote

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
class SectionConfig:
    name: str = ""
    """The section's name: a folder's name under the content folder, or a ``section:``."""
    title: str = ""
    """Shown in the navigation and as the section page's heading (default: the name)."""
    description: str = ""
    """One sentence under the heading (default: the number of articles)."""
    home: bool = False
    """Show the section's latest headlines in a block of their own on the front page."""


@dataclass(frozen=True, slots=True)
class DatesConfig:
    path_pattern: str = ""
    """Where an archive's folder or file names hold the date, e.g. ``{year}/{mon}/{day}-*``
    (``newsgen.dating.compile_pattern``); tried before the built-in layouts."""
    file: str = ""
    """A ``path,date`` CSV list (site-relative); empty: ``dates.csv`` in the content
    folder, when there is one."""


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
    search_shard: int = 1000
    """Articles per search index shard, on average (from a quarter to three times
    this many): a rebuild indexes again only the shards whose pages changed, and one
    Pagefind process holds one shard (about 100-250 kB of memory per article)."""
    git_dates: bool = True
    """Date undated articles by their first git commit, and set ``updated`` from the last."""
    entities: EntitiesConfig = field(default_factory=EntitiesConfig)
    """Entity extraction and pages."""
    dates: DatesConfig = field(default_factory=DatesConfig)
    """Dates for articles that give none (path layouts, a dates file)."""
    sections: tuple[SectionConfig, ...] = ()
    """Sections in navigation order, with titles; sections not listed follow, A to Z."""

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
        bad.append(("timezone", f"unknown time zone {quote(config.timezone)}"))
    if not config.base_url.startswith(("http://", "https://")):
        bad.append(("base_url", "must start with http:// or https://"))
    if config.entities.backend not in {"builtin", "spacy"}:
        bad.append(("entities.backend", "must be 'builtin' or 'spacy'"))
    if config.dates.path_pattern:
        from newsgen.dating import PatternError, compile_pattern

        try:
            compile_pattern(config.dates.path_pattern)
        except PatternError as exc:
            bad.append(("dates.path_pattern", str(exc)))
    return bad


def _key_lines(root: yaml.Node | None) -> tuple[dict[str, int], dict[int, str]]:
    """Dotted key -> its first 1-based line, and line -> the dotted key written
    there; walked with a stack (the node graph is checked for depth and aliases
    before, but never trusted with recursion)."""
    lines: dict[str, int] = {}
    keys: dict[int, str] = {}
    stack: list[tuple[yaml.Node | None, str]] = [(root, "")]
    while stack:
        node, prefix = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = f"{prefix}{key_node.value}"
                lines.setdefault(key, key_node.start_mark.line + 1)
                keys.setdefault(key_node.start_mark.line + 1, key)
                stack.append((value_node, key + "."))
        elif isinstance(node, yaml.SequenceNode) and prefix:  # sections[0].name
            for number, item in enumerate(node.value):
                key = f"{prefix[:-1]}[{number}]"
                lines.setdefault(key, item.start_mark.line + 1)
                stack.append((item, key + "."))
    return lines, keys


def _line(lines: dict[str, int], key: str) -> int | None:
    """The line of ``key``, or of the nearest mapping holding it (a key left out)."""
    while key not in lines and "." in key:
        key = key.rsplit(".", 1)[0]
    return lines.get(key)


def _build(cls: type, data: dict[str, Any], prefix: str, problems: list[tuple[str, str]]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in fields:
            problems.append((dotted, f"unknown key (known: {', '.join(sorted(fields))})"))
            continue
        if cls is Config and key == "sections":
            kwargs[key] = _sections(value, problems)
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
            problems.append((dotted, f"{message} (got {quote(value)})"))
        else:
            kwargs[key] = value
    return cls(**kwargs)


def _sections(value: Any, problems: list[tuple[str, str]]) -> tuple[SectionConfig, ...]:
    """``sections: [{name: economy, title: Economy, home: true}, ...]``."""
    from newsgen.sections import is_numeric, section_slug

    if value is None:  # "sections:" with nothing under it
        return ()
    if not isinstance(value, list):
        problems.append(("sections", "must be a list such as [{name: economy, title: Economy}]"))
        return ()
    found: list[SectionConfig] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(value):
        where = f"sections[{number}]"
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            problems.append(
                (where, f"must be a mapping such as {{name: economy}} (got {quote(item)})")
            )
            continue
        before = len(problems)
        section = _build(SectionConfig, item, where + ".", problems)
        if any(key == f"{where}.name" for key, _ in problems[before:]):
            continue
        name = section_slug(section.name) if section.name.strip() else ""
        if not name or is_numeric(name):
            problems.append(
                (
                    f"{where}.name",
                    f"must name a section such as 'economy' (got {quote(section.name)})",
                )
            )
        elif name in seen:
            problems.append((f"{where}.name", f"{quote(name)} is also sections[{seen[name]}]"))
        else:
            seen[name] = number
            found.append(dataclasses.replace(section, name=name))
    return tuple(found)


# The config is a page of options; a file this long is not one.
MAX_CONFIG = 64_000


def _parse(text: str, path: str) -> tuple[Config, dict[str, int]]:
    """The Config and the line of every key; ConfigError listing every problem."""
    try:
        data, node, duplicates = safe_yaml.load(text, MAX_CONFIG)
    except safe_yaml.YamlRefused as exc:
        raise ConfigError(f"refused: {exc.message}", path, exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = clip(str(getattr(exc, "problem", None) or exc))
        raise ConfigError(f"not valid YAML: {problem}", path, line) from None
    except (ValueError, TypeError) as exc:  # a constructor's error, e.g. a date 2024-99-01
        raise ConfigError(f"not valid YAML: {clip(str(exc))}", path) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("must be a mapping of option: value", path, 1)
    lines, keys = _key_lines(node)
    found = [
        Problem(
            "error",
            f"{clip(keys.get(dup.line, dup.key))}: given twice (first on line {dup.first_line})",
            path,
            dup.line,
        )
        for dup in duplicates
    ]
    problems: list[tuple[str, str]] = []
    config = _build(Config, data, "", problems)
    if not problems and not found:
        problems.extend(_validate_extra(config))
    found += [
        Problem("error", f"{clip(key)}: {msg}", path, _line(lines, key)) for key, msg in problems
    ]
    if found:
        raise ConfigError("; ".join(p.message for p in found), path, found[0].line, tuple(found))
    return config, lines


def parse_config(text: str, path: str = CONFIG_NAME) -> Config:
    """Build a Config from YAML text; raise ConfigError listing every problem."""
    return _parse(text, path)[0]


# Options naming a folder or file that newsgen reads or writes. Each must stay
# inside the site folder once ".." and symbolic links are resolved: the config
# travels with the site (a cloned repository), so it may not point the build at
# /etc or at the editor's home. An output folder elsewhere is the user's own
# choice: ``newsgen build --output DIR``, which ``write.check_output`` guards.
PATH_OPTIONS = ("content_dir", "output_dir", "entities.registry", "dates.file")
# Path options that may be left empty (a default applies).
_OPTIONAL_PATHS = ("dates.file",)


def _option(config: Config, dotted: str) -> str:
    value: Any = config
    for part in dotted.split("."):
        value = getattr(value, part)
    return str(value)


def check_paths(config: Config, site_root: Path, lines: dict[str, int], path: str) -> None:
    """Raise ConfigError when a path option leads outside the site folder."""
    root = site_root.resolve()
    found = []
    for key in PATH_OPTIONS:
        value = _option(config, key)
        where = clip(value)
        problem = None
        if key in _OPTIONAL_PATHS and value == "":
            continue
        if not value.strip() or "\x00" in value:
            problem = "must name a folder or file inside the site folder"
        elif Path(value).is_absolute():
            problem = f"{where!r} is an absolute path; give a path inside the site folder"
        else:
            try:
                inside = (root / value).resolve().is_relative_to(root)
            except (OSError, RuntimeError, ValueError):  # a symlink loop, a bad name
                inside = False
            if not inside:
                problem = f"{where!r} leads outside the site folder (.. or a symbolic link)"
        if problem:
            found.append(Problem("error", f"{key}: {problem}", path, lines.get(key)))
    if found:
        raise ConfigError("; ".join(p.message for p in found), path, found[0].line, tuple(found))


def load_config(site_root: Path) -> Config:
    """Read ``newsgen.yaml`` from the site root; a site without one gets defaults."""
    path = site_root / CONFIG_NAME
    if not path.exists():
        config, lines = Config(), dict[str, int]()
    else:
        try:
            with path.open("rb") as file:  # no more than the limit (and a bit) is read
                raw = file.read(MAX_CONFIG * 4 + 1)
            if len(raw) > MAX_CONFIG * 4:
                raise ConfigError(f"too long (at most {MAX_CONFIG:,} characters)", CONFIG_NAME)
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read: {clip(str(exc))}", CONFIG_NAME) from None
        config, lines = _parse(text, CONFIG_NAME)
    check_paths(config, site_root, lines, CONFIG_NAME)
    return config
