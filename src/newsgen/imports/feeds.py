"""WordPress exports (WXR), RSS 2.0 and Atom, streamed one item at a time.

``defusedxml`` parses: an export is untrusted, and its parser refuses entity
declarations (the "billion laughs") and external references. Each item is
dropped from the tree once read, so memory stays flat however long the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import IO, Any

import defusedxml.ElementTree as safe_xml

from newsgen.imports.model import BadValue, BodyFormat, Item, Skipped, parse_date

# Element = xml.etree.ElementTree.Element; typed loosely since defusedxml builds them.
Element = Any

_CONTENT_NS = "purl.org/rss/1.0/modules/content"
_WP_NS = "wordpress.org/export"
_EXCERPT_NS = "wordpress.org/export/"
_ATOM_NS = "http://www.w3.org/2005/Atom"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _text(element: Element | None) -> str:
    return "" if element is None else "".join(element.itertext()).strip()


def _stream(
    source: IO[bytes], entry: str, depth: int, note: Callable[[Element], None] | None = None
) -> Iterator[Element]:
    """Each ``entry`` element (by local name, ``depth`` levels down: 3 for an RSS
    ``rss/channel/item``, 2 for an Atom ``feed/entry``), once fully read; ``note``
    sees every other finished element at that depth or above.

    Each is removed from its parent once read, so the tree never holds more than
    one entry, however long the file."""
    stack: list[Element] = []
    for event, element in safe_xml.iterparse(source, events=("start", "end")):
        if event == "start":
            stack.append(element)
            continue
        level = len(stack)
        stack.pop()
        if level > depth:
            continue  # a part of an entry: read with it
        if level == depth and _local(element.tag) == entry:
            yield element
        elif note is not None:
            note(element)
        if stack:
            stack[-1].remove(element)


def read_wxr(source: IO[bytes]) -> Iterator[Item | Skipped]:
    """Posts of a WordPress export; pages, attachments and menus are skipped."""
    authors: dict[str, str] = {}

    def note_author(element: Element) -> None:
        # WordPress lists the authors' display names before the first item.
        if _local(element.tag) == "author" and _WP_NS in _namespace(element.tag):
            fields = _children(element)
            login = fields.get("wp:author_login", "")
            if login:
                authors[login] = fields.get("wp:author_display_name", "") or login

    for number, element in enumerate(_stream(source, "item", 3, note_author), start=1):
        position = f"item {number}"
        fields = _children(element)
        kind = fields.get("wp:post_type", "post")
        if kind != "post":
            yield Skipped(position, f"a WordPress {kind}, not a post", malformed=False)
            continue
        status = fields.get("wp:status", "publish")
        if status == "trash":
            yield Skipped(position, "in the WordPress trash", malformed=False)
            continue
        try:
            date = parse_date(fields.get("wp:post_date_gmt", ""), "wp:post_date_gmt")
            if date is not None:
                date = date.replace(tzinfo=date.tzinfo or UTC)
            else:
                date = parse_date(
                    fields.get("wp:post_date", "") or fields.get("pubDate", ""), "date"
                )
        except BadValue as exc:
            yield Skipped(position, str(exc), malformed=True)
            continue
        tags, categories = _wp_terms(element)
        login = fields.get("dc:creator", "")
        guid = fields.get("guid", "") or fields.get("wp:post_id", "") or fields.get("link", "")
        yield _item(
            position,
            source_id=guid,
            title=fields.get("title", ""),
            body=fields.get("content:encoded", ""),
            body_format="html",
            date=date,
            author=authors.get(login, login),
            summary=fields.get("excerpt:encoded", ""),
            slug=fields.get("wp:post_name", ""),
            tags=tags,
            categories=categories,
            draft=status != "publish",
        )


def _prefixed(tag: str) -> str:
    """A child's tag as an export writes it: ``wp:status``, ``content:encoded``, ``title``."""
    namespace, name = _namespace(tag), _local(tag)
    if not namespace:
        return name
    if _CONTENT_NS in namespace:
        return f"content:{name}"
    if _EXCERPT_NS in namespace and "excerpt" in namespace:
        return f"excerpt:{name}"
    if _WP_NS in namespace:
        return f"wp:{name}"
    if "purl.org/dc/elements" in namespace:
        return f"dc:{name}"
    return f"{{{namespace}}}{name}"


def _children(element: Element) -> dict[str, str]:
    """The text of each direct child, by prefixed name (the first of repeated ones)."""
    fields: dict[str, str] = {}
    for child in element:
        fields.setdefault(_prefixed(child.tag), _text(child))
    return fields


def _wp_terms(element: Element) -> tuple[tuple[str, ...], tuple[str, ...]]:
    tags: dict[str, None] = {}
    categories: dict[str, None] = {}
    for child in element:
        if _local(child.tag) != "category" or not _text(child):
            continue
        domain = child.get("domain", "category")
        if domain == "post_tag":
            tags.setdefault(_text(child), None)
        elif domain == "category" and _text(child).lower() != "uncategorized":
            categories.setdefault(_text(child), None)
    return tuple(tags), tuple(categories)


def read_rss(source: IO[bytes]) -> Iterator[Item | Skipped]:
    """Items of an RSS 2.0 feed (``content:encoded`` preferred to ``description``)."""
    for number, element in enumerate(_stream(source, "item", 3), start=1):
        position = f"item {number}"
        fields = _children(element)
        try:
            date = parse_date(fields.get("pubDate", "") or fields.get("dc:date", ""), "pubDate")
        except BadValue as exc:
            yield Skipped(position, str(exc), malformed=True)
            continue
        full = fields.get("content:encoded", "")
        description = fields.get("description", "")
        tags = tuple(
            dict.fromkeys(_text(c) for c in element if _local(c.tag) == "category" and _text(c))
        )
        yield _item(
            position,
            source_id=fields.get("guid", "") or fields.get("link", ""),
            title=fields.get("title", ""),
            body=full or description,
            body_format="html",
            date=date,
            author=fields.get("dc:creator", "") or fields.get("author", ""),
            summary=description if full else "",
            tags=tags,
        )


def read_atom(source: IO[bytes]) -> Iterator[Item | Skipped]:
    """Entries of an Atom feed."""
    for number, element in enumerate(_stream(source, "entry", 2), start=1):
        position = f"entry {number}"
        content = element.find(f"{{{_ATOM_NS}}}content")
        summary = element.find(f"{{{_ATOM_NS}}}summary")
        body_element = content if content is not None else summary
        try:
            date = parse_date(_atom(element, "published") or _atom(element, "updated"), "published")
            updated = parse_date(_atom(element, "updated"), "updated")
        except BadValue as exc:
            yield Skipped(position, str(exc), malformed=True)
            continue
        body, body_format = _atom_body(body_element)
        author = element.find(f"{{{_ATOM_NS}}}author/{{{_ATOM_NS}}}name")
        tags = tuple(
            dict.fromkeys(
                c.get("term", "").strip()
                for c in element.findall(f"{{{_ATOM_NS}}}category")
                if c.get("term", "").strip()
            )
        )
        yield _item(
            position,
            source_id=_atom(element, "id"),
            title=_atom(element, "title"),
            body=body,
            body_format=body_format,
            date=date,
            updated=updated if updated != date else None,
            author=_text(author),
            summary=_text(summary) if content is not None else "",
            tags=tags,
        )


def _atom(element: Element, name: str) -> str:
    return _text(element.find(f"{{{_ATOM_NS}}}{name}"))


def _atom_body(element: Element | None) -> tuple[str, BodyFormat]:
    if element is None:
        return "", "text"
    kind = element.get("type", "text")
    if kind == "xhtml":
        # The content is XHTML elements: serialise what is inside the wrapping div.
        from xml.etree.ElementTree import tostring

        for part in element.iter():  # plain tag names: <p>, not <html:p xmlns:html=...>
            part.tag = _local(part.tag)
        parts = [element.text or ""]
        for child in element:
            parts.append(tostring(child, encoding="unicode"))
        return "".join(parts).strip(), "html"
    return (element.text or "").strip(), "html" if kind == "html" else "text"


def _item(position: str, *, source_id: str, title: str, body: str, **fields: Any) -> Item | Skipped:
    title = " ".join(title.split())
    if not title:
        return Skipped(position, "no title", malformed=True)
    if not body.strip():
        return Skipped(position, "no body", malformed=True)
    # An item without an id of its own is known by its title and date.
    source_id = source_id.strip() or f"{title} {fields.get('date') or ''}".strip()
    return Item(source_id=source_id, position=position, title=title, body=body, **fields)


def sniff(path: Path) -> str | None:
    """ "wxr", "rss" or "atom" from the first few kilobytes, or None."""
    with open(path, "rb") as handle:
        head = handle.read(8192).decode("utf-8", "replace")
    if "wordpress.org/export" in head:
        return "wxr"
    if "<rss" in head:
        return "rss"
    if _ATOM_NS in head and "<feed" in head:
        return "atom"
    return None
