"""Property tests: no input makes decode() or read_raw() raise anything but ContentError."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.decode import decode
from newsgen.errors import ContentError
from newsgen.parse.raw import read_raw

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Lines from every layout the reader knows, plus lines built to confuse it.
LAYOUT_LINES = [
    "Harbour board approves new ferry terminal",
    "KARACHI: The harbour board on Tuesday approved a new terminal.",
    "ISLAMABAD, Nov 26 (APP): The committee met.",
    "LAHORE - Work began on Sunday.",
    "LONDON (Reuters) - Insurers raised premiums.",
    "PORTO NOVA, Examplia (AP) _",
    "WASHINGTON, August 8 (Xinhua) -- Vendors adapted.",
    "    HAMBURG, March 16 - The port authority expects cargo volume to",
    "rise next year as new berths open, a spokesman said.",
    "    He said in a statement that traffic had grown.",
    " Reuter",
    "-- AP",
    "(Reporting by Jane Doe; Editing by",
    "John Roe)",
    "(Material from local reports was used in this report.)",
    "(PROFILE (WS SL:BC-Storm-Coast; CT:i; (REG:EURO;) (LANG:ENGLISH;)) )",
    "APX20261126.0101  NEWS STORY  11/26/2026 09:24:00",
    "APX20261399.0101  NEWS STORY  13/45/2026 99:24:00",
    "w1234 wstm-",
    "r i  BC-Storm-Coast     11-26 0412",
    "BC-Storm-Coast",
    "By MARTA ILVES",
    "By Staff Reporter",
    "By the end of the day",
    "Associated Press Writer",
    "c.2026 Example Times News Service",
    "APX-NY-11-26-26 0924EDT",
    "APX-NY-19-39-26 0924EDT",
    "more to follow",
    "MORE",
    "Must Read",
    "Related",
    "Also Read: Port traffic hits record high",
    "Traders protest new market levy in Saddar...",
    "Rain forecast for coastal districts…",
    "Share this:",
    "Facebook Twitter WhatsApp",
    "© 2026 Example Media Group. All rights reserved.",
    "Published: 26 Nov 2026 10:14 am",
    "Published: 31 Feb 2026",
    "The city museum: a history.",
    "Officials said:",
    "(",
    ")",
    "((((",
    "",
    "   ",
    "\t",
    "-",
    "...",
]

line = st.one_of(st.sampled_from(LAYOUT_LINES), st.text(max_size=80))


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    try:
        text = decode(data, "fuzz.txt").text
        record = read_raw(text, "fuzz.txt")
    except ContentError:
        return
    assert record.title
    assert all(p and p == p.strip() for p in record.paragraphs)


@FAST
@given(st.lists(line, max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_mix_of_layout_lines(lines: list[str], eol: str) -> None:
    text = eol.join(lines)
    try:
        record = read_raw(text, "fuzz.txt")
    except ContentError as err:
        # Only a text with nothing printable in it (control characters are dropped) has no title.
        assert not "".join(c for c in text if c.isprintable()).strip()
        assert err.path == "fuzz.txt"
        return
    assert record.title == " ".join(record.title.split())
    assert record.layout in {"web", "wire", "teleprinter", "clean"}
    assert all(p and p == p.strip() for p in record.paragraphs)
    for d in record.discarded:
        assert d.reason


@FAST
@given(st.lists(line, max_size=30))
def test_mixed_lines_through_decode(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    with contextlib.suppress(ContentError):
        read_raw(decode(data, "fuzz.txt").text, "fuzz.txt")
