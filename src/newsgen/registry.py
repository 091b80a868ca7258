"""The editors' entity registry: ``content/entities.yaml`` or a folder of ``*.yaml``.

Pure: :func:`parse_registry` turns (path, text) pairs into a :class:`Registry`;
reading the files is the pipeline's job. Every problem (bad YAML, unknown keys,
bad types, an alias claimed twice) is collected and raised at once as a
``ConfigError`` carrying one ``Problem`` per mistake, each with file and line.
The format is documented in ``docs/entities.md``; in short, a list of entries::

    - name: Coastal Development Authority   # required: the name the archive knows
      type: organization                    # required: person, organization or place
      aliases: [CDA, Coastal Dev. Authority]
      description: Federal body that manages Pakistan's coastal belt.
      link: https://en.wikipedia.org/wiki/...   # http(s) only
      merge: [Coastal Authority]            # absorb other entities (their URLs redirect)
      rename: Coastal Development Agency    # new canonical name; old URL redirects
      hide: true                            # a false entity, dropped everywhere
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import yaml

from newsgen import safe_yaml
from newsgen.entities.keys import entity_key
from newsgen.errors import ConfigError, Problem
from newsgen.model import ORG, PERSON, PLACE
from newsgen.safe_yaml import clip, quote

TYPE_NAMES = {"person": PERSON, "organization": ORG, "place": PLACE}
_TYPED_REF = re.compile(r"^\s*(person|organization|place)\s*:\s*(\S.*)$", re.IGNORECASE)
_KEYS = ("name", "type", "aliases", "description", "link", "merge", "rename", "hide")
_STR, _BOOL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool"
# One registry file: thousands of entities fit in far less.
MAX_REGISTRY_FILE = 2_000_000


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One editor-curated entity; ``merge`` holds (type, name) of absorbed entities."""

    name: str
    type: str  # PERSON, ORG or PLACE
    aliases: tuple[str, ...] = ()
    description: str = ""
    link: str = ""
    merge: tuple[tuple[str, str], ...] = ()
    rename: str = ""
    hide: bool = False
    path: str = ""
    line: int = 0

    @property
    def canonical(self) -> str:
        """The name pages show: the new name after a rename."""
        return self.rename or self.name


@dataclass(frozen=True, slots=True)
class Registry:
    entries: tuple[RegistryEntry, ...] = ()


EMPTY = Registry()


class _Errors:
    """Collects problems so every mistake in every file is reported in one go."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, message: str, path: str, node: yaml.Node | None) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem("error", message, path, line))


def parse_registry(files: Iterable[tuple[str, str]]) -> Registry:
    """Build one Registry from (path, YAML text) pairs; raise ConfigError on any problem."""
    errors = _Errors()
    entries: list[RegistryEntry] = []
    for path, text in files:
        entries.extend(_parse_file(path, text, errors))
    _check_claims(entries, errors)
    if errors.problems:
        first = errors.problems[0]
        message = f"entity registry: {len(errors.problems)} problem(s): " + "; ".join(
            f"{p.path}:{p.line}: {p.message}" for p in errors.problems
        )
        raise ConfigError(message, first.path, first.line, tuple(errors.problems))
    return Registry(tuple(entries))


def _parse_file(path: str, text: str, errors: _Errors) -> Iterator[RegistryEntry]:
    try:
        # A key given twice in an entry is reported by _parse_entry, the only
        # place a registry holds a mapping: the list of duplicates is not needed.
        root, _ = safe_yaml.compose(text, MAX_REGISTRY_FILE)
    except safe_yaml.YamlRefused as exc:
        errors.problems.append(Problem("error", f"refused: {exc.message}", path, exc.line))
        return
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = clip(str(getattr(exc, "problem", None) or exc))
        errors.problems.append(Problem("error", f"not valid YAML: {problem}", path, line))
        return
    if root is None:  # an empty file is a registry with no entries
        return
    if not isinstance(root, yaml.SequenceNode):
        errors.add("must be a list of entities (each starting with '- name: ...')", path, root)
        return
    for item in root.value:
        entry = _parse_entry(path, item, errors)
        if entry is not None:
            yield entry


def _parse_entry(path: str, node: yaml.Node, errors: _Errors) -> RegistryEntry | None:
    if not isinstance(node, yaml.MappingNode):
        errors.add("each entity must be a mapping with at least name and type", path, node)
        return None
    before = len(errors.problems)
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            errors.add("a key must be a plain name", path, key_node)
            continue
        key = key_node.value
        lines.setdefault(key, key_node.start_mark.line + 1)
        if key not in _KEYS:
            errors.add(f"unknown key {quote(key)} (known: {', '.join(_KEYS)})", path, key_node)
        elif key in values:
            errors.add(f"{key!r} given twice (first on line {lines[key]})", path, key_node)
        else:
            values[key] = _value(key, value_node, path, errors)
    for required in ("name", "type"):
        if required not in values:
            errors.add(f"entity without {required!r}", path, node)
    # An entry with other mistakes is still returned when its name and type are
    # sound, so its aliases are checked for conflicts too: every error at once.
    kind = TYPE_NAMES.get(str(values.get("type", "")))
    if kind is None or not str(values.get("name", "")).strip():
        return None
    if len(errors.problems) > before:
        values = {k: v for k, v in values.items() if k in {"name", "type", "aliases", "merge"}}
    merge = tuple(_merge_ref(kind, name) for name in values.get("merge", ()))  # type: ignore[attr-defined]
    return RegistryEntry(
        name=str(values["name"]),
        type=kind,
        aliases=tuple(values.get("aliases", ())),  # type: ignore[arg-type]
        description=str(values.get("description", "")),
        link=str(values.get("link", "")),
        merge=merge,
        rename=str(values.get("rename", "")),
        hide=bool(values.get("hide", False)),
        path=path,
        line=node.start_mark.line + 1,
    )


def _value(key: str, node: yaml.Node, path: str, errors: _Errors) -> object:
    """The checked value of one key; a problem is recorded when it has the wrong shape."""
    if key == "hide":
        if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL:
            return node.value.lower() in {"true", "yes", "on"}
        errors.add("'hide' must be true or false", path, node)
        return False
    if key in {"aliases", "merge"}:
        return _string_list(key, node, path, errors)
    text = _string(key, node, path, errors)
    if key == "type" and text.lower() not in TYPE_NAMES:
        errors.add(f"'type' must be one of {', '.join(TYPE_NAMES)} (got {quote(text)})", path, node)
    elif key == "link" and not re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        errors.add("'link' must be an http:// or https:// URL", path, node)
    elif key in {"name", "rename"} and not text.strip():
        errors.add(f"{key!r} must not be empty", path, node)
    return text.lower() if key == "type" else text.strip()


def _string(key: str, node: yaml.Node, path: str, errors: _Errors) -> str:
    # Numbers and dates are accepted as their written text ("7-Eleven", "1947 Party").
    if isinstance(node, yaml.ScalarNode) and node.tag != _BOOL and node.value != "":
        return str(node.value)
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
        return ""
    errors.add(f"{key!r} must be text", path, node)
    return ""


def _string_list(key: str, node: yaml.Node, path: str, errors: _Errors) -> tuple[str, ...]:
    # A single name is accepted for a one-item list: "aliases: CDA".
    items = [node] if isinstance(node, yaml.ScalarNode) else None
    if isinstance(node, yaml.SequenceNode):
        items = node.value
    if items is None:
        errors.add(f"{key!r} must be a list of names", path, node)
        return ()
    names = []
    for item in items:
        text = _string(key, item, path, errors).strip()
        if text:
            names.append(text)
        elif isinstance(item, yaml.ScalarNode):
            errors.add(f"{key!r} has an empty name", path, item)
    return tuple(names)


def _merge_ref(default_kind: str, ref: str) -> tuple[str, str]:
    """'Name' means an entity of the entry's own type; 'place: Name' names another type."""
    typed = _TYPED_REF.match(ref)
    if typed:
        return TYPE_NAMES[typed.group(1).lower()], typed.group(2).strip()
    return default_kind, ref


def claimed_names(entry: RegistryEntry) -> Iterator[tuple[str, str]]:
    """Every (type, name) an entry stands for: its name, new name, aliases, merges."""
    yield entry.type, entry.name
    if entry.rename:
        yield entry.type, entry.rename
    for alias in entry.aliases:
        yield entry.type, alias
    yield from entry.merge


def _check_claims(entries: list[RegistryEntry], errors: _Errors) -> None:
    """One name may stand for one entity only: a second claim is a conflict."""
    owner: dict[str, RegistryEntry] = {}
    for entry in entries:
        mine: set[str] = set()
        for kind, name in claimed_names(entry):
            key = entity_key(kind, name)
            if key in mine:
                continue  # an alias repeating the entry's own name is harmless
            mine.add(key)
            first = owner.get(key)
            if first is None:
                owner[key] = entry
                continue
            errors.problems.append(
                Problem(
                    "error",
                    f"{quote(name)} is claimed by two entities: {quote(first.name)}"
                    f" ({first.path}:{first.line}) and {quote(entry.name)}",
                    entry.path,
                    entry.line,
                )
            )
