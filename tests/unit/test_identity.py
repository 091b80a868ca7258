"""Identity rules (newsgen.entities.identity), on mentions and articles built in memory."""

from __future__ import annotations

from collections import Counter

from tests.unit.test_index import article, by_name

from newsgen.entities.identity import clean_mentions, country, entity_key, title_before
from newsgen.index import build_index
from newsgen.index.entities import _top_roles
from newsgen.model import ORG, PERSON, PLACE, Mention
from newsgen.roles import find_roles


def test_country_variants_fold_to_one_name() -> None:
    for variant in ("US", "U.S.", "USA", "America", "United States", "the United States"):
        assert country(entity_key(PLACE, variant)) == "United States", variant
    for variant in ("UK", "Britain", "Great Britain", "United Kingdom"):
        assert country(entity_key(ORG, variant)) == "United Kingdom", variant
    assert country(entity_key(PLACE, "Iran, Islamic Republic of")) == "Iran"
    assert country(entity_key(PLACE, "Scotland")) == "Scotland"
    assert country(entity_key(PLACE, "Korea")) is None  # North or South: not guessed
    assert country(entity_key(PLACE, "Manchester")) is None


def _clean(text: str, surface: str, kind: str = PERSON, name: str = "") -> list[tuple[str, str]]:
    start = text.index(surface)
    mention = Mention(start, start + len(surface), surface, kind, name or surface)
    return [(m.text, m.name) for m, _ in clean_mentions(text, [mention])]


def test_a_sentence_initial_common_word_is_no_part_of_a_name() -> None:
    assert _clean("He left. Unlike Charles Kennedy, she stayed.", "Unlike Charles Kennedy") == [
        ("Charles Kennedy", "Charles Kennedy")
    ]
    # A given name, a place or a word in the middle of a sentence stays.
    assert _clean("He left. Will Smith stayed.", "Will Smith") == [("Will Smith", "Will Smith")]
    assert _clean("He met Unlike Kennedy there.", "Unlike Kennedy")[0][0] == "Unlike Kennedy"
    # Other names lose the word only when the text names the rest alone too.
    text = "It rained. But Labour held on. Labour won."
    but, labour = text.index("But Labour"), text.rindex("Labour")
    mentions = [
        Mention(but, but + 10, "But Labour", ORG, "But Labour"),
        Mention(labour, labour + 6, "Labour", ORG, "Labour"),
    ]
    assert [m.text for m, _ in clean_mentions(text, mentions)] == ["Labour", "Labour"]
    assert _clean("New Zealand won.", "New Zealand", PLACE) == [("New Zealand", "New Zealand")]


def test_titles_leave_the_name_and_stay_as_evidence() -> None:
    text = "Yesterday President George Bush spoke."
    mention = Mention(10, 32, "President George Bush", PERSON, "President George Bush")
    [(cleaned, title)] = clean_mentions(text, [mention])
    assert (cleaned.text, cleaned.name, title) == ("George Bush", "George Bush", "president")
    assert title_before("He met Mr Blair.", 10) == "mr"


def test_a_title_that_is_a_given_name_is_the_given_name() -> None:
    assert _clean("Dean Palmer hit a homer.", "Palmer") == [("Dean Palmer", "Dean Palmer")]
    assert _clean("Mr Palmer hit a homer.", "Palmer") == [("Palmer", "Palmer")]


def test_a_royal_title_is_part_of_the_name() -> None:
    text = "Prince Charles met Charles Kennedy."
    # The extractor linked "Charles" to the other Charles in the same article.
    assert _clean(text, "Charles", PERSON, "Charles Kennedy") == [("Charles", "Prince Charles")]


def test_two_full_names_joined_by_and_are_two_people() -> None:
    text = "John Terry and Wayne Bridge played."
    assert _clean(text, "John Terry and Wayne Bridge", ORG) == [
        ("John Terry", "John Terry"),
        ("Wayne Bridge", "Wayne Bridge"),
    ]
    # Not two full names: an organization's name stays whole.
    assert len(_clean("Marks and Spencer rose.", "Marks and Spencer", ORG)) == 1


def test_contradicting_titles_block_a_surname_merge() -> None:
    tony = article("a", "Tony Blair spoke.", ("Tony Blair", PERSON, "Tony Blair"))
    mr = article("b", "Mr Blair spoke.", ("Blair", PERSON, "Blair"))
    mrs = article("c", "Mrs Blair spoke.", ("Blair", PERSON, "Blair"))
    assert set(by_name(build_index([tony, mr]))) == {"Tony Blair"}
    # "Mr" with the full name elsewhere, "Mrs" with the bare surname: not one person.
    tony_mr = article("d", "Mr Tony Blair spoke.", ("Tony Blair", PERSON, "Tony Blair"))
    assert set(by_name(build_index([tony_mr, mrs]))) == {"Tony Blair", "Blair"}


def test_in_one_article_mrs_blair_is_not_mr_blair() -> None:
    text = "Tony Blair spoke. Mr Blair left. Mrs Blair stayed."
    spans = [(0, 10, "Tony Blair"), (21, 26, "Blair"), (37, 42, "Blair")]
    mentions = [Mention(a, b, t, PERSON, "Tony Blair") for a, b, t in spans]
    assert [(m.name, title) for m, title in clean_mentions(text, mentions)] == [
        ("Tony Blair", ""),
        ("Tony Blair", "mr"),
        ("Blair", "mrs"),
    ]


def test_a_body_named_in_the_singular_is_the_body() -> None:
    one = article(
        "a", "The Liberal Democrats won.", ("Liberal Democrats", ORG, "Liberal Democrats")
    )
    two = article("b", "A Liberal Democrat leader.", ("Liberal Democrat", ORG, "Liberal Democrat"))
    [party] = build_index([one, two]).entities
    assert (party.name, party.count) == ("Liberal Democrats", 2)


def test_a_bare_surname_mostly_used_for_someone_else_stays_apart() -> None:
    jazz = article("a", "Dizzy Gillespie played.", ("Dizzy Gillespie", PERSON, "Dizzy Gillespie"))
    goals = [
        article(f"g{n}", "Gillespie scored.", ("Gillespie", PERSON, "Gillespie"), month=n)
        for n in range(2, 6)
    ]
    names = by_name(build_index([jazz, *goals]))
    assert names["Gillespie"].count == 4 and names["Dizzy Gillespie"].count == 1


def test_a_bare_surname_that_shares_nothing_with_the_full_name_stays_apart() -> None:
    pitcher = article(
        "a",
        "In Chicago, Erik Hanson pitched.",
        ("Chicago", PLACE, "Chicago"),
        ("Erik Hanson", PERSON, "Erik Hanson"),
    )
    company = article(
        "b", "ARC, Hanson's company, said so.", ("ARC", ORG, "ARC"), ("Hanson", PERSON, "Hanson")
    )
    assert set(by_name(build_index([pitcher, company]))) == {
        "Chicago",
        "Erik Hanson",
        "ARC",
        "Hanson",
    }
    again = article(
        "c",
        "In Chicago, Hanson pitched.",
        ("Chicago", PLACE, "Chicago"),
        ("Hanson", PERSON, "Hanson"),
    )
    assert by_name(build_index([pitcher, again]))["Erik Hanson"].count == 2


def test_a_type_is_decided_by_the_articles_vote() -> None:
    orgs = [
        article(f"o{n}", "Nintendo shares rose.", ("Nintendo", ORG, "Nintendo"), month=n)
        for n in range(1, 4)
    ]
    person = article("p", "Nintendo said so.", ("Nintendo", PERSON, "Nintendo"), month=5)
    [nintendo] = build_index([*orgs, person]).entities
    assert (nintendo.type, nintendo.count) == (ORG, 4)
    assert dict(nintendo.type_votes) == {"organization": 3, "person": 1}


def test_a_city_and_its_club_keep_their_own_pages() -> None:
    city = [
        article(f"c{n}", "Rain in Newcastle.", ("Newcastle", PLACE, "Newcastle"), month=n)
        for n in range(1, 4)
    ]
    club = article("k", "Newcastle won.", ("Newcastle", ORG, "Newcastle"), month=5)
    kinds = sorted(e.type for e in build_index([*city, club]).entities)
    assert kinds == [ORG, PLACE]


def test_countries_get_one_place_page() -> None:
    one = article("a", "Talks in the US.", ("US", PLACE, "US"))
    two = article("b", "America said no.", ("America", ORG, "America"), month=2)
    three = article("c", "The United States agreed.", ("United States", PLACE, "United States"))
    [us] = build_index([one, two, three]).entities
    assert (us.name, us.type, us.count) == ("United States", PLACE, 3)


def test_an_ambiguous_bare_name_gets_no_page() -> None:
    sara = article("a", "Sara Khan spoke.", ("Sara Khan", PERSON, "Sara Khan"))
    imran = article("b", "Imran Khan spoke.", ("Imran Khan", PERSON, "Imran Khan"))
    bare = article("c", "Khan spoke.", ("Khan", PERSON, "Khan"))
    khan = by_name(build_index([sara, imran, bare]))["Khan"]
    assert (khan.confidence, khan.has_page) == ("low", False)


def test_roles_that_name_the_same_thing_are_one() -> None:
    roles = Counter({"chairman of the CDA": 2, "Chairman of the Coastal Development Authority": 1})
    expand = {"cda": "coastal development authority"}
    assert _top_roles(roles, expand) == ("chairman of the CDA",)
    roles["Chairman of the Coastal Development Authority"] = 2
    assert _top_roles(roles, expand) == ("Chairman of the Coastal Development Authority",)


def test_a_role_is_no_sentence_and_no_other_person() -> None:
    text = "It rained. But Prime Minister Tony Blair said no."
    start = text.index("Tony")
    assert find_roles(text, start, start + 10) == ["Prime Minister"]
    text = "Tony Blair, Gordon Brown's rival for years, spoke."
    brown = text.index("Gordon")
    assert find_roles(text, 0, 10) == []  # no role word anyway
    text = "Tony Blair, the chancellor Gordon Brown's leader, spoke."
    brown = text.index("Gordon")
    assert find_roles(text, 0, 10, [(0, 10), (brown, brown + 12)]) == []
