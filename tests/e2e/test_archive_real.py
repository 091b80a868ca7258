"""A real archive as it comes, through `newsgen build` and `newsgen check`: Latin-1
files, sport fixture pages, and an archive that repeats itself."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SiteFactory, run_cli

CONFIG = "title: Test Times\nbase_url: https://news.example/\nsearch: false\n"


def _page(root: Path, month: str, slug: str) -> str:
    return (root / "public" / month / slug / "index.html").read_text(encoding="utf-8")


def test_latin1_and_shift_jis_files_render_their_characters(make_site: SiteFactory) -> None:
    # Bytes written here: Windows-1252 (the detector alone read the first as cp932
    # half-width katakana, "｣", and the second's "½" as ISO-8859-15 "œ").
    fees = "---\ndate: 2005-02-01\n---\nTransfer fees\n\nFee: ½ £ £-for-£.\n"
    bid = (
        "---\ndate: 2005-02-02\n---\nBid for Müller\n\n"
        "City bid £15.8m for Müller, a ½ share of his £32m fee.\n"
    )
    tokyo = "---\ndate: 2005-02-03\n---\n東京で地震\n\n東京都によると、けが人はいないという。\n"
    root = make_site(
        {
            "content/fees.txt": fees.encode("cp1252"),
            "content/bid.txt": bid.encode("latin-1"),
            "content/tokyo.txt": tokyo.encode("cp932"),
        },
        CONFIG,
    )
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    assert "Fee: ½ £ £-for-£." in _page(root, "2005/02", "transfer-fees")
    assert "City bid £15.8m for Müller, a ½ share of his £32m fee." in _page(
        root, "2005/02", "bid-for-muller"
    )
    pages = list((root / "public" / "2005" / "02").glob("*/index.html"))
    assert any("東京都によると" in p.read_text(encoding="utf-8") for p in pages)
    assert "content/fees.txt: not UTF-8: decoded as cp1252 (detected)" in result.stderr


FIXTURE_PAGE = """\
Harbourside v Kettleford (Sat)

Saturday

Riverside Park
Saturday, 12 February
1500 GMT

Harbourside will hand a first start to their teenage winger, who has scored four tries in three games for the A side.

Dunmore v Grangemoor (Tue)

Tuesday, 15 February, 1945 GMT
Venue: Grange Road

Dunmore manager Alan Pike expects a tight game against opponents who have not lost away since October.
"""


def test_a_fixture_page_keeps_its_weekday_venue_and_date_lines(make_site: SiteFactory) -> None:
    root = make_site({"content/2005/02/07/previews.txt": FIXTURE_PAGE}, CONFIG)
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    page = _page(root, "2005/02", "harbourside-v-kettleford-sat")
    assert 'class="dateline"' not in page  # no weekday made a place
    for line in (
        "<p>Saturday</p>",
        "<p>Riverside Park</p>",
        "<p>Saturday, 12 February</p>",
        "<p>1500 GMT</p>",
        "<p>Tuesday, 15 February, 1945 GMT</p>",
        "<p>Venue: Grange Road</p>",
    ):
        assert line in page
    # Dated by its folder, not by "1945 GMT" read as a year.
    assert '<time datetime="2005-02-07' in page


def test_check_and_build_list_every_collision_and_copy(make_site: SiteFactory) -> None:
    files = {}
    for i in range(1, 7):
        files[f"content/letters-{i}.txt"] = (
            f"---\ndate: 2004-05-0{i}\n---\nLetters\n\nReader letter {i} on the harbour plan.\n"
        )
    for i in range(1, 4):
        files[f"content/ferry-{i}.txt"] = "Ferry fares rise\n\nFares rise by 5% next month.\n"
    for i in range(1, 3):
        files[f"content/bus-{i}.txt"] = "Bus fares rise\n\nBus fares rise too.\n"
    root = make_site(files, CONFIG + "git_dates: false\n")
    built = run_cli("--site", str(root), "build")
    checked = run_cli("--site", str(root), "check")
    assert built.returncode == 0 and checked.returncode == 0, built.stderr + checked.stderr
    for result in (built, checked):
        err = result.stderr
        for i in range(2, 7):
            assert f"content/letters-{i}.txt: headline collides with content/letters-1.txt" in err
        assert "not published: content/ferry-2.txt, content/ferry-3.txt" in err
        assert "not published: content/bus-2.txt" in err
        summary = result.stdout.strip().splitlines()[-1]
        assert "(3 duplicates left out; 5 colliding headlines given their own URL)" in summary
    assert checked.stdout.startswith("checked 11 files: 0 errors, ")
