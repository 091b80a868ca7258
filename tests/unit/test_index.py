"""Identity across the archive: one entity per real-world name, stable slugs, the registry."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from datetime import UTC, datetime

import pytest

from newsgen.entities.keys import entity_key
from newsgen.index import Entity, IndexMemo, SiteIndex, build_index, digest_article
from newsgen.index import per_article as per_article_module
from newsgen.index import related as related_module
from newsgen.model import ENTITY_FIELDS, ORG, PERSON, PLACE, Article, Mention, head_of
from newsgen.registry import parse_registry
from newsgen.urls import entity_slug


def article(name: str, text: str, *spans: tuple[str, str, str], month: int = 1) -> Article:
    """An article whose mentions are (surface text, type, canonical name) found in ``text``."""
    mentions = []
    cursor = 0
    for surface, kind, canonical in spans:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        mentions.append(Mention(start, cursor, surface, kind, canonical))
    return Article(
        source_path=f"content/{name}.txt",
        title=name,
        slug=name,
        date=datetime(2024, month, 1, tzinfo=UTC),
        text=text,
        body_html="",
        summary="",
        mentions=tuple(mentions),
    )


def by_name(index: SiteIndex) -> dict[str, Entity]:
    return {e.name: e for e in index.entities}


CDA_DEFINED = article(
    "a",
    "The Coastal Development Authority (CDA) met.",
    ("Coastal Development Authority", ORG, "Coastal Development Authority"),
    ("CDA", ORG, "Coastal Development Authority"),
)
CDA_ONLY = article("b", "The CDA said no.", ("CDA", ORG, "CDA"), month=2)


def test_acronym_in_another_article_joins_the_full_name() -> None:
    index = build_index([CDA_DEFINED, CDA_ONLY])
    [cda] = index.entities
    assert cda.name == "Coastal Development Authority"
    assert cda.aliases == ("CDA",)
    assert cda.count == 2
    assert cda.slug == "coastal-development-authority"


def test_acronym_claimed_by_two_full_names_is_kept_apart() -> None:
    other = article(
        "c",
        "The Capital Development Authority (CDA) met.",
        ("Capital Development Authority", ORG, "Capital Development Authority"),
        ("CDA", ORG, "Capital Development Authority"),
    )
    names = by_name(build_index([CDA_DEFINED, CDA_ONLY, other]))
    assert set(names) == {"Coastal Development Authority", "Capital Development Authority", "CDA"}
    assert names["CDA"].count == 1


def test_acronym_of_another_type_is_not_merged() -> None:
    place = article("p", "Flights to CDA.", ("CDA", PLACE, "CDA"))
    names = by_name(build_index([CDA_DEFINED, place]))
    assert names["CDA"].type == PLACE


def test_case_diacritics_the_and_possessive_are_one_entity() -> None:
    one = article(
        "a",
        "The Indus Valley University spoke.",
        ("Indus Valley University", ORG, "the Indus Valley University"),
    )
    two = article(
        "b",
        "INDUS VALLEY UNIVERSITY's dean.",
        ("INDUS VALLEY UNIVERSITY's", ORG, "INDUS VALLEY UNIVERSITY's"),
    )
    three = article(
        "c",
        "Ïndus Valley Universitý grows.",
        ("Ïndus Valley Universitý", ORG, "Ïndus Valley Universitý"),
    )
    four = article(
        "d",
        "Indus Valley University opens.",
        ("Indus Valley University", ORG, "Indus Valley University"),
    )
    index = build_index([one, two, three, four])
    assert len(index.entities) == 1
    assert index.entities[0].slug == "indus-valley-university"
    assert index.entities[0].count == 4
    assert entity_key(ORG, "Marine & Fisheries") == entity_key(ORG, "marine and fisheries")


def test_bare_surname_joins_the_only_full_name() -> None:
    full = article("a", "Moin ul Haque spoke.", ("Moin ul Haque", PERSON, "Moin ul Haque"))
    bare = article("b", "Haque said so.", ("Haque", PERSON, "Haque"))
    titled = article(
        "c", "Ambassador Haque said so.", ("Ambassador Haque", PERSON, "Ambassador Haque")
    )
    [person] = build_index([full, bare, titled]).entities
    assert person.name == "Moin ul Haque" and person.count == 3


def test_shared_surname_is_kept_apart() -> None:
    sara = article("a", "Sara Khan spoke.", ("Sara Khan", PERSON, "Sara Khan"))
    imran = article("b", "Imran Khan spoke.", ("Imran Khan", PERSON, "Imran Khan"))
    bare = article("c", "Khan said so.", ("Khan", PERSON, "Khan"))
    names = by_name(build_index([sara, imran, bare]))
    assert set(names) == {"Sara Khan", "Imran Khan", "Khan"}
    assert names["Sara Khan"].count == names["Imran Khan"].count == names["Khan"].count == 1


def test_title_before_a_full_name_is_the_same_person() -> None:
    a = article("a", "Sara Khan spoke.", ("Sara Khan", PERSON, "Sara Khan"))
    b = article(
        "b", "Minister Sara Khan spoke.", ("Minister Sara Khan", PERSON, "Minister Sara Khan")
    )
    [person] = build_index([a, b]).entities
    assert person.name == "Sara Khan" and person.count == 2 and person.aliases == ()


def test_slugs_do_not_move_when_articles_or_aliases_are_added() -> None:
    before = {e.key: e.slug for e in build_index([CDA_DEFINED]).entities}
    more = article(
        "z",
        "The coastal development authority and its board.",
        ("coastal development authority", ORG, "coastal development authority"),
        month=6,
    )
    registry = parse_registry(
        [
            (
                "e.yaml",
                "- {name: Coastal Development Authority, type: organization, aliases: [Coastal Dev Auth]}",
            )
        ]
    )
    after = {
        e.key: e.slug
        for e in build_index([more, CDA_ONLY, CDA_DEFINED], registry=registry).entities
    }
    assert all(after[key] == slug for key, slug in before.items())


def test_slug_is_a_function_of_the_key() -> None:
    assert entity_slug("PERSON:moin ul haque") == "moin-ul-haque"
    # Transliterated keys carry a hash so two of them can never share or steal a URL.
    lodz, plain = entity_slug("PLACE:łodz"), entity_slug("PLACE:lodz")
    assert lodz.startswith("lodz-") and plain == "lodz" and lodz != plain


def test_min_mentions_keeps_entities_but_without_pages() -> None:
    index = build_index(
        [CDA_DEFINED, article("q", "Peter Lind came.", ("Peter Lind", PERSON, "Peter Lind"))],
        min_mentions=1,
    )
    assert all(e.has_page for e in index.entities)
    index = build_index(
        [
            CDA_DEFINED,
            CDA_ONLY,
            article("q", "Peter Lind came.", ("Peter Lind", PERSON, "Peter Lind")),
        ],
        min_mentions=2,
    )
    names = by_name(index)
    assert names["Coastal Development Authority"].has_page
    assert not names["Peter Lind"].has_page
    assert "PERSON:peter lind" in index.article_entities["content/q.txt"]


REGISTRY = """\
- name: Coastal Development Authority
  type: organization
  description: Runs the coast.
  link: https://en.wikipedia.org/wiki/Example
  merge: [Coastal Authority]
- name: Met Office
  type: organization
  rename: Pakistan Meteorological Department
- name: Nowhere
  type: place
  hide: true
"""


def test_registry_hide_merge_rename_and_redirects() -> None:
    coastal = article(
        "c", "The Coastal Authority said.", ("Coastal Authority", ORG, "Coastal Authority")
    )
    met = article(
        "m",
        "The Met Office warned Nowhere.",
        ("Met Office", ORG, "Met Office"),
        ("Nowhere", PLACE, "Nowhere"),
    )
    registry = parse_registry([("e.yaml", REGISTRY)])
    index = build_index([CDA_DEFINED, CDA_ONLY, coastal, met], registry=registry)
    names = by_name(index)
    assert "Nowhere" not in names
    assert all("nowhere" not in k for keys in index.article_entities.values() for k in keys)
    cda = names["Coastal Development Authority"]
    assert cda.count == 3 and cda.description == "Runs the coast."
    assert cda.link == "https://en.wikipedia.org/wiki/Example"
    assert set(cda.aliases) == {"CDA", "Coastal Authority"}
    pmd = names["Pakistan Meteorological Department"]
    assert pmd.slug == "pakistan-meteorological-department" and pmd.aliases == ("Met Office",)
    moved = {(r.type, r.slug): r.target for r in index.redirects}
    assert moved[(ORG, "met-office")] == pmd.key
    assert moved[(ORG, "coastal-authority")] == cda.key
    assert moved[(ORG, "cda")] == cda.key


def test_roles_are_collected_per_person() -> None:
    a = article(
        "a",
        "Pakistan Ambassador to China, Moin ul Haque, spoke.",
        ("Moin ul Haque", PERSON, "Moin ul Haque"),
    )
    [person] = build_index([a]).entities
    assert person.roles == ("Pakistan Ambassador to China",)


# -- the per-article digest and the aggregation over it ------------------------------


def _with_digest(item: Article) -> Article:
    return dataclasses.replace(item, digest=digest_article(item))


def test_digest_holds_what_one_article_says() -> None:
    a = article(
        "a",
        "Minister Sara Khan met the Coastal Development Authority (CDA). Khan spoke.",
        ("Sara Khan", PERSON, "Sara Khan"),
        ("Coastal Development Authority", ORG, "Coastal Development Authority"),
        ("CDA", ORG, "Coastal Development Authority"),
        ("Khan", PERSON, "Sara Khan"),
    )
    digest = digest_article(a)
    cda, sara = entity_key(ORG, "Coastal Development Authority"), entity_key(PERSON, "Sara Khan")
    assert digest.keys == (cda, sara)
    assert digest.firsts == (1, 0)
    assert digest.sentences[1] == "Minister Sara Khan met the Coastal Development Authority (CDA)."
    assert (sara, "Khan", 0, 1) in digest.forms and (sara, "Sara Khan", 2, 1) in digest.forms
    assert digest.roles == ((sara, "Minister", 1),)
    assert digest.acronyms == ((entity_key(ORG, "CDA"), cda),)


def test_sentences_of_one_text_equal_sentence_at_every_span() -> None:
    """The one-pass sentence breaks give what ``sentence_at`` gives, also where a
    break runs across a span's end (stops, quotes, spaces and newlines mixed)."""
    rng = random.Random(7)
    pieces = [".", "!", "?", "…", "\n", " ", "  ", '"', "”", ")", "Ab", "c", "U.S."]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30)))
        spans = [
            (start, end)
            for start in range(len(text) + 1)
            for end in range(start, min(len(text), start + 6) + 1)
        ]
        rng.shuffle(spans)  # it reads breaks as far as asked: any order must do
        sentences = per_article_module._Sentences(text)
        for start, end in spans:
            expected = per_article_module.sentence_at(text, start, end)
            assert sentences.at(start, end) == expected, (text, start, end)


def test_index_from_digests_equals_index_worked_out_here() -> None:
    registry = parse_registry([("e.yaml", REGISTRY)])
    coastal = article(
        "c", "The Coastal Authority met.", ("Coastal Authority", ORG, "Coastal Authority")
    )
    beijing = article("d", "In 北京 today.", ("北京", PLACE, "北京"))  # a hashed slug
    items = [CDA_DEFINED, CDA_ONLY, coastal, beijing]
    plain = build_index(items, registry=registry)
    cached = build_index([_with_digest(a) for a in items], registry=registry)
    assert cached.entities == plain.entities and cached.redirects == plain.redirects
    assert cached.related == plain.related and cached.article_entities == plain.article_entities


def _related_by_counting(features: list[set[str]], limit: int, cap: int) -> list[list[int]]:
    """The plain definition: count shared features (each of at most ``cap`` articles)."""
    members: dict[str, list[int]] = {}
    for number, feats in enumerate(features):
        for feature in feats:
            members.setdefault(feature, []).append(number)
    found = []
    for number, feats in enumerate(features):
        scores: Counter[int] = Counter()
        for feature in feats:
            if len(members[feature]) <= cap:
                scores.update(members[feature])
        scores.pop(number, None)
        found.append([o for o, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))][:limit])
    return found


@pytest.mark.parametrize("seed", range(20))
def test_related_equals_counting_every_shared_feature(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(related_module, "RELATED_FEATURE_CAP", 6)
    rng = random.Random(seed)
    tags = [f"tag-{i}" for i in range(8)]
    people = [f"{PERSON}:person {i}" for i in range(10)]
    features = [set(rng.sample(tags + people, rng.randint(0, 5))) for _ in range(30)]
    ids = [f"content/{n}.txt" for n in range(len(features))]
    features_of = [
        (tuple(sorted(f for f in feats if ":" in f)), tuple(f for f in feats if ":" not in f))
        for feats in features
    ]
    limit = rng.randint(0, 6)
    got = related_module.related_articles(ids, features_of, limit)
    expected = _related_by_counting(features, limit, 6)
    assert [list(got[f"content/{n}.txt"]) for n in range(len(features))] == [
        [f"content/{o}.txt" for o in others] for others in expected
    ]


# -- the memo keys: each names every input of what it remembers -----------------------


def test_named_fingerprints_exactly_the_entity_fields() -> None:
    a = article(
        "a",
        "Minister Sara Khan met the Coastal Development Authority (CDA).",
        ("Sara Khan", PERSON, "Sara Khan"),
        ("Coastal Development Authority", ORG, "Coastal Development Authority"),
        ("CDA", ORG, "Coastal Development Authority"),
    )
    digest = digest_article(a)
    named = head_of(a, digest).named
    assert head_of(a, digest_article(dataclasses.replace(a))).named == named
    changed = {
        "keys": (*digest.keys, "PERSON:x"),
        "firsts": (*digest.firsts[:-1], 7),
        "slugs": (*digest.slugs[:-1], "other"),
        "forms": digest.forms[1:],
        "roles": (),
        "acronyms": (),
        "titles": (("PERSON:sara khan", "dr"),),
    }
    assert set(changed) == set(ENTITY_FIELDS)
    for name, value in changed.items():
        assert head_of(a, dataclasses.replace(digest, **{name: value})).named != named, name
    # The sentences and tag slugs are not what the entities are made of.
    other = dataclasses.replace(digest, sentences=("x", "y"), tag_slugs=("t",))
    assert head_of(a, other).named == named


def test_memo_keys_change_with_each_input_and_only_then() -> None:
    registry = parse_registry([("e.yaml", REGISTRY)])
    sara = ("Sara Khan", PERSON, "Sara Khan")
    base = [
        dataclasses.replace(article("s", "Minister Sara Khan spoke.", sara), tags=("x",)),
        CDA_DEFINED,
        CDA_ONLY,
    ]

    def keys(items: list[Article], **options: object) -> dict[str, bytes]:
        memo: IndexMemo = {}  # empty: every result is made, and kept under its key
        made = build_index(items, memo=memo, **{"registry": registry, **options})  # type: ignore[arg-type]
        assert made == build_index(items, **{"registry": registry, **options})  # type: ignore[arg-type]
        return {name: memo[name][0] for name in ("entities", "related")}

    first = keys(base)
    same = [dataclasses.replace(base[0], text="Minister Sara Khan spoke again."), *base[1:]]
    assert keys(same) == first  # only a sentence changed
    tagged = [dataclasses.replace(base[0], tags=("x", "y")), *base[1:]]
    assert keys(tagged)["entities"] == first["entities"]
    assert keys(tagged)["related"] != first["related"]
    assert keys(base, related=2)["entities"] == first["entities"]
    assert keys(base, related=2)["related"] != first["related"]
    role = article("s", "Mayor Sara Khan spoke.", sara)
    later = dataclasses.replace(base[0], date=datetime(2024, 3, 1, tzinfo=UTC))
    for items, options in (
        ([dataclasses.replace(role, tags=("x",)), *base[1:]], {}),  # a role
        ([later, *base[1:]], {}),  # the articles' order
        (base[1:], {}),  # an article gone
        (base, {"min_mentions": 2}),
        (base, {"registry": parse_registry([])}),
    ):
        found = keys(items, **options)
        assert found["entities"] != first["entities"] and found["related"] != first["related"]
