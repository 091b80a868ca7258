"""Splits an optional YAML front matter block (``---`` ... ``---``) off a text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from newsgen import safe_yaml
from newsgen.errors import ContentError


@dataclass(frozen=True, slots=True)
class Split:
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    has_front_matter: bool


def split_front_matter(text: str, path: str) -> Split:
    """Return the front matter mapping and the body; ContentError names file and line."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Split({}, text, 1, False)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            block = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return Split(_load(block, path), body, index + 2, True)
    raise ContentError("front matter opened with '---' on line 1 is never closed", path, 1)


# Front matter is a few fields; a block this long is not front matter.
MAX_FRONT_MATTER = 64_000
# The lines tried one by one to find a bad value (below): enough for any real block.
_LINE_SEARCH = 400


def _load(block: str, path: str) -> dict[str, Any]:
    try:
        data, node, duplicates = safe_yaml.load(block, MAX_FRONT_MATTER)
    except safe_yaml.YamlRefused as exc:
        line = exc.line + 1 if exc.line is not None else 1  # +1 for the '---'
        raise ContentError(f"front matter refused: {exc.message}", path, line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the '---'
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(f"broken front matter: {problem}", path, line) from None
    except (ValueError, TypeError, RecursionError) as exc:
        # PyYAML's constructors raise plain errors for values such as 2024-99-01.
        message = safe_yaml.clip(str(exc))
        raise ContentError(f"broken front matter: {message}", path, _line_of(block, exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError("front matter must be a mapping of field: value", path, 2)
    twice = {d.line: d for d in duplicates}
    if isinstance(node, yaml.MappingNode):
        # Field names are read case-blind: "Title" and "title" are one field twice.
        first_lines: dict[str, int] = {}
        for key, _ in node.value:
            name, line = str(key.value).lower(), key.start_mark.line + 1
            if name in first_lines:
                twice.setdefault(line, safe_yaml.Duplicate(name, line, first_lines[name]))
            first_lines.setdefault(name, line)
    if twice:
        first = twice[min(twice)]
        raise ContentError(
            f"front matter field {safe_yaml.quote(first.key)} given twice"
            f" (first on line {first.first_line + 1})",
            path,
            first.line + 1,
        )
    return {str(k).lower(): v for k, v in data.items()}


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
