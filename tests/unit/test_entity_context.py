"""Parties, type cues from the words around a name, and the spaCy/tagger combination."""

from __future__ import annotations

import time

import pytest

from newsgen.entities import extract_entities
from newsgen.entities.context import DROP, NEAR, NOT_PERSON, SPORT, cue
from newsgen.entities.parties import find_parties
from newsgen.entities.resolve import MEDIUM, STRONG, Cand
from newsgen.entities.spacy_backend import _with_tagger
from newsgen.model import ORG, PERSON, PLACE
from newsgen.roles import find_roles


def _parties(text: str) -> list[tuple[str, str]]:
    return [(written, name) for _, _, written, name in find_parties(text)]


def test_every_name_of_a_party_is_the_one_party() -> None:
    text = (
        "The Tories said Labour was wrong. Conservative leader Michael Howard agreed with "
        "the Conservatives. Lib Dem MPs and the Liberal Democrats disagreed."
    )
    assert _parties(text) == [
        ("Tories", "Conservative Party"),
        ("Labour", "Labour Party"),
        ("Conservative", "Conservative Party"),
        ("Conservatives", "Conservative Party"),
        ("Lib Dem", "Liberal Democrats"),
        ("Liberal Democrats", "Liberal Democrats"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Labour costs rose by 3% last year.",  # only a sentence's first word
        "The Christian Democrats won in Bavaria.",  # part of another party's name
        "He holds conservative views on Tory values.",  # an adjective before no party word
        "Labour-intensive work and a Labour Day parade.",
        "The Public Service, Labour and Social Welfare Minister spoke.",
        "",
    ],
)
def test_no_party_where_the_words_are_something_else(text: str) -> None:
    assert _parties(text) == []


def test_a_party_opening_a_sentence_counts_when_named_inside_one_too() -> None:
    assert _parties("Labour has promised a vote. Critics said Labour would lose.") == [
        ("Labour", "Labour Party"),
        ("Labour", "Labour Party"),
    ]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Shares in Nintendo rose 3%.", "Nintendo", ORG),
        ("The chairman of Time Warner, Richard Parsons, said.", "Time Warner", NOT_PERSON),
        ("Nintendo said it had sold five million.", "Nintendo", ORG),
        ("Newcastle manager Graeme Souness said.", "Newcastle", ORG),
        ("Liverpool beat Chelsea 2-1 at Anfield.", "Chelsea", SPORT),
        ("Hotels in the centre of Liverpool are full.", "Liverpool", PLACE),
        ("Hilary Swank won her second Oscar.", "Oscar", DROP),
        ("He won an Oscar for best actor.", "Oscar", DROP),
        ("He is a Chelsea fan.", "Chelsea", None),
        ("Members of Suu Kyi's party were held.", "Suu Kyi", None),
        ("She lives in Leeds.", "Leeds", PLACE),
        ("It rained in Leeds.", "Leeds", NEAR),
        ("Mr Howard said.", "Howard", None),
    ],
)
def test_cues(text: str, name: str, expected: str | None) -> None:
    start = text.index(name)
    assert cue(text, start, start + len(name)) == expected


def _types(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for m in extract_entities(text):
        found.setdefault(m.name, set()).add(m.type)
    return found


def test_the_article_decides_a_company_is_no_person() -> None:
    text = (
        "Nintendo profits beat forecasts\n\nNintendo has reported profits ahead of "
        "forecasts. The president of Nintendo, Satoru Iwata, said Nintendo expected growth."
    )
    types = _types(text)
    assert types["Nintendo"] == {ORG}
    assert types["Satoru Iwata"] == {PERSON}


def test_a_headline_does_not_cut_a_name_to_its_last_word() -> None:
    text = "Time Warner settles case\n\nShares in Time Warner rose. Time Warner said it would pay."
    mentions = extract_entities(text)
    assert {m.text for m in mentions} == {"Time Warner"}
    assert {m.type for m in mentions} == {ORG}


def test_a_club_and_its_city_in_their_own_stories() -> None:
    match = "Liverpool beat Chelsea 2-1 to reach the final. Liverpool fans celebrated."
    city = "Visitors to Liverpool have risen. The centre of Liverpool is busy."
    assert _types(match)["Liverpool"] == {ORG}
    assert _types(city)["Liverpool"] == {PLACE}


def test_a_country_stays_a_place_whatever_it_does() -> None:
    # National sides and governments share their country's page.
    text = "Romania beat Lithuania 2-1 on Friday. Azerbaijan has said it is ready to talk."
    types = _types(text)
    assert types["Romania"] == {PLACE} and types["Azerbaijan"] == {PLACE}


def test_people_beat_people() -> None:
    text = "Pete Sampras beat Jiri Novak 6-3 1-6 6-3. Sampras said he was tired."
    assert _types(text)["Pete Sampras"] == {PERSON}


def test_hostile_text_stays_linear() -> None:
    text = ("Tories Labour Lib Dems said it. " * 2000) + "Shares in " * 2000
    t0 = time.process_time()
    extract_entities(text)
    assert time.process_time() - t0 < 10


def _cand(start: int, end: int, words: str, typ: str, strength: int = MEDIUM) -> Cand:
    return Cand(start, end, words.split(), typ, strength)


def test_spacy_names_checked_against_the_tagger() -> None:
    spacy = [
        _cand(0, 6, "Surrey", PLACE, STRONG),  # a county side: the tagger says ORG
        _cand(10, 28, "W L PCT GB", ORG),  # a table heading only spaCy sees
        _cand(30, 46, "Museum of Flight", PLACE, STRONG),  # only spaCy, and the lists agree
    ]
    tagged = [_cand(0, 6, "Surrey", ORG), _cand(50, 55, "Ahmed", PERSON)]
    kept = {(c.start, c.end, c.type) for c in _with_tagger(spacy, tagged)}
    assert kept == {(0, 6, ORG), (30, 46, PLACE), (50, 55, PERSON)}


@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        ("Home Secretary Charles Clarke said.", "Charles Clarke", ["Home Secretary"]),
        ("But Prime Minister Tony Blair said.", "Tony Blair", ["Prime Minister"]),
        ("Tony Blair, the prime minister, said.", "Tony Blair", ["prime minister"]),
        ("Mr Blair, speaking after his chancellor set out the plans, said.", "Blair", []),
        ("Tony Blair, the man the chancellor has waited to succeed, said.", "Tony Blair", []),
        ("Tony Blair, flanked by the chancellor, said.", "Tony Blair", []),
    ],
)
def test_roles_are_offices_not_clauses(text: str, name: str, roles: list[str]) -> None:
    start = text.index(name)
    assert find_roles(text, start, start + len(name)) == roles
