"""python-markdown's inline pass, minus the patterns that cannot match a text.

Python-Markdown tries every inline pattern (links, emphasis, smarty quotes...) on
every text node, at a few microseconds of Python per try: for a news article,
whose paragraphs hold almost none of the characters those patterns start with,
that is half the cost of converting it. A pattern whose regular expression cannot
match without a certain substring (a link needs "[", an ellipsis "...") is skipped
for a text that lacks it, which is exactly what trying it would have done: no
match, and the next pattern starts from the beginning of the text.

Only patterns whose regular expression source is listed in ``_NEEDS`` are ever
skipped, so a Markdown release that changes a pattern makes it run again as
before rather than be skipped wrongly.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown, util
from markdown.extensions.smarty import SubstituteTextPattern
from markdown.treeprocessors import InlineProcessor

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
        triggers = _triggers(self._plan) if _RUN_IS_UPSTREAMS else None
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


# ``_run`` is a copy of InlineProcessor.run as of Markdown 3.11 (the SHA-256 of its
# source): a release whose run differs keeps its own (with the per-pattern skip).
_UPSTREAM_RUN = "f6c93631f2871499bcbbc2d10ec7e4fddf1023c394179a18ce1053b16d5c9b0e"
_RUN_IS_UPSTREAMS = False  # worked out by install()


def _run_is_upstreams() -> bool:
    try:
        source = inspect.getsource(InlineProcessor.run)
    except (OSError, TypeError):  # no source to compare with: play safe
        return False
    return hashlib.sha256(source.encode()).hexdigest() == _UPSTREAM_RUN


def install(md: Markdown) -> None:
    """Make ``md``'s inline passes (its own and smarty's) skip hopeless patterns."""
    global _RUN_IS_UPSTREAMS
    if not _RUN_IS_UPSTREAMS:
        _RUN_IS_UPSTREAMS = _run_is_upstreams()
    for name in ("inline", "smarty"):
        if name in md.treeprocessors and type(md.treeprocessors[name]) is InlineProcessor:
            # Same state, same registration; only the loop changes.
            md.treeprocessors[name].__class__ = _SkippingInlineProcessor
