"""Readers: a SourceFile's bytes to an Article (before entity extraction).

Raw text goes through ``parse.raw``; Markdown through ``parse.markdown_body``.
Front matter, where present, wins over everything guessed from the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsgen.config import Config
from newsgen.errors import ContentError, Problem
from newsgen.model import Article, RawRecord, SourceFile, reduce_to_fields
from newsgen.parse import metadata as meta
from newsgen.safe_yaml import quote

# The readers (decode with ftfy and charset_normalizer, markdown, the raw-text
# reader) are imported by the functions that use them: unpickling a cached Parsed
# imports this module, and a build whose files all hit the cache parses nothing.
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Unknown front matter fields named one by one; past this, only counted.
_UNKNOWN_SHOWN = 20


@dataclass(frozen=True, slots=True)
class Parsed:
    """An article and the warnings its file raised."""

    __reduce__ = reduce_to_fields

    article: Article
    record: RawRecord
    warnings: tuple[Problem, ...]


def parse_source(source: SourceFile, config: Config, need_date: bool = True) -> Parsed:
    """Decode, split front matter, read the body and apply the metadata chain.

    With ``need_date`` false (inspecting a file), a file with no date gets the
    epoch and ``date_source`` "none" instead of a warning.
    """
    from newsgen.decode import decode
    from newsgen.parse.frontmatter import split_front_matter
    from newsgen.parse.markdown_body import paragraphs_html

    path = source.path
    decoded = decode(source.data, path)
    warnings = [Problem("warning", w, path) for w in decoded.warnings]
    split = split_front_matter(decoded.text, path)
    fm = split.meta
    unknown = sorted(set(fm) - meta.KNOWN_FIELDS)
    for key in unknown[:_UNKNOWN_SHOWN]:
        warnings.append(
            Problem("warning", f"unknown front matter field {quote(key)} ignored", path)
        )
    if len(unknown) > _UNKNOWN_SHOWN:
        more = len(unknown) - _UNKNOWN_SHOWN
        warnings.append(Problem("warning", f"and {more} more unknown front matter fields", path))
    is_markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
    title_fm = meta.text_value(fm.get("title"), "title", path)
    if is_markdown:
        record, body_html = _read_markdown(split.body, title_fm, path, split.body_line)
    else:
        record = _read_text(split.body, title_fm, path, split.body_line)
        body_html = paragraphs_html(record.paragraphs)
    article, date_warnings = _apply_chain(
        source, record, fm, body_html, is_markdown, config, need_date
    )
    return Parsed(article, record, tuple(warnings + date_warnings))


def _read_text(body: str, title_fm: str | None, path: str, line: int) -> RawRecord:
    if not body.strip():
        if title_fm:
            return RawRecord(title=title_fm, paragraphs=())
        raise ContentError("no title: the file is empty", path, line)
    from newsgen.parse.raw import read_raw

    record = read_raw(body, path)
    if title_fm and record.title != title_fm and _reads_like_paragraph(record.title):
        # The front matter gave the headline, so the body's first line is prose.
        return RawRecord(
            title=title_fm,
            paragraphs=(record.title, *record.paragraphs),
            dateline=record.dateline,
            agency=record.agency,
            dateline_date=record.dateline_date,
            byline=record.byline,
            date=record.date,
            discarded=record.discarded,
            layout=record.layout,
        )
    return record


def _reads_like_paragraph(line: str) -> bool:
    return len(line.split()) > 14 or line.rstrip().endswith((".", "!", "?", '."', ".”"))


def _read_markdown(body: str, title_fm: str | None, path: str, line: int) -> tuple[RawRecord, str]:
    from newsgen.parse import md_budget
    from newsgen.parse.markdown_body import html_paragraphs, render_markdown

    refused = md_budget.problem(body)
    if refused is not None:
        message, offset = refused
        raise ContentError(message, path, line + offset - 1)
    lines = body.split("\n")
    title = title_fm
    first = next((i for i, text in enumerate(lines) if text.strip()), None)
    if first is not None and lines[first].startswith("# "):
        # A leading level-one heading is the headline, not part of the body.
        title = title or meta.text_value(lines[first][2:].strip().rstrip("#"), "title", path)
        lines = lines[:first] + lines[first + 1 :]
    elif title is None and first is not None:
        title = meta.text_value(lines[first], "title", path)  # as front matter's: XML-safe
        lines = lines[:first] + lines[first + 1 :]
    if not title:
        raise ContentError("no title: give one in front matter or as a '# Heading'", path, line)
    body_html = render_markdown("\n".join(lines))
    record = RawRecord(title=title, paragraphs=tuple(html_paragraphs(body_html)), layout="markdown")
    return record, body_html


def _apply_chain(
    source: SourceFile,
    record: RawRecord,
    fm: dict[str, Any],
    body_html: str,
    is_markdown: bool,
    config: Config,
    need_date: bool,
) -> tuple[Article, list[Problem]]:
    path = source.path
    zone = config.zone
    warnings: list[Problem] = []
    title = meta.text_value(fm.get("title"), "title", path) or record.title
    date_source = "front matter"
    if fm.get("date") is not None:
        date = meta.as_datetime(fm["date"], zone, "date", path)
    elif record.date is not None:
        date, date_source = meta.as_datetime(record.date, zone, "date", path), "text"
    elif (from_path := meta.date_from_path(path, zone)) is not None:
        date, date_source = from_path, "file name"
    elif source.created is not None:
        date, date_source = source.created.astimezone(zone), "git"
    elif not need_date:
        date, date_source = datetime(1970, 1, 1, tzinfo=zone), "none"
    elif source.mtime is not None:
        date, date_source = source.mtime.astimezone(zone), "modification time"
        warnings.append(
            Problem("warning", "no date in front matter, file name or git; using mtime", path)
        )
    else:
        raise ContentError("no date found", path)
    updated = None
    if fm.get("updated") is not None:
        updated = meta.as_datetime(fm["updated"], zone, "updated", path)
    elif source.modified is not None and source.created != source.modified:
        updated = source.modified.astimezone(zone)
    if updated is not None and updated <= date:
        updated = None
    byline = (
        meta.text_value(fm.get("author"), "author", path)
        or meta.text_value(fm.get("byline"), "byline", path)
        or record.byline
        or (config.author or None)
    )
    summary = meta.text_value(fm.get("summary"), "summary", path) or meta.text_value(
        fm.get("description"), "description", path
    )
    text = "\n\n".join((title, *record.paragraphs))
    image, image_problems = meta.image_spec(fm.get("image"), path)
    warnings.extend(image_problems)
    article = Article(
        source_path=path,
        title=title,
        slug=meta.make_slug(fm.get("slug"), title, path),
        date=date,
        updated=updated,
        text=text,
        body_html=body_html,
        summary=summary or meta.summarise(record.paragraphs, config.summary_words),
        dateline=meta.text_value(fm.get("dateline"), "dateline", path) or record.dateline,
        agency=meta.text_value(fm.get("agency"), "agency", path) or record.agency,
        byline=byline,
        tags=meta.tag_list(fm.get("tags"), path),
        draft=meta.flag(fm.get("draft"), "draft", path),
        featured=meta.flag(fm.get("featured"), "featured", path),
        image=image,
        format="markdown" if is_markdown else "text",
        date_source=date_source,
        declared_entities=meta.declared_entities(fm.get("entities"), path),
        discarded=record.discarded,
    )
    return article, warnings
