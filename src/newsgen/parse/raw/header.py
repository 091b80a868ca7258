"""The header scan under the headline: wire transmission lines, bylines, stamps."""

from __future__ import annotations

import re

from newsgen.parse.raw.byline import (
    _byline,
    _is_role_line,
)
from newsgen.parse.raw.dateline import (
    _starts_dateline,
)
from newsgen.parse.raw.dates import (
    _doc_id_date,
    _field_line_date,
    _find_date,
    _iso_date,
    _match_day,
    _slash_date,
    _stamp_date,
    _ymd,
)
from newsgen.parse.raw.furniture import (
    _line_junk,
    _site_furniture,
)
from newsgen.parse.raw.patterns import (
    _AGENCY_CODE,
    _BYLINE,
    _COPYRIGHT,
    _DOC_ID,
    _ELLIPSIS_END,
    _ROLE,
    _SENTENCE_END,
)
from newsgen.parse.raw.state import (
    _State,
)
from newsgen.parse.raw.text import (
    _body_like,
    _caps,
    _flat,
    _key,
)
from newsgen.parse.wire_marks import (
    WEEKDAYS,
    code_fields,
    has_codes,
    is_doc_type_line,
    strip_codes,
)

# How far below the headline wire and web headers reach, in lines. Bounds the scan
# so a file with no body still costs linear time.
_HEADER_MAX_LINES = 40

_SLUG = re.compile(
    r"^(?:[a-z]{1,3}\s+){0,3}BC-\S|^[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)+ (?:sked|budget|adv\d*)$"
)

# Routing lines are short runs of codes ("w1234 wstm-", "r i  BC-Storm 11-26 0412"):
# every token is short, a slug, or digits; at least one has a digit or a hyphen.
_ROUTING_TOKEN = re.compile(r"^(?:[\w&;]{1,5}-?|BC-\S+|[\d:/-]+|&\w+;)$")

_EDITORS_NOTE = re.compile(r"^(?:Eds?|EDS?|Editors?|EDITORS?|Editor'?s Note|EDITOR'?S NOTE)\s*:")

_SERVICE_LINE = re.compile(r"^(?:c\.\d{4}|©\s*\d{4}).*(?:News Service|Syndicate|Wire)", re.I)


def _scan_header(lines: list[str], start: int, title: str, state: _State) -> int:
    """Consume transmission and site header lines under the headline; return the body start."""
    title_key = _key(title)
    after_byline = False
    limit = min(len(lines), start + _HEADER_MAX_LINES)
    header_end: int | None = None  # the last line of a wire header, once looked for
    i = start
    while i < limit:
        raw = lines[i]
        s = _flat(raw)
        if not s:
            i += 1
            continue
        n = i + 1
        reason = None
        if len(s) > _LONGEST_HEADER_LINE and is_doc_type_line(s) is None:
            break  # a paragraph of the story: no header line is this long
        m = _DOC_ID.match(s)
        if (wire_reason := _wire_header_line(s, state)) is not None:
            if wire_reason == "":
                break  # codes in front of the dateline: the body starts here
            reason = wire_reason
        elif m:
            state.wire = True
            state.header_date = _slash_date(s) or _ymd(*m.groups()) or state.header_date
            reason = "wire header: document id and timestamp"
        elif _SLUG.match(s):
            state.wire = True
            reason = "wire header: slug line"
        elif state.wire and _is_routing(s):
            reason = "wire header: routing codes"
            if (stamp := _stamp_date(s)) is not None:  # "1998-10-25 21:00" alone
                state.header_date = state.header_date or stamp[0]
        elif len(s) <= 2 * len(title) + 40 and _key(s) == title_key:
            reason = "header: headline repeated"
        elif _EDITORS_NOTE.match(s):
            reason = "wire header: editors' note"
        elif after_byline and _is_role_line(s):
            reason = "header: byline role line"
        elif state.byline is None and (
            (name := _byline(s)) is not None or (name := _credit_line(s, lines, i, limit, state))
        ):
            state.byline = name
            after_byline = True
            state.drop(s, "byline (moved to the byline field)", n)
            i += 1
            continue
        elif _SERVICE_LINE.match(s) or _COPYRIGHT.match(s):
            reason = "header: copyright or news service line"
        elif state.wire and (notice := _RIGHTS_NOTICE.search(s)) is not None:
            # A syndicated feature's header: "MALAYSIA Setting the stage ..., NEW
            # STRAITS TIMES ... COPYRIGHT 1998 BY WORLDSOURCES, INC. ...", the
            # headline first when the line is under the slug.
            if state.headline is None and _under_slug(state):
                state.headline = _syndicated_headline(s[: notice.start()])
            reason = "wire header: rights notice"
        elif (
            state.discarded
            and state.discarded[-1].reason == "wire header: rights notice"
            and _caps(s)
            and len(s) <= 120
        ):
            reason = "wire header: rights notice"  # its wrapped second line
        elif _AGENCY_CODE.match(s) and _next_is_stamp(lines, i, limit):
            state.agency = state.agency or s
            reason = "header: agency credit"
        elif (field_date := _field_line_date(s)) is not None:
            state.header_date = state.header_date or field_date
            reason = "header: source and date fields"
        elif (stamp := _stamp_date(s)) is not None:
            state.web = True
            state.header_date = state.header_date or stamp[0]
            if _match_day(s, lines, i):
                break  # a fixture's date and kick-off lines: the page's content
            reason = stamp[1]
        else:
            reason = _site_furniture(s)
            if reason is None and _ELLIPSIS_END.search(s) and not _starts_dateline(s):
                reason = "site junk: teaser cut off with ellipsis"
            if reason is None and state.wire:
                if header_end is None:
                    header_end = _wire_header_end(lines, i, limit)
                # The line under the slug is the headline, even when neither a
                # byline nor a dateline follows it (a feature, an editorial).
                under_slug = bool(state.discarded) and state.discarded[-1].reason == (
                    "wire header: slug line"
                )
                if under_slug and not (_body_like(s) or _SENTENCE_END.search(s)):
                    header_end = max(header_end, i)
                if i <= header_end:
                    _header_byline(s, state)
                    what = "note"
                    if state.headline is None and not _header_field(strip_codes(s)):
                        state.headline = _wrapped_headline(s, lines, i, limit)
                        what = "headline"
                    state.drop(s, f"wire header: {what}", n)
                    i += 1
                    continue
            if reason is None:
                break
            state.web = True
        after_byline = False
        state.drop(s, reason, n)
        i += 1
    return i


def _wire_header_line(s: str, state: _State) -> str | None:
    """A header line of real wire copy: "NEWS STORY 1998-10-25 21:00 A6157 &Cx1f; ..."
    or a line split by formatting codes ("&UR; By RIC KAHN &QC;"). Takes the date
    and any byline from it. Returns the reason to drop it, "" when the codes open
    the body (a dateline follows them), or None when it is neither."""
    if not state.marks:
        return None
    end = is_doc_type_line(s)
    if end is None and not has_codes(s):
        return None
    fields = code_fields(s[end or 0 :])
    text = strip_codes(s[end or 0 :])
    if fields and (_starts_dateline(text) or len(fields[0].split()) >= 60):
        return "" if end is None else "wire header: document type and timestamp"
    state.wire = True
    if end is not None:
        stamp = s[:end]
        found = _slash_date(stamp) or _iso_date(stamp) or _doc_id_date(stamp)
        state.header_date = state.header_date or found
    for f in fields:
        _header_byline(f, state)
    if state.headline is None and end is None and fields:
        first = fields[0]
        if not (_is_routing(first) or _SLUG.match(first) or _header_field(first)):
            state.headline = first
    if end is not None:
        return "wire header: document type and timestamp"
    return "wire header: formatting codes"


# An all-caps rights notice: "COPYRIGHT 1998 BY WORLDSOURCES, INC.", "NO PORTION OF
# THE MATERIALS CONTAINED HEREIN MAY BE USED ...", "ALL RIGHTS RESERVED".
_RIGHTS_NOTICE = re.compile(
    r"\bCOPYRIGHT \d{4} BY [A-Z]|^NO PORTION OF [A-Z ]+ MAY BE (?:USED|REPRODUCED)"
    r"|\bALL RIGHTS RESERVED\b"
)

# "MALAYSIA Setting the stage for Net convergence, NEW STRAITS TIMES-MANAGEMENT TIMES"
_SYNDICATED = re.compile(
    r"^(?:[A-Z]{2,}(?: [A-Z]{2,})* (?=[A-Z][a-z]))?(.{8,200}?),\s+[A-Z]{2,}[A-Z -]*\b"
)


def _under_slug(state: _State) -> bool:
    return bool(state.discarded) and state.discarded[-1].reason == "wire header: slug line"


def _syndicated_headline(s: str) -> str | None:
    """The headline opening a syndicated feature's header line, without the region
    tag before it and the publication's name after it; None when there is none."""
    m = _SYNDICATED.match(s)
    return m.group(1).strip() if m is not None and any(c.islower() for c in m.group(1)) else None


# A newspaper library record (TIPSTER's San Jose Mercury News): a header block of
# field lines, one of them the record id ("SJMN91-06338157 06338157 Photo; ..."),
# the last one the section and the headline ("Front SUNUNU BATTLES TO KEEP HIS JOB"),
# the first the byline and edition fields ("ANN DEVROY, Washington Post USA ...").
_LIBRARY_ID = re.compile(r"^[A-Z]{2,6}\d{2}-\d{6,8}\b")

_SECTION_HEADLINE = re.compile(r"^(?:[A-Z][a-z]+\s+){1,3}([A-Z0-9][^a-z]{7,200})$")

_LIBRARY_BYLINE = re.compile(r"^((?:[A-Z][A-Z.'’-]+\s+){1,3}[A-Z][A-Z.'’-]+),\s")

_LIBRARY_BLOCK = 8


def _library_record(lines: list[str], title_at: int, state: _State) -> tuple[str, int] | None:
    """(headline, body start) of a library record's header block, its lines dropped
    and its byline and date taken; None when the text is not such a record."""
    block: list[tuple[int, str]] = []
    for i in range(title_at, min(len(lines), title_at + _LIBRARY_BLOCK + 1)):
        s = _flat(lines[i])
        if not s:
            break
        block.append((i, s))
    at = next((k for k, (_, s) in enumerate(block) if k > 0 and _LIBRARY_ID.match(s)), None)
    if at is None or at + 1 >= len(block):
        return None
    last, line = block[at + 1]
    m = _SECTION_HEADLINE.match(line)
    if m is None or at + 2 != len(block):
        return None
    if (name := _LIBRARY_BYLINE.match(block[0][1])) is not None:
        state.byline = _byline("By " + name.group(1))
    for i, s in block:
        state.header_date = state.header_date or _find_date(s)
        state.drop(s, "library record header", i + 1)
    state.wire = True
    return m.group(1).strip(), last + 1


def _header_field(s: str) -> bool:
    """A known field of a wire header: editors' note, byline, role, service line,
    a note in parentheses, photo or graphic notes."""
    return bool(
        s.startswith("(")
        or _EDITORS_NOTE.match(s)
        or _BYLINE.match(s)
        or _SERVICE_LINE.match(s)
        or _COPYRIGHT.match(s)
        or _is_role_line(s)
        or _PHOTO_NOTE.match(s)
    )


# "AP Photo CANB101,102", "AP Photos IST101-102", "LaserPhotos WX6,7", "No pickup".
_PHOTO_NOTE = re.compile(r"^(?:AP |No pickup |With )?(?:Laser)?(?:Photos?|Graphics?|Color)\b")

# "... LaserPhotos By ROBERT DVORCHAK Associated Press Writer": in a header line the
# byline may follow other fields; the name is the run of capitals after "By".
_BY_CAPS = re.compile(
    r"(?:^|\s)By\s+((?:[A-Z][A-Z.'’-]*|[A-Z]\.)(?:\s+(?:[A-Z][A-Z.'’-]*|[A-Z]\.|and|de|van|von|bin|al)){0,5})"
    r"(?=\s|$|,)"
)


def _header_byline(s: str, state: _State) -> None:
    if state.byline is not None:
        return
    name = _byline(s)
    if name is None:
        m = _BY_CAPS.search(s)
        if m is not None and any(ch.isalpha() for ch in m.group(1)[1:]):
            name = _byline("By " + m.group(1))
    if name is not None:
        state.byline = name


def _wire_header_end(lines: list[str], i: int, limit: int) -> int:
    """The last line from ``i`` on that is part of a wire header: the header runs to
    its last transmission mark (codes, slug, routing, byline, service line) before
    the dateline or the first paragraph of prose, and to the line above the dateline
    when only a headline and notes stand between."""
    end = -1
    seen = depth = 0
    for j in range(i, limit):
        if len(lines[j]) > _LONGEST_HEADER_LINE:
            # A paragraph: the story has begun, with its dateline or without.
            if seen < 12 and _starts_dateline(lines[j].strip()):
                end = j - 1
            break
        s = _flat(lines[j])
        if not s:
            continue
        seen += 1
        coded = has_codes(s)
        opening = strip_codes(s) if coded else s
        if _starts_dateline(opening):
            if seen <= 12:
                end = j - 1
            break
        # Prose ends the search: the header is above the story, and codes below
        # its first paragraph ("&UR; MORE", "&UR; (dmc-lk)") are the tail's.
        # A line inside a note opened above ("(ART ADV: ... / ... 4204.)") is no prose.
        prose = not coded and depth == 0 and _body_like(s) and not _header_field(strip_codes(s))
        if seen > 12 or opening.count(" ") >= 60 or prose:
            break
        depth = max(0, depth + s.count("(") - s.count(")"))
        if coded and _line_junk(opening) is not None:
            continue
        if (
            coded
            or is_doc_type_line(s) is not None
            or _SLUG.match(s)
            or _is_routing(s)
            or _BYLINE.match(s)
            or _BY_CAPS.search(s)
            or _SERVICE_LINE.match(s)
        ):
            end = j
    return end


def _wrapped_headline(s: str, lines: list[str], i: int, limit: int) -> str:
    """A headline inside a wire header, with its second line when it was wrapped and
    the rest of that line is codes and header fields."""
    if _SENTENCE_END.search(s):
        return s
    nxt = next((_flat(x) for x in lines[i + 1 : limit] if x.strip()), "")
    if has_codes(nxt):
        fields = code_fields(nxt)
        if fields and len(fields) > 1 and not _header_field(fields[0]):
            return s + " " + fields[0]
    return s


# Header lines are short, even joined with their codes; a longer line is prose.
_LONGEST_HEADER_LINE = 600

_CREDIT_SPLIT = re.compile(r"\s+[|/]\s+")


def _credit_line(s: str, lines: list[str], i: int, limit: int, state: _State) -> str | None:
    """A byline without "By": "Jane Doe | Reuters", "Jane Doe / TNN / Updated: ...",
    or a name alone on its line right above a date stamp ("Staff Reporter" /
    "November 26, 2026"), as news sites print them."""
    # Wire copy signs with "By"; a bare agency code ("PTI") is not a person.
    if state.wire or _AGENCY_CODE.match(s):
        return None
    if any(map(str.isdigit, s.split("|")[0].split(" / ")[0])):
        return None
    parts = _CREDIT_SPLIT.split(s)
    if len(parts) > 1:
        first = parts[0]
        name = _byline(first if _BYLINE.match(first) else "By " + first)
        if name is None:
            return None
        stamp_date = None
        for part in parts[1:]:
            stamp = _stamp_date(part)
            if stamp is not None:
                stamp_date = stamp_date or stamp[0]
            elif not (_AGENCY_CODE.match(part) or _ROLE.search(part)):
                return None
        if stamp_date is not None:
            state.header_date = state.header_date or stamp_date
        return name
    if s.endswith((".", ":", "!", "?", ",")) or len(s.split()) > 5:
        return None
    # "Tuesday" above "Date: Tuesday, 9 March": a fixture page's day, not a name.
    if s.upper().rstrip(",") in WEEKDAYS:
        return None
    name = _byline("By " + s)
    if name is None:
        return None
    return name if _next_is_stamp(lines, i, limit) else None


def _next_is_stamp(lines: list[str], i: int, limit: int) -> bool:
    nxt = next((_flat(x) for x in lines[i + 1 : limit] if x.strip()), "")
    return _stamp_date(nxt) is not None


def _is_routing(s: str) -> bool:
    tokens = s.split()
    if not tokens or len(tokens) > 10:
        return False
    if not all(_ROUTING_TOKEN.match(t) for t in tokens):
        return False
    # "TASK FORCE TO STUDY CASES OF 14 SLAIN WOMEN" is a headline in capitals:
    # routing codes are not mostly words.
    if 2 * sum(1 for t in tokens if len(t) >= 3 and t.isalpha()) > len(tokens):
        return False
    return any(any(ch.isdigit() or ch == "-" for ch in t) for t in tokens)
