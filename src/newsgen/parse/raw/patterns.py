"""The raw reader's patterns: dates, wire furniture, site furniture, bylines, datelines."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

# "APX20261126.0101  NEWS STORY  11/26/2026 09:24:00": source code, yyyymmdd, serial.
_DOC_ID = re.compile(r"^[A-Z]{2,8}(?:_[A-Z]{2,4})?_?(\d{4})(\d{2})(\d{2})\.\d{2,6}\b")

# "APX-NY-11-26-26 0924EDT": agency-desk-mm-dd-yy time zone.
_WIRE_STAMP = re.compile(
    r"^[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*?-(\d\d)-(\d\d)-(\d\d)\s+\d{3,4}(?:\s?[A-Z]{2,4})?<?$"
)

_COPYRIGHT = re.compile(r"^\(?(?:©|\(c\)|c\.|Copyright\b)\s*(?:©\s*)?(?:\(c\)\s*)?\d{4}\b", re.I)

# Headings of link lists; a line that is only one of these starts a list of teasers.
_SECTION_MARKER = re.compile(
    r"^(?:must read|also read|read (?:more|also|next)"
    r"|related(?: (?:articles?|posts?|news|stories|content|coverage|topics))?"
    r"|more (?:from|on|in|news|stories)\b.*|you (?:may|might) (?:also )?like"
    r"|recommended(?: for you)?|trending(?: now)?|most (?:read|popular|viewed|shared)"
    r"|latest(?: news| stories)?|see also|don'?t miss|top stories|popular(?: posts)?"
    r"|what to read next|editor'?s picks?|in case you missed it)\s*:?$",
    re.I,
)

_STAMP = re.compile(
    # Not "Date:": on fixture and event pages that is the event's date, content.
    r"^(?:(?:first )?published|updated|last updated|posted|modified)(?:\s+(?:on|at))?"
    r"\s*[:|-]?\s*(.*)$",
    re.I,
)

# A call to the reader to follow, like, join or subscribe somewhere: an imperative
# opening the line (or its second clause) and a network, handle or channel named.
_CALL_TO_ACTION = re.compile(
    r"(?:^|[,.;:!]\s+)(?:please\s+)?(?:follow(?![-\w])|like us\b|join (?:us|our)\b|subscribe\b"
    r"|download (?:the|our)\b|sign up\b|stay (?:updated|connected|informed|tuned)\b)",
    re.I,
)

# Photo captions and credits: "File photo", "Photo: Reuters/File", a caption line
# ending "— Photo: APP" or "(Photo: AFP)".
_CAPTION = re.compile(
    r"^(?:file\s+)?(?:photo|picture|image)s?(?:\s*(?::|courtesy|credit:?|by)\s*[^.!?]{0,60})?$"
    r"|\s[—–-]{1,2}\s*(?:file\s+)?(?:photo|picture|image)s?\s*(?::|courtesy|credit|by)\s*[^.!?]{1,60}$"
    r"|\((?:file\s+)?(?:photo|picture|image)s?\s*(?::|courtesy|credit|by)[^)]{1,60}\)$"
    # "... in Beijing, Nov. 25, 2026. (Xinhua/Li Ming)": agency/photographer credit.
    r"|\([A-Z][\w.]+/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}\)$",
    re.I,
)

# The reader-comments section: everything under it was written by readers.
_COMMENTS = re.compile(
    r"^(?:(?:\d+\s+)?(?:reader )?comments(?:\s*\(\d+\))?|leave a (?:comment|reply)|post a comment"
    r"|add (?:a |your )?comment|start a conversation|join the (?:conversation|discussion)"
    r"|view (?:all )?comments|show comments)$",
    re.I,
)

_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)\s*$")

_BYLINE = re.compile(r"^(?:By|BY|by)\s+(.+?)\s*$")

# Words allowed in lower case inside a name: connectors and name particles.
_NAME_PARTICLES = _words("and & de da del della der di du van von bin bint al el la le ibn ul")

# Role words tell a role line ("Associated Press Writer") from a person's name.
_ROLE = re.compile(
    r"\b(?:writer|correspondent|reporter|editor|press|staff|service|bureau|agency|news|times"
    r"|post|columnist|analyst|contributor|desk|chief|report|journal|herald|tribune|daily|online"
    r"|wire|reuters|afp|ap|app|xinhua|bloomberg)\b",
    re.I,
)

_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s*$")

_WORD_CHAR = re.compile(r"\w")

_DOC_ID_SHORT = re.compile(r"^[A-Za-z]{2,8}(\d\d)(\d\d)(\d\d)[.-]\d{2,6}\b")

_AGENCY_CODE = re.compile(r"^[A-Z]{2,6}$")

_FIELD = re.compile(r"^[A-Z][\w -]{0,20}:\s*\S.{0,40}$")

# A fixture list's field lines run longer: "Premiership: Harbourside v Kettleford,
# Riverside Park, 1500 GMT".
_FIELD_LINE = re.compile(r"^[A-Z][\w -]{0,20}:\s*\S.{0,60}$")


def _any_of(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """One expression that matches at the start of a text where one of ``patterns``
    does (each keeps its own flags; none refers back to a group)."""
    branches = []
    for pattern in patterns:
        assert not pattern.flags & ~(re.I | re.U) and "(?P=" not in pattern.pattern
        branches.append(f"(?{'i' if pattern.flags & re.I else ''}:{pattern.pattern})")
    return re.compile("|".join(branches))
