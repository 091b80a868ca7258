"""CSV and JSON Lines exports, with a column map (``title=headline,date=pub_date``)."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from newsgen.imports.model import BadValue, BodyFormat, Item, Skipped, parse_date, split_list

# The fields an item has, each read from the column of the same name unless mapped.
FIELDS = ("id", "title", "date", "updated", "body", "author", "summary", "slug", "tags",
          "categories", "draft")  # fmt: skip
# A body with any of these tags is HTML; anything else is plain text.
_HTML_TAG = re.compile(r"<(p|br|div|a|em|strong|b|i|ul|ol|li|h[1-6]|blockquote|img)\b", re.I)
_TRUE = {"1", "true", "yes", "draft", "y"}
csv.field_size_limit(16 * 1024 * 1024)  # one long article body, not a default 128 KB row


def parse_map(text: str) -> dict[str, str]:
    """``title=headline,date=pub_date`` -> {"title": "headline", "date": "pub_date"}."""
    mapping: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        field, sep, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column:
            raise ValueError(f"{pair!r} is not field=column")
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r} (known: {', '.join(FIELDS)})")
        mapping[field] = column
    return mapping


def read_csv(source: IO[str], mapping: Mapping[str, str], body: str) -> Iterator[Item | Skipped]:
    reader = csv.DictReader(source)
    for row in reader:
        # The row's first line in the file: header is line 1, so rows start at 2.
        yield from _row_item(row, f"line {reader.line_num}", mapping, body)


def read_jsonl(source: IO[str], mapping: Mapping[str, str], body: str) -> Iterator[Item | Skipped]:
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        position = f"line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(position, f"not JSON: {exc.msg}", malformed=True)
            continue
        if not isinstance(row, dict):
            yield Skipped(position, "not a JSON object", malformed=True)
            continue
        yield from _row_item(row, position, mapping, body)


def _row_item(
    row: Mapping[str, Any], position: str, mapping: Mapping[str, str], body_format: str
) -> Iterable[Item | Skipped]:
    def get(field: str) -> str:
        value = row.get(mapping.get(field, field))
        if value is None:
            return ""
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    title, body = " ".join(get("title").split()), get("body")
    if not title:
        return [Skipped(position, f"no title (column {mapping.get('title', 'title')!r})", True)]
    if not body.strip():
        return [Skipped(position, f"no body (column {mapping.get('body', 'body')!r})", True)]
    try:
        date = parse_date(get("date"), mapping.get("date", "date"))
        updated = parse_date(get("updated"), mapping.get("updated", "updated"))
    except BadValue as exc:
        return [Skipped(position, str(exc), malformed=True)]
    guessed = "html" if _HTML_TAG.search(body) else "text"
    kind: BodyFormat = guessed if body_format == "auto" else body_format  # type: ignore[assignment]
    # A row without an id of its own is known by its content, so a re-run finds it.
    source_id = (
        get("id").strip()
        or hashlib.sha256(
            "\x00".join((title, get("date"), body)).encode("utf-8", "surrogatepass")
        ).hexdigest()[:20]
    )
    item = Item(
        source_id=source_id,
        position=position,
        title=title,
        body=body,
        body_format=kind,
        date=date,
        updated=updated,
        author=get("author").strip(),
        summary=get("summary").strip(),
        slug=get("slug").strip(),
        tags=split_list(get("tags")),
        categories=split_list(get("categories")),
        draft=get("draft").strip().lower() in _TRUE,
    )
    return [item]
