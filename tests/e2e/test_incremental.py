"""The build cache never changes the output: after every kind of edit, a cached
build is byte-identical to a cold ``--no-cache`` build of the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import copy_demo, run_cli
from tests.e2e.rebuilds import (
    article_files,
    build_site,
    file_inodes,
    front_matter_article,
    replace_in,
    retitle,
    same_as_cold,
)

from newsgen import pipeline
from newsgen.views import Page, Views, names_any
from newsgen.write import folder_id


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    root = copy_demo(tmp_path / "site")
    build_site(root)  # warm the cache
    return root


def test_body_edit(site: Path, tmp_path: Path) -> None:
    article = article_files(site)[3]
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n")
    same_as_cold(site, tmp_path)


def test_deletion_and_rename(site: Path, tmp_path: Path) -> None:
    first, second = article_files(site)[:2]
    first.unlink()
    second.rename(second.with_name("renamed-" + second.name))
    same_as_cold(site, tmp_path)


def test_template_change(site: Path, tmp_path: Path) -> None:
    theme = Path(__import__("newsgen").__file__).parent / "theme" / "templates"
    (site / "templates").mkdir()
    text = (theme / "article.html").read_text(encoding="utf-8")
    (site / "templates" / "article.html").write_text(text + "<!-- local edit -->\n")
    same_as_cold(site, tmp_path)


def test_config_change(site: Path, tmp_path: Path) -> None:
    config = site / "newsgen.yaml"
    text = config.read_text(encoding="utf-8")
    assert "per_page: 10\n" in text  # a key given twice is an error, so change it in place
    changed = text.replace("timezone: Asia/Karachi", "timezone: UTC")
    config.write_text(changed.replace("per_page: 10\n", "per_page: 3\n"))
    same_as_cold(site, tmp_path)


def test_no_change_keeps_files_and_mtimes(site: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    build_site(site)
    after = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    assert before == after


def test_a_later_build_time_with_nothing_changed_has_nothing_to_do(site: Path) -> None:
    """Pages read only the build's year: without SOURCE_DATE_EPOCH every build has
    its own time, and a build a second later must still find nothing to do."""
    before = folder_id(site / "public")  # a build that writes swaps in another folder
    later = str(1767225600 + 3 * 3600)  # the fixture's builds: 1767225600, same year
    build_site(site, env={"SOURCE_DATE_EPOCH": later})
    assert folder_id(site / "public") == before


def test_unchanged_pages_survive_an_edit(site: Path) -> None:
    stamp = {p: p.stat().st_ino for p in (site / "public").rglob("*.html")}
    article = article_files(site)[3]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n")
    build_site(site)
    kept = sum(1 for p, ino in stamp.items() if p.exists() and p.stat().st_ino == ino)
    assert kept > len(stamp) // 2  # most pages were hard-linked, not rewritten


def test_corrupt_cache_is_rebuilt(site: Path, tmp_path: Path) -> None:
    db = site / ".newsgen-cache" / "cache.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    for extra in db.parent.glob("cache.sqlite3-*"):
        extra.unlink()
    result = run_cli("--site", str(site), "build", "--no-search")
    assert result.returncode == 0, result.stderr
    assert "cache was discarded" in result.stderr
    same_as_cold(site, tmp_path)


def test_hand_edited_output_is_rewritten(site: Path) -> None:
    page = next((site / "public").rglob("index.html"))
    original = page.read_bytes()
    page.write_bytes(b"vandalised")
    build_site(site)
    assert page.read_bytes() == original


# -- page signatures: every page whose inputs changed is rendered again -----------------


def test_body_edit_rewrites_few_pages(site: Path, tmp_path: Path) -> None:
    """A body edit reaches its own page and the feeds; neighbours' prev/next,
    related cards, tag, archive and entity pages keep their files (and the
    whole folder still equals a cold build)."""
    before = file_inodes(site / "public")
    article = front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n")
    same_as_cold(site, tmp_path)
    after = file_inodes(site / "public")
    rewritten = {p for p in after if before.get(p) != after[p]}
    pages = {p for p in rewritten if p.endswith(".html")}
    assert len(pages) == 1, pages


def test_words_around_a_name_edit(site: Path, tmp_path: Path) -> None:
    """A word changed in a sentence that names people: the entity pages quoting that
    sentence change with it (the rebuild signs only pages naming the article)."""
    article = next(p for p in article_files(site) if "Mr Baig said." in p.read_text())
    replace_in(article, "Mr Baig said.", "Mr Baig stated.")
    same_as_cold(site, tmp_path)


def test_an_edit_that_keeps_every_frame_signs_only_pages_naming_the_article(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path is taken: with no article's frame changed, only the pages whose
    recipe names the edited article are signed (every other keeps its signature)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # as run_cli's builds
    article = front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n")
    signed: list[Page] = []
    sign = Views.signature

    def counting(self: Views, page: Page, salt: str = "") -> str:
        signed.append(page)
        return sign(self, page, salt)

    monkeypatch.setattr(Views, "signature", counting)
    result = pipeline.build(site, search=False, jobs=1)
    aid = article.relative_to(site).as_posix()
    assert any(page.kind == "article" and page.args[0] == aid for page in signed)
    assert all(names_any(page.args, {aid}) for page in signed)
    assert len(signed) < result.pages // 4  # a small demo: each article is on many pages


def test_hand_edited_page_is_rewritten_on_an_article_edit(site: Path, tmp_path: Path) -> None:
    """Pages the edit does not reach keep their last signature unsigned, but a file
    of theirs changed by hand is still made again."""
    (site / "public" / "archive" / "index.html").write_text("defaced")  # names no article
    sitemap = site / "public" / "sitemap.xml"
    sitemap.unlink()
    article = front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n")
    same_as_cold(site, tmp_path)


def test_title_edit(site: Path, tmp_path: Path) -> None:
    """A title shows on prev/next links of the neighbours, related cards, lists,
    tag and entity pages, feeds and JSON-LD."""
    retitle(front_matter_article(site), "Corrected: ")
    same_as_cold(site, tmp_path)


def test_featured_edit(site: Path, tmp_path: Path) -> None:
    """An older article marked featured leads the front page: every front-page list
    page's order changes."""
    replace_in(front_matter_article(site), "title: ", "featured: true\ntitle: ")
    same_as_cold(site, tmp_path)


def test_section_edit(site: Path, tmp_path: Path) -> None:
    """``section:`` edited: into a new section (every page's navigation gains it),
    then into a configured one (the new section goes again), then removed (the
    article falls back to no section: its folder is a year)."""
    article = site / "content" / "2024" / "karachi-heat-action-plan-review.md"
    replace_in(article, "section: health", "section: Sport")
    same_as_cold(site, tmp_path)
    replace_in(article, "section: Sport", "section: economy")
    same_as_cold(site, tmp_path)
    replace_in(article, "section: economy\n", "")
    same_as_cold(site, tmp_path)


def test_article_moved_between_section_folders(site: Path, tmp_path: Path) -> None:
    """A file moved from content/2025/economy/ to content/2025/transport/: both
    sections' fronts, lists and feeds, the home page's blocks and its page."""
    old = site / "content" / "2025" / "economy" / "karachi-technology-zone-signs-first-tenants.md"
    old.rename(site / "content" / "2025" / "transport" / old.name)
    same_as_cold(site, tmp_path)


def test_sections_config_edit(site: Path, tmp_path: Path) -> None:
    """Titles, order and home blocks in newsgen.yaml: no article changed, every page's
    navigation did."""
    config = site / "newsgen.yaml"
    replace_in(config, "{name: health, title: Health}", "{name: health, title: Care, home: true}")
    replace_in(config, "  - {name: economy, title: Economy, home: true}\n", "")
    same_as_cold(site, tmp_path)


def test_tag_edit(site: Path, tmp_path: Path) -> None:
    replace_in(front_matter_article(site), "tags: [", "tags: [A brand new tag, ")
    same_as_cold(site, tmp_path)


def test_date_edit_moves_the_article(site: Path, tmp_path: Path) -> None:
    replace_in(front_matter_article(site), "date: 20", "date: 19")
    same_as_cold(site, tmp_path)


def test_added_article(site: Path, tmp_path: Path) -> None:
    source = front_matter_article(site)
    retitle(source, "A second look: ", to=source.parent / "a-second-look.md")
    same_as_cold(site, tmp_path)


def test_registry_edit(site: Path, tmp_path: Path) -> None:
    registry = site / "content" / "entities.yaml"
    replace_in(registry, "description: Mayor of Karachi.", "description: The city's mayor.")
    replace_in(registry, "aliases: [IVU]", "aliases: [IVU, Indus Uni]")
    same_as_cold(site, tmp_path)


def test_edit_and_undo(site: Path, tmp_path: Path) -> None:
    """Signatures of the build before last must not leak into the next one."""
    article = front_matter_article(site)
    original = article.read_text(encoding="utf-8")
    retitle(article, "For a moment: ")
    build_site(site)
    article.write_text(original, encoding="utf-8")
    same_as_cold(site, tmp_path)


def test_new_build_time_same_year_keeps_pages(site: Path, tmp_path: Path) -> None:
    """Only the year of the build time reaches pages (footer) unless a feed is empty."""
    before = file_inodes(site / "public")
    later = {"SOURCE_DATE_EPOCH": str(1767225600 + 40 * 86400)}
    same_as_cold(site, tmp_path, env=later)
    after = file_inodes(site / "public")
    assert {p for p in after if before.get(p) != after[p]} == set()
