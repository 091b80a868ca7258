"""Markdown bodies to HTML, and HTML back to plain paragraphs for entities."""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from newsgen.parse import md_shortcuts

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th", "dd"}


# What news text needs, and no more. Python-Markdown with ``extra`` emits these
# (footnotes, tables, definition lists, abbreviations, fenced code), and its
# attr_list lets an author put any attribute on most of them: ``{: onerror=... }``.
# Everything it writes therefore passes an allow-list sanitiser (ammonia, via nh3)
# that parses the HTML as a browser would, so entity-encoded or odd-cased
# ``javascript:`` URLs, event handlers, style and stray ids are dropped whatever
# spelling produced them.
_TAGS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre"}
    | {"blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "abbr", "sup", "div"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "li": {"id"},  # footnote: fn:1
    "sup": {"id"},  # footnote reference: fnref:1
    "div": {"class"},  # footnote
    "code": {"class"},  # language-python
    "th": {"style"},  # an aligned column: text-align only (_STYLE)
    "td": {"style"},
}
_STYLE = {"text-align"}
_SCHEMES = {"http", "https", "mailto", "tel"}  # and relative URLs, "#fn:1" among them
_REL = "noopener noreferrer"  # on links that leave the site (_ExternalLinks)
_CLASSES = frozenset({"footnote", "footnote-ref", "footnote-backref"})
# Only python-markdown's footnote ids: any other id (attr_list's {: #main }) could
# collide with the theme's own (#main, #search, #site-search) and retarget them.
_FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:\S+")
_LANGUAGE = re.compile(r"language-[\w+#.-]+")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id":
        return value if _FOOTNOTE_ID.fullmatch(value) else None
    if name == "class":
        kept = [c for c in value.split() if c in _CLASSES or _LANGUAGE.fullmatch(c)]
        return " ".join(kept) or None
    return value


def _new_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        attribute_filter=_attribute,
        tag_attribute_values={"a": {"rel": {_REL}}},
        link_rel=None,
        url_schemes=set(_SCHEMES),
        filter_style_properties=set(_STYLE),
        strip_comments=True,
    )


# Characters XML 1.0 cannot hold, even escaped (C0 controls but tab, newline and
# carriage return; U+FFFE, U+FFFF). The body goes into the Atom feeds as well as
# the page, and a feed reader refuses a whole feed for one of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(fragment: str) -> str:
    return _NOT_XML.sub("", fragment) if _NOT_XML.search(fragment) else fragment


_CLEANER: nh3.Cleaner | None = None


def sanitize(fragment: str) -> str:
    """``fragment`` with only the allowed tags, attributes, URL schemes and characters."""
    global _CLEANER
    if _CLEANER is None:
        _CLEANER = _new_cleaner()  # a race builds two equal ones: harmless
    return _xml_safe(_CLEANER.clean(fragment))


class _ExternalLinks(Treeprocessor):
    """``rel="noopener noreferrer"`` on links to other sites."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href", "")
            if href.startswith(("http://", "https://", "//")):
                element.set("rel", _REL)
        return None


class _UntrustedText(Extension):
    """Article text is untrusted: raw HTML is shown as text (sanitize does the rest)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After the unescape step (priority 0), as when both were at 0 and it came
        # first: md_shortcuts registers its own unescape step again at 0.
        md.treeprocessors.register(_ExternalLinks(md), "newsgen_external_links", -1)


def _new_converter() -> tuple[markdown.Markdown, md_shortcuts.Source]:
    md = markdown.Markdown(
        extensions=["extra", "sane_lists", "smarty", _UntrustedText()], output_format="html"
    )
    return md, md_shortcuts.install(md)


# Building a converter (loading and registering the extensions) costs about as much
# as converting a typical article, so each thread keeps one and resets it between
# documents: ``reset()`` clears every per-document state (references, footnotes,
# abbreviations, the HTML stash). One per thread, because a converter is not
# re-entrant and the preview server builds off the main thread.
_LOCAL = threading.local()


def render_markdown(text: str) -> str:
    converter: tuple[markdown.Markdown, md_shortcuts.Source] | None = getattr(
        _LOCAL, "converter", None
    )
    if converter is None:
        converter = _LOCAL.converter = _new_converter()
    md, source = converter
    source.text = text
    try:
        return sanitize(md.convert(text))
    finally:
        source.text = None
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

    return _xml_safe(
        "\n".join(f"<p>{html.escape(smarten(p), quote=False)}</p>" for p in paragraphs)
    )
