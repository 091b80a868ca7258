"""One exception family for every problem a person must read: file, line, message."""

from __future__ import annotations

import re
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


def format_location(path: str | None, line: int | None, message: str) -> str:
    if path is None:
        return message
    path = printable(path)
    if line is None:
        return f"{path}: {message}"
    return f"{path}:{line}: {message}"
