"""Role phrases next to a person's name."""

from __future__ import annotations

import random

import pytest

from newsgen import roles as roles_module
from newsgen.roles import find_roles


def roles(text: str, name: str) -> list[str]:
    start = text.index(name)
    return find_roles(text, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (
            "The talks were attended by Pakistan Ambassador to China, Moin ul Haque, and others.",
            "Moin ul Haque",
            ["Pakistan Ambassador to China"],
        ),
        (
            "Liu Jianxing, Director of International Cooperation, Ministry of Transport, said.",
            "Liu Jianxing",
            ["Director of International Cooperation"],
        ),
        (
            "Omar Baig, chairman of the Coastal Development Authority (CDA), said so.",
            "Omar Baig",
            ["chairman of the Coastal Development Authority"],
        ),
        # Role words longer than the first window _word_ending_at looks in.
        ("The Vice-Chancellor Sara Khan spoke.", "Sara Khan", ["Vice-Chancellor"]),
        ("Superintendent Sara Khan spoke.", "Sara Khan", ["Superintendent"]),
        (
            "Ambassador Farah Siddiqui, Pakistan's ambassador to China, joined.",
            "Farah Siddiqui",
            ["Ambassador", "Pakistan's ambassador to China"],
        ),
        ("It rained. Federal Minister Sara Khan said", "Sara Khan", ["Federal Minister"]),
        ("Omar Baig, the chairman of the CDA, said", "Omar Baig", ["chairman of the CDA"]),
    ],
)
def test_roles_found(text: str, name: str, expected: list[str]) -> None:
    assert roles(text, name) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("In Beijing, Sara Khan said the talks went well.", "Sara Khan"),
        ("Sara Khan, who rode the first ferry, said it was fast.", "Sara Khan"),
        ("BEIJING: Sara Khan held talks.", "Sara Khan"),
        ("Pakistan Ambassador to China Moin ul Haque spoke.", "Moin ul Haque"),
        ("Sara Khan said, chairman or not, she would go.", "Sara Khan"),
    ],
)
def test_no_role_where_there_is_none(text: str, name: str) -> None:
    assert roles(text, name) == []


@pytest.mark.parametrize("seed", range(5))
def test_word_search_near_the_name_equals_searching_all_text_before_it(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["Minister", "of", "x" * 70, "’s", " ", "  ", "\n", ".", ",", "Dr.", "a-b"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        end = rng.randint(0, len(text))
        found = roles_module._word_ending_at(text, end)
        expected = roles_module._WORD.search(text[:end])
        assert (found and (found.start(), found.end())) == (expected and expected.span())
