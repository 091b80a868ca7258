"""Splits an optional YAML front matter block (``---`` ... ``---``) off a text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

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


# libyaml's parser (bundled with PyYAML's wheels) with PyYAML's own safe constructors
# and resolver: the same values, built about ten times faster than the pure-Python
# SafeLoader. Its error messages differ, so a block it refuses is parsed again by
# the pure-Python loader, whose message and line are the ones reported.
_FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)
# Where the two parsers disagree (found by fuzzing both): libyaml accepts a tab
# after "key:", reads U+0085, U+2028 and U+2029 as text rather than line breaks,
# skips a stray U+FEFF, gives an empty "!" tag another value, accepts "|#" (a block
# scalar header touching a comment) and reads "?" inside [...] or {...} its own way.
# A block holding any of these goes to the pure-Python loader alone.
_PURE_ONLY = re.compile(r"[\t\r\x85\u2028\u2029\ufeff!]|[|>][-+0-9]*#")


def _fast_loader_agrees(block: str) -> bool:
    flow_question = "?" in block and ("[" in block or "{" in block)
    return not flow_question and not _PURE_ONLY.search(block)


def _safe_load(block: str) -> Any:
    if _FAST_LOADER is not None and _fast_loader_agrees(block):
        try:
            return yaml.load(block, Loader=_FAST_LOADER)  # a safe loader (no Python objects)
        except Exception:  # noqa: BLE001 - the pure-Python loader reports it below
            pass
    return yaml.safe_load(block)


def _load(block: str, path: str) -> dict[str, Any]:
    try:
        data = _safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the '---'
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(f"broken front matter: {problem}", path, line) from None
    except (ValueError, TypeError, RecursionError) as exc:
        # PyYAML's constructors raise plain errors for values such as 2024-99-01.
        raise ContentError(f"broken front matter: {exc}", path, _line_of(block, exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError("front matter must be a mapping of field: value", path, 2)
    return {str(k).lower(): v for k, v in data.items()}


def _line_of(block: str, exc: Exception) -> int | None:
    """The file line whose value alone raises the same error, when one does."""
    for number, line in enumerate(block.split("\n"), start=2):
        try:
            yaml.safe_load(line.strip())
        except type(exc):
            return number
        except Exception:  # noqa: BLE001 - a line that fails differently is not the culprit
            continue
    return None
