"""The shared YAML reader: aliases, depth, size and duplicate keys, on both parsers."""

from __future__ import annotations

import time

import pytest
import yaml

from newsgen import safe_yaml
from newsgen.safe_yaml import MAX_DEPTH, YamlRefused

BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    + ["slug: *i"]
)


def _refusal(text: str) -> YamlRefused:
    with pytest.raises(YamlRefused) as caught:
        safe_yaml.load(text, 1_000_000)
    return caught.value


@pytest.mark.parametrize("tab", ["", "\t# the pure-Python parser"])
def test_alias_bomb_refused_at_the_first_alias(tab: str) -> None:
    started = time.monotonic()
    refused = _refusal(BOMB + tab)
    assert time.monotonic() - started < 5
    assert "aliases" in refused.message and refused.line == 2


def test_any_alias_is_refused_even_a_harmless_one() -> None:
    assert _refusal("title: &t Hi\nsummary: *t\n").line == 2
    assert _refusal("base: &b {x: 1}\n<<: *b\n").line == 2


def test_anchor_without_alias_is_fine() -> None:
    assert safe_yaml.load("title: &t Hi\n", 100)[0] == {"title": "Hi"}


@pytest.mark.parametrize("opening", ["[", "{a: "])
@pytest.mark.parametrize("tab", ["", "\t"])
def test_deep_flow_nesting_refused_fast(opening: str, tab: str) -> None:
    # The tab goes to the pure-Python parser, which must stop at MAX_DEPTH.
    text = f"x: {tab}{opening * 20_000}"
    started = time.monotonic()
    with pytest.raises((YamlRefused, yaml.YAMLError)):
        safe_yaml.load(text, 1_000_000)
    assert time.monotonic() - started < 10


def test_depth_limit_is_exact() -> None:
    inside = "x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert safe_yaml.load(inside, 10_000)[0] is not None
    deeper = "x: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert "nested" in _refusal(deeper).message
    block = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 1))
    assert "nested" in _refusal(block).message


def test_size_limit() -> None:
    with pytest.raises(YamlRefused, match="too long"):
        safe_yaml.load("a: " + "x" * 100, 50)


def test_duplicate_keys_found_with_both_lines() -> None:
    text = "a: 1\nb: {c: 1, c: 2}\nd:\n  e: 1\n  e: 2\na: 3\n"
    _, _, duplicates = safe_yaml.load(text, 1_000)
    assert [(d.key, d.line, d.first_line) for d in duplicates] == [
        ("c", 2, 2),
        ("e", 5, 4),
        ("a", 6, 1),
    ]
    node, duplicates = safe_yaml.compose(text, 1_000)
    assert isinstance(node, yaml.MappingNode) and len(duplicates) == 3


def test_values_as_pyyaml_safe_load() -> None:
    text = "t: 2024-01-02\nn: 3\nl: [a, b]\nm: {x: y}\n<<: {z: 1}\n"
    assert safe_yaml.load(text, 1_000)[0] == yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError):
        safe_yaml.load("!!python/object/apply:os.system [ls]", 1_000)


def test_quote_and_clip_are_bounded() -> None:
    assert len(safe_yaml.quote("x" * 10_000)) <= safe_yaml.QUOTE_CHARS
    assert safe_yaml.quote(["x"] * 10**6) == "a list of 1000000 item(s)"
    assert safe_yaml.quote("ok") == "'ok'"
    assert len(safe_yaml.clip("y" * 10_000)) <= 2 * safe_yaml.QUOTE_CHARS
