"""python-markdown's block pass, with plain paragraphs taken without asking.

The block parser offers every block to each block processor in turn (lists,
tables, headings, quotes, footnote and link definitions...) until one takes it;
the paragraph processor, second to last, takes what none of the others wanted.
A news article is mostly plain paragraphs, and each of them pays for some sixteen
refusals, several of them regular-expression searches over the whole block.

Each of those processors only ever takes a block when one of its lines starts
with a certain character (a space, "#", "-", ">", "[", a digit followed by ". "...)
or, for tables, when its first line holds a "|". A block with none of those is
refused by all of them, so it goes straight to what the paragraph processor does
with it: a ``<p>`` holding the block, left-stripped. Everything else takes the
usual road, as does every block in a tight list, where the paragraph processor
does something else.

The shortcut is installed only on a converter whose block processors are exactly
the ones listed in ``_EXPECTED``, with the regular expressions read off for this
module: a Markdown release or an extension that changes them gets the plain parser.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown

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


def _matches_expected(md: Markdown) -> bool:
    registry = md.parser.blockprocessors
    processors = list(registry)  # sorted by priority, as the parser tries them
    names = [item.name for item in registry._priority]
    if md.tab_length != 4 or len(processors) != len(_EXPECTED):
        return False
    for (name, cls, regexes), actual, processor in zip(_EXPECTED, names, processors, strict=True):
        if actual != name or type(processor).__name__ != cls:
            return False
        for attr, source in regexes.items():
            if getattr(getattr(processor, attr, None), "pattern", None) != source:
                return False
    return True


def install(md: Markdown) -> None:
    """Make ``md``'s block parser take plain paragraphs directly, when it is safe."""
    if not _matches_expected(md):
        return
    parser = md.parser
    state = parser.state
    processors = parser.blockprocessors
    sub_element = etree.SubElement

    # BlockParser.parseBlocks (Markdown 3.11), plus the shortcut.
    def parse_blocks(parent: etree.Element, blocks: list[str]) -> None:
        while blocks:
            block = blocks[0]
            if is_plain(block) and not (state and state[-1] == "list"):
                del blocks[0]
                sub_element(parent, "p").text = block.lstrip()
                continue
            for processor in processors:
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                    break

    parser.parseBlocks = parse_blocks  # type: ignore[method-assign]
