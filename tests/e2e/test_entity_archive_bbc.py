"""Entity pages of a small BBC-style archive, through `newsgen build` and `entities --json`.

``tests/fixtures/entity_archive_bbc`` holds 21 short news stories written for this test
in the style of BBC News in 2005 (none copied from anywhere): election stories naming
the parties every way British news does, match reports beside stories about the cities
the clubs are named after, a royal wedding beside Charles Kennedy, company results,
the Oscars. One build is shared by the asserts below.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.e2e.entity_sites import Rows, build_and_list, entity_pages

FIXTURE = Path(__file__).parent.parent / "fixtures" / "entity_archive_bbc"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Rows]:
    return build_and_list(FIXTURE, tmp_path_factory.mktemp("bbc"))


def _named(rows: Rows, *names: str) -> list[tuple[str, str]]:
    """The (type, name) of every entity called any of ``names`` or aliased so."""
    wanted = set(names)
    return [key for key, row in rows.items() if key[1] in wanted or wanted & set(row["aliases"])]


def test_each_party_has_one_organization_page(built) -> None:
    site, rows = built
    orgs = entity_pages(site, "organizations")
    assert {"labour-party", "conservative-party", "liberal-democrats"} <= orgs
    assert _named(rows, "Tories", "Conservatives", "Tory") == [
        ("organization", "Conservative Party")
    ]
    assert _named(rows, "Lib Dems", "Lib Dem", "Liberal Democrats") == [
        ("organization", "Liberal Democrats")
    ]
    assert _named(rows, "Labour") == [("organization", "Labour Party")]
    assert rows["organization", "Labour Party"]["count"] == 4
    assert rows["organization", "Conservative Party"]["count"] == 4
    # No person or place page for a party's adjective ("Lib Dem leader Charles Kennedy").
    assert not [k for k in rows if k[1] in {"Lib Dem", "Tory", "Conservative"}]


def test_a_club_is_not_its_city(built) -> None:
    site, rows = built
    orgs, places = entity_pages(site, "organizations"), entity_pages(site, "places")
    assert {"liverpool", "newcastle", "chelsea", "manchester-united"} <= orgs
    assert {"liverpool", "newcastle", "manchester"} <= places
    # The regeneration and culture stories are about the cities, the match reports
    # about the clubs: neither page holds the other's articles.
    assert rows["place", "Liverpool"]["count"] == 2
    assert rows["organization", "Liverpool"]["count"] == 2
    assert rows["place", "Newcastle"]["count"] == 2
    assert not [
        k for k in rows if k[1] in {"Chelsea", "Liverpool", "Nintendo"} and k[0] == "person"
    ]


def test_companies_are_organizations_and_keep_their_whole_name(built) -> None:
    site, rows = built
    assert {"time-warner", "nintendo"} <= entity_pages(site, "organizations")
    assert rows["organization", "Time Warner"]["count"] == 2
    assert rows["organization", "Nintendo"]["count"] == 2
    # The headline "Time Warner settles AOL case" is not about a "Warner".
    assert not [k for k in rows if k[1] == "Warner"]
    assert "Warner" not in rows["organization", "Time Warner"]["aliases"]


def test_an_award_is_no_person(built) -> None:
    _, rows = built
    assert not [k for k in rows if k[1] == "Oscar"]


def test_a_contradicting_title_blocks_the_merge(built) -> None:
    site, rows = built
    people = entity_pages(site, "people")
    assert {"prince-charles", "charles-kennedy", "prince-harry"} <= people
    kennedy = rows["person", "Charles Kennedy"]
    # The headline "Charles and Camilla to marry" is the prince's.
    assert "Charles" not in kennedy["aliases"]
    assert "Charles" in rows["person", "Prince Charles"]["aliases"]
    assert rows["person", "Prince Harry"]["count"] == 2
    assert "harry" not in people and "prince-harry" not in {k[1] for k in rows if k[0] == "place"}
    # Dizzy Gillespie (jazz) and Keith Gillespie (football) stay apart.
    assert rows["person", "Dizzy Gillespie"]["count"] == 1
    assert rows["person", "Keith Gillespie"]["count"] == 1


def test_roles_are_roles(built) -> None:
    site, rows = built
    blair = rows["person", "Tony Blair"]["roles"]
    assert blair == ["Prime Minister"]
    assert rows["person", "Charles Clarke"]["roles"] == ["Home Secretary"]
    page = (site / "public/entities/people/tony-blair/index.html").read_text(encoding="utf-8")
    assert "Roles seen</dt><dd>Prime Minister</dd>" in page
