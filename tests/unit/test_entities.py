"""Behaviour of the built-in named-entity extractor."""

from __future__ import annotations

import dataclasses
import itertools
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SAMPLE as SAMPLE_FILE

from newsgen import extract_entities as top_level_extract
from newsgen.entities import builtin, extract_entities, extract_entity_dicts, get_extractor, scan
from newsgen.errors import ConfigError
from newsgen.model import ORG, PERSON, PLACE, Mention

# A short article written for these tests (not from any evaluation set).
ARTICLE = (
    "Flood relief talks open in Karachi\n\n"
    "KARACHI: Prime Minister Ayesha Rahman met officials of the World Food Programme "
    "and the National Disaster Management Authority (NDMA) in Karachi on Tuesday.\n\n"
    "Rahman said the NDMA would open camps in Sindh and Balochistan. Several "
    "volunteers from the Edhi Foundation joined them. The Pakistani government thanked "
    "the United Nations.\n\n"
    "Officials of the Asian Development Bank said Rahman's plan was sound. Later, "
    "Dr. Tariq Mehmood of Aga Khan University Hospital visited Hyderabad."
)


def _pairs(mentions: list[Mention]) -> set[tuple[str, str]]:
    return {(m.type, m.name) for m in mentions}


def _texts(mentions: list[Mention], typ: str) -> set[str]:
    return {m.text for m in mentions if m.type == typ}


@pytest.fixture(scope="module")
def sample() -> tuple[str, list[Mention]]:
    if not SAMPLE_FILE.is_file():
        pytest.skip(f"sample article missing: {SAMPLE_FILE}")
    text = SAMPLE_FILE.read_text(encoding="utf-8")
    return text, extract_entities(text)


def test_sample_people(sample: tuple[str, list[Mention]]) -> None:
    _, ms = sample
    people = _texts(ms, PERSON)
    for name in ("Moin ul Haque", "Zhang Xiaodong", "Liu Jianxing", "Hamza Saeed", "Yang Dongri"):
        assert name in people


def test_sample_orgs_and_acronyms(sample: tuple[str, list[Mention]]) -> None:
    _, ms = sample
    pairs = _pairs(ms)
    for long, acr in (
        ("Zhongguancun Belt and Road Industrial Promotion Association", "ZBRA"),
        ("Special Technology Zones Authority", "STZA"),
        ("National Development and Reform Commission", "NDRC"),
    ):
        assert (ORG, long) in pairs
        short = [m for m in ms if m.text == acr]
        assert short, acr
        assert all(m.type == ORG and m.name == long for m in short)


def test_sample_places(sample: tuple[str, list[Mention]]) -> None:
    _, ms = sample
    assert {"Beijing", "Pakistan", "China"} <= _texts(ms, PLACE)


def test_sample_no_demonyms_or_titles(sample: tuple[str, list[Mention]]) -> None:
    _, ms = sample
    texts = {m.text for m in ms}
    assert not texts & {"Chinese", "Pakistani", "Ambassador", "President"}
    assert not any(m.text.startswith(("Ambassador ", "President ", "The ")) for m in ms)


def test_spans_match_text_and_are_ordered(sample: tuple[str, list[Mention]]) -> None:
    text, ms = sample
    for m in ms:
        assert text[m.start : m.end] == m.text
        assert m.type in (PERSON, ORG, PLACE)
        assert m.name
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ms))


def test_title_stripped_and_surname_resolves() -> None:
    ms = extract_entities(ARTICLE)
    people = [m for m in ms if m.type == PERSON]
    assert "Ayesha Rahman" in {m.text for m in people}
    short = [m for m in people if m.text == "Rahman"]
    assert len(short) == 2  # "Rahman said", "Rahman's plan" (possessive dropped)
    assert all(m.name == "Ayesha Rahman" for m in short)
    assert ("PERSON", "Tariq Mehmood") in _pairs(ms)


def test_defined_acronym_and_heads() -> None:
    ms = extract_entities(ARTICLE)
    pairs = _pairs(ms)
    assert (ORG, "National Disaster Management Authority") in pairs
    assert [m.name for m in ms if m.text == "NDMA"] == [
        "National Disaster Management Authority"
    ] * 2
    assert (ORG, "Edhi Foundation") in pairs
    assert (ORG, "Asian Development Bank") in pairs
    assert (ORG, "United Nations") in pairs
    assert {"Karachi", "Sindh", "Balochistan", "Hyderabad"} <= _texts(ms, PLACE)


def test_the_and_possessive_excluded() -> None:
    text = "Officials of the United Nations met. The Asian Development Bank's chief spoke."
    ms = extract_entities(text)
    assert "United Nations" in {m.text for m in ms}
    assert "Asian Development Bank" in {m.text for m in ms}
    assert not any(m.text.lower().startswith("the ") or m.text.endswith("'s") for m in ms)


def test_sentence_initial_common_words_are_not_names() -> None:
    text = "Several volunteers came. Later, officials met. However, Karachi was calm."
    ms = extract_entities(text)
    assert {m.text for m in ms} == {"Karachi"}


def test_demonyms_are_not_entities() -> None:
    ms = extract_entities("The Pakistani youth and Chinese companies met French officials.")
    assert ms == []


def test_dateline_in_capitals_is_a_place() -> None:
    ms = extract_entities("BEIJING: Talks opened here on Monday.")
    assert [(m.text, m.type) for m in ms] == [("BEIJING", PLACE)]


def test_museums_are_places_and_town_state() -> None:
    ms = extract_entities("He visited the Museum of Flight in Seattle and Irving, Texas.")
    pairs = {(m.text, m.type) for m in ms}
    assert ("Museum of Flight", PLACE) in pairs
    assert ("Irving", PLACE) in pairs


def test_deterministic() -> None:
    first = extract_entities(ARTICLE)
    for _ in range(3):
        assert extract_entities(ARTICLE) == first


def test_empty_and_plain_text() -> None:
    assert extract_entities("") == []
    assert extract_entities("no capitals here at all.") == []


def test_dicts_and_backends() -> None:
    assert extract_entity_dicts(ARTICLE) == [m.to_dict() for m in extract_entities(ARTICLE)]
    assert get_extractor("builtin") is extract_entities
    assert top_level_extract is extract_entities
    with pytest.raises(ConfigError):
        get_extractor("nonsense")


_VOCAB = [
    "The",
    "the",
    "of",
    "and",
    "for",
    "on",
    "Pakistan",
    "'s",
    "’s",
    "U.S.",
    "Dr.",
    "(ABC)",
    "ABC",
    "Ministry",
    "Museum",
    "said",
    ",",
    ".",
    "\n",
    "John",
    "Smith",
    "Ambassador",
    "President",
    "ul",
    "-",
    "&",
    "Center",
    "New",
    "York",
    "Chinese",
    "I",
    "A.",
    "#Tag",
    "@user",
    "Inc.",
    "X-ray",
    "T-shirt",
    "Ünal",
    "İstanbul",
    "1990s",
    "3M",
    "'",
    "’",
    "STZs",
    "(",
    ")",
    "“",
    "”",
    "Sen.",
    "Mr",
    "Al-",
    "-based",
    "Moin",
    "Haque",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=40), st.sampled_from([" ", "", "  "]))
def test_spans_are_valid_for_any_text(words: list[str], sep: str) -> None:
    text = sep.join(words)
    ms = extract_entities(text)
    for m in ms:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text == m.text.strip()
        assert m.type in (PERSON, ORG, PLACE)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ms))
    assert extract_entities(text) == ms


def test_unknown_surname_with_said_or_apposition_is_a_person() -> None:
    for text in (
        "Officials met. Okonjo said the plan failed.",
        "The report by Raisinghani, a spokeswoman for the agency, was late.",
    ):
        assert [m.type for m in extract_entities(text)] == [PERSON]


def test_org_and_person_run_together_are_split() -> None:
    text = "A student at University of Texas Arlington Amneh Jafari wrote. NASA Administrator "
    text += "Charles Bolden spoke."
    pairs = {(m.text, m.type) for m in extract_entities(text)}
    assert ("University of Texas Arlington", ORG) in pairs
    assert ("Amneh Jafari", PERSON) in pairs
    assert ("NASA", ORG) in pairs
    assert ("Charles Bolden", PERSON) in pairs


def _forget_plans() -> None:
    for table in builtin._PLANS:
        table.clear()


_CONTEXT = ["said", ",", "the", "a", "spokeswoman", "town", "of", ".", "\n", "#", "@", ":"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_VOCAB + _CONTEXT), max_size=30),
        min_size=2,
        max_size=4,
    ),
    st.sampled_from([" ", "  "]),
)
def test_remembered_sequence_plans_change_nothing(parts: list[list[str]], sep: str) -> None:
    # A capitalised sequence is typed once and remembered; what the text around it
    # decides (hashtags, "said", "town of") is applied each time it is met.
    texts = [sep.join(words) for words in parts]
    fresh = []
    for text in texts:
        _forget_plans()
        fresh.append(extract_entities(text))
    _forget_plans()
    warm = [extract_entities(text) for text in texts]
    backwards = [extract_entities(text) for text in reversed(texts)][::-1]
    assert fresh == warm == backwards


def test_plans_follow_the_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Talks in Karachi and Ruritania ended."
    before = extract_entities(text)
    g = builtin.load()
    other = dataclasses.replace(g, places={**g.places, "Ruritania": "country"})
    monkeypatch.setattr(builtin, "load", lambda: other)
    assert ("Ruritania", PLACE) in {(m.text, m.type) for m in extract_entities(text)}
    monkeypatch.undo()
    assert extract_entities(text) == before


def test_sequence_expression_matches_the_branching_one() -> None:
    # scan._TOK starts with one character class so the search can skip ahead; it
    # must find exactly what "(?:[A-Z]|[0-9]+[A-Z])..." found.
    tok = rf"(?:[{scan._UP}]|[0-9]+[{scan._UP}])\w*(?:[.'’&\-]\w+)*\.?"
    branching = re.compile(rf"{tok}(?:[ \t]+(?:(?:{scan._CONN})[ \t]+){{0,2}}{tok})*")
    pieces = [
        "A", "B", "x", "12", "3", "7M", "3m", "Ünal", "ü", "İ", "ı", "Σ", "σ", " ", "  ", "\t",
        "\n", ".", "'", "’", "&", "-", "_", "of", "and", "the", "de", "U.S.", "A&M", "O'Brien",
        "0", "٣", "Ⅻ", "ǅ", "9Z", "1990s",
    ]  # fmt: skip
    rng = random.Random(2)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        expected = [m.span() for m in branching.finditer(text)]
        assert [m.span() for m in scan.SEQ_RE.finditer(text)] == expected, text
