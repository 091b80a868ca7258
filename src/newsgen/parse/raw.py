"""Read a raw-text article (web scrape, agency wire, teleprinter or clean text).

``read_raw`` is pure: decoded text in, a ``RawRecord`` out. The rules, their order
and the layouts they serve are documented in ``docs/raw-reader.md``; in short:

1. the headline is the first non-empty line;
2. a header scan right under it takes wire transmission lines, bylines, role and
   service lines, "Published:" stamps and site furniture;
3. the rest is cut into paragraphs (blank lines, indented paragraph starts,
   hard-wrapped lines joined), with lines that are never article text (share
   widgets, inline "Also Read:" links, wire stamps, credits) taken out first;
4. link lists ("Must Read", "Related" and the teasers under them), sign-offs and
   tail furniture are dropped, and the dateline is taken off the first paragraph.

Everything dropped is kept in ``discarded`` with a reason, so a wrong guess can be
seen and fixed with front matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from newsgen.display import MONTHS
from newsgen.errors import ContentError
from newsgen.model import Discarded, RawRecord
from newsgen.parse.wire_marks import (
    WEEKDAYS,
    code_fields,
    has_codes,
    is_doc_type_line,
    may_hold_marks,
    strip_codes,
    strip_glued_tail,
)

__all__ = ["parse_dateline", "read_raw"]

# How far below the headline wire and web headers reach, in lines. Bounds the scan
# so a file with no body still costs linear time.
_HEADER_MAX_LINES = 40
# Hard-wrapped copy is wrapped at teleprinter or terminal widths; a block whose
# longest line is wider than this was not wrapped, so each line is a paragraph.
_MAX_WRAP_WIDTH = 100


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = {month[:3].lower(): number for number, month in enumerate(MONTHS, start=1)}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

# --- dates stated in full -------------------------------------------------------
# "Tuesday, 8 March, 1945 GMT": four digits before a time zone are a kick-off time.
_NOT_A_TIME = r"(?!\s*(?:GMT|UTC|BST|CET|EST|EDT|IST|PKT|local time|hrs)\b)"
_DATE_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b{_NOT_A_TIME}", re.I
)
_DATE_MDY = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b{_NOT_A_TIME}", re.I
)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DATE_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
# "26/11/2026", "26-11-2026", "26.11.2026": read only when day and month cannot be swapped.
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\b")

# --- wire transmission header and tail -------------------------------------------
# "APX20261126.0101  NEWS STORY  11/26/2026 09:24:00": source code, yyyymmdd, serial.
_DOC_ID = re.compile(r"^[A-Z]{2,8}(?:_[A-Z]{2,4})?_?(\d{4})(\d{2})(\d{2})\.\d{2,6}\b")
_SLUG = re.compile(
    r"^(?:[a-z]{1,3}\s+){0,3}BC-\S|^[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)+ (?:sked|budget|adv\d*)$"
)
# Routing lines are short runs of codes ("w1234 wstm-", "r i  BC-Storm 11-26 0412"):
# every token is short, a slug, or digits; at least one has a digit or a hyphen.
_ROUTING_TOKEN = re.compile(r"^(?:[\w&;]{1,5}-?|BC-\S+|[\d:/-]+|&\w+;)$")
# "APX-NY-11-26-26 0924EDT": agency-desk-mm-dd-yy time zone.
_WIRE_STAMP = re.compile(
    r"^[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*?-(\d\d)-(\d\d)-(\d\d)\s+\d{3,4}(?:\s?[A-Z]{2,4})?<?$"
)
_EDITORS_NOTE = re.compile(r"^(?:Eds?|EDS?|Editors?|EDITORS?|Editor'?s Note|EDITOR'?S NOTE)\s*:")
_MORE_MARKER = re.compile(
    r"^[(\-]*\s*(?:more to follow|more|ends?|end ?item|nnnn|xxx+|-?0-|# # #|###|\(?end\)?)\s*[)\-]*$",
    re.I,
)
# "(Reporting by ...; Editing by ...)", "(Material from ... was used in this report.)",
# "(PROFILE (WS SL:BC-...; CT:i; ...))": parenthesised agency furniture.
_PAREN_START = re.compile(
    r"^\((?:(?:Additional |Writing and )?[Rr]eporting|Writing|Editing|Compiled|Edited|"
    r"Material from|Information from|Contributing|PROFILE|[A-Z]{2,}\s*\(|[A-Z]{2,}:|\(|"
    r"With inputs|Except for the headline|This (?:story|article|report|copy|content)\b|"
    r"(?:Adds|Updates|Recasts|Corrects|Rewrites|Refiles|Repeats|Changes|Inserts|Fixes)\b|"
    r"[A-Z]{2,}[ .,])"
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
_COPYRIGHT = re.compile(r"^\(?(?:©|\(c\)|c\.|Copyright\b)\s*(?:©\s*)?(?:\(c\)\s*)?\d{4}\b", re.I)
_SERVICE_LINE = re.compile(r"^(?:c\.\d{4}|©\s*\d{4}).*(?:News Service|Syndicate|Wire)", re.I)

# --- site furniture ---------------------------------------------------------------
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
_STAMP = re.compile(
    # Not "Date:": on fixture and event pages that is the event's date, content.
    r"^(?:(?:first )?published|updated|last updated|posted|modified)(?:\s+(?:on|at))?"
    r"\s*[:|-]?\s*(.*)$",
    re.I,
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
# A call to the reader to follow, like, join or subscribe somewhere: an imperative
# opening the line (or its second clause) and a network, handle or channel named.
_CALL_TO_ACTION = re.compile(
    r"(?:^|[,.;:!]\s+)(?:please\s+)?(?:follow(?![-\w])|like us\b|join (?:us|our)\b|subscribe\b"
    r"|download (?:the|our)\b|sign up\b|stay (?:updated|connected|informed|tuned)\b)",
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
# The reader-comments section: everything under it was written by readers.
_COMMENTS = re.compile(
    r"^(?:(?:\d+\s+)?(?:reader )?comments(?:\s*\(\d+\))?|leave a (?:comment|reply)|post a comment"
    r"|add (?:a |your )?comment|start a conversation|join the (?:conversation|discussion)"
    r"|view (?:all )?comments|show comments)$",
    re.I,
)
# AFP and AP desk initials after the copy: "bur-ach/js", "str/jj/pvh", "(rmb)".
_DESK_CODES = re.compile(
    r"^(?:[a-z]{2,5}(?:[-/][a-z]{2,5}){1,6}|\([a-z]{2,4}(?:[-/][a-z]{2,4})*\))$"
)
# An end-of-copy marker glued to the last sentence: "... 12 consecutive years. Enditem".
_END_MARKER_TAIL = re.compile(r"(?<=[.!?\"”’)])\s+(?:end ?item|\(?end\)?|ends|nnnn)\s*$", re.I)
# A site name after the headline in a page title: "Senate passes bill | The Express Tribune".
_TITLE_SITE = re.compile(r"^(.+?\S.*?\s\S.*?\s\S.*?)\s+\|\s+([^|]{2,40})$")
# A line of bullet-list items ("- item", "• item", "1. item").
_BULLET = re.compile(r"^(?:[-•*–▪●►]\s+|\d{1,2}[.)]\s+)\S")
# HTML character references left by scrapers and SGML archives (&lt; &amp; &#3;),
# and control characters, which are never article text.
# SGML archives write the names in capitals too: "AT&AMP;T".
_CHAR_REF = re.compile(
    r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos|nbsp|LT|GT|AMP|QUOT));"
)
_CLOSING_TAG = re.compile(r"</[A-Za-z][\w:-]*>")
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^<>\n]*)?>")
_NAMED_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'", "nbsp": " "}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_REPUBLISHED = re.compile(
    r"^(?:This|The) (?:article|story|report|piece) (?:originally |first )?(?:appeared|ran"
    r"|was (?:originally |first )?published)\b",
    re.I,
)
_CONTRIBUTED = re.compile(r"\bcontributed (?:to )?(?:this )?report(?:ing)?\.?\)?$", re.I)
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)\s*$")

# --- bylines ------------------------------------------------------------------
_BYLINE = re.compile(r"^(?:By|BY|by)\s+(.+?)\s*$")
# Words allowed in lower case inside a name: connectors and name particles.
_NAME_PARTICLES = _words("and & de da del della der di du van von bin bint al el la le ibn ul")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|[A-Z]\.|[a-z]{1,3}-[A-Z][\w'’-]*)$")
# Role words tell a role line ("Associated Press Writer") from a person's name.
_ROLE = re.compile(
    r"\b(?:writer|correspondent|reporter|editor|press|staff|service|bureau|agency|news|times"
    r"|post|columnist|analyst|contributor|desk|chief|report|journal|herald|tribune|daily|online"
    r"|wire|reuters|afp|ap|app|xinhua|bloomberg)\b",
    re.I,
)
_BYLINE_TAIL = re.compile(r"\s*(?:,|\||\s-\s|–|—)\s*(.*)$")

# --- datelines ------------------------------------------------------------------
_UP = "A-ZÀ-ÖØ-Þ"
_PLACE_WORD = rf"[{_UP}](?:[{_UP}'’.]|-(?=[{_UP}]))*"
_PARTICLE = r"(?:de|da|do|del|della|di|du|des|el|es|la|le|al|am|an|of|on|upon)"
_PLACE_UPPER = rf"{_PLACE_WORD}(?:(?:\s+|/)(?:{_PARTICLE}\s+)?{_PLACE_WORD}){{0,4}}"
_PLACE_TITLE = r"[A-Z][a-zà-ÿ'’.]+(?:(?:\s+|/|-)[A-Z][a-zà-ÿ'’.]+){0,3}"
_DL_DATE = (
    rf"(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH}\.?(?:,?\s+\d{{4}})?)"
)
_DL_REGION = rf"(?!{_MONTH}\b)[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*){{0,3}}"
_DL_AGENCY = r"\(\s*([A-Za-z][A-Za-z.&'’ -]{0,24}?)\s*\)"
_DL_SEP = r"(?:\s*:\s*|\s*(?:--|—|–)\s*|\s+-\s+|\s+-$|\s*_\s+|\s*_$|\s*[.:,;]?\s*$)"
_DL_TAIL = rf"(?:,\s*(?:{_DL_REGION}))?(?:,?\s*({_DL_DATE}))?(?:\s*{_DL_AGENCY})?"
# A title-case place ("Beijing") counts only when a date or an agency follows it.
_DATELINE = re.compile(
    rf"^(?:({_PLACE_UPPER})|({_PLACE_TITLE})(?=,\s*{_DL_DATE}|,?[^:\n]{{0,40}}\())"
    rf"({_DL_TAIL})({_DL_SEP})"
)
# PTI and IANS copy has no separator after the agency: "New Delhi, Nov 26 (PTI) The ...".
# The bracketed agency closes the dateline when a sentence starts right after it.
_DATELINE_NOSEP = re.compile(
    rf"^(?:({_PLACE_UPPER})|({_PLACE_TITLE}))(?:,\s*(?:{_DL_REGION}))?(?:,?\s*({_DL_DATE}))?"
    r"\s*\(\s*([A-Z][A-Za-z.&'’ -]{0,24}?)\s*\)\s+(?=[\"“‘'A-Z0-9])"
)
# A dateline on a line of its own with nothing but a separator: "KARACHI:".
_DATELINE_ALONE = re.compile(rf"^({_PLACE_UPPER})\s*(?::|--|—|–|-)$")
# All-caps labels that open paragraphs but are not places.
_KICKERS = _words(
    "BREAKING UPDATE UPDATED UPDATES EXCLUSIVE ANALYSIS COMMENT OPINION EDITORIAL NOTE CORRECTION"
    " CLARIFICATION PHOTO PHOTOS VIDEO WATCH LIVE FILE REVIEW INTERVIEW FEATURE FACTBOX EXPLAINER"
    " URGENT FLASH BULLETIN ADVISORY EDITORS EDS NEW WARNING ALERT Q&A FAQ TIP PS NB"
    " BACKGROUND CONTEXT SUMMARY HIGHLIGHTS OVERVIEW TIMELINE MEANWHILE ALSO SOURCE SOURCES"
    " VERDICT QUOTE WHY HOW WHAT WHO WHEN WHERE READ LISTEN SEE MORE"
)
_SIGN_OFF = re.compile(
    r"^(?:--|—|–|-)?\s*\(?([A-Z][A-Za-z.]{1,15}(?: [A-Z][A-Za-z.]{1,15})?)\)?\s*$"
)
_AGENCY_NAMES = {"Reuter": "Reuters"}  # the teleprinter-era spelling of the sign-off

_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s*$")
_SENTENCE_START = re.compile(r"[\"“‘'(]?[A-Z0-9À-ÖØ-Þ]")
_TERMINAL = re.compile(r"[.!?:;\"'”’)\]]\s*$")
_WORD_CHAR = re.compile(r"\w")


@dataclass(slots=True)
class _Para:
    text: str
    line: int  # 1-based line of the paragraph's first line
    indented: bool = False


@dataclass(slots=True)
class _State:
    path: str
    discarded: list[Discarded] = field(default_factory=list)
    byline: str | None = None
    header_date: date | None = None
    body_date: date | None = None
    tail_date: date | None = None
    wire: bool = False
    web: bool = False
    teleprinter: bool = False
    agency: str | None = None
    headline: str | None = None  # a headline found inside a wire header
    marks: bool = True  # whether any line may hold wire codes or a NEWS STORY line

    def drop(self, text: str, reason: str, line: int | None) -> None:
        self.discarded.append(Discarded(text=text, reason=reason, line=line))


def read_raw(text: str, path: str = "<text>") -> RawRecord:
    """Read decoded article text (no front matter) into a ``RawRecord``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "</" in text and _CLOSING_TAG.search(text):
        # SGML/XML archive markup (<DOC>, <TEXT>, <P> ... </P>): the tags go, a line
        # left empty separates paragraphs as a blank line would. Only text with
        # closing tags is treated so, so tickers such as "<EXC>" stay in other copy.
        text = _TAG.sub("", text)
    text = _clean_chars(text)
    lines = text.split("\n")
    title_at = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title_at is None:
        raise ContentError("no title: the text is empty", path, 1)
    state = _State(path=path, marks=may_hold_marks(text))
    title = _title(_flat(lines[title_at]), title_at + 1, state)
    # An archive record with no headline line opens with its document id and type
    # ("APW19980213.1310 NEWS STORY 02/13/1998 14:26:00"): the headline, if any, is
    # inside the transmission header below it.
    doc_type = is_doc_type_line(title) is not None
    joined = None
    if doc_type or _DOC_ID_SHORT.match(title):
        # The second: "AP900815-0044 AP-NR-08-15-90 1337EDT ...", the whole header
        # joined on the first line; the headline follows the slug's word count.
        state.wire = True
        state.header_date = _slash_date(title) or _iso_date(title) or _doc_id_date(title)
        joined = None if doc_type else _JOINED_HEADLINE.search(title)

    library = None if doc_type or joined else _library_record(lines, title_at, state)
    if library is not None:
        title, body_at = library
    else:
        body_at = _scan_header(lines, title_at + 1, title, state)
    if (doc_type and state.headline) or joined:
        state.drop(
            title,
            "wire header: document id and header (headline taken from it)"
            if joined
            else "wire header: document id and type (headline found below)",
            title_at + 1,
        )
        title = joined.group(1) if joined else state.headline or title
    paras = _paragraphs(_without_codes(lines, body_at, state), body_at, state)
    paras = _drop_comments(paras, state)
    paras = _drop_link_lists(paras, state)
    paras = _drop_tail(paras, state)
    paras = _drop_standfirst(paras, state)
    _strip_end_marker(paras, state)
    if state.wire and paras:
        last = paras[-1]
        kept, taken = strip_glued_tail(last.text)
        for piece, reason in taken:
            state.drop(piece, reason, last.line)
        if taken:
            paras[-1] = _Para(kept, last.line, last.indented)

    dateline = region_date = None
    if paras:
        found = parse_dateline(paras[0].text)
        if found is None and len(paras) > 1:
            found = _dateline_alone(paras[0].text)
        if found is None:
            found = _dateline_title_colon(paras[0].text)
        if found is not None:
            dateline, dateline_date, agency, rest = found
            region_date = dateline_date
            if agency:
                state.agency = agency
            if rest:
                paras[0] = _Para(rest, paras[0].line)
            else:
                paras.pop(0)
    full = _full_date(region_date) if region_date else None
    return RawRecord(
        title=title,
        paragraphs=tuple(p.text for p in paras),
        dateline=dateline,
        agency=state.agency,
        dateline_date=region_date,
        byline=state.byline,
        date=state.header_date or state.body_date or state.tail_date or full,
        discarded=tuple(sorted(state.discarded, key=lambda d: d.line or 0)),
        layout=_layout(state, dateline),
    )


def parse_dateline(text: str) -> tuple[str, str | None, str | None, str] | None:
    """Split a dateline off a paragraph: (place, date as written, agency, the rest)."""
    m = _DATELINE.match(text)
    if m is None:
        return _dateline_no_separator(text)
    place = (m.group(1) or m.group(2)).strip()
    letters = sum(ch.isalpha() for ch in place)
    sep = m.group(6).strip()
    dl_date, agency = m.group(4), m.group(5)
    rest = text[m.end() :].strip()
    if letters < 3 or _not_a_place(place):
        return None
    # A bare upper-case word with no separator is a heading, not a dateline, unless
    # it carries an agency and the paragraph is nothing else ("PORTO NOVA (AP)").
    if (not sep or sep in ".,;") and (rest or not (agency or dl_date)):
        return None
    if sep == ":" and not rest and not (agency or dl_date):
        return None
    if m.group(2) and not (agency or dl_date):
        return None
    return place, dl_date, agency, rest


def _not_a_place(place: str) -> bool:
    """Kicker labels ("BREAKING") and days of the week: a sport fixture page's
    "Saturday" or "TUESDAY:" names a day, never a place."""
    # The whole place only: "SUN CITY, Ariz." and "Sunday River" are places.
    key = place.replace(".", "").upper()
    return key in _KICKERS or key in WEEKDAYS


def _dateline_no_separator(text: str) -> tuple[str, str | None, str | None, str] | None:
    m = _DATELINE_NOSEP.match(text)
    if m is None:
        return None
    place = (m.group(1) or m.group(2)).strip()
    if sum(ch.isalpha() for ch in place) < 3 or _not_a_place(place):
        return None
    return place, m.group(3), m.group(4), text[m.end() :].strip()


_DATELINE_TITLE_COLON = re.compile(
    r"^([A-Z][a-zà-ÿ'’.]+(?:[ /-][A-Z][a-zà-ÿ'’.]+){0,2}):\s+(?=[\"“‘A-Z])"
)


def _dateline_title_colon(text: str) -> tuple[str, str | None, str | None, str] | None:
    """Indian web copy: "New Delhi: The Supreme Court on Wednesday ...". Only for the
    paragraph that opens the body, only when the rest reads as a full sentence,
    and never a label ("Background:", "Update:")."""
    m = _DATELINE_TITLE_COLON.match(text)
    if m is None:
        return None
    place, rest = m.group(1), text[m.end() :]
    if _not_a_place(place) or not _body_like(rest):
        return None
    return place, None, None, rest


def _dateline_alone(text: str) -> tuple[str, str | None, str | None, str] | None:
    """An upper-case place alone on the first body line ("KARACHI:"), the body below it."""
    m = _DATELINE_ALONE.match(text)
    if m is None:
        return None
    place = m.group(1).strip()
    if sum(ch.isalpha() for ch in place) < 3 or _not_a_place(place):
        return None
    return place, None, None, ""


# --- header ---------------------------------------------------------------------


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


def _iso_date(s: str) -> date | None:
    m = _DATE_ISO.search(s)
    return _ymd(m.group(1), m.group(2), m.group(3)) if m else None


def _doc_id_date(s: str) -> date | None:
    m = _DOC_ID.match(s)
    if m:
        return _ymd(*m.groups())
    m = _DOC_ID_SHORT.match(s)
    if m is None:
        return None
    yy = int(m.group(1))  # "ea980120.1830.0071": yymmdd, 70-99 in the 1900s
    return _ymd(yy + (1900 if yy >= 70 else 2000), m.group(2), m.group(3))


# "... PM-Gulf Rdp, 8th Ld-Writethru,a0605,1368 Saddam Seeks End To War Eds: ...": an
# AP slug line ends with its word count (after the a-number); the headline follows,
# then any editors' note.
_JOINED_HEADLINE = re.compile(r",\s*(?:a\d{4},\s*)?\d{3,4}\s+([A-Z][^\n]{5,200}?)(?=\s+Eds?:|\s*$)")
_DOC_ID_SHORT = re.compile(r"^[A-Za-z]{2,8}(\d\d)(\d\d)(\d\d)[.-]\d{2,6}\b")


# Header lines are short, even joined with their codes; a longer line is prose.
_LONGEST_HEADER_LINE = 600

_CREDIT_SPLIT = re.compile(r"\s+[|/]\s+")
_AGENCY_CODE = re.compile(r"^[A-Z]{2,6}$")


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


_FIELD = re.compile(r"^[A-Z][\w -]{0,20}:\s*\S.{0,40}$")
# A fixture list's field lines run longer: "Premiership: Harbourside v Kettleford,
# Riverside Park, 1500 GMT".
_FIELD_LINE = re.compile(r"^[A-Z][\w -]{0,20}:\s*\S.{0,60}$")


def _field_line_date(s: str) -> date | None:
    """ "Source: Xinhua| 2026-11-26 19:06:27|Editor: huaxia": fields split by '|', one
    of them a date stamp, the others "Label: value" pairs or agency names."""
    if "|" not in s or len(s) > 160:
        return None
    found = None
    for part in (x.strip() for x in s.split("|")):
        stamp = _stamp_date(part) if part else None
        if stamp is not None:
            found = found or stamp[0]
        elif part and not (_FIELD.match(part) or _AGENCY_CODE.match(part)):
            return None
    return found


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


def _is_role_line(s: str) -> bool:
    words = s.split()
    return (
        len(words) <= 7
        and not s.endswith((".", "!", "?", ":"))
        and _ROLE.search(s) is not None
        and not _starts_dateline(s)
    )


def _byline(s: str) -> str | None:
    m = _BYLINE.match(s)
    if m is None:
        return None
    name = m.group(1).strip()
    tail = _BYLINE_TAIL.search(name)
    if tail and (_ROLE.search(tail.group(1)) or not tail.group(1)):
        name = name[: tail.start()].strip()
    words = name.split()
    ends_sentence = name.endswith((".", "!", "?", ":", ",")) and not name.endswith(("Jr.", "Sr."))
    if not 1 <= len(words) <= 7 or ends_sentence:
        return None
    if not all(w.lower() in _NAME_PARTICLES or _NAME_WORD.match(w) for w in words):
        return None
    if not any(_NAME_WORD.match(w) for w in words):
        return None
    # "By ALAN PRICE Associated Press": the name is in capitals, the employer is not.
    for j in range(2, len(words)):
        if all(_caps(w) for w in words[:j]) and not _caps(words[j]):
            if _ROLE.search(" ".join(words[j:])):
                words = words[:j]
            break
    if all(_caps(w) or w.lower() in _NAME_PARTICLES for w in words):
        return " ".join(w.lower() if w.lower() in _NAME_PARTICLES else w.title() for w in words)
    return " ".join(words)


def _caps(word: str) -> bool:
    return not any(ch.islower() for ch in word)


def _stamp_date(s: str) -> tuple[date, str] | None:
    """A "Published: 26 Nov 2026 10:14 am" stamp, or a line that is only a date."""
    m = _STAMP.match(s)
    if m is not None and len(s) <= 100:
        found = _find_date(m.group(1))
        # What is left beside the date is at most a publication's name ("Published
        # in Dawn, November 27th, 2026"); more words make it a sentence.
        if found is not None and len(_DATE_LEFTOVER.sub(" ", m.group(1)).split()) <= 5:
            return found, "site junk: publication stamp"
    if len(s) <= 60:
        found = _find_date(s)
        # A line that is only a date (and time): nothing is left once digits,
        # month and day names and the usual separators are taken out.
        if found is not None and _only_date(s):
            return found, "site junk: date stamp"
    return None


_DATE_LEFTOVER = re.compile(
    rf"\b(?:{_MONTH}|Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|"
    r"Sat(?:urday)?|Sun(?:day)?|am|pm|a\.m\.|p\.m\.|GMT|UTC|PKT|EST|EDT|IST|CET|BST|st|nd|rd|th"
    # "... Updated 2 hours ago": a relative update note beside the date.
    r"|updated|ago|about|an?|just|now|hours?|hrs?|minutes?|mins?|days?)\b"
    r"|[\d\s,.:/|\-–—]",
    re.I,
)


def _only_date(s: str) -> bool:
    # ISO 8601 timestamps: "2026-11-26T09:14:00Z".
    s = re.sub(r"(?<=\d)[TZ](?=\d|\b)", " ", s)
    return not _DATE_LEFTOVER.sub("", s).strip()


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


# --- body -----------------------------------------------------------------------


def _any_of(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """One expression that matches at the start of a text where one of ``patterns``
    does (each keeps its own flags; none refers back to a group)."""
    branches = []
    for pattern in patterns:
        assert not pattern.flags & ~(re.I | re.U) and "(?P=" not in pattern.pattern
        branches.append(f"(?{'i' if pattern.flags & re.I else ''}:{pattern.pattern})")
    return re.compile("|".join(branches))


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


def _note_layout(reason: str, state: _State) -> None:
    if reason.startswith("wire"):
        state.wire = True
    elif reason.startswith("site"):
        state.web = True


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


# "Kick-off 1400 GMT", "Wales v Italy (1430 GMT)", "Live on BBC Two from 13:30".
_ENDS_WITH_TIME = re.compile(
    r"\b(?:\d{4} ?(?:GMT|BST|UTC|CET|local time)|\d{1,2}[:.]\d{2} ?(?:GMT|BST|UTC|am|pm)?)\)?$"
)


_WEEKDAY_WORD = re.compile(
    r"\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b", re.I
)


def _match_day(s: str, lines: list[str], i: int) -> bool:
    """A date line naming its weekday with a time or field line right under it
    ("Sunday 13 March 2005" / "Kick-off 1400 GMT"): a fixture's match day, not the
    page's publication stamp."""
    if _WEEKDAY_WORD.search(s) is None or i + 1 >= len(lines):
        return False
    nxt = _flat(lines[i + 1])
    if not nxt or _STAMP.match(nxt) or _stamp_date(nxt) or _byline(nxt):
        return False  # "Updated: 10:14 GMT", "By Staff Reporter": the page's stamps
    return _standalone(nxt) or _FIELD_LINE.match(nxt) is not None


def _standalone(s: str) -> bool:
    """A line of a fixture or event page that is only a weekday, a date or a time
    ("Saturday", "Saturday, 12 February", "1500 GMT"), or that ends with a time
    ("Kick-off 1400 GMT", "Wales v Italy (1430 GMT)"): a line of its own, never a
    piece of wrapped prose (which would end a sentence there)."""
    return (
        len(s) <= 40
        and not _SENTENCE_END.search(s)
        and any(c.isalnum() for c in s)
        and (_only_date(s) or _ENDS_WITH_TIME.search(s) is not None)
    )


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


def _join(parts: list[str]) -> str:
    out = parts[0]
    for p in parts[1:]:
        # "well-" + "known": a word hyphenated at the wrap keeps its hyphen, no space.
        if len(out) > 1 and out[-1] == "-" and out[-2].isalpha():
            out += p
        else:
            out += " " + p
    return out


# --- link lists, tail and standfirst ----------------------------------------------------


def _body_like(text: str) -> bool:
    """A paragraph that reads as article prose rather than a headline or teaser."""
    if _ELLIPSIS_END.search(text):
        return False
    words = text.count(" ") + 1
    return (words >= 8 and _SENTENCE_END.search(text) is not None) or words >= 30


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


# --- dates ---------------------------------------------------------------------


def _ymd(y: str | int, m: str | int, d: str | int) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _slash_date(s: str) -> date | None:
    m = _DATE_SLASH.search(s)
    return _ymd(m.group(3), m.group(1), m.group(2)) if m else None


def _find_date(s: str) -> date | None:
    """The first full date (day, month and year) stated in ``s``."""
    m = _DATE_DMY.search(s)
    if m:
        return _ymd(m.group(3), _MONTHS[m.group(2)[:3].lower()], m.group(1))
    m = _DATE_MDY.search(s)
    if m:
        return _ymd(m.group(3), _MONTHS[m.group(1)[:3].lower()], m.group(2))
    m = _DATE_ISO.search(s)
    if m:
        return _ymd(m.group(1), m.group(2), m.group(3))
    m = _DATE_NUMERIC.search(s)
    if m:
        a, b = int(m.group(1)), int(m.group(3))
        # Only unambiguous numeric dates: 26/11/2026 or 11/26/2026, never 5/6/2026.
        if a > 12 >= b:
            return _ymd(m.group(4), b, a)
        if b > 12 >= a:
            return _ymd(m.group(4), a, b)
    return None


def _full_date(written: str) -> date | None:
    """A dateline date counts only when it states the year."""
    return _find_date(written) if re.search(r"\d{4}", written) else None


# --- helpers ---------------------------------------------------------------------


def _clean_chars(text: str) -> str:
    """Resolve HTML character references and drop control characters."""
    if "&" in text:
        text = _CHAR_REF.sub(_char_ref, text)
    return _CONTROL.sub("", text)


def _char_ref(m: re.Match[str]) -> str:
    if m.group(3):
        return _NAMED_REFS[m.group(3).lower()]
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return m.group()
    return chr(code)


def _title(line: str, n: int, state: _State) -> str:
    """The headline, without a site name a page title adds after '|'."""
    # The "|" test first: on a headline without one the expression still tries
    # every way of cutting it into three words (a fifth of reading a short file).
    m = _TITLE_SITE.match(line) if "|" in line else None
    if m is not None:
        site = m.group(2).split()
        if len(site) <= 5 and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in site):
            state.drop(m.group(2), "title: site name after '|'", n)
            return m.group(1)
    return line


def _flat(s: str) -> str:
    """Runs of white space as one space, none at the ends."""
    return " ".join(s.split())


def _key(s: str) -> str:
    """The letters and digits of ``s``, case-folded (``str.isalnum`` characters)."""
    return "".join(_ALNUM_RUN.findall(s.casefold()))


_ALNUM_RUN = re.compile(r"[^\W_]+")  # \w is isalnum() or "_", character by character


def _starts_dateline(s: str) -> bool:
    return parse_dateline(s) is not None


def _layout(state: _State, dateline: str | None) -> str:
    if state.wire:
        return "wire"
    if state.teleprinter:
        return "teleprinter"
    if state.web or dateline is not None:
        return "web"
    return "clean"
