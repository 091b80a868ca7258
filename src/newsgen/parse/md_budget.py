"""A bound on the work Python-Markdown may do for one article body.

Python-Markdown is quadratic in places an attacker (or a bad paste) can reach:

- the inline pass replaces every match (emphasis, code, entity, smart quote,
  link...) in a text by a placeholder, copying the whole text each time:
  ``len(text) * matches`` characters copied;
- a link or image ``[`` that never closes makes ``LinkInlineProcessor.getText``
  walk, one character at a time in Python, to the end of the paragraph, for
  every such ``[``: 20,000 characters of ``[a `` took over five minutes;
- block quotes and lists nested hundreds deep re-parse their block per level;
  hard line breaks (two spaces before a newline) cost ten times a quote.

Measured on one long paragraph: 1.8 MB of prose took 392 s to build. So a body is
refused, as a problem with that file (the rest of the site builds), when it is
longer than ``MAX_BODY`` characters, when one paragraph's estimated inline work
exceeds ``MAX_INLINE_WORK``, or when it nests quotes or lists more than
``MAX_NESTING`` deep. Real articles are far below each bound: a 10,000-word
feature is ~60,000 characters, and its paragraphs cost a few million units.
"""

from __future__ import annotations

import re

MAX_BODY = 150_000
# Units of ``inline_work``: 1-10 ns each on one core (a 100,000-character paragraph
# of prose full of quotes, dashes and links is ~5e8 and converts in ~0.7 s; a hard
# line break costs ten times a quote). A real paragraph (5,000 characters) is ~1e6.
MAX_INLINE_WORK = 300_000_000
MAX_NESTING = 8
# Each quote or list level parses its block again (~0.2 ms): the whole body's
# quote and list markers, nested levels counted each, are bounded too.
MAX_NESTED_MARKERS = 10_000

# Characters an inline pattern (Python-Markdown's, smarty's) starts with: each
# may become a placeholder, and each placeholder copies the paragraph.
_SPECIAL = "*_`[]<>&'\"\\!.-"
_BRACKET = re.compile(r"[\[\]]")
# One Python step of getText against one memory-copied character.
_STEP_WEIGHT = 50
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Quote markers (">", "> >") or list markers nested more than MAX_NESTING deep
# (two spaces a level, at least). Neither can backtrack more than one line.
_DEEP_QUOTE = re.compile(rf"\n[ \t]*(?:>[ \t]*){{{MAX_NESTING + 1}}}")
_NESTED_MARKER = re.compile(r"\n[ \t]*(?:>[ \t]*)+")
_DEEP_INDENT = re.compile(rf"\n[ \t]{{{2 * MAX_NESTING},}}(?:[-+*]|\d+[.)])[ \t]")


def problem(text: str) -> tuple[str, int] | None:
    """Why ``text`` (a Markdown body) is refused and its 1-based line within it, or
    None when it may be converted."""
    if len(text) > MAX_BODY:
        return f"Markdown body too long: {len(text):,} characters (at most {MAX_BODY:,})", 1
    # The searches are skipped (they cost more than the rest) where they cannot match.
    # Patterns anchored on "\n" (not "^" in multi-line mode, tried at every
    # character): ten times faster. ``lined`` gives the first line one too.
    lined = "\n" + text
    quoted = ">" in text
    indented = "\t" in text or " " * (2 * MAX_NESTING) in text
    for pattern, needed in ((_DEEP_QUOTE, quoted), (_DEEP_INDENT, indented)):
        deep = pattern.search(lined) if needed else None
        if deep:
            line = lined.count("\n", 0, deep.start()) + 1
            return f"Markdown nested more than {MAX_NESTING} levels deep", line
    markers = _NESTED_MARKER.findall(lined) if quoted else []
    if sum(found.count(">") for found in markers) > MAX_NESTED_MARKERS:
        return f"Markdown with more than {MAX_NESTED_MARKERS:,} quote levels in all", 1
    if _upper_bound(text) <= MAX_INLINE_WORK:
        return None  # a usual article: the whole body costs less than one paragraph may
    start = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        if inline_work(text, start, end) > MAX_INLINE_WORK:
            first = len(text) - len(text[start:end].lstrip("\n")) - (len(text) - end)
            line = text.count("\n", 0, first) + 1  # the paragraph's first line of text
            return (
                "a Markdown paragraph with too much inline markup to convert in time"
                f" ({end - start:,} characters): split it or remove markup",
                line,
            )
        start = brk.end() if brk else end
    return None


def _specials(text: str, start: int, end: int) -> int:
    """Inline pattern starts in ``text[start:end]``, a hard line break counting ten."""
    found = sum(text.count(char, start, end) for char in _SPECIAL)
    return found + 10 * text.count("  \n", start, end)


def _upper_bound(text: str) -> int:
    """``inline_work`` of the whole body as one paragraph, every "[" unclosed: more
    than any of its paragraphs costs, in one pass of C."""
    length = len(text)
    cheap = length * length + _STEP_WEIGHT * length * text.count("[")
    if cheap <= MAX_INLINE_WORK:
        return cheap  # no paragraph has more pattern starts than characters
    specials = _specials(text, 0, length)
    return length * specials + _STEP_WEIGHT * length * text.count("[")


def inline_work(text: str, start: int, end: int) -> int:
    """Estimated cost of the inline pass over ``text[start:end]``: characters copied
    by placeholders, plus the characters getText walks for every ``[``."""
    length = end - start
    specials = _specials(text, start, end)
    if length * specials <= MAX_INLINE_WORK and "[" not in text[start:end]:
        return length * specials
    # getText walks from each "[" to its matching "]", or to the end when none.
    steps = 0
    opened: list[int] = []
    for match in _BRACKET.finditer(text, start, end):
        if match.group() == "[":
            opened.append(match.start())
        elif opened:
            steps += match.start() - opened.pop()
    steps += sum(end - at for at in opened)
    return length * specials + _STEP_WEIGHT * steps
