"""The one YAML reader for untrusted text: front matter, ``newsgen.yaml`` and the
entity registry.

PyYAML's safe loader builds no Python objects, but it still lets a few hundred
bytes cost gigabytes or minutes: an alias bomb ("billion laughs") composes into
a small graph that every consumer walking it (``str()``, ``repr()``, slugify)
expands, and nesting thousands deep overflows the pure-Python composer's stack.
So every document read here is

- refused above ``max_chars`` characters;
- refused when it uses an alias (``*name``): articles, config and registry have
  no need for them, and one refused alias is cheaper than bounding expansion;
- refused when nested deeper than ``MAX_DEPTH`` collections;
- checked for a key given twice in one mapping (YAML would silently keep the last).

Each refusal is a :class:`YamlRefused` with the 1-based line within the document.
libyaml (``CSafeLoader``) parses where it reads the text as the pure-Python parser
does; every check runs on the composed node graph, so both parsers are held to
the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

MAX_DEPTH = 50
QUOTE_CHARS = 80


class YamlRefused(Exception):
    """A document this reader will not read; ``line`` is 1-based within the document."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A key given twice in one mapping: its text and the 1-based lines of both."""

    key: str
    line: int
    first_line: int


def quote(value: object, limit: int = QUOTE_CHARS) -> str:
    """``repr(value)`` cut to ``limit`` characters: a message never quotes an
    unbounded value (a list of a million items, a 100 KB string)."""
    if isinstance(value, str):
        text = repr(value[: limit + 1])
    elif isinstance(value, list | tuple | dict | set):
        text = f"a {type(value).__name__} of {len(value)} item(s)"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip(text: str, limit: int = QUOTE_CHARS * 2) -> str:
    """``text`` cut to ``limit`` characters, for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _GuardedLoader(yaml.SafeLoader):
    """The pure-Python safe loader, stopping at ``MAX_DEPTH`` before its recursive
    composer can overflow the stack, and at the first alias."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # types-PyYAML leaves Parser.peek_event unannotated (hence the two ignores)
        if self.check_event(yaml.AliasEvent):
            raise _alias_refused(self.peek_event().start_mark.line + 1)  # type: ignore[no-untyped-call]
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _depth_refused(self.peek_event().start_mark.line + 1)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)
# Where the two parsers disagree (found by fuzzing both): libyaml accepts a tab
# after "key:", reads U+0085, U+2028 and U+2029 as text rather than line breaks,
# skips a stray U+FEFF, gives an empty "!" tag another value, accepts "|#" (a block
# scalar header touching a comment) and reads "?" inside [...] or {...} its own way.
# A document holding any of these goes to the pure-Python loader alone.
_PURE_ONLY = re.compile(r"[\t\r\x85\u2028\u2029\ufeff!]|[|>][-+0-9]*#")


def _fast_loader_agrees(text: str) -> bool:
    flow_question = "?" in text and ("[" in text or "{" in text)
    return not flow_question and not _PURE_ONLY.search(text)


def _alias_refused(line: int) -> YamlRefused:
    return YamlRefused("YAML aliases (*name) are not allowed", line)


def _depth_refused(line: int) -> YamlRefused:
    return YamlRefused(f"nested more than {MAX_DEPTH} levels deep", line)


def _check_size(text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise YamlRefused(f"too long: {len(text):,} characters (at most {max_chars:,})", None)


def _parsed(text: str) -> tuple[Any, yaml.Node | None]:
    """(loader, node) for ``text``: libyaml where it agrees, else the guarded
    pure-Python loader, whose messages and lines are the ones reported."""
    if _FAST_LOADER is not None and _fast_loader_agrees(text):
        fast = _FAST_LOADER(text)
        try:
            return fast, fast.get_single_node()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            if "nesting depth" in str(getattr(exc, "problem", "")) and mark is not None:
                # libyaml stops at 1,000 levels; the pure-Python scanner would
                # take seconds to find the same, so its verdict is reported as is.
                raise _depth_refused(mark.line + 1) from None
            # Anything else is parsed again below for the pure-Python message and line.
        finally:
            fast.dispose()
    loader = _GuardedLoader(text)
    try:
        return loader, loader.get_single_node()
    finally:
        loader.dispose()


def compose(text: str, max_chars: int) -> tuple[yaml.Node | None, list[Duplicate]]:
    """The checked node graph of one YAML document (None when empty) and every key
    given twice in a mapping. Raises ``yaml.YAMLError`` for text that is not YAML,
    ``YamlRefused`` for a document refused by the rules above."""
    _check_size(text, max_chars)
    _, node = _parsed(text)
    return node, _checked(text, node)


def load(text: str, max_chars: int) -> tuple[Any, yaml.Node | None, list[Duplicate]]:
    """``compose`` and the Python value of the document (None when empty).

    The constructors raise ``ValueError``/``TypeError`` for values such as
    2024-99-01, and ``yaml.YAMLError`` (ConstructorError) for unhashable keys."""
    _check_size(text, max_chars)
    loader, node = _parsed(text)
    duplicates = _checked(text, node)
    if node is None:
        return None, None, duplicates
    return loader.construct_document(node), node, duplicates


def _checked(text: str, node: yaml.Node | None) -> list[Duplicate]:
    """``check``, with an alias reported on the line it is used (the graph knows
    only where its anchor was set): the guarded loader stops at the first."""
    try:
        return check(node)
    except YamlRefused as refused:
        try:
            _GuardedLoader(text).get_single_node()
        except YamlRefused:
            raise
        except yaml.YAMLError:
            pass
        raise refused from None


def check(root: yaml.Node | None) -> list[Duplicate]:
    """Refuse aliases (a node reached twice) and nesting deeper than ``MAX_DEPTH``;
    return the keys given twice. Walks with its own stack: never recursion."""
    if root is None:
        return []
    duplicates: list[Duplicate] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _alias_refused(node.start_mark.line + 1)
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            continue
        if depth > MAX_DEPTH:
            raise _depth_refused(node.start_mark.line + 1)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
            continue
        first_lines: dict[tuple[str, str], int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                ident, line = (key.tag, key.value), key.start_mark.line + 1
                if ident in first_lines:
                    duplicates.append(Duplicate(key.value, line, first_lines[ident]))
                else:
                    first_lines[ident] = line
            stack.append((key, depth + 1))
            stack.append((value, depth + 1))
    duplicates.sort(key=lambda d: d.line)
    return duplicates
