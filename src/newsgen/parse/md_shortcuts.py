"""Python-Markdown, faster on news text: every shortcut newsgen takes, in one place.

Each shortcut gives exactly what the library gives (``tests/unit/test_md_shortcuts.py``
and ``test_parse_fast_paths.py`` compare with a plain converter), and each is
installed through the library's registries (``Registry.register``: a processor
registered under a name already taken replaces it, at its priority), not by
assigning to the library's objects. Three of them, measured on 600 Markdown
articles of the bench corpus (CPU per article, 1.0 ms with all of them):

- **plain paragraphs** (+78% without): the block parser offers every block to
  each block processor in turn until one takes it; a news article is mostly plain
  paragraphs, each paying some sixteen refusals. ``_PlainParagraph``, registered
  first, takes a block that none of the others would (``is_plain``) and does with
  it what the paragraph processor does: a ``<p>`` holding the block, left-stripped.
- **idle steps** (+41% without): the fenced-code preprocessor, attr_list and the
  unescape step scan the whole document for a construct that needs a character
  ("```" or "~~~", "{", "\\") that most articles lack; their subclasses return at
  once what they would have returned when the document's text (``Source.text``,
  set by ``render_markdown``) lacks it. The whitespace preprocessor's subclass
  makes its last substitution only where "\\n " occurs.
- **inline skip** (+395% without): the inline pass tries every pattern on every
  text node; a pattern whose regular expression cannot match without a certain
  substring (a link needs "[") is skipped for a text that lacks it. Only patterns
  whose regular expression source is listed in ``_NEEDS`` are ever skipped. This
  one overrides the inline processor's private loop (there is no public hook).

**The library as read.** Each shortcut copies or relies on code of Python-Markdown
3.11.3, named with the SHA-256 of its source in ``_SOURCES``. A shortcut is
installed only when every part it relies on is unchanged, so a release that
changes one runs the library's own code (right, only slower), and
``tests/unit/test_md_shortcuts.py`` fails, naming the parts to read again.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import re
import xml.etree.ElementTree as etree
from functools import cache
from typing import Any

from markdown import Markdown, util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.smarty import SubstituteTextPattern
from markdown.inlinepatterns import EscapeInlineProcessor
from markdown.preprocessors import NormalizeWhitespace
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor

# -- the library as read -------------------------------------------------------------

# Module-qualified name -> SHA-256 of its source, as read for these shortcuts.
_SOURCES = {
    "markdown.preprocessors.NormalizeWhitespace": "a3b603368eaa7c39e13632aefb2a9aa9f5131337501b3e04410cb3aaf61effba",
    "markdown.preprocessors.build_preprocessors": "39ffa30b5cd8ae7d4e21d37cc3f3d32f7714c4dea3b52edead23fd5ccf408344",
    "markdown.extensions.fenced_code.FencedBlockPreprocessor": "d688d822e47e4fe037df7a88289d18be89e970dc0490d9dff9deefbd28224149",
    "markdown.extensions.fenced_code.FencedCodeExtension": "b7db3770a1a334c9b9ff27b2e4c19d5707d9b74c782cfcd9ef461c40f4fb57c3",
    "markdown.extensions.attr_list.AttrListTreeprocessor": "b2a95e9ba2124322c295480d2a3e31c710320859b0a5e8c713239f1dc076ed74",
    "markdown.extensions.attr_list.AttrListExtension": "49bde21c512c4503c1b37549de7290b2d9b9278a64fe841702c416543c7f41e0",
    "markdown.treeprocessors.UnescapeTreeprocessor": "4351c7f025c7fc70dcc34a011f77ae9aeb6bc00f6e9634566a2664bcdfc32bbb",
    "markdown.treeprocessors.build_treeprocessors": "642399e317288f12eb6936142e00e036a2f2c532ee4f42b852694cbed3651606",
    "markdown.inlinepatterns.EscapeInlineProcessor": "45c171cb049aaedf898e3e20ae457f91575f93c3e5a3eee7094efd9ff5f131ad",
    "markdown.inlinepatterns.BacktickInlineProcessor": "42219988adbb6227d0246007206cdb94f3c78003ab37efdff7b92816689e8928",
    "markdown.treeprocessors.InlineProcessor": "74e75f976c4a0f2921989133d793f50e259c5820ff90e6cc986ec127b7556798",
    "markdown.extensions.smarty.SmartyExtension": "e4bd010113d01533ea8a333b5ea787e49394647a4bc147466d45c3b89c43f9d0",
    "markdown.extensions.smarty.SubstituteTextPattern": "c7b3a686526eb97ccd57fa2031e086fcdaa4e2299b6647c754a54446d5064a61",
    "markdown.blockprocessors.ParagraphProcessor": "f12d6bbf860e19ae23ca91c1102cf4e177372b3e90d725ddfcc85557ade91821",
    "markdown.blockparser.BlockParser": "c44beecaa83e83f977af7729353ae478c550881abd36a29bc023ee015b278f0a",
    "markdown.blockprocessors.build_block_parser": "147a919e68585aaae5a9e35dde6f5cda6c72e361e99a913b78c350859d59f657",
}  # fmt: skip

_PLAIN_PARTS = (
    "markdown.blockprocessors.ParagraphProcessor",
    "markdown.blockparser.BlockParser",
    "markdown.blockprocessors.build_block_parser",
)
_INLINE_PARTS = (
    "markdown.treeprocessors.InlineProcessor",
    "markdown.treeprocessors.build_treeprocessors",
    "markdown.extensions.smarty.SmartyExtension",
    "markdown.extensions.smarty.SubstituteTextPattern",
)


@cache
def _as_read(name: str) -> bool:
    module, _, attribute = name.rpartition(".")
    try:
        source = inspect.getsource(getattr(importlib.import_module(module), attribute))
    except (ImportError, AttributeError, OSError, TypeError):  # nothing to compare: play safe
        return False
    return hashlib.sha256(source.encode()).hexdigest() == _SOURCES[name]


def unread_parts() -> list[str]:
    """The parts of the installed Python-Markdown that differ from those the
    shortcuts were read off (empty: every shortcut is installed)."""
    return [name for name in _SOURCES if not _as_read(name)]


def _all_as_read(*names: str) -> bool:
    return all(_as_read(name) for name in names)


class Source:
    """The text of the document being converted, or None: run every step."""

    text: str | None = None


def install(md: Markdown) -> Source:
    """Take every shortcut on ``md`` whose library parts are as read; the
    returned ``Source`` must hold the text of each document ``md`` converts."""
    source = Source()
    if _plain_blocks_expected(md) and _all_as_read(*_PLAIN_PARTS):
        md.parser.blockprocessors.register(
            _PlainParagraph(md.parser), "newsgen_plain_paragraph", _PLAIN_PRIORITY
        )
    _install_idle_steps(md, source)
    if _all_as_read(*_INLINE_PARTS):
        _install_inline_skip(md)
    return source


# -- plain paragraphs ----------------------------------------------------------------

# A block no processor before the paragraph one takes: no line starts with
# white space or one of # = - _ + : > [ (headings, rules, lists, definition
# lists, quotes, footnotes, link definitions, indented code), nor with "*"
# unless the stars are followed by something other than white space or "["
# ("**KARACHI:**" is no list item, rule or abbreviation); the block does not
# start with a numbered-list marker ("12. "), an HTML placeholder (\x02) or a
# newline, and holds no "|" (tables).
_LINE_START = r"(?:[^\s#=\-_*+:>\[|\x02]|\*+[^\s*\[|])"
_FIRST_LINE = re.compile(r"(?!\d+\.[ ])" + _LINE_START)
_BAD_LINE = re.compile(r"\n(?!" + _LINE_START + ")")


def is_plain(block: str) -> bool:
    """True when no block processor before the paragraph one would take ``block``."""
    return (
        "|" not in block
        and _FIRST_LINE.match(block) is not None
        and ("\n" not in block or _BAD_LINE.search(block) is None)
    )


# name -> (class name, {attribute: regular expression source}) of every block
# processor the shortcut skips, in the order the parser tries them.
_EXPECTED: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("markdown_block", "MarkdownInHtmlProcessor", {}),
    ("empty", "EmptyBlockProcessor", {}),
    ("indent", "ListIndentProcessor", {}),
    ("defindent", "DefListIndentProcessor", {}),
    ("code", "CodeBlockProcessor", {}),
    ("table", "TableProcessor", {}),
    (
        "hashheader",
        "HashHeaderProcessor",
        {"RE": r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)"},
    ),
    ("setextheader", "SetextHeaderProcessor", {"RE": r"^.*?\n(?:=+|-+)[ ]*(\n|$)"}),
    (
        "hr",
        "HRProcessor",
        {
            "SEARCH_RE": r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}"
            r"|(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$"
        },
    ),
    ("olist", "SaneOListProcessor", {"RE": r"^[ ]{0,3}\d+\.[ ]+(.*)"}),
    ("ulist", "SaneUListProcessor", {"RE": r"^[ ]{0,3}[*+-][ ]+(.*)"}),
    ("deflist", "DefListProcessor", {"RE": r"(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)"}),
    ("quote", "BlockQuoteProcessor", {"RE": r"(^|\n)[ ]{0,3}>[ ]?(.*)"}),
    ("footnote", "FootnoteBlockProcessor", {"RE": r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$"}),
    (
        "abbr",
        "AbbrBlockprocessor",
        {"RE": r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$"},
    ),
    (
        "reference",
        "ReferenceProcessor",
        {
            "RE": r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
            "(([\"\\'])(.*)\\4[ ]*|\\((.*)\\)[ ]*)?$"
        },
    ),
    ("paragraph", "ParagraphProcessor", {}),
)


# Above every block processor (markdown_in_html's 105 is the highest).
_PLAIN_PRIORITY = 1000


def _plain_blocks_expected(md: Markdown) -> bool:
    """The block processors, in the order the parser tries them, are exactly
    those of ``_EXPECTED``, with the same regular expressions."""
    registry = md.parser.blockprocessors
    processors = list(registry)  # sorted by priority, as the parser tries them
    if md.tab_length != 4 or len(processors) != len(_EXPECTED):
        return False
    for at, (name, cls, regexes) in enumerate(_EXPECTED):
        processor = processors[at]
        if name not in registry or registry.get_index_for_name(name) != at:
            return False
        if type(processor).__name__ != cls:
            return False
        for attr, pattern in regexes.items():
            if getattr(getattr(processor, attr, None), "pattern", None) != pattern:
                return False
    return True


class _PlainParagraph(BlockProcessor):
    """A block none of the other processors would take, as the paragraph processor
    makes it outside a tight list."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return is_plain(block) and not self.parser.state.isstate("list")

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        etree.SubElement(parent, "p").text = blocks.pop(0).lstrip()


# -- idle steps ----------------------------------------------------------------------


class _Whitespace(NormalizeWhitespace):
    # NormalizeWhitespace.run (Markdown 3.11.3), the last substitution only where
    # it can match.
    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        if "\n " in source:
            source = re.sub(r"(?<=\n) +\n", "\n", source)
        return source.split("\n")


def _lacks(source: Source, needles: tuple[str, ...]) -> bool:
    text = source.text
    return text is not None and not any(needle in text for needle in needles)


class _IdleFences(FencedBlockPreprocessor):
    source: Source

    def run(self, lines: list[str]) -> list[str]:
        return lines if _lacks(self.source, ("```", "~~~")) else super().run(lines)


class _IdleAttrList(AttrListTreeprocessor):
    source: Source

    def run(self, doc: etree.Element) -> None:
        if not _lacks(self.source, ("{",)):
            super().run(doc)


class _IdleUnescape(UnescapeTreeprocessor):
    source: Source

    def run(self, root: etree.Element) -> None:
        if not _lacks(self.source, ("\\",)):
            super().run(root)


def _install_idle_steps(md: Markdown, source: Source) -> None:
    """Each step replaced by its subclass under its own name and priority (those of
    the library source as read), when it is the library's own."""
    pre, tree = md.preprocessors, md.treeprocessors
    if (
        "normalize_whitespace" in pre
        and type(pre["normalize_whitespace"]) is NormalizeWhitespace
        and _all_as_read(
            "markdown.preprocessors.NormalizeWhitespace",
            "markdown.preprocessors.build_preprocessors",
        )
    ):
        pre.register(_Whitespace(md), "normalize_whitespace", 30)
    fences = pre["fenced_code_block"] if "fenced_code_block" in pre else None  # noqa: SIM401 - a Registry has no get()
    if (
        isinstance(fences, FencedBlockPreprocessor)
        and type(fences) is FencedBlockPreprocessor
        and _all_as_read(
            "markdown.extensions.fenced_code.FencedBlockPreprocessor",
            "markdown.extensions.fenced_code.FencedCodeExtension",
        )
    ):
        # (types-Markdown leaves out the config FencedBlockPreprocessor keeps)
        idle_fences = _IdleFences(md, fences.config)  # type: ignore[attr-defined]
        idle_fences.source = source
        pre.register(idle_fences, "fenced_code_block", 25)
    if (
        "attr_list" in tree
        and type(tree["attr_list"]) is AttrListTreeprocessor
        and _all_as_read(
            "markdown.extensions.attr_list.AttrListTreeprocessor",
            "markdown.extensions.attr_list.AttrListExtension",
        )
    ):
        idle_attr_list = _IdleAttrList(md)
        idle_attr_list.source = source
        tree.register(idle_attr_list, "attr_list", 8)
    if (
        "unescape" in tree
        and type(tree["unescape"]) is UnescapeTreeprocessor
        and _escapes_need_backslashes(md)
        and _all_as_read(
            "markdown.treeprocessors.UnescapeTreeprocessor",
            "markdown.treeprocessors.build_treeprocessors",
        )
    ):
        idle_unescape = _IdleUnescape(md)
        idle_unescape.source = source
        tree.register(idle_unescape, "unescape", 0)


def _escapes_need_backslashes(md: Markdown) -> bool:
    """Only the escape pattern (on "\\" and a character) and the code-span one (on
    "\\" before a backtick) make what the unescape step turns back."""
    if "escape" not in md.inlinePatterns:
        return False
    escape = md.inlinePatterns["escape"]
    return (
        type(escape) is EscapeInlineProcessor
        and escape.compiled_re.pattern == r"\\(.)"
        and _all_as_read(
            "markdown.inlinepatterns.EscapeInlineProcessor",
            "markdown.inlinepatterns.BacktickInlineProcessor",
        )
    )


# -- inline skip ---------------------------------------------------------------------

# Regular expression source -> substrings of which any match must contain one.
# Read off each expression: every branch needs a literal from its set.
_NEEDS: dict[str, tuple[str, ...]] = {
    # Python-Markdown's own inline patterns.
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),
    r"\\(.)": ("\\",),
    r"\[\^([^\]]*)\]": ("[^",),
    r"(?<!\!)\[": ("[",),
    r"\!\[": ("![",),
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),
    r"<([^<> !]+@[^@<> ]+)>": ("<",),
    r"  \n": ("  \n",),
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),
    r"\*|_": ("*", "_"),
    # The smarty extension's dashes, ellipses and quotes.
    r"(?<!-)---(?!-)": ("---",),
    r"(?<!-)--(?!-)": ("--",),
    r"(?<!\.)\.{3}(?!\.)": ("...",),
    "^'(?=[!\"#\\$\\%'()*+,-.\\/:;<=>?\\@\\[\\\\\\]\\^_`{|}~]\\B)": ("'",),
    '^"(?=[!"#\\$\\%\'()*+,-.\\/:;<=>?\\@\\[\\\\\\]\\^_`{|}~]\\B)': ('"',),
    "\"'(?=\\w)": ("\"'",),
    "'\"(?=\\w)": ("'\"",),
    "(?<=[^\\ \\t\\r\\n\\[\\{\\(\\-\\u0002\\u0003])\\'\"": ("'\"",),
    "(?<=[^\\ \\t\\r\\n\\[\\{\\(\\-\\u0002\\u0003])\\\"'": ("\"'",),
    "(?<!\\w)'(?=\\d{2}s)": ("'",),
    "(\\s|&nbsp;|--|–|—|&[mn]dash;|&#8211;|&#8212;)'(?=\\w)": ("'",),
    "(?<=[^\\ \\t\\r\\n\\[\\{\\(\\-\\u0002\\u0003])'(?!\\s|s\\b|\\d)": ("'",),
    "'(\\s|s\\b)": ("'",),
    "'": ("'",),
    '(\\s|&nbsp;|--|–|—|&[mn]dash;|&#8211;|&#8212;)"(?=\\w)': ('"',),
    '"(?=\\s)': ('"',),
    '(?<=[^\\ \\t\\r\\n\\[\\{\\(\\-\\u0002\\u0003])"': ('"',),
    '"': ('"',),
}


def _needs(pattern: Any) -> tuple[str, ...] | None:
    """The substrings one of which a match needs, or None: always try the pattern."""
    compiled = getattr(pattern, "compiled_re", None)
    return None if compiled is None else _NEEDS.get(compiled.pattern)


# A plan entry: the pattern, and the one or two substrings of which a match needs
# one (None: always try the pattern).
_Step = tuple[Any, str | None, str | None]


def _step(pattern: Any) -> _Step:
    needs = _needs(pattern)
    if needs is None or len(needs) > 2:
        return (pattern, None, None)
    return (pattern, needs[0], needs[1] if len(needs) > 1 else None)


_STEPS: dict[int, _Step] = {}  # id(pattern) -> its step, made once per pattern


_TRIGGERS: dict[tuple[_Step, ...], re.Pattern[str] | None] = {}


def _triggers(plan: list[_Step]) -> re.Pattern[str] | None:
    """A search for any substring some step needs; None when a step needs none."""
    key = tuple(plan)
    if key not in _TRIGGERS:
        needs = {n for _, need, other in plan for n in (need, other) if n is not None}
        always = any(need is None for _, need, _ in plan)
        _TRIGGERS[key] = (
            None if always else re.compile("|".join(re.escape(n) for n in sorted(needs)))
        )
    return _TRIGGERS[key]


_TOKEN = re.compile("\x02([0-9]+)\x03")


def _substitutes_only(plan: list[_Step]) -> bool:
    """Every pattern replaces its match with text and excludes no ancestor."""
    return all(
        type(pattern) is SubstituteTextPattern and not pattern.ANCESTOR_EXCLUDES
        for pattern, _, _ in plan
    )


class _SkippingInlineProcessor(InlineProcessor):
    """``InlineProcessor`` whose per-text loop skips patterns that cannot match."""

    _plan: list[_Step]

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        # The registry is fixed for the length of a document: read it once.
        self._plan = self._make_plan()
        triggers = _triggers(self._plan)
        if triggers is None:
            return super().run(tree, ancestors)
        return self._run(tree, ancestors, triggers.search, _substitutes_only(self._plan))

    # InlineProcessor.run (Markdown 3.11), except that a text or tail holding no
    # substring any pattern needs, and no placeholder, is left alone: upstream
    # would take it out, find no pattern matching, and put the same string back
    # (for a tail, after looking up the child's position). Every block element's
    # tail is such a text ("\n") by the time smarty's pass runs. And in smarty's
    # pass, whose patterns all replace text with text, a text without placeholders
    # goes through ``_substitute``, which makes the same string without stashing
    # each match as a node and looking it up again.
    def _run(self, tree: Any, ancestors: list[str] | None, triggers: Any, substitute: bool) -> Any:
        self.stashed_nodes = {}
        tree_parents = [] if ancestors is None else ancestors[:]
        self.parent_map = {c: p for p in tree.iter() for c in p}
        stack = [(tree, tree_parents)]
        self._InlineProcessor__build_ancestors(tree, tree_parents)  # type: ignore[attr-defined]
        handle = self._InlineProcessor__handleInline
        placeholders = self._InlineProcessor__processPlaceholders  # type: ignore[attr-defined]
        while stack:
            currElement, parents = stack.pop(0)
            self.ancestors = parents
            if currElement is not tree:
                self.ancestors.append(currElement.tag.lower())
            insertQueue = []
            for child in currElement:
                text = child.text
                if text and not isinstance(text, util.AtomicString):
                    plain = type(child.tag) is str and "\x02" not in text
                    if plain and triggers(text) is None:
                        pass  # upstream would put the same text back
                    elif plain and substitute:
                        child.text = self._substitute(text)
                    else:
                        self.ancestors.append(child.tag.lower())
                        child.text = None
                        lst = placeholders(handle(text), child)
                        for item in lst:
                            self.parent_map[item[0]] = child
                        stack += lst
                        insertQueue.append((child, lst))
                        self.ancestors.pop()
                tail = child.tail
                if substitute and tail and "\x02" not in tail and triggers(tail) is not None:
                    child.tail = self._substitute(tail)
                elif tail and ("\x02" in tail or triggers(tail) is not None):
                    tail = handle(tail)
                    dumby = etree.Element("d")
                    child.tail = None
                    tailResult = placeholders(tail, dumby, False)
                    if dumby.tail:
                        child.tail = dumby.tail
                    pos = list(currElement).index(child) + 1
                    tailResult.reverse()
                    for newChild in tailResult:
                        self.parent_map[newChild[0]] = currElement
                        currElement.insert(pos, newChild[0])
                if len(child):
                    self.parent_map[child] = currElement
                    stack.append((child, self.ancestors[:]))
            for element, lst in insertQueue:
                for i, obj in enumerate(lst):
                    newChild = obj[0]
                    element.insert(i, newChild)
        return tree

    def _substitute(self, data: str) -> str:
        """What the loop below, then InlineProcessor's placeholders, make of a text
        without placeholders when every pattern substitutes text (smarty's): the
        same matches, tried in the same order, the same handleMatch calls (so the
        same stash), each match standing as "\\x02<n>\\x03" for the patterns
        after it as the placeholder "\\x02klzzwxh:<n>\\x03" would (no pattern
        matches inside one), and each put back as its result at the end."""
        plan = self._plan
        results: list[str] = []
        count = len(plan)
        index = start = 0
        while index < count:
            pattern, need, other = plan[index]
            if need is not None and need not in data and (other is None or other not in data):
                index += 1
                start = 0
                continue
            match = pattern.compiled_re.search(data, start)
            if match is None:
                index += 1
                start = 0
                continue
            result, begin, end = pattern.handleMatch(match, data)
            token = f"\x02{len(results)}\x03"
            results.append(result)
            data = f"{data[:begin]}{token}{data[end:]}"
            start = begin + len(token)
        if results:
            data = _TOKEN.sub(lambda m: results[int(m[1])], data)
        return data

    def _make_plan(self) -> list[_Step]:
        plan: list[_Step] = []
        for pattern in self.inlinePatterns:
            step = _STEPS.get(id(pattern))
            if step is None or step[0] is not pattern:  # (an id can be reused)
                step = _STEPS[id(pattern)] = _step(pattern)
            plan.append(step)
        return plan

    # Replaces InlineProcessor.__handleInline (name-mangled), called by ``run`` and
    # recursively for the text inside a matched element. Same loop as upstream's
    # (Markdown 3.11), plus the skip.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        plan = getattr(self, "_plan", None) or self._make_plan()  # called before run()
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        count = len(plan)
        start = 0
        while patternIndex < count:
            pattern, need, other = plan[patternIndex]
            if need is not None and need not in data and (other is None or other not in data):
                # What trying it would give: no match, next pattern from the start.
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def _install_inline_skip(md: Markdown) -> None:
    """The inline passes (the library's and smarty's) replaced by skipping ones,
    under their own names and priorities, with the same patterns."""
    tree = md.treeprocessors
    for name, priority in (("inline", 20), ("smarty", 6)):
        current = tree[name] if name in tree else None  # noqa: SIM401 - a Registry has no get()
        if type(current) is InlineProcessor:
            skipping = _SkippingInlineProcessor(md)
            skipping.inlinePatterns = current.inlinePatterns
            tree.register(skipping, name, priority)
