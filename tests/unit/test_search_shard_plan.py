"""Search shards in memory: the plan of shards and Pagefind's files made stable."""

from __future__ import annotations

import gzip
import json
import random

import pytest

from newsgen import search, search_shards
from newsgen.config import parse_config
from newsgen.errors import ConfigError
from newsgen.search_shards import SIGNATURE, NotPagefind, bounds, plan_shards, stable_bundle


def _paths(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return sorted(
        f"{2000 + i % 25}/{1 + i % 12:02d}/story-{rng.getrandbits(40):x}/index.html"
        for i in range(count)
    )


def test_shards_are_bounded_and_cover_every_page_in_order() -> None:
    paths = _paths(20_000)
    shards = plan_shards(paths, 1000)
    low, high = bounds(1000)
    assert [p for shard in shards for p in shard] == paths
    assert all(low <= len(shard) <= high for shard in shards[:-1])
    assert 0 < len(shards[-1]) <= high
    assert 8 <= len(shards) <= 60  # about 20,000 / 1,000 (more than a quarter, at most 4/3)


def test_an_added_or_deleted_article_changes_few_shards() -> None:
    paths = _paths(5_000, seed=1)
    before = {tuple(s) for s in plan_shards(paths, 200)}
    rng = random.Random(2)
    for _ in range(20):
        changed = list(paths)
        if rng.random() < 0.5:
            changed.pop(rng.randrange(len(changed)))
        else:
            changed = sorted([*changed, f"2010/06/new-{rng.getrandbits(32):x}/index.html"])
        after = {tuple(s) for s in plan_shards(changed, 200)}
        assert len(after - before) <= 2, "one shard changed (two where a boundary moved)"


def test_tiny_targets_and_empty_archives() -> None:
    assert plan_shards([], 1000) == []
    assert plan_shards(["2024/01/a/index.html"], 1) == [["2024/01/a/index.html"]]
    assert all(len(s) <= 3 for s in plan_shards(_paths(50), 1))


def _file(value: object) -> bytes:
    out = bytearray(SIGNATURE)
    search_shards._encode(value, out)
    return gzip.compress(bytes(out))


def _bundle(order: list[int]) -> dict[str, bytes]:
    values = [["economy", [0, 2]], ["health", [1]], ["transport", [3, 4, 300]]]
    tags = _file(["tag", [values[i] for i in order]])
    places = _file(["Places", [["Karachi", [0, 1, 70000]], ["Lahore", [2]]]])
    filters = [["tag", "en_1111111"], ["Places", "en_2222222"]]
    if order[0] == 1:
        filters.reverse()
    meta = _file(["1.5.2", [["000", "z", "en_abcdef0"]], filters, [], ["date", "title"], True])
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_0123456789", "page_count": 5}}}
    return {
        "pagefind-entry.json": json.dumps(entry).encode(),
        "pagefind.en_0123456789.pf_meta": meta,
        "filter/en_1111111.pf_filter": tags,
        "filter/en_2222222.pf_filter": places,
        "index/en_abcdef0.pf_index": b"index bytes",
        "fragment/en_0000001.pf_fragment": b"fragment bytes",
    }


def test_stable_bundle_gives_the_same_bytes_for_any_hash_map_order() -> None:
    first = stable_bundle(_bundle([0, 1, 2]))
    assert stable_bundle(_bundle([2, 0, 1])) == first == stable_bundle(_bundle([1, 2, 0]))
    entry = json.loads(first["pagefind-entry.json"])
    meta = f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    assert meta in first and meta != "pagefind.en_0123456789.pf_meta"
    listed = search_shards._decode_file(first[meta])[2]
    assert sorted(f"filter/{name}.pf_filter" for _, name in listed) == sorted(
        p for p in first if p.startswith("filter/")
    )
    decoded = [search_shards._decode_file(first[p]) for p in sorted(first) if "filter/" in p]
    tags = next(values for name, values in decoded if name == "tag")
    assert [value for value, _ in tags] == ["economy", "health", "transport"]
    assert first["index/en_abcdef0.pf_index"] == b"index bytes"  # the rest untouched


@pytest.mark.parametrize(
    "broken",
    [
        {"pagefind-entry.json": b"not json"},
        {"pagefind.en_0123456789.pf_meta": b"not gzip"},
        {"filter/en_1111111.pf_filter": gzip.compress(b"pagefind_dcd\x9f")},  # indefinite
        {"filter/en_1111111.pf_filter": gzip.compress(b"pagefind_dcd\x82\x63ta")},  # truncated
        {"filter/en_1111111.pf_filter": gzip.compress(b"other")},
    ],
)
def test_files_of_another_shape_are_refused_not_crashed_on(broken: dict[str, bytes]) -> None:
    with pytest.raises(NotPagefind):
        stable_bundle({**_bundle([0, 1, 2]), **broken})


@pytest.mark.parametrize(
    "record",
    [
        None,
        "text",
        {"format": 1, "shards": []},
        {"format": 2, "shards": "x", "ui": 3},
        {"format": 2, "shards": [["k" * 64, ["../../etc/passwd"]]], "ui": ["", ["/etc/x"]]},
        {"format": 2, "shards": [["k" * 64, ["pagefind/kkkkkkkkkkkkkkkk/../../x"]]]},
        {"format": 2, "shards": [["k" * 64, ["pagefind/other/x"]], [1, 2], ["a"]]},
    ],
)
def test_a_hostile_cache_record_keeps_nothing(record: object) -> None:
    shards, ui = search._previous(record)
    assert shards == {} and ui[1] is None


@pytest.mark.parametrize("value", ["0", "-3", "x", "true", "1.5", "[1]"])
def test_a_bad_search_shard_is_one_message_naming_the_key(value: str) -> None:
    text = f"title: T\nbase_url: https://x.example/\nsearch_shard: {value}\n"
    with pytest.raises(ConfigError, match="search_shard"):
        parse_config(text)
    assert parse_config(text.replace(value, "250")).search_shard == 250


def test_a_sound_cache_record_is_read_back_from_tuples() -> None:
    key = "ab" * 32
    files = (f"pagefind/{key[:16]}/pagefind-entry.json",)
    record = {"format": 2, "shards": ((key, files),), "ui": ("u", ("pagefind/pagefind-ui.js",))}
    shards, ui = search._previous(record)
    assert shards == {key: list(files)} and ui == ("u", ["pagefind/pagefind-ui.js"])
