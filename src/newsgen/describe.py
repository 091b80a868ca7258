"""What the reader makes of one file, as plain data for `newsgen parse`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from newsgen import safefs
from newsgen.config import Config
from newsgen.errors import ContentError
from newsgen.model import SourceFile
from newsgen.parse import parse_source
from newsgen.sources import MAX_ARTICLE_BYTES

_STATED = ("front matter", "text")


def describe(path: Path, config: Config) -> dict[str, Any]:
    """Read ``path`` and return the record as JSON-ready data."""
    try:
        # No FIFO or device (which could block or never end), and a bounded read;
        # a file named on the command line may be anywhere the user can read.
        data = safefs.read_inside(str(path), os.sep, MAX_ARTICLE_BYTES)
    except safefs.Refused as refused:
        raise ContentError(refused.reason, path.as_posix()) from None
    source = SourceFile(path=path.as_posix(), data=data)
    parsed = parse_source(source, config, need_date=False)
    article, record = parsed.article, parsed.record
    return {
        "file": path.as_posix(),
        "title": article.title,
        "dateline": article.dateline,
        "agency": article.agency,
        "dateline_date": record.dateline_date,
        "byline": article.byline,
        # Only a date the file itself states: front matter or the text.
        "date": article.date.date().isoformat() if article.date_source in _STATED else None,
        "date_source": None if article.date_source == "none" else article.date_source,
        "updated": article.updated.isoformat() if article.updated else None,
        "slug": article.slug,
        "tags": list(article.tags),
        "summary": article.summary,
        "draft": article.draft,
        "format": article.format,
        "layout": record.layout,
        "paragraphs": list(record.paragraphs),
        "discarded": [
            {"text": d.text, "reason": d.reason, "line": d.line} for d in record.discarded
        ],
        "warnings": [str(w) for w in parsed.warnings],
    }
