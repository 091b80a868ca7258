"""Archive-level entity resolution, through `newsgen build` and `newsgen entities --json`.

One build of ``tests/fixtures/entity_archive`` (hand-written news articles: trade
stories naming the US four ways, a royal visit beside Charles Kennedy, Chelsea
players, two Khans, a games maker the extractor types three ways) is shared by the
asserts below.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import run_cli
from tests.e2e.entity_sites import Rows, build_and_list, entity_pages

FIXTURE = Path(__file__).parent.parent / "fixtures" / "entity_archive"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Rows]:
    return build_and_list(FIXTURE, tmp_path_factory.mktemp("archive"))


def test_one_page_per_country_whatever_it_is_called(built) -> None:
    site, rows = built
    places = entity_pages(site, "places")
    assert "united-states" in places and "united-kingdom" in places
    assert not places & {"us", "usa", "america", "uk", "britain"}
    us = rows["place", "United States"]
    assert us["count"] == 4
    assert set(us["aliases"]) >= {"US", "America", "USA"}


def test_a_royal_title_keeps_the_prince_apart_from_mr_kennedy(built) -> None:
    site, rows = built
    assert {"prince-charles", "charles-kennedy"} <= entity_pages(site, "people")
    kennedy = rows["person", "Charles Kennedy"]
    assert "Charles" not in kennedy["aliases"]
    assert "prince" in rows["person", "Prince Charles"]["titles"]
    assert rows["person", "Prince Charles"]["count"] == 2


def test_two_people_joined_by_and_are_two_entities(built) -> None:
    site, rows = built
    people = entity_pages(site, "people")
    assert {"john-terry", "wayne-bridge"} <= people
    assert not [name for kind, name in rows if " and " in name]


def test_no_page_for_a_sentence_initial_word(built) -> None:
    _, rows = built
    assert not [name for kind, name in rows if name.split()[0] in {"Earlier", "Unlike", "But"}]
    # "Unlike Charles Kennedy, the designer..." is Charles Kennedy.
    assert rows["person", "Charles Kennedy"]["count"] == 3


def test_the_archive_decides_a_type_by_vote(built) -> None:
    site, rows = built
    assert "nintendo" in entity_pages(site, "organizations")
    assert "nintendo" not in entity_pages(site, "people")
    votes = rows["organization", "Nintendo"]["type_votes"]
    assert votes["organization"] > votes["person"] >= 1


def test_an_ambiguous_bare_name_is_shown_unlinked(built) -> None:
    site, rows = built
    khan = rows["person", "Khan"]
    assert khan["confidence"] == "low" and khan["url"] is None
    assert "khan" not in entity_pages(site, "people")
    page = (
        site / "public" / "2005" / "03" / "critics-round-on-selectors" / "index.html"
    ).read_text(encoding="utf-8")
    assert 'data-pagefind-value="Khan">Khan</span>' in page
    assert "entities/people/khan/" not in page


def test_entities_json_gives_the_evidence(built) -> None:
    _, rows = built
    us = rows["place", "United States"]
    assert us["articles"] == 4 and us["mentions"] >= 4
    assert set(us["merged"]) >= {"PLACE:us", "PLACE:america", "PLACE:usa"}
    assert us["confidence"] == "high"
    assert set(us) >= {"mentions", "articles", "type_votes", "merged", "titles", "confidence"}


def test_roles_are_roles(built) -> None:
    _, rows = built
    assert rows["person", "Tony Blair"]["roles"] == ["Prime Minister"]


HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile" / "entities"


def test_hostile_names_build_and_list(tmp_path: Path) -> None:
    """Titles with no name, "and" chains, every country spelling, odd Unicode: the
    site builds, every entity has a name with letters and `entities --json` lists it."""
    site = tmp_path / "site"
    shutil.copytree(HOSTILE, site)
    (site / "newsgen.yaml").write_text(
        "title: Hostile\nbase_url: https://news.example/\nsearch: false\n", encoding="utf-8"
    )
    result = run_cli("--site", str(site), "build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    listed = run_cli("--site", str(site), "entities", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert rows and all(any(c.isalpha() for c in row["name"]) for row in rows)
    names = {row["name"] for row in rows}
    assert not names & {"Mr", "Mrs", "Prince", "But", "Earlier", "And"}
    places = [row for row in rows if row["type"] == "place"]
    assert [row["name"] for row in places].count("United States") == 1
