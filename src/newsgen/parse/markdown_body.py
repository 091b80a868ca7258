"""Markdown bodies to HTML, and HTML back to plain paragraphs for entities."""

from __future__ import annotations

import html
import re
import threading
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from newsgen.parse import idle_steps, inline_skip, plain_blocks

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th", "dd"}


_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


class _SafeLinks(Treeprocessor):
    """Drops link and image targets with script-capable schemes (javascript:, data:)."""

    def run(self, root):  # type: ignore[no-untyped-def]
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is None:
                    continue
                target = "".join(value.split()).lower()
                if ":" in target.split("/", 1)[0] and not target.startswith(_SAFE_SCHEMES):
                    element.set(attr, "#")
        return None


class _UntrustedText(Extension):
    """Article text is untrusted: raw HTML is shown as text, unsafe URLs are dropped."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "newsgen_safe_links", 0)


def _new_converter() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["extra", "sane_lists", "smarty", _UntrustedText()], output_format="html"
    )
    inline_skip.install(md)
    plain_blocks.install(md)
    md.newsgen_source = idle_steps.Source()  # type: ignore[attr-defined]
    idle_steps.install(md, md.newsgen_source)  # type: ignore[attr-defined]
    return md


# Building a converter (loading and registering the extensions) costs about as much
# as converting a typical article, so each thread keeps one and resets it between
# documents: ``reset()`` clears every per-document state (references, footnotes,
# abbreviations, the HTML stash). One per thread, because a converter is not
# re-entrant and the preview server builds off the main thread.
_LOCAL = threading.local()


def render_markdown(text: str) -> str:
    md: markdown.Markdown | None = getattr(_LOCAL, "converter", None)
    if md is None:
        md = _LOCAL.converter = _new_converter()
    md.newsgen_source.text = text  # type: ignore[attr-defined]
    try:
        return md.convert(text)
    finally:
        md.newsgen_source.text = None  # type: ignore[attr-defined]
        md.reset()  # also after a failure: the next document must start clean


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCKS or tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []


def html_paragraphs(fragment: str) -> list[str]:
    """The visible text of an HTML fragment, one string per block element."""
    blocks = _simple_paragraphs(fragment)
    return blocks if blocks is not None else _parsed_paragraphs(fragment)


def _parsed_paragraphs(fragment: str) -> list[str]:
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    collector._flush()
    return collector.blocks


# A start or end tag as python-markdown writes them: a plain name, attributes with
# double-quoted values (which it escapes), one space between.
_SIMPLE_TAG = re.compile(
    r'<(?:([a-zA-Z][a-zA-Z0-9]*)(?: [a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?)*(?: ?/)?'
    r"|/([a-zA-Z][a-zA-Z0-9]*))>"
)


def _simple_paragraphs(fragment: str) -> list[str] | None:
    """``_parsed_paragraphs`` without HTMLParser, for a fragment whose every "<" opens
    a simple tag (what python-markdown writes) and which has no script or style
    element; None for any other fragment.

    HTMLParser (``convert_charrefs``) then sees the same thing: the text between two
    tags, with its character references resolved, and each tag by its lower-cased
    name; a self-closing tag counts as a start and an end tag.
    """
    tags = list(_SIMPLE_TAG.finditer(fragment))
    if len(tags) != fragment.count("<"):
        return None
    blocks: list[str] = []
    current: list[str] = []
    at = 0
    for tag in tags:
        start = tag.start()
        if start > at:
            current.append(html.unescape(fragment[at:start]))
        at = tag.end()
        opening, closing = tag.groups()
        name = (opening or closing).lower()
        if name in _BLOCKS or (name == "br" and opening):
            text = " ".join("".join(current).split())
            if text:
                blocks.append(text)
            current = []
        elif name in ("script", "style"):
            return None
    if at < len(fragment):
        current.append(html.unescape(fragment[at:]))
    text = " ".join("".join(current).split())
    if text:
        blocks.append(text)
    return blocks


def paragraphs_html(paragraphs: tuple[str, ...] | list[str]) -> str:
    """Raw-text paragraphs as escaped HTML: never interpreted as markup; with the
    quotes and dashes Markdown's ``smarty`` gives (the record's text stays plain)."""
    from newsgen.display import smarten

    return "\n".join(f"<p>{html.escape(smarten(p), quote=False)}</p>" for p in paragraphs)
