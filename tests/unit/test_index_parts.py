"""The index package's parts, each on its own: tags, archives, neighbours, the memo,
the entity summary, and the package's shape (no cycle with the registry)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime

import pytest

from newsgen.index import build_index, entity_summary
from newsgen.index.archives import archives, neighbours
from newsgen.index.memo import inputs_key, recall
from newsgen.index.tags import most_common, tags
from newsgen.model import PERSON, Article, Mention


def _article(
    name: str, year: int, month: int, tags: tuple[str, ...] = (), text: str = ""
) -> Article:
    return Article(
        source_path=f"content/{name}.md",
        title=name,
        slug=name,
        date=datetime(year, month, 1, tzinfo=UTC),
        text=text,
        body_html="",
        summary="",
        tags=tags,
    )


def test_tags_are_named_by_their_most_common_spelling_and_sorted_by_name() -> None:
    items = [
        _article("a", 2024, 3, ("Ferries",)),
        _article("b", 2024, 2, ("ferries", "Budget")),
        _article("c", 2024, 1, ("Ferries",)),
    ]
    index = build_index(items)
    found = tags(index.articles, [h.digest for h in index.articles])
    assert [(t.name, t.slug) for t in found] == [("Budget", "budget"), ("Ferries", "ferries")]
    ferries = found[1]
    assert ferries.articles == ("content/a.md", "content/b.md", "content/c.md")  # newest first
    assert found == index.tags


def test_most_common_breaks_ties_by_the_spelling() -> None:
    assert most_common(Counter({"b": 2, "a": 2, "c": 1})) == "a"
    assert most_common(Counter({"b": 3, "a": 2})) == "b"


def test_archives_are_years_then_months_newest_first() -> None:
    items = [_article("a", 2023, 12), _article("b", 2024, 2), _article("c", 2024, 2)]
    index = build_index(items)
    assert archives(index.articles) == (
        (2024, ((2, ("content/b.md", "content/c.md")),)),  # same date: by slug
        (2023, ((12, ("content/a.md",)),)),
    )
    assert index.years == archives(index.articles)


def test_neighbours_link_each_article_to_the_next_older_and_newer() -> None:
    previous, following = neighbours(["new", "mid", "old"])
    assert previous == {"new": "mid", "mid": "old"}
    assert following == {"mid": "new", "old": "mid"}
    assert neighbours([]) == ({}, {})


def test_the_memo_is_a_plain_dict_made_once_per_key() -> None:
    made: list[int] = []

    def make() -> int:
        made.append(1)
        return len(made)

    memo: dict[str, tuple[bytes, object]] = {}
    assert recall(memo, "x", b"k1", make) == 1
    assert recall(memo, "x", b"k1", make) == 1  # the same inputs: kept
    assert memo == {"x": (b"k1", 1)}
    assert recall(memo, "x", b"k2", make) == 2  # other inputs: made again
    assert memo == {"x": (b"k2", 2)}
    assert recall(None, "x", b"k2", make) == 3  # no memo: always made
    assert inputs_key([1, "a"], 2) == inputs_key([1, "a"], 2) != inputs_key([1, "a"], 3)


def test_a_kept_result_is_reused_and_the_index_is_the_same() -> None:
    text = "Sara Khan spoke. Sara Khan left."
    mention = Mention(0, 9, "Sara Khan", PERSON, "Sara Khan")
    items = [
        _article("a", 2024, 1, ("x",), text=text),
        _article("b", 2024, 2, ("x",), text=text),
    ]
    items = [
        Article(**{**{f: getattr(a, f) for f in a.__dataclass_fields__}, "mentions": (mention,)})
        for a in items
    ]
    memo: dict[str, tuple[bytes, object]] = {}
    first = build_index(items, memo=memo)
    assert set(memo) == {"entities", "related"}
    entries = dict(memo)
    again = build_index(items, memo=memo)
    assert again == first == build_index(items)
    assert all(memo[name] is entries[name] for name in entries)  # nothing made anew


def test_entity_summary_says_what_newsgen_entities_shows() -> None:
    text = "Sara Khan spoke."
    mention = Mention(0, 9, "Sara Khan", PERSON, "Sara Khan")
    items = [
        Article(
            source_path=f"content/{n}.md",
            title=str(n),
            slug=str(n),
            date=datetime(2024, n, 1, tzinfo=UTC),
            text=text,
            body_html="",
            summary="",
            mentions=(mention,),
        )
        for n in (1, 5)
    ]
    index = build_index(items)
    [sara] = index.entities
    summary = entity_summary(index, sara)
    assert summary["name"] == "Sara Khan" and summary["type"] == "person"
    assert (summary["first"], summary["last"]) == ("2024-01-01", "2024-05-01")
    assert summary["count"] == summary["articles"] == 2
    assert summary["slug"] == "sara-khan"


def test_no_module_of_the_entities_or_the_registry_imports_the_index() -> None:
    """Importing the registry and the entities' identity rules does not import the
    index (no cycle; lint-imports checks the same statically)."""
    code = (
        "import sys, newsgen.registry, newsgen.entities.identity, newsgen.entities.keys;"
        "print(sorted(m for m in sys.modules if m.startswith('newsgen.index')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]"


def test_co_mentions_are_read_back_when_only_other_entity_facts_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An edit that changes an entity's facts but not which entities each article
    names (here the registry's description) makes the entities again, but reads the
    co-mentions back from the last build's entities: the same index as made afresh."""
    from newsgen.index import entities as entities_module
    from newsgen.registry import parse_registry

    text = "Sara Khan met Ali Raza in Lahore."
    mentions = (
        Mention(0, 9, "Sara Khan", PERSON, "Sara Khan"),
        Mention(14, 23, "Ali Raza", PERSON, "Ali Raza"),
    )
    items = [
        Article(
            source_path=f"content/{n}.md",
            title=str(n),
            slug=str(n),
            date=datetime(2024, n, 1, tzinfo=UTC),
            text=text,
            body_html="",
            summary="",
            mentions=mentions,
        )
        for n in (1, 2)
    ]
    entry = "- name: Sara Khan\n  type: person\n  description: {}\n"
    before = parse_registry([("e.yaml", entry.format("A minister."))])
    after = parse_registry([("e.yaml", entry.format("A former minister."))])
    memo: dict[str, tuple[bytes, object]] = {}
    build_index(items, registry=before, memo=memo)
    counted: list[int] = []
    real = entities_module._cooccurring

    def counting(named: list[tuple[str, ...]], limit: int = 10) -> object:
        counted.append(1)
        return real(named, limit)

    monkeypatch.setattr(entities_module, "_cooccurring", counting)
    again = build_index(items, registry=after, memo=memo)
    assert counted == []  # read back, not counted again
    assert again == build_index(items, registry=after)
    sara = again.entity_by_key[next(k for k in again.entity_by_key if "sara" in k)]
    assert sara.description == "A former minister." and sara.related
