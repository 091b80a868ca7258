"""`newsgen import` as an editor runs it: an export file in, content files out, then a build."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.conftest import REPO, SiteFactory, run_cli

FIXTURES = REPO / "tests" / "fixtures" / "import"
CSV_MAP = "id=story_id,title=headline,date=pub_date,body=text,author=byline,tags=section"
JSONL_MAP = "title=headline,date=pub_date,body=text,author=byline,tags=section"


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def content_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site / "content").as_posix(): p.read_bytes()
        for p in sorted((site / "content").rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def site(make_site: SiteFactory) -> Path:
    return make_site({})


def test_wordpress_export_becomes_articles_and_builds(site: Path) -> None:
    result = run_cli("import", str(FIXTURES / "export.wxr"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == (
        "imported 2 articles from export.wxr into content/ (1 as drafts); "
        "2 not articles; 2 malformed, skipped"
    )
    # Malformed items are named by their position and skipped; the rest imported.
    assert "export.wxr: item 4: no title; skipped" in result.stderr
    assert "item 5: wp:post_date_gmt: 'the ides of March' is not a date" in result.stderr
    assert sorted(content_files(site)) == [
        "2019/2019-03-04-ferry-service-resumes.md",
        "2019/2019-03-06-council-budget-vote-delayed.md",
    ]
    ferry = site / "content/2019/2019-03-04-ferry-service-resumes.md"
    meta = front_matter(ferry)
    assert meta["title"] == "Ferry service resumes after winter storms"
    assert meta["author"] == "Nadia Mercer"  # the display name, not the login
    assert meta["tags"] == ["ferries", "weather"]
    assert meta["categories"] == ["Transport"]
    assert meta["date"] == "2019-03-04T09:30:00+00:00"
    assert meta["source"] == "https://gazette.example/?p=101"
    body = ferry.read_text(encoding="utf-8").split("---\n", 2)[2]
    # WordPress's blank-line paragraphs stay paragraphs; HTML became Markdown.
    assert "said.\n\nHarbourmaster" in body
    assert "**ahead of schedule**" in body
    assert "[Timetables](https://gazette.example/ferries)" in body
    assert "alert" not in body and "<script" not in body
    draft = front_matter(site / "content/2019/2019-03-06-council-budget-vote-delayed.md")
    assert draft["draft"] is True
    assert "categories" not in draft  # "Uncategorized" is WordPress's placeholder

    built = run_cli("build", "--drafts", cwd=site)
    assert built.returncode == 0, built.stderr
    page = (site / "public/2019/03/ferry-service-resumes/index.html").read_text("utf-8")
    assert "Ferry service resumes after winter storms" in page
    assert "Nadia Mercer" in page
    assert (site / "public/tags/ferries/index.html").is_file()


def test_running_the_same_import_again_adds_only_what_is_new(site: Path) -> None:
    assert run_cli("import", str(FIXTURES / "export.wxr"), cwd=site).returncode == 0
    before = content_files(site)
    again = run_cli("import", str(FIXTURES / "export.wxr"), cwd=site)
    assert again.returncode == 0, again.stderr
    assert "imported 0 articles" in again.stdout and "2 already imported" in again.stdout
    assert content_files(site) == before
    # An editor's later change to an imported file is kept, and the file is still
    # recognised as that item.
    ferry = site / "content/2019/2019-03-04-ferry-service-resumes.md"
    ferry.write_text(ferry.read_text("utf-8").replace("winter storms", "the storms"), "utf-8")
    edited = ferry.read_bytes()
    third = run_cli("import", str(FIXTURES / "export.wxr"), cwd=site)
    assert "2 already imported" in third.stdout
    assert ferry.read_bytes() == edited


def test_an_existing_file_is_never_overwritten(site: Path) -> None:
    mine = site / "content/2019/2019-03-04-ferry-service-resumes.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ntitle: An editor's own story\n---\n\nDo not touch.\n", "utf-8")
    original = mine.read_bytes()
    result = run_cli("import", str(FIXTURES / "export.wxr"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert mine.read_bytes() == original
    beside = site / "content/2019/2019-03-04-ferry-service-resumes-2.md"
    assert front_matter(beside)["source"] == "https://gazette.example/?p=101"
    # A re-run finds the item in the second file and leaves both alone.
    again = run_cli("import", str(FIXTURES / "export.wxr"), cwd=site)
    assert "2 already imported" in again.stdout
    assert not (site / "content/2019/2019-03-04-ferry-service-resumes-3.md").exists()


def test_rss_and_atom_feeds(site: Path) -> None:
    rss = run_cli("import", str(FIXTURES / "feed.rss"), cwd=site)
    assert rss.returncode == 0, rss.stderr
    assert "feed.rss: item 3: pubDate: 'someday soon' is not a date; skipped" in rss.stderr
    bridge = front_matter(site / "content/2024/2024-11-12-bridge-reopens-to-traffic.md")
    assert bridge["author"] == "Ilse Varga"
    assert bridge["tags"] == ["roads", "county"]
    assert bridge["date"] == "2024-11-12T14:05:00+01:00"
    # content:encoded is the body; the description becomes the summary.
    assert bridge["summary"] == "<p>The Mill Street bridge is open again.</p>"
    atom = run_cli("import", str(FIXTURES / "feed.atom"), cwd=site)
    assert atom.returncode == 0, atom.stderr
    assert atom.stdout.startswith("imported 2 articles from feed.atom")
    storm = site / "content/2023/2023-06-01-storm-warning-lifted-for-the-coast.md"
    meta = front_matter(storm)
    assert (meta["author"], meta["updated"]) == ("Maren Holt", "2023-06-01T09:00:00+00:00")
    lighthouse = site / "content/2023/2023-06-02-lighthouse-open-day.md"
    assert "visitors on *Saturday*." in lighthouse.read_text("utf-8")  # XHTML content
    built = run_cli("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "built 4 articles" in built.stdout


def test_csv_and_json_lines_with_a_column_map(site: Path) -> None:
    csv = run_cli("import", str(FIXTURES / "stories.csv"), "--map", CSV_MAP, cwd=site)
    assert csv.returncode == 0, csv.stderr
    # The third row starts on line 6 of the file: the first row's body spans lines 2-4.
    assert "stories.csv: line 6: no title (column 'headline'); skipped" in csv.stderr
    roof = site / "content/2021/2021-09-14-market-hall-gets-a-new-roof.txt"
    assert roof.read_text("utf-8").endswith(
        "Work on the market hall roof starts next week.\n\n"
        "Traders will move to the square until December.\n"
    )
    assert front_matter(roof)["tags"] == ["business", "town"]
    quiz = site / "content/2021/2021-09-15-quiz-night-raises-ps1200-for-hospice.md"
    assert "The **quiz night** at the Anchor" in quiz.read_text("utf-8")  # HTML body

    jsonl = run_cli("import", str(FIXTURES / "stories.jsonl"), "--map", JSONL_MAP, cwd=site)
    assert jsonl.returncode == 0, jsonl.stderr
    assert "stories.jsonl: line 3: not JSON" in jsonl.stderr
    assert front_matter(site / "content/2022/2022-02-01-harbour-dredging-approved.txt")["tags"] == [
        "port",
        "board",
    ]
    assert (site / "content/undated/no-date-given.txt").is_file()
    again = run_cli("import", str(FIXTURES / "stories.csv"), "--map", CSV_MAP, cwd=site)
    assert "imported 0 articles" in again.stdout and "2 already imported" in again.stdout
    built = run_cli("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "built 5 articles" in built.stdout


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "broken.wxr",
            (FIXTURES / "export.wxr").read_bytes()[:2600],
            "cannot read the export past what was imported",
        ),
        (
            "bomb.xml",
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item>'
            b"<title>&b;</title></item></channel></rss>",
            "cannot read the export",
        ),
        ("notes.bin", b"\x00\x01 not an export", "cannot tell what kind of export this is"),
    ],
)
def test_a_bad_export_gets_a_message_not_a_traceback(
    site: Path, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    export = tmp_path / name
    export.write_bytes(data)
    result = run_cli("import", str(export), cwd=site)
    assert result.returncode == 1
    assert message in result.stderr and name in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_column_map_is_a_usage_message(site: Path) -> None:
    result = run_cli("import", str(FIXTURES / "stories.csv"), "--map", "headline", cwd=site)
    assert result.returncode == 1
    assert "--map: 'headline' is not field=column" in result.stderr
    assert not (site / "content").exists()


def test_new_and_import_never_write_through_a_link_out_of_the_site(
    site: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (site / "content").mkdir()
    (site / "content" / "2019").symlink_to(outside, target_is_directory=True)
    imported = run_cli("import", str(FIXTURES / "export.wxr"), cwd=site)
    assert imported.returncode == 1
    assert "leads outside the content folder" in imported.stderr
    assert "Traceback" not in imported.stderr
    new = run_cli("new", "Ferry news", "--date", "2019-03-01", cwd=site)
    assert new.returncode == 1
    assert "content/2019: leads outside the site" in new.stderr
    assert list(outside.iterdir()) == []
    # The whole content folder as a link out: refused before anything is read.
    (site / "content" / "2019").unlink()
    (site / "content").rmdir()
    (site / "content").symlink_to(outside, target_is_directory=True)
    whole = run_cli("import", str(FIXTURES / "export.wxr"), cwd=site)
    assert whole.returncode == 1 and "Traceback" not in whole.stderr
    assert list(outside.iterdir()) == []


def _jsonl(path: Path, count: int) -> Path:
    import json

    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            row = {"id": i, "title": f"Story {i}", "date": "2004-05-12", "body": f"Body {i}."}
            out.write(json.dumps(row) + "\n")
    return path


def _under_a_terminal(site: Path, *args: str) -> str:
    """Run `newsgen import` with stderr on a pseudo-terminal; what it wrote there."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    try:
        process = subprocess.run(
            [sys.executable, "-m", "newsgen", "import", *args],
            cwd=site, stdout=subprocess.PIPE, stderr=follower, env=env, timeout=120,
        )  # fmt: skip
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is gone: all read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    assert process.returncode == 0
    return b"".join(chunks).decode()


def test_a_large_import_shows_a_running_count_on_a_terminal_only(site: Path) -> None:
    export = _jsonl(site / "stories.jsonl", 2000)
    shown = _under_a_terminal(site, str(export))
    assert "\rimporting... 1,000 items read\rimporting... 2,000 items read" in shown
    again = _under_a_terminal(site, str(export), "--no-progress")
    assert "importing..." not in again  # asked for none
    piped = run_cli("import", str(export), cwd=site)
    assert piped.returncode == 0 and "importing..." not in piped.stderr  # a pipe: none


def test_a_forced_count_to_a_file_is_a_line_every_ten_thousand_items() -> None:
    import io

    from newsgen.imports.run import terminal_progress

    log = io.StringIO()
    show = terminal_progress(log, True)
    assert show is not None and terminal_progress(io.StringIO()) is None
    for count in range(1000, 30_001, 1000):
        show(count)
    assert log.getvalue().splitlines() == [
        "importing... 10,000 items read",
        "importing... 20,000 items read",
        "importing... 30,000 items read",
    ]
