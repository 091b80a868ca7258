"""Readers: a SourceFile's bytes to an Article (before entity extraction).

Raw text goes through ``parse.raw``; Markdown through ``parse.markdown_body``.
Front matter, where present, wins over everything guessed from the text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from newsgen.config import Config
from newsgen.errors import ContentError, Problem
from newsgen.model import Article, RawRecord, SourceFile, reduce_to_fields
from newsgen.parse import metadata as meta
from newsgen.safe_yaml import quote
from newsgen.sections import article_section

# The readers (decode with ftfy and charset_normalizer, markdown, the raw-text
# reader) are imported by the functions that use them: unpickling a cached Parsed
# imports this module, and a build whose files all hit the cache parses nothing.
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Unknown front matter fields named one by one; past this, only counted.
_UNKNOWN_SHOWN = 20
# The date of an article that is refused anyway (its date was bad), so the other
# fields can still be checked.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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

    A file with problems raises one ContentError holding every problem found in it
    (each bad field with its line, and the file's warnings), not only the first.
    """
    from newsgen.decode import decode
    from newsgen.parse.frontmatter import split_front_matter
    from newsgen.parse.markdown_body import paragraphs_html

    path = source.path
    decoded = decode(source.data, path)
    warnings = [Problem("warning", w, path) for w in decoded.warnings]
    split = split_front_matter(decoded.text, path)
    fm = split.meta
    fields = _Fields(path, split.lines, list(split.errors), split.refused)
    warnings.extend(_unknown_fields(fm, split.lines, path))
    is_markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
    title_fm = fields.text("title", fm)
    try:
        if is_markdown:
            record, body_html = _read_markdown(split.body, title_fm, path, split.body_line)
        else:
            record = _read_text(split.body, title_fm, path, split.body_line)
            body_html = paragraphs_html(record.paragraphs)
    except ContentError as err:
        fields.errors.append(Problem.from_error(err))
        raise fields.failed(warnings) from None
    article, date_warnings = _apply_chain(
        source, record, fm, title_fm, body_html, is_markdown, config, need_date, fields
    )
    if fields.errors:
        raise fields.failed(warnings)
    return Parsed(article, record, tuple(warnings + date_warnings))


def _unknown_fields(fm: dict[str, Any], lines: dict[str, int], path: str) -> list[Problem]:
    """A warning for each front matter field newsgen does not know, on its line,
    with the known field it is probably a misspelling of."""
    unknown = sorted(set(fm) - meta.KNOWN_FIELDS, key=lambda k: (lines.get(k, 0), k))
    warnings = []
    for key in unknown[:_UNKNOWN_SHOWN]:
        near = meta.nearest_field(key)
        hint = f" (did you mean {quote(near)}?)" if near else ""
        message = f"unknown front matter field {quote(key)} ignored{hint}"
        warnings.append(Problem("warning", message, path, lines.get(key)))
    if len(unknown) > _UNKNOWN_SHOWN:
        more = len(unknown) - _UNKNOWN_SHOWN
        warnings.append(Problem("warning", f"and {more} more unknown front matter fields", path))
    return warnings


T = TypeVar("T")


@dataclass(slots=True)
class _Fields:
    """Collects every error of one file's fields, each with its key's line, so that
    one bad field (a bad date) does not hide the next (``tags: 5``)."""

    path: str
    lines: dict[str, int]
    errors: list[Problem]
    refused: frozenset[str]  # fields front matter left out for a bad value

    def read(self, name: str, get: Callable[[], T], default: T) -> T:
        """``get()``, or ``default`` with its error noted on the line of field ``name``."""
        try:
            return get()
        except ContentError as err:
            line = err.line if err.line is not None else self.lines.get(name)
            self.errors.append(Problem("error", err.message, err.path or self.path, line))
            return default

    def text(self, name: str, fm: dict[str, Any]) -> str | None:
        """Front matter field ``name`` as one line of text (``meta.text_value``)."""
        return self.read(name, lambda: meta.text_value(fm.get(name), name, self.path), None)

    def failed(self, warnings: list[Problem]) -> ContentError:
        """One error carrying every problem of the file, in line order."""
        problems = sorted((*self.errors, *warnings), key=lambda p: (p.line is None, p.line or 0))
        first = self.errors[0]
        return ContentError(first.message, first.path, first.line, tuple(problems))


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


# Said once for all the files it concerns (errors.folded): an undated archive has
# thousands, and the cure is the same for every one.
_NO_DATE = (
    "no date in front matter, dates file, text, path or git; using mtime "
    "(list dates in a dates.csv or set dates.path_pattern: README 'Dates for an undated archive')"
)


def _path_date(path: str, config: Config) -> datetime | None:
    from newsgen.dating import date_from_path

    return date_from_path(path, config.zone, config.dates.path_pattern, config.content_dir)


def _apply_chain(
    source: SourceFile,
    record: RawRecord,
    fm: dict[str, Any],
    title_fm: str | None,
    body_html: str,
    is_markdown: bool,
    config: Config,
    need_date: bool,
    fields: _Fields,
) -> tuple[Article, list[Problem]]:
    path = source.path
    zone = config.zone
    read = fields.read
    warnings: list[Problem] = []
    title = title_fm or record.title
    date_source = "front matter"
    if "date" in fields.refused:  # reported: the article is refused
        date = _EPOCH
    elif fm.get("date") is not None:
        date = read("date", lambda: meta.as_datetime(fm["date"], zone, "date", path), _EPOCH)
    elif source.listed is not None:
        date, date_source = source.listed.astimezone(zone), "dates file"
    elif record.date is not None:
        date, date_source = meta.as_datetime(record.date, zone, "date", path), "text"
    elif (from_path := _path_date(path, config)) is not None:
        date, date_source = from_path, "file name"
    elif source.created is not None:
        date, date_source = source.created.astimezone(zone), "git"
    elif not need_date:
        date, date_source = datetime(1970, 1, 1, tzinfo=zone), "none"
    elif source.mtime is not None:
        date, date_source = source.mtime.astimezone(zone), "modification time"
        warnings.append(Problem("warning", _NO_DATE, path))
    else:
        fields.errors.append(Problem("error", "no date found", path))
        date = _EPOCH
    updated = None
    if fm.get("updated") is not None:
        updated = read(
            "updated", lambda: meta.as_datetime(fm["updated"], zone, "updated", path), None
        )
    elif source.modified is not None and source.created != source.modified:
        updated = source.modified.astimezone(zone)
    if updated is not None and updated <= date:
        updated = None
    # Every field is read, even one a field before it overrides: each can be wrong.
    author, given_byline = fields.text("author", fm), fields.text("byline", fm)
    byline = author or given_byline or record.byline or (config.author or None)
    summary, description = fields.text("summary", fm), fields.text("description", fm)
    dateline, agency = fields.text("dateline", fm), fields.text("agency", fm)
    text = "\n\n".join((title, *record.paragraphs))
    # A bad image is reported on its line, and the article is published without it.
    image, image_problems = meta.image_spec(fm.get("image"), path)
    image_line = fields.lines.get("image")
    warnings.extend(dataclasses.replace(p, line=p.line or image_line) for p in image_problems)
    article = Article(
        source_path=path,
        title=title,
        slug=read("slug", lambda: meta.make_slug(fm.get("slug"), title, path), "-"),
        date=date,
        updated=updated,
        text=text,
        body_html=body_html,
        summary=summary or description or meta.summarise(record.paragraphs, config.summary_words),
        dateline=dateline or record.dateline,
        agency=agency or record.agency,
        byline=byline,
        tags=read("tags", lambda: meta.tag_list(fm.get("tags"), path), ()),
        draft=read("draft", lambda: meta.flag(fm.get("draft"), "draft", path), False),
        featured=read("featured", lambda: meta.flag(fm.get("featured"), "featured", path), False),
        section=read(
            "section", lambda: article_section(fm.get("section"), path, config.content_dir), None
        ),
        image=image,
        format="markdown" if is_markdown else "text",
        date_source=date_source,
        declared_entities=read(
            "entities", lambda: meta.declared_entities(fm.get("entities"), path), ()
        ),
        discarded=record.discarded,
    )
    return article, warnings
