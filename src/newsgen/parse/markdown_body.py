"""Markdown bodies to HTML, and HTML back to plain paragraphs for entities."""

from __future__ import annotations

import html
import threading
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from newsgen.parse import inline_skip

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
    try:
        return md.convert(text)
    finally:
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
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    collector._flush()
    return collector.blocks


def paragraphs_html(paragraphs: tuple[str, ...] | list[str]) -> str:
    """Raw-text paragraphs as escaped HTML: never interpreted as markup."""
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
