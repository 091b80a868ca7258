"""read_raw: the raw reader's stages in order, on one text."""

from __future__ import annotations

import re

from newsgen.errors import ContentError
from newsgen.model import RawRecord
from newsgen.parse.raw.dateline import (
    _dateline_alone,
    _dateline_title_colon,
    parse_dateline,
)
from newsgen.parse.raw.dates import (
    _doc_id_date,
    _full_date,
    _iso_date,
    _slash_date,
)
from newsgen.parse.raw.furniture import (
    _drop_comments,
    _drop_link_lists,
    _drop_standfirst,
    _drop_tail,
    _strip_end_marker,
)
from newsgen.parse.raw.header import (
    _library_record,
    _scan_header,
)
from newsgen.parse.raw.paragraphs import (
    _paragraphs,
    _without_codes,
)
from newsgen.parse.raw.patterns import (
    _DOC_ID_SHORT,
)
from newsgen.parse.raw.state import (
    _layout,
    _Para,
    _State,
)
from newsgen.parse.raw.text import (
    _clean_chars,
    _flat,
    _title,
)
from newsgen.parse.wire_marks import (
    is_doc_type_line,
    may_hold_marks,
    strip_glued_tail,
)

_CLOSING_TAG = re.compile(r"</[A-Za-z][\w:-]*>")

_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^<>\n]*)?>")


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


# "... PM-Gulf Rdp, 8th Ld-Writethru,a0605,1368 Saddam Seeks End To War Eds: ...": an
# AP slug line ends with its word count (after the a-number); the headline follows,
# then any editors' note.
_JOINED_HEADLINE = re.compile(r",\s*(?:a\d{4},\s*)?\d{3,4}\s+([A-Z][^\n]{5,200}?)(?=\s+Eds?:|\s*$)")
