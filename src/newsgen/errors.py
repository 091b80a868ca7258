"""One exception family for every problem a person must read: file, line, message."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from newsgen.model import reduce_to_fields


class NewsgenError(Exception):
    """A problem newsgen reports to people; never shown as a traceback."""

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        problems: tuple[Problem, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.problems = problems or (Problem("error", message, path, line),)

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)


class ConfigError(NewsgenError):
    """The site config is missing, malformed or has bad values."""


class ContentError(NewsgenError):
    """An article file cannot be read or parsed."""


class BuildError(NewsgenError):
    """The build as a whole cannot go on (URL collisions, unsafe output folder...)."""


class TemplateError(NewsgenError):
    """A template failed to load or render."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A warning or error collected during a build, reported at the end."""

    __reduce__ = reduce_to_fields

    severity: str  # "warning" or "error"
    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.severity}: " + format_location(self.path, self.line, self.message)

    @classmethod
    def from_error(cls, err: NewsgenError, severity: str = "error") -> Problem:
        return cls(severity, err.message, err.path, err.line)


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(path: str) -> str:
    """``path`` safe to print on one line: bytes that are not UTF-8 (which ``os``
    holds as lone surrogates) and control characters shown as ``\\xNN``, so a
    hostile file name can neither split a message nor drive the terminal."""
    if path.isprintable():
        return path
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def folded(problems: Sequence[Problem], shown: int = 3) -> list[Problem]:
    """``problems`` with each warning that more than ``shown`` files share said once.

    An undated archive of 2,000 files gives 2,000 identical "no date" warnings: one
    line with the count and the first few files tells an editor more than a screenful.
    The folded warning takes the place of the first of its kind."""
    by_message: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.severity == "warning" and problem.path is not None:
            by_message[problem.message].append(problem)
    result: list[Problem] = []
    for problem in problems:
        group = by_message.get(problem.message) if problem.severity == "warning" else None
        if group is None or len(group) <= shown or problem.path is None:
            result.append(problem)
        elif problem is group[0]:
            names = ", ".join(str(p.path) for p in group[:shown])
            more = len(group) - shown
            result.append(
                Problem(
                    "warning", f"{problem.message}: {len(group)} files ({names} and {more} more)"
                )
            )
    return result


def format_location(path: str | None, line: int | None, message: str) -> str:
    if path is None:
        return message
    path = printable(path)
    if line is None:
        return f"{path}: {message}"
    return f"{path}:{line}: {message}"
