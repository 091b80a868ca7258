"""Splits an optional YAML front matter block (``---`` ... ``---``) off a text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from newsgen import safe_yaml
from newsgen.errors import ContentError, Problem


@dataclass(frozen=True, slots=True)
class Split:
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    has_front_matter: bool
    # Field name (lower case) -> 1-based line of the file where its key is, so a
    # problem found later in a field's value can name the line.
    lines: dict[str, int] = field(default_factory=dict)
    # Fields refused while reading the block (a key given twice, a value YAML cannot
    # make, such as ``date: 2024-99-01``), each an error; the other fields are read,
    # so one bad field does not hide the problems of the next.
    errors: tuple[Problem, ...] = ()
    refused: frozenset[str] = frozenset()  # the fields left out of ``meta`` for that


def split_front_matter(text: str, path: str) -> Split:
    """Return the front matter mapping and the body; ContentError names file and line
    when the block cannot be read at all (bad YAML, not a mapping, too long)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Split({}, text, 1, False)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            block = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return _load(block, path, body, index + 2)
    raise ContentError("front matter opened with '---' on line 1 is never closed", path, 1)


# Front matter is a few fields; a block this long is not front matter.
MAX_FRONT_MATTER = 64_000
# The lines tried one by one to find a bad value (below): enough for any real block.
_LINE_SEARCH = 400
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _load(block: str, path: str, body: str, body_line: int) -> Split:
    try:
        data, node, duplicates = safe_yaml.load(block, MAX_FRONT_MATTER)
    except safe_yaml.YamlRefused as exc:
        line = exc.line + 1 if exc.line is not None else 1  # +1 for the '---'
        raise ContentError(f"front matter refused: {exc.message}", path, line) from None
    except yaml.constructor.ConstructorError:
        return _load_field_by_field(block, path, body, body_line)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the '---'
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(f"broken front matter: {problem}", path, line) from None
    except (ValueError, TypeError):
        # PyYAML's constructors raise plain errors for values such as 2024-99-01.
        return _load_field_by_field(block, path, body, body_line)
    except RecursionError as exc:
        message = safe_yaml.clip(str(exc))
        raise ContentError(f"broken front matter: {message}", path, _line_of(block, exc)) from None
    if data is None:
        return Split({}, body, body_line, True)
    if not isinstance(data, dict):
        raise ContentError("front matter must be a mapping of field: value", path, 2)
    assert isinstance(node, yaml.MappingNode)
    lines, errors = _key_lines(node, duplicates, path)
    meta = {str(k).lower(): v for k, v in data.items()}
    return Split(meta, body, body_line, True, lines, errors)


def _key_lines(
    node: yaml.MappingNode, duplicates: list[safe_yaml.Duplicate], path: str
) -> tuple[dict[str, int], tuple[Problem, ...]]:
    """Each field's file line (its last key, whose value YAML keeps) and an error for
    every field given twice. Field names are read case-blind: "Title" and "title"
    are one field twice."""
    twice = {d.line: d for d in duplicates}
    first_lines: dict[str, int] = {}
    lines: dict[str, int] = {}
    for key, _ in node.value:
        name, line = _name(key), key.start_mark.line + 1
        if name in first_lines:
            twice.setdefault(line, safe_yaml.Duplicate(name, line, first_lines[name]))
        first_lines.setdefault(name, line)
        lines[name] = line + 1  # +1 for the '---'
    errors = tuple(
        Problem(
            "error",
            f"front matter field {safe_yaml.quote(d.key)} given twice"
            f" (first on line {d.first_line + 1})",
            path,
            d.line + 1,
        )
        for _, d in sorted(twice.items())
    )
    return lines, errors


def _load_field_by_field(block: str, path: str, body: str, body_line: int) -> Split:
    """The block read one top-level field at a time, after reading it whole failed
    on a value: each field YAML cannot make is an error on its own line and left
    out, and the others are read."""
    node, duplicates = safe_yaml.compose(block, MAX_FRONT_MATTER)
    if not isinstance(node, yaml.MappingNode):
        raise ContentError("front matter must be a mapping of field: value", path, 2)
    lines, errors = _key_lines(node, duplicates, path)
    meta: dict[str, Any] = {}
    refused: list[Problem] = []
    names: set[str] = set()
    for key, value in node.value:
        name, line = _name(key), key.start_mark.line + 2
        pair = yaml.MappingNode("tag:yaml.org,2002:map", [(key, value)])
        try:
            meta.update(
                (str(k).lower(), v)
                for k, v in yaml.constructor.SafeConstructor().construct_document(pair).items()
            )
        except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
            names.add(name)
            meta.pop(name, None)
            message = (
                _value_message(name, value, exc)
                if isinstance(key, yaml.ScalarNode)
                else "broken front matter: a field name must be text, not a list or mapping"
            )
            refused.append(Problem("error", message, path, line))
    return Split(meta, body, body_line, True, lines, (*errors, *refused), frozenset(names))


def _name(key: yaml.Node) -> str:
    """A key's field name as ``meta`` spells it (a list or mapping as a key has none)."""
    return str(key.value).lower() if isinstance(key, yaml.ScalarNode) else "(not a name)"


def _value_message(name: str, value: yaml.Node, exc: BaseException) -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    reason = safe_yaml.clip(str(problem))
    if isinstance(value, yaml.ScalarNode) and value.tag == _TIMESTAMP:
        return f"{safe_yaml.clip(name)}: {safe_yaml.quote(value.value)} is not a date ({reason})"
    return f"broken front matter: {safe_yaml.clip(name)}: {reason}"


def _line_of(block: str, exc: Exception) -> int | None:
    """The file line whose value alone raises the same error, when one does."""
    for number, line in enumerate(block.split("\n")[:_LINE_SEARCH], start=2):
        if len(line) > safe_yaml.QUOTE_CHARS * 10:
            continue
        try:
            yaml.safe_load(line.strip())
        except type(exc):
            return number
        except Exception:  # noqa: BLE001 - a line that fails differently is not the culprit
            continue
    return None
