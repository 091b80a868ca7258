"""The editor's daily loop through the CLI: `new`, `check`, `build`, and their exit codes.

`check` and `build` list every problem of a file (each front matter problem on the
line of its key), warn about unknown fields, exit 1 when an article is left out
(the rest is still written); `--strict` writes nothing; `new` refuses bad arguments
with exit 2 and one line, and writes raw wire-style text the raw reader reads back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import SiteFactory, run_cli, tree_bytes

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "editor-loop"
GOOD = "---\ntitle: Port reopens\ndate: 2025-03-05\ntags: [ports]\n---\n\nThe port reopened.\n"


def _lines(text: str, path: str) -> list[str]:
    return [line for line in text.splitlines() if f" {path}:" in line]


# Every problem each hostile file holds, in the order they are listed.
EXPECTED = {
    "every-problem.md": [
        "error: content/every-problem.md:3: date: '2025-13-45' is not a date (month must be in 1..12)",
        "error: content/every-problem.md:4: tags: must be a list or a comma-separated string",
        "warning: content/every-problem.md:5: unknown front matter field 'tittle' ignored"
        " (did you mean 'title'?)",
        "error: content/every-problem.md:6: draft: must be true or false, got 'maybe'",
        "error: content/every-problem.md:7: entities: unknown kind 'peeple'"
        " (use people, organizations or places)",
        "error: content/every-problem.md:8: slug: '!!!' has no usable characters",
    ],
    "unhashable-key.md": [
        "error: content/unhashable-key.md:4: broken front matter: a field name must be text,"
        " not a list or mapping",
        "error: content/unhashable-key.md:5: updated: '2025-02-30' is not a date"
        " (day is out of range for month)",
    ],
    "python-tag.md": [
        "error: content/python-tag.md:4: broken front matter: summary: could not determine"
        " a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'",
        "error: content/python-tag.md:5: featured: must be true or false, got 'yes please'",
    ],
    "twice-and-types.md": [
        "error: content/twice-and-types.md:3: front matter field 'title' given twice (first on line 2)",
        "error: content/twice-and-types.md:5: front matter field 'date' given twice (first on line 4)",
        "error: content/twice-and-types.md:6: author: must be text, got list",
        "error: content/twice-and-types.md:7: byline: must be text, got dict",
    ],
    "unknown-fields.md": [
        "warning: content/unknown-fields.md:4: unknown front matter field 'catgories' ignored"
        " (did you mean 'categories'?)",
        "warning: content/unknown-fields.md:5: unknown front matter field 'autor' ignored"
        " (did you mean 'author'?)",
        "warning: content/unknown-fields.md:6: unknown front matter field 'images' ignored"
        " (did you mean 'image'?)",
        "warning: content/unknown-fields.md:7: unknown front matter field 'weather' ignored",
    ],
}


@pytest.fixture
def hostile_site(make_site: SiteFactory) -> Path:
    files: dict[str, str | bytes] = {"content/2025/good.md": GOOD}
    for name in EXPECTED:
        files[f"content/{name}"] = (HOSTILE / name).read_bytes()
    return make_site(files)


def test_check_and_build_list_every_problem_of_a_file_with_its_line(hostile_site: Path) -> None:
    check = run_cli("--site", str(hostile_site), "check")
    build = run_cli("--site", str(hostile_site), "build")
    for run in (check, build):
        assert "Traceback" not in run.stderr
        for name, expected in EXPECTED.items():
            assert _lines(run.stderr, f"content/{name}") == expected, run.stderr
    assert check.returncode == 1
    assert "checked 6 files: 13 errors, 5 warnings" in check.stdout
    # build: the good article and the one with warnings only are written, and the
    # four files with errors make the exit code 1.
    assert build.returncode == 1, build.stderr
    assert "built 2 articles" in build.stdout
    assert "4 file(s) with errors (listed above); the rest was written" in build.stderr
    assert (hostile_site / "public/2025/03/port-reopens/index.html").is_file()
    assert (hostile_site / "public/2025/02/fine-but-odd/index.html").is_file()


def test_a_bad_date_does_not_hide_the_next_field(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/good.md": GOOD,
            "content/bad.md": "---\ntitle: T\ndate: 2025-13-45\ntags: 5\n---\n\nText.\n",
        }
    )
    result = run_cli("--site", str(root), "check")
    assert result.returncode == 1
    assert _lines(result.stderr, "content/bad.md") == [
        "error: content/bad.md:3: date: '2025-13-45' is not a date (month must be in 1..12)",
        "error: content/bad.md:4: tags: must be a list or a comma-separated string",
    ]


def test_unknown_fields_are_warnings_that_strict_fails_on(make_site: SiteFactory) -> None:
    root = make_site({"content/a.md": GOOD.replace("tags:", "tittle: x\ntags:")})
    plain = run_cli("--site", str(root), "check")
    assert plain.returncode == 0, plain.stderr
    assert (
        "warning: content/a.md:4: unknown front matter field 'tittle' ignored"
        " (did you mean 'title'?)" in plain.stderr
    )
    strict = run_cli("--site", str(root), "check", "--strict")
    assert strict.returncode == 1
    # Fields other newsgen features read are known, not warned about.
    known = GOOD.replace(
        "tags:", "section: Business\nimage: {src: a.png, alt: A chart}\nfeatured: true\ntags:"
    )
    (root / "content/a.md").write_text(known, encoding="utf-8")
    Image.new("RGB", (64, 48), "navy").save(root / "content/a.png")
    clean = run_cli("--site", str(root), "check", "--strict")
    assert clean.returncode == 0, clean.stderr
    assert "unknown" not in clean.stderr


def test_build_exit_codes_and_strict_leaves_the_site_untouched(make_site: SiteFactory) -> None:
    root = make_site({"content/a.md": GOOD})
    first = run_cli("--site", str(root), "build")
    assert first.returncode == 0, first.stderr
    before = tree_bytes(root / "public")
    # A warning only: a plain build succeeds, a strict one fails and writes nothing.
    (root / "content/b.md").write_text(
        "---\ntitle: Ferry late\ndate: 2025-03-06\ncolour: red\n---\n\nThe ferry was late.\n",
        encoding="utf-8",
    )
    strict = run_cli("--site", str(root), "build", "--strict")
    assert strict.returncode == 1
    assert "content/b.md:4: unknown front matter field 'colour' ignored" in strict.stderr
    assert "--strict: 1 problem(s); nothing written" in strict.stderr
    assert tree_bytes(root / "public") == before
    # An error: --strict still writes nothing; a plain build writes the rest, exit 1.
    (root / "content/c.md").write_text("---\ntitle: [x\n---\nBody\n", encoding="utf-8")
    assert run_cli("--site", str(root), "build", "--strict").returncode == 1
    assert tree_bytes(root / "public") == before
    plain = run_cli("--site", str(root), "build")
    assert plain.returncode == 1
    assert "error: content/c.md:" in plain.stderr and "built 2 articles" in plain.stdout
    assert (root / "public/2025/03/ferry-late/index.html").is_file()
    # Fixed: exit 0 again (and so on a build with nothing left to do).
    (root / "content/c.md").unlink()
    assert run_cli("--site", str(root), "build").returncode == 0
    assert run_cli("--site", str(root), "build").returncode == 0


@pytest.mark.parametrize(
    "args, words",
    [
        (
            ["Port strike ends", "--date", "2025-13-45"],
            "argument --date: '2025-13-45' is not a date",
        ),
        (["Port strike ends", "--date", "2025-02-30"], "is not a date"),
        (["Port strike ends", "--date", "27/11/2025"], "is not YYYY-MM-DD"),
        (["Port strike ends", "--date", "2025-1-5"], "is not YYYY-MM-DD"),
        (["Port strike ends", "--date", ""], "is not YYYY-MM-DD"),
        ([""], "argument headline: the headline must be printable text"),
        (["   "], "the headline must be printable text"),
        (["!!!"], "the headline '!!!' has no letters or digits"),
        (["x" * 301], "the headline is over 300 characters"),
        (["Port strike ends", "--format", "docx"], "argument --format: invalid choice"),
        (["Port strike ends", "--raw", "--dateline", "Karachi: x"], "raw reader would read"),
        (["Port strike ends", "--byline", "\x1b[31m"], "the byline must be printable text"),
        (["Port strike ends", "--bogus"], "unrecognized arguments: --bogus"),
        ([], "the following arguments are required: headline"),
    ],
)
def test_new_refuses_bad_arguments_with_exit_2_and_one_line(
    make_site: SiteFactory, args: list[str], words: str
) -> None:
    root = make_site({})
    result = run_cli("--site", str(root), "new", *args)
    assert result.returncode == 2, result.stderr
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (root / "content").exists()


def test_new_raw_story_reads_back_and_builds(make_site: SiteFactory) -> None:
    root = make_site({"content/2025/good.md": GOOD})
    made = run_cli(
        *("--site", str(root), "new", "Ferry service resumes after storm", "--raw"),
        *("--date", "2025-11-27", "--dateline", "Porto Nova"),
        *("--byline", "By Ann Lee", "--agency", "Staff"),
    )
    assert made.returncode == 0, made.stderr
    rel = "content/2025/2025-11-27-ferry-service-resumes-after-storm.txt"
    assert made.stdout.strip() == rel
    text = (root / rel).read_text(encoding="utf-8")
    assert "PORTO NOVA, Nov 27 (Staff) - Write the article here." in text
    parsed = run_cli("--site", str(root), "parse", "--json", str(root / rel))
    record = json.loads(parsed.stdout)
    assert (record["title"], record["dateline"], record["byline"], record["agency"]) == (
        "Ferry service resumes after storm",
        "PORTO NOVA",
        "Ann Lee",
        "Staff",
    )
    assert record["paragraphs"] == ["Write the article here."] and record["draft"] is True
    # A draft: left out of the site until an editor removes the front matter.
    built = run_cli("--site", str(root), "build")
    assert built.returncode == 0, built.stderr
    page = root / "public/2025/11/ferry-service-resumes-after-storm/index.html"
    assert not page.exists()
    (root / rel).write_text(text.split("---\n", 2)[2], encoding="utf-8")
    built = run_cli("--site", str(root), "build")
    assert built.returncode == 0, built.stderr
    html = page.read_text(encoding="utf-8")
    assert '<h1 class="headline">Ferry service resumes after storm</h1>' in html
    assert '<span class="dateline">PORTO NOVA' in html
    assert "Ann Lee" in html
    assert '<time datetime="2025-11-27T00:00:00+00:00"' in html  # from the file name
    # Never overwritten.
    again = run_cli("--site", str(root), "new", "Ferry service resumes after storm", "--raw",
                    "--date", "2025-11-27")  # fmt: skip
    assert again.returncode == 1 and "already exists" in again.stderr


def test_new_markdown_takes_byline_and_dateline(make_site: SiteFactory) -> None:
    root = make_site({})
    made = run_cli(
        *("--site", str(root), "new", 'Budget: "what it means"', "--date", "2025-11-28"),
        *("--byline", "Ann Lee", "--dateline", "karachi"),
    )
    assert made.returncode == 0, made.stderr
    text = (root / "content/2025/2025-11-28-budget-what-it-means.md").read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Budget: \\"what it means\\""\ndate: 2025-11-28\n')
    assert 'author: "Ann Lee"\ndateline: "KARACHI"\n' in text and "draft: true\n" in text
    check = run_cli("check", "--site", str(root))  # --site after the command, as hooks add it
    assert check.returncode == 0, check.stderr
    assert "checked 1 files: 0 errors, 0 warnings" in check.stdout


def test_help_documents_exit_codes() -> None:
    for args in (["--help"], ["build", "--help"], ["check", "--help"]):
        result = run_cli(*args)
        assert result.returncode == 0
        assert "exit codes:" in result.stdout and "2  usage" in result.stdout, args
    build = run_cli("build", "--help").stdout
    assert "every other page is written; the exit code is then 1" in " ".join(build.split())


def test_check_after_a_build_uses_its_cache_and_sees_the_same(hostile_site: Path) -> None:
    """Once a build made .newsgen-cache, check reads unchanged files from it (under the
    build's lock) and still lists every problem, warnings of cached files included."""
    build = run_cli("--site", str(hostile_site), "build")
    assert build.returncode == 1
    shown = [line for line in build.stderr.splitlines() if line.startswith(("error: c", "warn"))]
    assert len(shown) == 18, build.stderr
    for _ in range(2):  # the second check finds every good file by its stat
        check = run_cli("--site", str(hostile_site), "check")
        assert check.returncode == 1
        assert [line for line in check.stderr.splitlines() if line in shown] == shown
        assert "checked 6 files: 13 errors, 5 warnings" in check.stdout
