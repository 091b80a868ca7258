"""The Python-Markdown shortcuts (newsgen/parse/md_shortcuts.py): installed on the
library they were read off, through its registries, and off (loudly, here) when
the library changes."""

from __future__ import annotations

import hashlib
import inspect

import markdown
import pytest
from markdown.treeprocessors import InlineProcessor

from newsgen.parse import markdown_body, md_shortcuts
from newsgen.parse.markdown_body import _UntrustedText


def _plain() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["extra", "sane_lists", "smarty", _UntrustedText()], output_format="html"
    )


def _names(registry: markdown.util.Registry[object]) -> list[str]:
    """The registry's names in the order it runs them (through its public API)."""
    items = list(registry)
    names = [name for name in _KNOWN if name in registry]
    return sorted(names, key=lambda name: items.index(registry[name]))


_KNOWN = (
    "normalize_whitespace", "fenced_code_block", "html_block", "inline", "prettify",
    "unescape", "footnote", "footnote-duplicate", "attr_list", "abbr", "smarty",
    "newsgen_external_links",
)  # fmt: skip


def test_the_installed_library_is_the_one_the_shortcuts_were_read_off() -> None:
    """Fails when Python-Markdown changes any part a shortcut copies or relies on:
    the shortcut is then off (output right, conversion up to 5x slower). Read the
    named parts of the new release against md_shortcuts.py, fix what differs, and
    put their new SHA-256 in ``_SOURCES``."""
    unread = md_shortcuts.unread_parts()
    assert not unread, (
        f"Python-Markdown {markdown.__version__} differs from 3.11.3 in {', '.join(unread)}: "
        "the shortcuts in newsgen/parse/md_shortcuts.py for them are off; re-read them"
    )


def test_every_shortcut_is_installed_in_the_library_order() -> None:
    md, source = markdown_body._new_converter()
    plain = _plain()
    assert isinstance(source, md_shortcuts.Source)
    for registry, replaced in (
        (md.preprocessors, {"normalize_whitespace", "fenced_code_block"}),
        (md.treeprocessors, {"inline", "smarty", "unescape", "attr_list"}),
    ):
        for name in replaced:
            assert type(registry[name]).__module__ == md_shortcuts.__name__, name
    assert _names(md.preprocessors) == _names(plain.preprocessors)
    assert _names(md.treeprocessors) == _names(plain.treeprocessors)
    assert type(md.parser.blockprocessors[0]) is md_shortcuts._PlainParagraph
    smarty = md.treeprocessors["smarty"]  # its own patterns, not the converter's
    assert isinstance(smarty, InlineProcessor) and smarty.inlinePatterns is not md.inlinePatterns
    assert "smarty-ellipses" in smarty.inlinePatterns


def test_a_changed_library_part_turns_its_shortcut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a release changing InlineProcessor would: its digest no longer matches,
    the library's own inline pass runs, and the output is the same."""
    name = "markdown.treeprocessors.InlineProcessor"
    real = hashlib.sha256(inspect.getsource(InlineProcessor).encode()).hexdigest()
    assert md_shortcuts._SOURCES[name] == real
    monkeypatch.setitem(md_shortcuts._SOURCES, name, "0" * 64)
    md_shortcuts._as_read.cache_clear()
    try:
        assert md_shortcuts.unread_parts() == [name]
        md, source = markdown_body._new_converter()
        assert type(md.treeprocessors["inline"]) is InlineProcessor
        assert type(md.treeprocessors["smarty"]) is InlineProcessor
        assert type(md.treeprocessors["attr_list"]).__module__ == md_shortcuts.__name__
        text = 'A "quoted" [link](http://x.y) -- and... *em* \\* {: .c}\n\n    code'
        source.text = text
        assert markdown_body.sanitize(md.convert(text)) == markdown_body.sanitize(
            _plain().convert(text)
        )
    finally:
        md_shortcuts._as_read.cache_clear()
