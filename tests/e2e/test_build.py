"""`newsgen build`, `check` and `new`, run as a user runs them: in a subprocess."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tests.conftest import SAMPLE, SiteFactory, git, run_cli

MD = "---\ntitle: {title}\ndate: {date}\ntags: [ports]\n---\n\n{body}\n"


def _md(title: str, date: str = "2024-03-05", body: str = "Body text here.") -> str:
    return MD.format(title=title, date=date, body=body)


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_sample_builds_end_to_end(make_site: SiteFactory) -> None:
    root = make_site({"content/2021/2021-11-08-st-centre.txt": SAMPLE.read_bytes()})
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    assert "built 1 articles" in result.stdout
    page = (root / "public/2021/11").glob("*/index.html")
    html = next(page).read_text(encoding="utf-8")
    assert (
        "China-Pakistan Science and Technology cooperation center inaugurated in Beijing</h1>"
        in html
    )
    assert '<p><span class="dateline">BEIJING' in html  # leads into the first paragraph
    assert "BEIJING:" not in html
    assert "through various live streaming platforms.</p>" in html
    assert "Must Read" not in html and "childish" not in html
    assert '<time datetime="2021-11-08T00:00:00+00:00"' in html
    for name in (
        "Moin ul Haque",
        "Zhang Xiaodong",
        "Special Technology Zones Authority",
        "Beijing",
    ):
        assert f">{name}</a>" in html, name
    assert '"@type":"NewsArticle"' in html
    assert (root / "public/entities/people/moin-ul-haque/index.html").is_file()


def test_bad_article_is_reported_and_skipped(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/good.md": _md("A good one"),
            "content/broken.md": "---\ntitle: [unclosed\ndate: 2024-01-01\n---\nBody\n",
            "content/empty.txt": "   \n\n",
            "content/binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00binary",
        }
    )
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 1, result.stderr  # the rest is written; the errors fail it
    assert "Traceback" not in result.stderr
    assert re.search(r"content/broken.md:[23]: broken front matter", result.stderr)
    assert "content/empty.txt" in result.stderr
    assert "content/binary.txt" in result.stderr
    assert "built 1 articles" in result.stdout
    strict = run_cli("--site", str(root), "build", "--strict", "--output", str(root / "strict"))
    assert strict.returncode == 1
    assert not (root / "strict").exists()


def test_url_collision_names_both_files(make_site: SiteFactory) -> None:
    """Two stories, one headline: both published, the warning names both files
    (tests/e2e/test_collisions.py has the rules)."""
    other = _md("Same headline", body="A different story.")
    root = make_site({"content/a.md": _md("Same headline"), "content/b.md": other})
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    assert "content/b.md: headline collides with content/a.md" in result.stderr
    assert "1 colliding headlines given their own URL" in result.stdout


def test_output_safety(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site({"content/a.md": _md("One")})
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"jpeg")
    for target in (str(root), str(root / "content"), str(foreign)):
        result = run_cli("--site", str(root), "build", "--output", target)
        assert result.returncode == 1, target
        assert "refusing" in result.stderr
    assert (foreign / "holiday.jpg").read_bytes() == b"jpeg"
    assert (root / "content/a.md").is_file()


def test_failed_build_leaves_previous_site(make_site: SiteFactory) -> None:
    root = make_site({"content/a.md": _md("One")})
    assert run_cli("--site", str(root), "build").returncode == 0
    before = _tree(root / "public")
    (root / "templates").mkdir()
    (root / "templates/article.html").write_text(
        "{% extends 'base.html' %}{% block main %}{{ nope }}{% endblock %}"
    )
    (root / "content/b.md").write_text(_md("Two"), encoding="utf-8")
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 1
    assert "templates/article.html" in result.stderr and "nope" in result.stderr
    assert _tree(root / "public") == before
    # No staging folder is left behind; only the cache, the content, the old site and
    # the spare (the first build's hard links, adopted as staging and kept) remain.
    assert sorted(p.name for p in root.iterdir() if p.name != ".newsgen-cache") == [
        ".public.spare",
        "content",
        "newsgen.yaml",
        "public",
        "templates",
    ]


def test_output_is_deterministic(make_site: SiteFactory, tmp_path: Path) -> None:
    files = {
        f"content/2024/2024-0{i}-0{i}-story-{i}.txt": f"Story {i}\n\nKARACHI: Mayor Ann Lee spoke in Lahore.\n"
        for i in range(1, 6)
    }
    root = make_site(files)
    assert run_cli("--site", str(root), "build", "-o", str(tmp_path / "one")).returncode == 0
    assert run_cli("--site", str(root), "build", "-o", str(tmp_path / "two")).returncode == 0
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert one == two and len(one) > 20


def test_source_date_epoch_is_honoured(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site({"content/notes.md": "---\ntitle: Undated\n---\nText\n"})
    result = run_cli("--site", str(root), "build", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0
    assert "using mtime" in result.stderr  # no git, no date: warned, not fatal


def test_an_undated_archive_is_warned_about_once(make_site: SiteFactory) -> None:
    files = {f"content/desk/story-{i}.txt": f"Story {i}\n\nThe harbour opened.\n" for i in range(7)}
    root = make_site({**files, "content/bad.md": "---\ntitle: [unclosed\n---\nText\n"})
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 1, result.stderr  # for bad.md
    undated = [line for line in result.stderr.splitlines() if "using mtime" in line]
    assert undated == [
        "warning: no date in front matter, dates file, text, path or git; using mtime (list "
        "dates in a dates.csv or set dates.path_pattern: README 'Dates for an undated archive'): "
        "7 files "
        "(content/desk/story-0.txt, content/desk/story-1.txt, content/desk/story-2.txt "
        "and 4 more)"
    ]
    assert "content/bad.md:" in result.stderr  # other problems are still told one by one


def test_git_dates_from_one_history(make_site: SiteFactory) -> None:
    root = make_site({"content/story.txt": "Harbour news\n\nThe harbour opened.\n"})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first", date="2023-04-05T10:00:00+00:00")
    (root / "content/story.txt").write_text("Harbour news\n\nThe harbour opened today.\n")
    git(root, "commit", "-qam", "fix", date="2023-06-07T10:00:00+00:00")
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    html = (root / "public/2023/04/harbour-news/index.html").read_text(encoding="utf-8")
    assert 'datetime="2023-04-05T10:00:00+00:00"' in html
    assert 'datetime="2023-06-07T10:00:00+00:00"' in html  # updated, from the last commit


def test_front_matter_wins_and_drafts(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/2020-01-01-wire.txt": "---\ntitle: Edited headline\ndate: 2022-02-02\ndateline: QUETTA\n---\nRaw headline\n\nLAHORE: Text of the story.\n",
            "content/draft.md": "---\ntitle: Secret plan\ndate: 2022-02-03\ndraft: true\n---\nNot yet.\n",
        }
    )
    assert run_cli("--site", str(root), "build").returncode == 0
    html = (root / "public/2022/02/edited-headline/index.html").read_text(encoding="utf-8")
    assert '<span class="dateline">QUETTA</span>' in html and "Raw headline" not in html
    assert not (root / "public/2022/02/secret-plan").exists()
    assert run_cli("--site", str(root), "build", "--drafts").returncode == 0
    assert (root / "public/2022/02/secret-plan/index.html").is_file()


def test_article_text_is_escaped(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/x.txt": "Headline <script>alert(1)</script>\n\nKARACHI: Body <img src=x onerror=alert(2)> & more.\n",
            "content/y.md": "---\ntitle: 'Y </script><script>alert(3)</script>'\ndate: 2024-01-01\n---\nok\n",
        }
    )
    assert run_cli("--site", str(root), "build").returncode == 0
    for page in (root / "public").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert "<img src=x" not in text, page


def test_site_templates_override_theme_file_by_file(make_site: SiteFactory) -> None:
    root = make_site(
        {"content/a.md": _md("One"), "templates/404.html": "custom {{ site.title }}\n"}
    )
    assert run_cli("--site", str(root), "build").returncode == 0
    assert (root / "public/404.html").read_text() == "custom Test Times\n"
    assert '<h1 class="headline">One</h1>' in (root / "public/2024/03/one/index.html").read_text()


def test_check_lists_problems_and_writes_nothing(make_site: SiteFactory) -> None:
    root = make_site(
        {"content/ok.md": _md("Fine"), "content/bad.md": "---\ndate: 2024-99-01\ntitle: x\n---\n"}
    )
    result = run_cli("--site", str(root), "check")
    assert result.returncode == 1
    assert "content/bad.md" in result.stderr
    assert not (root / "public").exists()
    (root / "content/bad.md").unlink()
    assert run_cli("--site", str(root), "check").returncode == 0


def test_check_reports_config_errors(make_site: SiteFactory) -> None:
    root = make_site({"content/ok.md": _md("Fine")}, config="title: X\nper_pag: 3\n")
    result = run_cli("--site", str(root), "check")
    assert result.returncode == 1
    assert "newsgen.yaml:2: per_pag: unknown key" in result.stderr


def test_new_creates_dated_file_and_never_overwrites(make_site: SiteFactory) -> None:
    root = make_site({})
    first = run_cli("--site", str(root), "new", "Port strike ends", "--date", "2026-11-27")
    assert first.returncode == 0, first.stderr
    path = root / "content/2026/2026-11-27-port-strike-ends.md"
    assert first.stdout.strip() == "content/2026/2026-11-27-port-strike-ends.md"
    assert 'title: "Port strike ends"' in path.read_text()
    path.write_text("edited by hand")
    again = run_cli("--site", str(root), "new", "Port strike ends", "--date", "2026-11-27")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_text() == "edited by hand"


def test_help_on_every_command() -> None:
    for command in ("build", "check", "new", "parse"):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_site_without_config_or_templates_builds(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text(_md("Only one"), encoding="utf-8")
    result = run_cli("--site", str(tmp_path), "build")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "public/theme/style.css").is_file()
