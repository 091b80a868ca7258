"""python-markdown's steps that change nothing in a document without their character.

Some steps of a conversion look for a construct that needs a certain character in
the Markdown text, and scan the whole document (or walk the whole tree) to find
none in most articles:

- the fenced-code preprocessor joins the lines, searches for a line opening with
  "```" or "~~~" and splits the text again (the same lines);
- attr_list looks for "{...}" at the end of blocks and after inline elements;
- the unescape treeprocessor turns backslash escapes back into characters: only
  the escape and code-span patterns make them, each from a "\\" of the text;
- the whitespace preprocessor's last substitution blanks lines holding only
  spaces, which needs "\\n " (a look-behind search tried at every character).

``install`` wraps the first three so that, for a document whose text lacks their
character, they return at once what they would have returned; it reads the text
that ``render_markdown`` hands in (``Source.text``), so a document converted by
other means runs every step. The whitespace preprocessor gets a copy of its
``run`` that makes the substitution only where "\\n " occurs. Each step is
wrapped only when its class's source is the one this was read off (SHA-256,
Markdown 3.11.3), and the unescape step only when the patterns that make escapes
are too.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Callable
from typing import Any

from markdown import Markdown, util
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.inlinepatterns import BacktickInlineProcessor, EscapeInlineProcessor
from markdown.preprocessors import NormalizeWhitespace
from markdown.treeprocessors import UnescapeTreeprocessor

# SHA-256 of the source of each class whose behaviour the shortcuts rely on.
_DIGESTS = {
    NormalizeWhitespace: "a3b603368eaa7c39e13632aefb2a9aa9f5131337501b3e04410cb3aaf61effba",
    FencedBlockPreprocessor: "d688d822e47e4fe037df7a88289d18be89e970dc0490d9dff9deefbd28224149",
    AttrListTreeprocessor: "b2a95e9ba2124322c295480d2a3e31c710320859b0a5e8c713239f1dc076ed74",
    UnescapeTreeprocessor: "4351c7f025c7fc70dcc34a011f77ae9aeb6bc00f6e9634566a2664bcdfc32bbb",
    EscapeInlineProcessor: "45c171cb049aaedf898e3e20ae457f91575f93c3e5a3eee7094efd9ff5f131ad",
    BacktickInlineProcessor: "42219988adbb6227d0246007206cdb94f3c78003ab37efdff7b92816689e8928",
}


class Source:
    """The text of the document being converted, or None: run every step."""

    text: str | None = None


def _as_read(cls: type) -> bool:
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):  # nothing to compare with: play safe
        return False
    return hashlib.sha256(source.encode()).hexdigest() == _DIGESTS[cls]


def _unless(
    source: Source, needles: tuple[str, ...], run: Callable[[Any], Any], idle: Callable[[Any], Any]
) -> Callable[[Any], Any]:
    """``run``, or ``idle(argument)`` when the document holds none of ``needles``."""

    def guarded(argument: Any) -> Any:
        text = source.text
        if text is not None and not any(needle in text for needle in needles):
            return idle(argument)
        return run(argument)

    return guarded


def _normalize_whitespace(step: NormalizeWhitespace) -> Callable[[list[str]], list[str]]:
    # NormalizeWhitespace.run (Markdown 3.11.3), the last substitution only where
    # it can match.
    def run(lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(step.md.tab_length)
        if "\n " in source:
            source = re.sub(r"(?<=\n) +\n", "\n", source)
        return source.split("\n")

    return run


def _same(lines: Any) -> Any:
    return lines


def _nothing(root: Any) -> None:
    return None


def install(md: Markdown, source: Source) -> None:
    """Wrap the steps of ``md`` listed above; ``source.text`` says what is converted."""
    pre, tree = md.preprocessors, md.treeprocessors
    step: Any
    if "normalize_whitespace" in pre:
        step = pre["normalize_whitespace"]
        if type(step) is NormalizeWhitespace and _as_read(NormalizeWhitespace):
            step.run = _normalize_whitespace(step)
    if "fenced_code_block" in pre:
        step = pre["fenced_code_block"]
        if type(step) is FencedBlockPreprocessor and _as_read(FencedBlockPreprocessor):
            step.run = _unless(source, ("```", "~~~"), step.run, _same)
    if "attr_list" in tree:
        step = tree["attr_list"]
        if type(step) is AttrListTreeprocessor and _as_read(AttrListTreeprocessor):
            step.run = _unless(source, ("{",), step.run, _nothing)
    if "unescape" in tree and _escapes_need_backslashes(md):
        step = tree["unescape"]
        if type(step) is UnescapeTreeprocessor and _as_read(UnescapeTreeprocessor):
            step.run = _unless(source, ("\\",), step.run, _nothing)


def _escapes_need_backslashes(md: Markdown) -> bool:
    """Only the escape pattern (on "\\" and a character) and the code-span one (on
    "\\" before a backtick) make what the unescape step turns back."""
    if "escape" not in md.inlinePatterns:
        return False
    escape = md.inlinePatterns["escape"]
    return (
        type(escape) is EscapeInlineProcessor
        and escape.compiled_re.pattern == r"\\(.)"
        and _as_read(EscapeInlineProcessor)
        and _as_read(BacktickInlineProcessor)
    )
