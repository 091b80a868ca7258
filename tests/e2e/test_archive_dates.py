"""Dates for an undated archive, through `newsgen build` and `newsgen check`:
path layouts, a configured path pattern, the dates file, and the mtime fallback
said once with a count."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.conftest import SiteFactory, run_cli

CONFIG = "title: Test Times\nbase_url: https://news.example/\nsearch: false\n"


def _story(title: str, extra: str = "") -> str:
    return f"{title}\n\n{extra}The council met on Tuesday to discuss the harbour plans.\n"


def _pages(root: Path) -> set[str]:
    """Article pages by their URL folder: YYYY/MM/slug."""
    public = root / "public"
    return {
        p.parent.relative_to(public).as_posix()
        for p in public.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")
    }


def test_dates_from_path_layouts_and_a_dates_file(make_site: SiteFactory) -> None:
    files = {
        "content/2004/05/12/harbour.txt": _story("Harbour plan approved"),
        "content/2005/03/bridge.txt": _story("Bridge repairs begin"),
        "content/news/20040619_ferry.txt": _story("Ferry timetable changes"),
        "content/news/2003-11-02-market.txt": _story("Market hall reopens"),
        # The dates file beats a date in the text; front matter beats the dates file.
        "content/business/101.txt": _story(
            "Shares rise at port firm", "Published: 3 March 2001\n\n"
        ),
        "content/business/102.txt": "---\ntitle: Port chief resigns\ndate: 2002-02-02\n---\nText.\n",
        "content/business/103.txt": _story("Dock workers vote"),
        "content/dates.csv": (
            "path,date\n"
            "business/101.txt,2004-09-14\n"
            "business/102.txt,2004-09-15\n"
            "business/103.txt,2004-09-31\n"  # no 31 September: named, left out
            "business/missing.txt,2004-09-16\n"
        ),
    }
    for i in range(5):  # still undated: one warning with the count
        files[f"content/sport/{i:03}.txt"] = _story(f"Match report {i}")
    root = make_site(files, CONFIG)
    built = run_cli("--site", str(root), "build")
    assert built.returncode == 0, built.stderr
    pages = _pages(root)
    assert {
        "2004/05/harbour-plan-approved",
        "2005/03/bridge-repairs-begin",
        "2004/06/ferry-timetable-changes",
        "2003/11/market-hall-reopens",
        "2004/09/shares-rise-at-port-firm",
        "2002/02/port-chief-resigns",
    } <= pages
    assert not any(p.endswith("dock-workers-vote") and p.startswith("2004/") for p in pages)
    checked = run_cli("--site", str(root), "check")
    for result in (built, checked):
        err = result.stderr
        assert "content/dates.csv:4: '2004-09-31' is not a date" in err
        assert "content/dates.csv: 1 listed paths are not article files: " in err
        assert "content/business/missing.txt (line 5)" in err
        undated = [line for line in err.splitlines() if "using mtime" in line]
        assert len(undated) == 1 and ": 6 files (content/business/103.txt, " in undated[0]
    assert checked.returncode == 1  # a bad row is an error for check


def test_a_changed_dates_file_moves_the_article_on_a_cached_rebuild(
    make_site: SiteFactory,
) -> None:
    root = make_site(
        {
            "content/a/1.txt": _story("Lighthouse keeper retires"),
            "content/dates.csv": "a/1.txt,1999-12-31\n",
        },
        CONFIG,
    )
    assert run_cli("--site", str(root), "build").returncode == 0
    assert "1999/12/lighthouse-keeper-retires" in _pages(root)
    (root / "content/dates.csv").write_text("a/1.txt,2000-01-01T08:00:00\n", encoding="utf-8")
    assert run_cli("--site", str(root), "build").returncode == 0
    assert _pages(root) == {"2000/01/lighthouse-keeper-retires"}


def test_a_configured_path_pattern(make_site: SiteFactory) -> None:
    config = CONFIG + "dates:\n  path_pattern: '{mon}{day}-{yy}/*'\n  file: lists/when.csv\n"
    root = make_site(
        {
            "content/archive/may12-04/story.txt": _story("Tram line extended"),
            "content/archive/sept3-98/story.txt": _story("School roof repaired"),
            "content/archive/misc/story.txt": _story("Quiz night raises funds"),
            "lists/when.csv": "archive/misc/story.txt,2001-07-07\n",
        },
        config,
    )
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    assert {
        "2004/05/tram-line-extended",
        "1998/09/school-roof-repaired",
        "2001/07/quiz-night-raises-funds",
    } == _pages(root)
    assert "using mtime" not in result.stderr


def test_bad_date_options_are_named_with_their_line(make_site: SiteFactory) -> None:
    config = CONFIG + "dates:\n  path_pattern: '{year}/{colour}'\n  file: ../outside.csv\n"
    root = make_site({"content/a.txt": _story("Harbour")}, config)
    for command in ("build", "check"):
        result = run_cli("--site", str(root), command)
        assert result.returncode == 1
        assert "newsgen.yaml:5: dates.path_pattern: unknown placeholder '{colour}'" in result.stderr
        assert "Traceback" not in result.stderr
    (root / "newsgen.yaml").write_text(
        CONFIG + "dates:\n  file: ../outside.csv\n", encoding="utf-8"
    )
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 1
    assert "newsgen.yaml:5: dates.file: '../outside.csv' leads outside the site" in result.stderr
    (root / "newsgen.yaml").write_text(
        CONFIG + "dates:\n  path_pattern: 'x-{day}'\n  file: gone.csv\n", encoding="utf-8"
    )
    result = run_cli("--site", str(root), "check")
    assert "dates.path_pattern: must have a year" in result.stderr
    (root / "newsgen.yaml").write_text(CONFIG + "dates:\n  file: gone.csv\n", encoding="utf-8")
    result = run_cli("--site", str(root), "build")
    assert "gone.csv: dates file: " in result.stderr, result.stderr
    assert result.returncode == 0  # the articles still build


HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "archive-dates"


@pytest.mark.parametrize(
    ("case", "said"),
    [
        ("not-utf8.csv", "content/dates.csv: dates file is not UTF-8 (byte 19)"),
        ("nul-in-path.csv", "content/dates.csv:1: 'a/1.txt\\x00' is not a path inside the"),
        ("year-one-east-of-utc.csv", "content/dates.csv:1: '0001-01-01T00:00:00+14:00' is not a"),
        ("paths-out.csv", "content/dates.csv:3: 'a\\\\1.txt' is not a path inside the"),
        ("broken-quoting.csv", "content/dates.csv:2: expected two columns, path,date (found 1)"),
        ("symlink", "content/dates.csv: dates file: symbolic link to "),
        ("fifo", "content/dates.csv: dates file: not a regular file (a FIFO"),
    ],
)
def test_a_hostile_dates_file_is_named_and_the_site_builds(
    make_site: SiteFactory, tmp_path: Path, case: str, said: str
) -> None:
    root = make_site({"content/a/1.txt": _story("Harbour opens")}, CONFIG)
    listed = root / "content" / "dates.csv"
    if case == "symlink":
        outside = tmp_path / "outside.csv"
        outside.write_text("a/1.txt,2001-01-01\n", encoding="utf-8")
        listed.symlink_to(outside)
    elif case == "fifo":
        os.mkfifo(listed)
    else:
        listed.write_bytes((HOSTILE / case).read_bytes())
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    assert said in result.stderr
    assert "Traceback" not in result.stderr and "please report" not in result.stderr
    assert len(_pages(root)) == 1  # dated by its mtime, not by the refused list
