"""Real wire copy: formatting codes, NEWS STORY header lines, bylines inside the
header, datelines after it, trailers; and the weekday rules of fixture pages.

Every text here is invented; the layouts are those of 1990s AP and NYT News
Service archives (see docs/raw-reader.md)."""

from __future__ import annotations

import pytest

from newsgen.parse.raw import parse_dateline, read_raw
from newsgen.parse.wire_marks import has_codes, strip_codes, strip_glued_tail


def read(text: str):
    return read_raw(text, "t.txt")


@pytest.mark.parametrize(
    "line",
    [
        "&UR; By JANE ROE &QC;",
        "w2112 &Cx1f; wstmr i &Cx13; &Cx11; BC-Storm 02-13 0603",
        "British monarchy QL UR Eds: ADDS 2 grafs",
        "(lb) ampQL ampUR By JOHN DOE ampLR",
        "QL",
        "NYT-10-25-98 2100EST &QL;",
    ],
)
def test_codes_are_seen(line: str) -> None:
    assert has_codes(line)


@pytest.mark.parametrize(
    "line",
    [
        "The UR team beat QC Lions on Sunday.",  # one bare code-like word each: prose
        "A man from UR said hello.",
        "Crews worked through the night at AT&T.",
        "He moved to Quebec City.",
    ],
)
def test_prose_has_no_codes(line: str) -> None:
    assert not has_codes(line)


def test_strip_codes_keeps_the_em_dash() -> None:
    assert strip_codes("BOSTON &MD; A storm hit &QL;") == "BOSTON — A storm hit"


def test_glued_tail_pieces() -> None:
    text, taken = strip_glued_tail("It ended. UR The ruling, 4th graf pvs (ab/cd)")
    assert text == "It ended."
    assert [r for _, r in taken] == ["wire tail: pick-up instruction", "wire tail: desk initials"]
    # Prose that merely ends in brackets stays.
    assert strip_glued_tail("He was freed (see below).")[1] == []


HEADER = """Storm hits harbor towns

NEWS STORY 1998-10-25 21:00 A6157 &Cx1f; taf-z u k &Cx13; BC-STORM-NYT 10-25 0850

BC-STORM-NYT
STORM HITS HARBOR TOWNS
&UR; By RIC HALE &LR; &QC;
&QL;
&UR; c.1998 The Boston Globe &LR; &QC;

{dateline} A storm hit the coast on Sunday, knocking out power to 40,000 homes, officials said.

Crews worked through the night.

&UR; MORE

Schools will stay closed on Monday.

&UR; (dmc-lk)

NYT-10-25-98 2100EST &QL;
"""


@pytest.mark.parametrize(
    ("dateline", "place", "agency"),
    [
        ("BOSTON &MD;", "BOSTON", None),
        ("BOSTON —", "BOSTON", None),
        ("BOSTON -", "BOSTON", None),
        ("BOSTON _", "BOSTON", None),
        ("NAIROBI, Kenya (AP) _", "NAIROBI", "AP"),
        ("NAIROBI, Kenya (AP)_", "NAIROBI", "AP"),
    ],
)
def test_header_then_dateline(dateline: str, place: str, agency: str | None) -> None:
    record = read(HEADER.format(dateline=dateline))
    assert record.title == "Storm hits harbor towns"
    assert (record.dateline, record.agency, record.byline) == (place, agency, "Ric Hale")
    assert record.date is not None and record.date.isoformat() == "1998-10-25"
    assert record.paragraphs == (
        "A storm hit the coast on Sunday, knocking out power to 40,000 homes, officials said.",
        "Crews worked through the night.",
        "Schools will stay closed on Monday.",
    )
    reasons = {d.text: d.reason for d in record.discarded}
    assert reasons["BC-STORM-NYT"] == "wire header: slug line"
    assert reasons["(dmc-lk)"] == "wire tail: desk initials"
    assert reasons["MORE"].startswith("wire")
    assert reasons["NYT-10-25-98 2100EST"] == "wire tail: transmission stamp"
    assert record.layout == "wire"


def test_headerless_record_takes_the_headline_from_the_header() -> None:
    record = read(
        "APX19990412.0218 NEWS STORY 04/12/1999 11:05:00\n"
        "w1108 Cx1f wstmr i Cx13 Cx11 BC-Glacier 04-12 0398\n"
        "BC-Glacier,0401\n"
        "Glacier retreating faster than\n"
        "expected QL UR By ROSA QUINT QC UR Associated Press Writer QC\n\n"
        "PUERTO ALDEA, Chile (AP)_ A glacier has lost a kilometer of ice in five years."
    )
    assert record.title == "Glacier retreating faster than expected"
    assert (record.dateline, record.byline) == ("PUERTO ALDEA", "Rosa Quint")
    assert record.date is not None and record.date.isoformat() == "1999-04-12"
    assert record.paragraphs == ("A glacier has lost a kilometer of ice in five years.",)


def test_broadcast_transcript_keeps_its_id_line_as_title() -> None:
    record = read("ABC19980108.1830.0711 NEWS STORY\n\nGood evening. Markets fell again today.")
    assert record.title == "ABC19980108.1830.0711 NEWS STORY"
    assert record.date is not None and record.date.isoformat() == "1998-01-08"
    assert record.paragraphs == ("Good evening. Markets fell again today.",)


def test_two_digit_tail_year_before_2000() -> None:
    record = read("Title\n\nThe vote passed on Tuesday, officials said.\n\nAP-NY-01-24-99 1948")
    assert record.date is not None and record.date.isoformat() == "1999-01-24"
    assert record.paragraphs == ("The vote passed on Tuesday, officials said.",)


def test_news_story_prose_is_not_a_header() -> None:
    record = read("Title\n\nNEWS STORY ideas are welcome at the desk, the editor said on Monday.")
    assert record.paragraphs == (
        "NEWS STORY ideas are welcome at the desk, the editor said on Monday.",
    )


def test_capitals_headline_in_header_is_not_routing() -> None:
    record = read(
        "NYT19990101.0001 NEWS STORY 01/01/1999 10:00:00\n"
        "A0786 &Cx1f; taf-z u a &Cx13; BC-TASK-FORCE 01-01 0319\n"
        "BC-TASK-FORCE-NYT\n"
        "TASK FORCE TO STUDY CASES OF 14 FIRES\n"
        "&UR; By DAN RILEY &QC;\n\n"
        "NEWARK, N.J. _ A task force began work on Thursday, officials said."
    )
    assert record.title == "TASK FORCE TO STUDY CASES OF 14 FIRES"
    assert (record.dateline, record.byline) == ("NEWARK", "Dan Riley")


# --- fixture and preview pages --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Saturday: The leaders travel to the coast for a game that could settle the title.",
        "SATURDAY: The leaders travel to the coast for a game that could settle the title.",
        "TUESDAY - The leaders travel to the coast for a game that could settle the title.",
        "Sunday, March 14 (BBC) - The leaders travel to the coast for the derby.",
    ],
)
def test_a_weekday_is_never_a_dateline(text: str) -> None:
    assert parse_dateline(text) is None
    assert read("Previews\n\n" + text).dateline is None


def test_weekday_alone_is_not_a_dateline_or_a_byline() -> None:
    record = read(
        "Previews\n\nSaturday\n\nDate: Saturday, 13 March 1999\nVenue: The Mill Ground\n\n"
        "Kettleford v Bramley\n\nKettleford's striker returns after injury."
    )
    assert (record.dateline, record.byline, record.date) == (None, None, None)
    assert record.paragraphs == (
        "Saturday",
        "Date: Saturday, 13 March 1999",
        "Venue: The Mill Ground",
        "Kettleford v Bramley",
        "Kettleford's striker returns after injury.",
    )


def test_publication_stamps_still_go() -> None:
    record = read(
        "Harbour board approves terminal\nPublished: 26 Nov 2026 10:14 am\n\n"
        "KARACHI: The board approved a terminal on Tuesday.\n\nUpdated: 27 Nov 2026"
    )
    assert record.paragraphs == ("The board approved a terminal on Tuesday.",)
    assert record.date is not None and record.date.isoformat() == "2026-11-26"


def test_codes_in_the_tail_do_not_make_the_story_a_header() -> None:
    record = read(
        "Notes from the harbor\n\n"
        "NEWS STORY 1998-10-25 21:00 A6157 &Cx1f; taf-z u k &Cx13; BC-HARBOR-NOTES 10-25 0300\n\n"
        "By RIC HALE\n\n"
        "The fishing fleet came in early this year.\n\n"
        "Prices held.\n\n"
        "Nobody on the docks was surprised by either, and most said so at length.\n\n"
        "&UR; MORE\n\n"
        "The season ends next week.\n\n"
        "&UR; (dmc-lk)\n"
    )
    assert record.byline == "Ric Hale"
    assert record.paragraphs == (
        "The fishing fleet came in early this year.",
        "Prices held.",
        "Nobody on the docks was surprised by either, and most said so at length.",
        "The season ends next week.",
    )


def test_line_under_the_slug_is_the_headline_without_byline_or_dateline() -> None:
    record = read(
        "A quieter harbor\n\n"
        "NEWS STORY 1999-03-02 10:00 A1000 &Cx1f; taf-z u k &Cx13; BC-HARBOR-EDIT 03-02 0200\n\n"
        "BC-HARBOR-EDIT-NYT\n"
        "EDITORIAL: A QUIETER HARBOR\n\n"
        "The city was right to limit night dredging in the harbor, and it should say so plainly."
    )
    assert record.paragraphs == (
        "The city was right to limit night dredging in the harbor, and it should say so plainly.",
    )
    assert record.discarded[-1].reason == "wire header: headline"


def test_header_joined_on_the_first_line_gives_its_headline() -> None:
    record = read(
        "AP910302-0101 AP-NR-03-02-91 0915EST u i AM-Harbor 1stLd-Writethru a0411 03-02 0520 "
        "AM-Harbor, 1st Ld-Writethru, a0411,0533 Harbor Strike Ends After Nine Days "
        "Eds: UPDATES with vote count\n"
        "By MARA LINDQVIST Associated Press Writer\n\n"
        "Dock workers voted on Saturday to end a nine-day strike that had idled the port."
    )
    assert record.title == "Harbor Strike Ends After Nine Days"
    assert (record.byline, record.date.isoformat() if record.date else None) == (
        "Mara Lindqvist",
        "1991-03-02",
    )
    assert record.paragraphs == (
        "Dock workers voted on Saturday to end a nine-day strike that had idled the port.",
    )


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("SUN CITY, Ariz. (AP) _ Retirees voted on Tuesday to keep the golf courses.", "SUN CITY"),
        ("SUN VALLEY, Idaho (AP) _ The resort opened early after heavy snow.", "SUN VALLEY"),
    ],
)
def test_places_that_start_like_a_weekday_are_places(text: str, place: str) -> None:
    found = parse_dateline(text)
    assert found is not None and found[0] == place
