"""Role phrases next to a person's name."""

from __future__ import annotations

import pytest

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
