"""Cutting the body into paragraphs: blank lines, indents, hard-wrapped lines joined."""

from __future__ import annotations

import re
from itertools import pairwise

from newsgen.parse.raw.dates import (
    _stamp_date,
    _standalone,
    _ymd,
)
from newsgen.parse.raw.furniture import (
    _is_sign_off,
    _line_junk,
    _paren_end,
    _paren_reason,
)
from newsgen.parse.raw.patterns import (
    _COMMENTS,
    _ELLIPSIS_END,
    _FIELD,
    _FIELD_LINE,
    _SECTION_MARKER,
    _SENTENCE_END,
    _WIRE_STAMP,
)
from newsgen.parse.raw.state import (
    _note_layout,
    _Para,
    _State,
)
from newsgen.parse.raw.text import (
    _flat,
    _join,
)
from newsgen.parse.wire_marks import (
    has_codes,
    strip_codes,
)

# Hard-wrapped copy is wrapped at teleprinter or terminal widths; a block whose
# longest line is wider than this was not wrapped, so each line is a paragraph.
_MAX_WRAP_WIDTH = 100

# "(Reporting by ...; Editing by ...)", "(Material from ... was used in this report.)",
# "(PROFILE (WS SL:BC-...; CT:i; ...))": parenthesised agency furniture.
_PAREN_START = re.compile(
    r"^\((?:(?:Additional |Writing and )?[Rr]eporting|Writing|Editing|Compiled|Edited|"
    r"Material from|Information from|Contributing|PROFILE|[A-Z]{2,}\s*\(|[A-Z]{2,}:|\(|"
    r"With inputs|Except for the headline|This (?:story|article|report|copy|content)\b|"
    r"(?:Adds|Updates|Recasts|Corrects|Rewrites|Refiles|Repeats|Changes|Inserts|Fixes)\b|"
    r"[A-Z]{2,}[ .,])"
)

# A line of bullet-list items ("- item", "• item", "1. item").
_BULLET = re.compile(r"^(?:[-•*–▪●►]\s+|\d{1,2}[.)]\s+)\S")

_SENTENCE_START = re.compile(r"[\"“‘'(]?[A-Z0-9À-ÖØ-Þ]")

_TERMINAL = re.compile(r"[.!?:;\"'”’)\]]\s*$")


def _paragraphs(lines: list[str], start: int, state: _State) -> list[_Para]:
    """Cut the body into paragraphs, dropping lines that are never article text."""
    # Each line as (number, text with tabs expanded, text flattened).
    blocks: list[list[tuple[int, str, str]]] = []
    block: list[tuple[int, str, str]] = []
    i, n = start, len(lines)
    while i < n:
        raw = lines[i].rstrip()
        s = raw.strip()
        if not s:
            if block:
                blocks.append(block)
                block = []
            i += 1
            continue
        if _PAREN_START.match(s):
            # Parenthesised furniture may be wrapped over several lines; take the
            # lines up to the one that closes the parenthesis.
            end = _paren_end(lines, i)
            if end is not None:
                text = " ".join(_flat(x) for x in lines[i : end + 1])
                reason = _paren_reason(text)
                if reason is not None:
                    if block:
                        blocks.append(block)
                        block = []
                    _note_layout(reason, state)
                    state.drop(text, reason, i + 1)
                    i = end + 1
                    continue
        flat = _flat(s)
        if _SECTION_MARKER.match(flat) or _COMMENTS.match(flat):
            # A link-list heading is a paragraph of its own; _drop_link_lists
            # drops it together with the teasers under it.
            if block:
                blocks.append(block)
            blocks.append([(i, flat, flat)])
            block = []
            i += 1
            continue
        reason = _line_junk(flat)
        if reason == "site junk: date stamp" and (blocks or block):
            # A date alone on its line below the first paragraph is the page's
            # content (a fixture list's match day), not its publication stamp.
            reason = None
        if reason is not None:
            if block:
                blocks.append(block)
                block = []
            _note_layout(reason, state)
            if reason == "site junk: publication stamp" and state.body_date is None:
                stamp = _stamp_date(flat)
                state.body_date = stamp[0] if stamp else None
            if reason.startswith("wire tail") and state.tail_date is None:
                m = _WIRE_STAMP.match(s)
                if m:
                    yy = int(m.group(3))  # two-digit years: 70-99 are the 1900s
                    state.tail_date = _ymd(
                        yy + (1900 if yy >= 70 else 2000), m.group(1), m.group(2)
                    )
            state.drop(s, reason, i + 1)
            i += 1
            continue
        block.append((i, raw.expandtabs(4), flat))  # the same words as raw's
        i += 1
    if block:
        blocks.append(block)
    paras: list[_Para] = []
    for b in blocks:
        paras.extend(_split_block(b, state))
    return paras


def _without_codes(lines: list[str], start: int, state: _State) -> list[str]:
    """The lines with wire formatting codes taken out; a line of nothing but codes
    is dropped (and so becomes a paragraph break)."""
    out: list[str] | None = None
    if not state.marks:
        return lines
    for i in range(start, len(lines)):
        line = lines[i]
        if not has_codes(line):
            continue
        if out is None:
            out = list(lines)
        state.wire = True
        kept = strip_codes(line)
        if not kept:
            state.drop(_flat(line), "wire: formatting codes", i + 1)
        out[i] = line[: len(line) - len(line.lstrip())] + kept if kept else ""
    return out if out is not None else lines


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _split_block(block: list[tuple[int, str, str]], state: _State) -> list[_Para]:
    """Split a blank-line-free block into paragraphs and join its wrapped lines."""
    if len(block) == 1:
        i, raw, flat = block[0]
        return [_Para(flat, i + 1, _indent(raw) > 0)]
    indents = [_indent(raw) for _, raw, _ in block]
    base = min(indents)
    # Teleprinter copy: paragraphs start with an indented line, the lines that
    # continue them are flush with the margin.
    by_indent = any(x > base for x in indents)
    if by_indent:
        state.teleprinter = True
    width = max(len(raw.rstrip()) for _, raw, _ in block)
    # Not wrapped when lines are wider than any wrapper's width, or when every
    # line ends a sentence and the next starts one: one paragraph per line.
    wrapped = width <= _MAX_WRAP_WIDTH and not all(
        _SENTENCE_END.search(a) and _SENTENCE_START.match(b.lstrip())
        for (_, a, _), (_, b, _) in pairwise(block)
    )
    # "Date: Tuesday, 9 March" / "Venue: Riverside Park": a block of "Label: value"
    # fields is a list, one field a line, never wrapped prose.
    if wrapped and all(_FIELD.match(flat) for _, _, flat in block):
        wrapped = False
    # A list: two or more lines open with a bullet; each item is a paragraph.
    bullets = sum(1 for _, raw, _ in block if _BULLET.match(raw.lstrip())) >= 2
    paras: list[_Para] = []
    current: list[str] = []
    first_line = block[0][0]
    alone_above = False
    for k, (i, _, s) in enumerate(block):
        starts = k == 0 or (by_indent and indents[k] > base)
        if bullets and not starts:
            starts = _BULLET.match(s) is not None
        if not starts and k == len(block) - 1:
            # An agency sign-off flush with the margin ("-- AP", "REUTER") is not
            # the end of the last paragraph; _drop_tail takes it off. Nor is it when
            # the line above is indented deeper: a one-line paragraph (a table row
            # in results copy) that a continuation flush with the margin cannot follow.
            starts = _is_sign_off(s) and (
                _SENTENCE_END.search(block[k - 1][1]) is not None or indents[k - 1] > indents[k]
            )
        if not starts and not by_indent:
            prev = block[k - 1][2]
            starts = not wrapped or _intentional_break(prev, s, width)
            # "Leeds United v Chelsea" / "Venue: Elland Road": a field line after a
            # line it could have been wrapped onto (at any width of 60 or more, as
            # wrapped copy is) was put on its own line by hand.
            if not starts and (_FIELD_LINE.match(s) or _standalone(s)):
                starts = len(prev) + 1 + len(s.split(" ", 1)[0]) <= max(width, 60)
                # Or under another field line: a list of "Label: value" lines.
                starts = starts or bool(_FIELD_LINE.match(s) and _FIELD_LINE.match(prev))
            # The line under a weekday, date or time put on its own line by hand.
            if not starts and alone_above:
                starts = True
        alone_above = starts and not by_indent and _standalone(s)
        if starts and current:
            paras.append(_Para(_join(current), first_line + 1, indents[k - 1] > 0))
            current = []
        if starts:
            first_line = i
        current.append(s)
    if current:
        paras.append(_Para(_join(current), first_line + 1))
    return paras


def _intentional_break(prev: str, nxt: str, width: int) -> bool:
    """True when the next line's first word would have fitted on the previous line.

    A wrapper only breaks a line when the next word does not fit, so a short line
    that ends a sentence was ended by hand: a paragraph end.
    """
    first = nxt.split(" ", 1)[0]
    return (
        len(prev) + 1 + len(first) <= width
        and _TERMINAL.search(prev) is not None
        and not _ELLIPSIS_END.search(prev)
    )
