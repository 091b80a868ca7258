"""Lines and paragraphs that are never article text: site furniture, link lists, tails."""

from __future__ import annotations

import re

from newsgen.parse.raw.byline import (
    _byline,
)
from newsgen.parse.raw.dateline import (
    parse_dateline,
)
from newsgen.parse.raw.dates import (
    _stamp_date,
)
from newsgen.parse.raw.patterns import (
    _COMMENTS,
    _COPYRIGHT,
    _ELLIPSIS_END,
    _SECTION_MARKER,
    _STAMP,
    _WIRE_STAMP,
    _any_of,
    _words,
)
from newsgen.parse.raw.state import (
    _Para,
    _State,
)
from newsgen.parse.raw.text import (
    _body_like,
)

_MORE_MARKER = re.compile(
    r"^[(\-]*\s*(?:more to follow|more|ends?|end ?item|nnnn|xxx+|-?0-|# # #|###|\(?end\)?)\s*[)\-]*$",
    re.I,
)

_PAREN_WRITETHRU = re.compile(
    r"^\((?:Adds|Updates|Recasts|Corrects|Rewrites|Refiles|Repeats|Changes|Inserts|Fixes)\b"
)

_PAREN_SYNDICATION = re.compile(
    r"^\((?:With inputs|Except for the headline|This (?:story|article|report|copy|content)\b)"
)

_PAREN_CREDITS = re.compile(
    r"^\((?:Additional |Writing and )?(?:[Rr]eporting|Writing|Editing|Compiled|Edited|Contributing)"
)

_PAREN_MATERIAL = re.compile(r"^\((?:Material|Information) from")

# An inline link planted between paragraphs: "Also Read: Port traffic hits record high".
_INLINE_LINK = re.compile(
    r"^(?:also read|read more|read also|see also|related|more|watch|listen|read|recommended)"
    r"\s*[:|–—-]\s*\S",
    re.I,
)

# Share and follow widgets consist only of network names and their verbs.
_SOCIAL_WORDS = _words(
    "share this on via facebook twitter x whatsapp linkedin email e-mail print tweet pinterest"
    " reddit telegram messenger copy link follow us google news instagram youtube tiktok threads"
    " and or save subscribe comment comments sms"
)

_SOCIAL_NETWORKS = _words(
    "share facebook twitter whatsapp linkedin tweet pinterest reddit telegram instagram"
    " youtube tiktok"
)

_FURNITURE = re.compile(
    r"^(?:advertisement|advertisment|sponsored|continue reading(?: below)?"
    r"|story continues below.*|scroll to continue.*|\d+\s*min(?:ute)?s?\s+read|reading time\s*:.*"
    r"|(?:tags|topics|filed under|categories)\s*:.*|(?:photo|image|file photo)\s*:.*"
    r"|click here.*|for more news.*|subscribe to .*|our standards\s*:.*|[_*=~#-]{3,}"
    r"|listen to (?:this )?(?:article|story|news)\b.{0,30}|\d+\s*min(?:ute)?s?\s+listen"
    r"|(?:updated|published|posted)\s*:?\s*(?:about |just )?(?:\d+|an?|few)\s+\w+\s+ago"
    r"|[—–-]*\s*\(?with inputs from .{1,60})$",
    re.I,
)

# The same search, cut where its branches start, so that each piece can skip ahead
# to the character it starts with (one case-insensitive search tried every branch
# at every character): the imperative opening the line, or after ", " and the like.
_CTA_WORDS = (
    r"(?:please\s+)?(?:follow(?![-\w])|like us\b|join (?:us|our)\b|subscribe\b"
    r"|download (?:the|our)\b|sign up\b|stay (?:updated|connected|informed|tuned)\b)"
)

_CTA_OPENING = re.compile(_CTA_WORDS, re.I)

_CTA_AFTER_STOP = re.compile(r"[,.;:!]\s+" + _CTA_WORDS, re.I)

_CTA_PLACE = re.compile(
    r"@\w|\b(?:facebook|twitter|whatsapp|instagram|youtube|telegram|tiktok|linkedin|threads"
    r"|google news|social media|channel|newsletter)\b",
    re.I,
)

# ``_CAPTION`` cut the same way: the line as a whole, a dash before "Photo:", or
# a closing parenthesis (photo credit or agency/photographer).
_CAPTION_LINE = re.compile(
    r"^(?:file\s+)?(?:photo|picture|image)s?(?:\s*(?::|courtesy|credit:?|by)\s*[^.!?]{0,60})?$",
    re.I,
)

_CAPTION_DASH = re.compile(
    r"\s[—–-]{1,2}\s*(?:file\s+)?(?:photo|picture|image)s?\s*(?::|courtesy|credit|by)"
    r"\s*[^.!?]{1,60}$",
    re.I,
)

_CAPTION_PAREN = re.compile(
    r"\((?:(?:file\s+)?(?:photo|picture|image)s?\s*(?::|courtesy|credit|by)[^)]{1,60}\)$"
    r"|[A-Z][\w.]+/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}\)$)",
    re.I,
)

# AFP and AP desk initials after the copy: "bur-ach/js", "str/jj/pvh", "(rmb)".
_DESK_CODES = re.compile(
    r"^(?:[a-z]{2,5}(?:[-/][a-z]{2,5}){1,6}|\([a-z]{2,4}(?:[-/][a-z]{2,4})*\))$"
)

# An end-of-copy marker glued to the last sentence: "... 12 consecutive years. Enditem".
_END_MARKER_TAIL = re.compile(r"(?<=[.!?\"”’)])\s+(?:end ?item|\(?end\)?|ends|nnnn)\s*$", re.I)

_REPUBLISHED = re.compile(
    r"^(?:This|The) (?:article|story|report|piece) (?:originally |first )?(?:appeared|ran"
    r"|was (?:originally |first )?published)\b",
    re.I,
)

_CONTRIBUTED = re.compile(r"\bcontributed (?:to )?(?:this )?report(?:ing)?\.?\)?$", re.I)

_SIGN_OFF = re.compile(
    r"^(?:--|—|–|-)?\s*\(?([A-Z][A-Za-z.]{1,15}(?: [A-Z][A-Za-z.]{1,15})?)\)?\s*$"
)

_AGENCY_NAMES = {"Reuter": "Reuters"}  # the teleprinter-era spelling of the sign-off


def _site_furniture(s: str) -> str | None:
    if _SECTION_MARKER.match(s):
        return f"site junk: link list heading '{s}'"
    if _INLINE_LINK.match(s) and len(s) <= 200:
        return "site junk: inline link"
    if _is_social(s):
        return "site junk: share or follow line"
    if _FURNITURE.match(s):
        return "site junk: page furniture"
    if len(s) <= 200 and _calls_to_action(s) and _CTA_PLACE.search(s):
        return "site junk: call to follow or subscribe"
    if len(s) <= 300 and _is_caption(s):
        return "site junk: photo caption or credit"
    return None


def _calls_to_action(s: str) -> bool:
    """``_CALL_TO_ACTION.search(s)`` is not None."""
    return _CTA_OPENING.match(s) is not None or _CTA_AFTER_STOP.search(s) is not None


def _is_caption(s: str) -> bool:
    """``_CAPTION.search(s)`` is not None."""
    return (
        _CAPTION_LINE.match(s) is not None
        or (")" in s and _CAPTION_PAREN.search(s) is not None)
        or _dash_caption(s)
    )


def _dash_caption(s: str) -> bool:
    """``_CAPTION_DASH.search(s)`` is not None (it needs one of its dashes)."""
    return ("-" in s or "—" in s or "–" in s) and _CAPTION_DASH.search(s) is not None


def _is_social(s: str) -> bool:
    if len(s) > 120:
        return False
    first = s.split(" ", 1)[0].strip(":|,.·•-–—/").lower()
    if first not in _SOCIAL_WORDS:
        return False
    words = [w.strip(":|,.·•-–—/").lower() for w in s.split()]
    words = [w for w in words if w]
    return (
        0 < len(words) <= 12
        and all(w in _SOCIAL_WORDS for w in words)
        and any(w in _SOCIAL_NETWORKS for w in words)
    )


# Whether any line-start test of _line_junk can match: most lines are prose, and
# for them one match replaces ten.
_JUNK_START = _any_of(
    _WIRE_STAMP, _DESK_CODES, _MORE_MARKER, _COPYRIGHT, _STAMP, _SECTION_MARKER,
    _INLINE_LINK, _FURNITURE, _CTA_OPENING, _CAPTION_LINE,
)  # fmt: skip


def _line_junk(s: str) -> str | None:
    """Lines that are never article text, wherever they stand."""
    if _JUNK_START.match(s) is None:
        # The tests below, less those that look at the start of the line.
        if _is_social(s):
            return "site junk: share or follow line"
        if len(s) <= 200 and _CTA_AFTER_STOP.search(s) and _CTA_PLACE.search(s):
            return "site junk: call to follow or subscribe"
        if len(s) <= 300 and (
            (")" in s and _CAPTION_PAREN.search(s) is not None) or _dash_caption(s)
        ):
            return "site junk: photo caption or credit"
        return None
    if _WIRE_STAMP.match(s):
        return "wire tail: transmission stamp"
    if _DESK_CODES.match(s):
        return "wire tail: desk initials"
    if _MORE_MARKER.match(s):
        return "wire: continuation or end marker"
    if _COPYRIGHT.match(s):
        return "site junk: copyright line"
    if _STAMP.match(s) and _stamp_date(s) is not None:
        return "site junk: publication stamp"
    return _site_furniture(s)


def _paren_end(lines: list[str], start: int) -> int | None:
    depth = 0
    # Notes and credits wrap over a few lines; an indexing block ("(PROFILE" with
    # one "(REG:...;)" line per region) may run to dozens.
    reach = 40 if lines[start].lstrip().startswith("(PROFILE") else 8
    for j in range(start, min(len(lines), start + reach)):
        for ch in lines[j]:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth <= 0:
                    return j if not lines[j][lines[j].rfind(")") + 1 :].strip() else None
        if j > start and not lines[j].strip():
            return None
    return None


def _paren_reason(text: str) -> str | None:
    if not text.endswith(")"):
        return None
    if _PAREN_CREDITS.match(text):
        return "agency sign-off: reporting and editing credits"
    if _PAREN_MATERIAL.match(text):
        return "agency tail: attribution of material"
    if len(text.split()) >= 3 and not any(ch.islower() for ch in text):
        return "wire: editors' note"
    if text.startswith("((") and text.endswith("))"):
        return "wire tail: desk contact note"
    if _PAREN_WRITETHRU.match(text) and len(text) <= 200:
        return "wire header: write-through note"
    if _PAREN_SYNDICATION.match(text) and len(text) <= 300:
        return "site junk: syndication note"
    if re.match(r"^\([A-Z]{2,}", text) and re.search(r"[A-Z]{2,}:", text):
        return "wire tail: indexing block"
    return None


def _drop_link_lists(paras: list[_Para], state: _State) -> list[_Para]:
    """Drop "Must Read"-style headings and the teasers listed under them."""
    out: list[_Para] = []
    heading: str | None = None
    for p in paras:
        if _SECTION_MARKER.match(p.text):
            heading = p.text
            state.web = True
            state.drop(p.text, f"site junk: link list heading '{p.text}'", p.line)
            continue
        if heading is not None:
            if not _body_like(p.text):
                state.drop(p.text, f"site junk: teaser listed under '{heading}'", p.line)
                continue
            heading = None
        out.append(p)
    return out


def _drop_comments(paras: list[_Para], state: _State) -> list[_Para]:
    """Drop the reader-comments section: its heading and everything under it."""
    for k in range(1, len(paras)):
        if _COMMENTS.match(paras[k].text):
            state.web = True
            for p in paras[k:]:
                state.drop(p.text, "site junk: reader comments", p.line)
            return paras[:k]
    return paras


def _strip_end_marker(paras: list[_Para], state: _State) -> None:
    """Take an end-of-copy marker ("Enditem") off the end of the last paragraph."""
    if not paras:
        return
    last = paras[-1]
    m = _END_MARKER_TAIL.search(last.text)
    if m is not None:
        state.drop(m.group().strip(), "wire: end marker", last.line)
        paras[-1] = _Para(last.text[: m.start()].rstrip(), last.line, last.indented)


def _drop_tail(paras: list[_Para], state: _State) -> list[_Para]:
    """Drop teasers, sign-offs and furniture after the last paragraph of the article."""
    end = len(paras)
    while end > 1:
        p = paras[end - 1]
        reason = _tail_reason(p.text, state)
        if reason is None:
            break
        state.drop(p.text, reason, p.line)
        end -= 1
    return paras[:end]


def _tail_reason(text: str, state: _State) -> str | None:
    if _ELLIPSIS_END.search(text) and not _body_like(text.rstrip(".… ") + "."):
        return "site junk: teaser cut off with ellipsis"
    if _ELLIPSIS_END.search(text) and state.web:
        return "site junk: teaser cut off with ellipsis"
    m = _SIGN_OFF.match(text)
    if m and _is_sign_off(text):
        name = m.group(1)
        state.agency = state.agency or _AGENCY_NAMES.get(name.capitalize(), name)
        return "agency sign-off"
    if _REPUBLISHED.match(text) and len(text) < 200:
        return "tail: republication note"
    if _CONTRIBUTED.search(text) and len(text) < 200:
        return "agency tail: contributor credit"
    if text.startswith("(") and text.endswith(")") and _paren_reason(text):
        return _paren_reason(text)
    return None


def _is_sign_off(text: str) -> bool:
    """ "-- AP", "Reuter", "(AP)": an agency name alone, dashed, bracketed or one word."""
    if _SIGN_OFF.match(text) is None or text.endswith("."):
        return False
    return text.startswith(("-", "—", "–", "(")) or " " not in text


def _drop_standfirst(paras: list[_Para], state: _State) -> list[_Para]:
    """Drop a deck or kicker above a byline or dateline: the dateline opens the body."""
    for k in range(min(3, len(paras))):
        text = paras[k].text
        if k > 0 and parse_dateline(text) is not None:
            for p in paras[:k]:
                state.drop(p.text, "header: standfirst above the dateline", p.line)
            return paras[k:]
        if state.byline is None and (name := _byline(text)) is not None:
            state.byline = name
            for p in paras[:k]:
                state.drop(p.text, "header: standfirst above the byline", p.line)
            state.drop(text, "byline (moved to the byline field)", paras[k].line)
            return _drop_standfirst(paras[k + 1 :], state)
        if _body_like(text) or parse_dateline(text) is not None:
            break
    return paras
