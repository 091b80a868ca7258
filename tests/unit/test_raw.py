"""The raw-text reader: every fixture under tests/fixtures/raw, then rule by rule."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import SAMPLE

from newsgen.decode import decode
from newsgen.errors import ContentError
from newsgen.parse.raw import parse_dateline, read_raw

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "raw"
CASES = sorted(FIXTURES.glob("*/*.txt"))


@pytest.mark.parametrize("txt", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(txt: Path) -> None:
    expected = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
    record = read_raw(decode(txt.read_bytes(), str(txt)).text, str(txt))
    got = {
        "title": record.title,
        "dateline": record.dateline,
        "agency": record.agency,
        "byline": record.byline,
        "date": record.date.isoformat() if record.date else None,
        "paragraphs": list(record.paragraphs),
    }
    if "dateline_date" in expected:
        got["dateline_date"] = record.dateline_date
    assert got == expected


def test_fixture_families_are_covered() -> None:
    families = {p.parent.name for p in CASES}
    assert {"web", "wire", "teleprinter", "clean", "encoding"} <= families
    for family in ("web", "wire", "teleprinter", "clean"):
        assert len([p for p in CASES if p.parent.name == family]) >= 4


def test_real_sample() -> None:
    record = read_raw(decode(SAMPLE.read_bytes(), str(SAMPLE)).text, str(SAMPLE))
    assert record.title == (
        "China-Pakistan Science and Technology cooperation center inaugurated in Beijing"
    )
    assert (record.dateline, record.byline, record.date, record.agency) == (
        "BEIJING",
        None,
        None,
        None,
    )
    # The file holds nine body paragraphs between the headline and "Must Read".
    assert len(record.paragraphs) == 9
    assert record.paragraphs[0].startswith(
        "China-Pakistan Science and Technology Cooperation Centre was inaugurated here on Monday"
    )
    assert record.paragraphs[-1].endswith("through various live streaming platforms.")
    dropped = [d.text for d in record.discarded]
    assert dropped[0] == "Must Read"
    assert len(dropped) == 3
    assert all(d.endswith("...") for d in dropped[1:])
    assert record.layout == "web"


def read(text: str):
    return read_raw(text, "t.txt")


# --- title and errors -----------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n  \n", "\t\n"])
def test_no_title_is_a_content_error(text: str) -> None:
    with pytest.raises(ContentError) as err:
        read(text)
    assert err.value.path == "t.txt"
    assert "no title" in err.value.message


def test_title_is_first_non_empty_line_as_written() -> None:
    record = read("\n\n  Mayor OPENS new bridge  \n\nThe bridge opened on Monday.\n")
    assert record.title == "Mayor OPENS new bridge"
    assert record.paragraphs == ("The bridge opened on Monday.",)


def test_title_only() -> None:
    record = read("Just a headline")
    assert (record.title, record.paragraphs, record.layout) == ("Just a headline", (), "clean")


# --- datelines ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "when", "agency", "rest"),
    [
        ("KARACHI: The board met.", "KARACHI", None, None, "The board met."),
        ("ISLAMABAD, Nov 26 (APP): The board met.", "ISLAMABAD", "Nov 26", "APP", "The board met."),
        ("LAHORE - The board met.", "LAHORE", None, None, "The board met."),
        ("LONDON (Reuters) - The board met.", "LONDON", None, "Reuters", "The board met."),
        ("PORTO NOVA, Examplia (AP) _ The board met.", "PORTO NOVA", None, "AP", "The board met."),
        ("WASHINGTON, August 8 (Xinhua) -- It met.", "WASHINGTON", "August 8", "Xinhua", "It met."),
        ("HAMBURG, March 16 - The board met.", "HAMBURG", "March 16", None, "The board met."),
        ("NEW DELHI/ISLAMABAD: Talks began.", "NEW DELHI/ISLAMABAD", None, None, "Talks began."),
        ("ST. LOUIS — The board met.", "ST. LOUIS", None, None, "The board met."),
        ("PORTO NOVA, Examplia (AP) _", "PORTO NOVA", None, "AP", ""),
        ("Beijing, Nov 26 (Xinhua) -- It met.", "Beijing", "Nov 26", "Xinhua", "It met."),
    ],
)
def test_dateline_forms(
    text: str, place: str, when: str | None, agency: str | None, rest: str
) -> None:
    assert parse_dateline(text) == (place, when, agency, rest)


@pytest.mark.parametrize(
    "text",
    [
        "The city museum: a history of the harbour.",
        "Officials said: the road will reopen.",
        "NASA scientists dated the timber.",
        "BREAKING: The board met.",
        "UPDATE - The board met.",
        "UN: talks resume.",
        "Beijing: the capital hosted talks.",
        "KARACHI-based firms protested.",
        "I - for one - disagree.",
    ],
)
def test_not_a_dateline(text: str) -> None:
    assert parse_dateline(text) is None


def test_dateline_with_year_gives_a_date() -> None:
    record = read("Headline\n\nOSLO, Jan 5, 2027 (AP) - Snow fell.\n")
    assert record.dateline_date == "Jan 5, 2027"
    assert record.date == date(2027, 1, 5)


def test_dateline_without_year_gives_no_date() -> None:
    record = read("Headline\n\nOSLO, Jan 5 (AP) - Snow fell.\n")
    assert (record.dateline_date, record.date) == ("Jan 5", None)


def test_clean_text_gets_no_dateline() -> None:
    record = read("Headline\n\nThe council met on Monday.\n\nIt agreed.\n")
    assert record.dateline is None
    assert record.layout == "clean"


# --- bylines --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Staff Reporter", "Staff Reporter"),
        ("BY MARTA ILVES", "Marta Ilves"),
        ("By ANNE-MARIE O'BRIEN", "Anne-Marie O'Brien"),
        ("By MARTA ILVES AND JOHN ROE", "Marta Ilves and John Roe"),
        ("By Jane Doe, Associated Press Writer", "Jane Doe"),
        ("By Jane Doe | Reuters", "Jane Doe"),
        ("By Ahmed bin Saleh", "Ahmed bin Saleh"),
    ],
)
def test_byline_forms(line: str, name: str) -> None:
    record = read(f"Headline\n\n{line}\n\nKARACHI: The board met on Monday.\n")
    assert record.byline == name
    assert record.paragraphs == ("The board met on Monday.",)


@pytest.mark.parametrize(
    "first",
    [
        "By the end of the year, the board had met nine times.",
        "By Monday the road was open again.",
        "By train, the trip takes four hours.",
    ],
)
def test_sentence_starting_with_by_is_not_a_byline(first: str) -> None:
    record = read(f"Headline\n\n{first}\n\nIt agreed.\n")
    assert record.byline is None
    assert record.paragraphs[0] == first


def test_byline_under_a_standfirst() -> None:
    record = read(
        "Headline\n\nA short deck that sums up the story\n\nBy Jane Doe\n\n"
        "LAHORE: The board met on Monday.\n"
    )
    assert record.byline == "Jane Doe"
    assert record.dateline == "LAHORE"
    assert record.paragraphs == ("The board met on Monday.",)


# --- dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("Published: 26 Nov 2026 10:14 am", date(2026, 11, 26)),
        ("Published on November 26, 2026", date(2026, 11, 26)),
        ("Updated: 2026-11-27", date(2026, 11, 27)),
        ("Posted: 27/11/2026", date(2026, 11, 27)),
        ("Thursday, 26 November 2026", date(2026, 11, 26)),
        ("Nov 26, 2026 10:14 PKT", date(2026, 11, 26)),
    ],
)
def test_web_stamps_give_the_date(stamp: str, expected: date) -> None:
    record = read(f"Headline\n\n{stamp}\n\nKARACHI: The board met on Monday.\n")
    assert record.date == expected
    assert record.paragraphs == ("The board met on Monday.",)
    assert any(d.text == stamp for d in record.discarded)


def test_published_wins_over_updated() -> None:
    text = "Headline\nPublished: 26 Nov 2026\nUpdated: 28 Nov 2026\n\nKARACHI: It met.\n"
    assert read(text).date == date(2026, 11, 26)


def test_ambiguous_slashed_stamp_gives_no_date() -> None:
    assert read("Headline\n\nPublished: 5/6/2026\n\nIt met on Monday.\n").date is None


def test_date_in_body_text_is_not_the_article_date() -> None:
    record = read("Headline\n\nThe law took effect on 1 January 2026, officials said.\n")
    assert record.date is None


def test_wire_tail_stamp_gives_date_when_there_is_no_header() -> None:
    text = "Headline\n\nOSLO (AP) _ Snow fell.\n\nAPX-NY-01-05-27 0924EST\n"
    record = read(text)
    assert record.date == date(2027, 1, 5)
    assert record.paragraphs == ("Snow fell.",)


def test_impossible_header_date_is_ignored() -> None:
    text = "Headline\nAPX20261399.0101  NEWS STORY\nBC-X\n\nOSLO (AP) _ Snow fell.\n"
    assert read(text).date is None


# --- site junk ------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading", ["Must Read", "Related", "Read more", "Also Read", "You may also like"]
)
def test_link_list_headings_drop_teasers_without_ellipsis(heading: str) -> None:
    text = (
        "Headline\n\nKARACHI: The board met on Monday and agreed a new levy.\n\n"
        f"{heading}\n\nTraders protest new market levy\n\nRain forecast for the weekend\n"
    )
    record = read(text)
    assert record.paragraphs == ("The board met on Monday and agreed a new levy.",)
    assert record.discarded[0].text == heading
    assert all("teaser" in d.reason for d in record.discarded[1:])


def test_body_resumes_after_an_inline_heading() -> None:
    text = (
        "Headline\n\nKARACHI: The board met on Monday and agreed a new levy.\n\n"
        "Read more\n\nThe levy will take effect in January, the chairman told reporters.\n"
    )
    assert read(text).paragraphs == (
        "The board met on Monday and agreed a new levy.",
        "The levy will take effect in January, the chairman told reporters.",
    )


@pytest.mark.parametrize(
    "junk",
    [
        "Also Read: Port traffic hits record high",
        "READ MORE: Port traffic hits record high",
        "Share this:",
        "Facebook Twitter WhatsApp",
        "Share on Facebook",
        "Follow us on Twitter",
        "© 2026 Example Media Group. All rights reserved.",
        "Copyright 2026 Example Media",
        "Advertisement",
        "Tags: ports, shipping",
    ],
)
def test_site_junk_lines_are_dropped_anywhere(junk: str) -> None:
    text = f"Headline\n\nKARACHI: First paragraph here.\n\n{junk}\n\nSecond paragraph here.\n"
    record = read(text)
    assert record.paragraphs == ("First paragraph here.", "Second paragraph here.")
    assert [d.text for d in record.discarded] == [junk]
    assert record.layout == "web"


def test_teasers_with_ellipsis_in_the_tail() -> None:
    text = "Headline\n\nThe board met.\n\nTraders protest new levy...\n\nRain due this weekend…\n"
    record = read(text)
    assert record.paragraphs == ("The board met.",)
    assert {d.reason for d in record.discarded} == {"site junk: teaser cut off with ellipsis"}


def test_real_paragraph_ending_in_ellipsis_is_kept_in_clean_text() -> None:
    last = "She said the work would go on through the winter and the spring and the summer..."
    assert read(f"Headline\n\nThe board met.\n\n{last}\n").paragraphs[-1] == last


def test_repeated_headline_is_dropped() -> None:
    record = read("Board meets\n\nBoard meets\n\nThe board met.\n")
    assert record.paragraphs == ("The board met.",)


# --- wire ------------------------------------------------------------------------


def test_wire_header_and_tail_are_dropped_with_reasons() -> None:
    text = (
        "Storm nears\n"
        "APX20261126.0101  NEWS STORY  11/26/2026 09:24:00\n"
        "w1234 wstm-\n"
        "r i  BC-Storm-Coast     11-26 0412\n"
        "BC-Storm-Coast\n"
        "Storm nears\n"
        "By MARTA ILVES\n"
        "Associated Press Writer\n"
        "Eds: Updates with evacuation order.\n"
        "PORTO NOVA, Examplia (AP) _ Residents filled sandbags.\n"
        "(PROFILE (WS SL:BC-Storm-Coast; CT:i;)\n"
        " (REG:EURO;) (LANG:ENGLISH;)) )\n"
        "APX-NY-11-26-26 0924EDT\n"
    )
    record = read(text)
    assert record.paragraphs == ("Residents filled sandbags.",)
    assert (record.byline, record.agency, record.date) == ("Marta Ilves", "AP", date(2026, 11, 26))
    assert record.layout == "wire"
    reasons = [d.reason for d in record.discarded]
    assert "wire header: routing codes" in reasons
    assert "wire header: editors' note" in reasons
    assert "wire tail: indexing block" in reasons
    assert "wire tail: transmission stamp" in reasons


@pytest.mark.parametrize("marker", ["MORE", "more to follow", "-more-", "(MORE)", "ENDS", "NNNN"])
def test_continuation_markers_are_dropped(marker: str) -> None:
    text = f"Headline\n\nOSLO (AP) _ Snow fell.\n\n{marker}\n\nRoads closed.\n"
    assert read(text).paragraphs == ("Snow fell.", "Roads closed.")


# --- teleprinter -----------------------------------------------------------------


def test_teleprinter_paragraphs_and_signoff() -> None:
    text = (
        "PORT SEES MORE CARGO\n"
        "    HAMBURG, March 16 - The port expects cargo volume to\n"
        "rise next year, a spokesman said.\n"
        "    He said traffic had grown.\n"
        " Reuter\n"
    )
    record = read(text)
    assert record.paragraphs == (
        "The port expects cargo volume to rise next year, a spokesman said.",
        "He said traffic had grown.",
    )
    assert (record.dateline, record.dateline_date, record.agency) == (
        "HAMBURG",
        "March 16",
        "Reuters",
    )
    assert record.layout == "teleprinter"


@pytest.mark.parametrize(
    "signoff", [" Reuter", "-- AP", "REUTER", "(Reporting by Jane Doe; Editing by John Roe)"]
)
def test_teleprinter_signoffs(signoff: str) -> None:
    text = f"HEADLINE\n    OSLO, Jan 5 - Snow fell on\nthe city.\n    Roads closed.\n{signoff}\n"
    assert read(text).paragraphs == ("Snow fell on the city.", "Roads closed.")


def test_teleprinter_tabs_count_as_indent() -> None:
    text = "HEADLINE\n\tOSLO, Jan 5 - Snow fell on\nthe city.\n\tRoads closed.\n"
    assert read(text).paragraphs == ("Snow fell on the city.", "Roads closed.")


# --- robustness ------------------------------------------------------------------


def test_stray_carriage_returns_are_tolerated() -> None:
    assert read("Headline\r\n\r\nKARACHI: It met.\rIt agreed.\r\n").paragraphs[0] == "It met."


def test_header_scan_is_bounded_and_linear() -> None:
    text = "Headline\n" + "Share this:\n" * 5000 + "The board met.\n"
    assert read(text).paragraphs == ("The board met.",)


def test_discarded_pieces_are_in_file_order() -> None:
    text = "Headline\n\nShare this:\n\nKARACHI: It met.\n\nMust Read\n\nA...\n"
    lines = [d.line for d in read(text).discarded]
    assert lines == [3, 7, 9]


def test_wordpress_related_block_with_dates_and_categories() -> None:
    text = (
        "Talks resume\n\nBy Our Correspondent\nPublished: November 26, 2026\n\n"
        "ISLAMABAD: Talks on the treaty resumed on Wednesday after six months.\n\n"
        "Both sides said the mood was good.\n\nRelated\n\n"
        'Dam project delayed again\nNovember 20, 2026\nIn "Pakistan"\n\n'
        'Flood warning issued\nNovember 19, 2026\nIn "Pakistan"\n'
    )
    record = read(text)
    assert record.paragraphs == (
        "Talks on the treaty resumed on Wednesday after six months.",
        "Both sides said the mood was good.",
    )
    assert (record.byline, record.date) == ("Our Correspondent", date(2026, 11, 26))


def test_ap_web_tail_separator_and_contributor_line() -> None:
    text = (
        "Senate passes farm bill\n\nWASHINGTON (AP) — The Senate passed a farm bill.\n\n"
        "The House votes next week.\n\n___\n\n"
        "Associated Press writer Jane Doe contributed to this report.\n"
    )
    record = read(text)
    assert record.paragraphs == ("The Senate passed a farm bill.", "The House votes next week.")
    assert (record.dateline, record.agency) == ("WASHINGTON", "AP")
