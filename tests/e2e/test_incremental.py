"""The build cache never changes the output: after every kind of edit, a cached
build is byte-identical to a cold ``--no-cache`` build of the same files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from tests.conftest import copy_demo, run_cli, tree_bytes

from newsgen import pipeline
from newsgen.views import Page, Views, names_any
from newsgen.write import folder_id


def _build(site: Path, *args: str, env: dict[str, str] | None = None) -> None:
    result = run_cli("--site", str(site), "build", "--no-search", *args, env=env)
    assert result.returncode == 0, result.stderr


def _assert_same_as_cold(site: Path, tmp: Path, env: dict[str, str] | None = None) -> None:
    _build(site, env=env)
    cold = tmp / "cold-output"
    shutil.rmtree(cold, ignore_errors=True)
    _build(site, "--no-cache", "--output", str(cold), env=env)
    assert tree_bytes(site / "public") == tree_bytes(cold)


def _inodes(root: Path) -> dict[str, int]:
    """Output path -> inode of every file but the marker (written afresh by every build)."""
    found = {
        p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()
    }
    return {path: ino for path, ino in found.items() if path != ".newsgen-output"}


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _retitle(path: Path, prefix: str, to: Path | None = None) -> None:
    """Put ``prefix`` before the article's front matter title, as valid YAML (a bare
    ``title: Corrected: "..."`` is broken front matter: the article would be left out)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    title = yaml.safe_load(lines[at][len("title: ") :])
    lines[at] = "title: " + json.dumps(prefix + title, ensure_ascii=False)
    (to or path).write_text("\n".join(lines), encoding="utf-8")


def _front_matter_article(site: Path) -> Path:
    """A Markdown article with tags, from the middle of the archive."""
    found = [p for p in _articles(site) if p.suffix == ".md" and "\ntags:" in p.read_text()]
    return found[len(found) // 2]


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    root = copy_demo(tmp_path / "site")
    _build(root)  # warm the cache
    return root


def _articles(site: Path) -> list[Path]:
    return sorted(p for p in (site / "content").rglob("*") if p.suffix in {".md", ".txt"})


def test_body_edit(site: Path, tmp_path: Path) -> None:
    article = _articles(site)[3]
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n")
    _assert_same_as_cold(site, tmp_path)


def test_deletion_and_rename(site: Path, tmp_path: Path) -> None:
    first, second = _articles(site)[:2]
    first.unlink()
    second.rename(second.with_name("renamed-" + second.name))
    _assert_same_as_cold(site, tmp_path)


def test_template_change(site: Path, tmp_path: Path) -> None:
    theme = Path(__import__("newsgen").__file__).parent / "theme" / "templates"
    (site / "templates").mkdir()
    text = (theme / "article.html").read_text(encoding="utf-8")
    (site / "templates" / "article.html").write_text(text + "<!-- local edit -->\n")
    _assert_same_as_cold(site, tmp_path)


def test_config_change(site: Path, tmp_path: Path) -> None:
    config = site / "newsgen.yaml"
    text = config.read_text(encoding="utf-8")
    assert "per_page: 10\n" in text  # a key given twice is an error, so change it in place
    changed = text.replace("timezone: Asia/Karachi", "timezone: UTC")
    config.write_text(changed.replace("per_page: 10\n", "per_page: 3\n"))
    _assert_same_as_cold(site, tmp_path)


def test_no_change_keeps_files_and_mtimes(site: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    _build(site)
    after = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    assert before == after


def test_a_later_build_time_with_nothing_changed_has_nothing_to_do(site: Path) -> None:
    """Pages read only the build's year: without SOURCE_DATE_EPOCH every build has
    its own time, and a build a second later must still find nothing to do."""
    before = folder_id(site / "public")  # a build that writes swaps in another folder
    later = str(1767225600 + 3 * 3600)  # the fixture's builds: 1767225600, same year
    _build(site, env={"SOURCE_DATE_EPOCH": later})
    assert folder_id(site / "public") == before


def test_unchanged_pages_survive_an_edit(site: Path) -> None:
    stamp = {p: p.stat().st_ino for p in (site / "public").rglob("*.html")}
    article = _articles(site)[3]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n")
    _build(site)
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
    _assert_same_as_cold(site, tmp_path)


def test_hand_edited_output_is_rewritten(site: Path) -> None:
    page = next((site / "public").rglob("index.html"))
    original = page.read_bytes()
    page.write_bytes(b"vandalised")
    _build(site)
    assert page.read_bytes() == original


# -- page signatures: every page whose inputs changed is rendered again -----------------


def test_body_edit_rewrites_few_pages(site: Path, tmp_path: Path) -> None:
    """A body edit reaches its own page and the feeds; neighbours' prev/next,
    related cards, tag, archive and entity pages keep their files (and the
    whole folder still equals a cold build)."""
    before = _inodes(site / "public")
    article = _front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n")
    _assert_same_as_cold(site, tmp_path)
    after = _inodes(site / "public")
    rewritten = {p for p in after if before.get(p) != after[p]}
    pages = {p for p in rewritten if p.endswith(".html")}
    assert len(pages) == 1, pages


def test_words_around_a_name_edit(site: Path, tmp_path: Path) -> None:
    """A word changed in a sentence that names people: the entity pages quoting that
    sentence change with it (the rebuild signs only pages naming the article)."""
    article = next(p for p in _articles(site) if "Mr Baig said." in p.read_text())
    _replace_in(article, "Mr Baig said.", "Mr Baig stated.")
    _assert_same_as_cold(site, tmp_path)


def test_an_edit_that_keeps_every_frame_signs_only_pages_naming_the_article(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path is taken: with no article's frame changed, only the pages whose
    recipe names the edited article are signed (every other keeps its signature)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # as run_cli's builds
    article = _front_matter_article(site)
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
    article = _front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n")
    _assert_same_as_cold(site, tmp_path)


def test_title_edit(site: Path, tmp_path: Path) -> None:
    """A title shows on prev/next links of the neighbours, related cards, lists,
    tag and entity pages, feeds and JSON-LD."""
    _retitle(_front_matter_article(site), "Corrected: ")
    _assert_same_as_cold(site, tmp_path)


def test_featured_edit(site: Path, tmp_path: Path) -> None:
    """An older article marked featured leads the front page: every front-page list
    page's order changes."""
    _replace_in(_front_matter_article(site), "title: ", "featured: true\ntitle: ")
    _assert_same_as_cold(site, tmp_path)


def test_section_edit(site: Path, tmp_path: Path) -> None:
    """``section:`` edited: into a new section (every page's navigation gains it),
    then into a configured one (the new section goes again), then removed (the
    article falls back to no section: its folder is a year)."""
    article = site / "content" / "2024" / "karachi-heat-action-plan-review.md"
    _replace_in(article, "section: health", "section: Sport")
    _assert_same_as_cold(site, tmp_path)
    _replace_in(article, "section: Sport", "section: economy")
    _assert_same_as_cold(site, tmp_path)
    _replace_in(article, "section: economy\n", "")
    _assert_same_as_cold(site, tmp_path)


def test_article_moved_between_section_folders(site: Path, tmp_path: Path) -> None:
    """A file moved from content/2025/economy/ to content/2025/transport/: both
    sections' fronts, lists and feeds, the home page's blocks and its page."""
    old = site / "content" / "2025" / "economy" / "karachi-technology-zone-signs-first-tenants.md"
    old.rename(site / "content" / "2025" / "transport" / old.name)
    _assert_same_as_cold(site, tmp_path)


def test_sections_config_edit(site: Path, tmp_path: Path) -> None:
    """Titles, order and home blocks in newsgen.yaml: no article changed, every page's
    navigation did."""
    config = site / "newsgen.yaml"
    _replace_in(config, "{name: health, title: Health}", "{name: health, title: Care, home: true}")
    _replace_in(config, "  - {name: economy, title: Economy, home: true}\n", "")
    _assert_same_as_cold(site, tmp_path)


def test_tag_edit(site: Path, tmp_path: Path) -> None:
    _replace_in(_front_matter_article(site), "tags: [", "tags: [A brand new tag, ")
    _assert_same_as_cold(site, tmp_path)


def test_date_edit_moves_the_article(site: Path, tmp_path: Path) -> None:
    _replace_in(_front_matter_article(site), "date: 20", "date: 19")
    _assert_same_as_cold(site, tmp_path)


def test_added_article(site: Path, tmp_path: Path) -> None:
    source = _front_matter_article(site)
    _retitle(source, "A second look: ", to=source.parent / "a-second-look.md")
    _assert_same_as_cold(site, tmp_path)


def test_registry_edit(site: Path, tmp_path: Path) -> None:
    registry = site / "content" / "entities.yaml"
    _replace_in(registry, "description: Mayor of Karachi.", "description: The city's mayor.")
    _replace_in(registry, "aliases: [IVU]", "aliases: [IVU, Indus Uni]")
    _assert_same_as_cold(site, tmp_path)


def test_edit_and_undo(site: Path, tmp_path: Path) -> None:
    """Signatures of the build before last must not leak into the next one."""
    article = _front_matter_article(site)
    original = article.read_text(encoding="utf-8")
    _retitle(article, "For a moment: ")
    _build(site)
    article.write_text(original, encoding="utf-8")
    _assert_same_as_cold(site, tmp_path)


def test_new_build_time_same_year_keeps_pages(site: Path, tmp_path: Path) -> None:
    """Only the year of the build time reaches pages (footer) unless a feed is empty."""
    before = _inodes(site / "public")
    later = {"SOURCE_DATE_EPOCH": str(1767225600 + 40 * 86400)}
    _assert_same_as_cold(site, tmp_path, env=later)
    after = _inodes(site / "public")
    assert {p for p in after if before.get(p) != after[p]} == set()


def _build_with_search(site: Path) -> None:
    result = run_cli("--site", str(site), "build")
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    __import__("newsgen.search").search.pagefind_binary() is None, reason="needs pagefind[bin]"
)
def test_search_bundle_kept_while_articles_unchanged(site: Path) -> None:
    config = site / "newsgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "search: true\n", encoding="utf-8")
    _build_with_search(site)
    bundle = _inodes(site / "public" / "pagefind")
    assert bundle
    _build_with_search(site)  # nothing changed
    assert _inodes(site / "public" / "pagefind") == bundle
    # A list template edit changes no article page: the bundle is hard-linked.
    theme = Path(__import__("newsgen").__file__).parent / "theme" / "templates"
    (site / "templates").mkdir()
    text = (theme / "list.html").read_text(encoding="utf-8")
    (site / "templates" / "list.html").write_text(text + "<!-- local edit -->\n")
    _build_with_search(site)
    assert _inodes(site / "public" / "pagefind") == bundle
    # A body edit changes an indexed page: Pagefind runs again.
    article = _front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n")
    _build_with_search(site)
    assert _inodes(site / "public" / "pagefind") != bundle


def test_spare_folder_is_reused_and_stays_correct(site: Path, tmp_path: Path) -> None:
    """The folder a build replaces becomes the next staging folder: after several
    edits in a row, each build still equals a cold one, and the spare is ours.
    The first build (the site fixture's) leaves a spare of hard links already, so
    the first edit after it need not make a whole tree."""
    spare = site / ".public.spare"
    _build(site)
    assert (spare / ".newsgen-output").is_file()
    live = site / "public" / "index.html"
    assert (spare / "index.html").stat().st_ino == live.stat().st_ino
    seeded = folder_id(spare)
    article = _front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nFirst edit.\n")
    _assert_same_as_cold(site, tmp_path)
    assert folder_id(site / "public") == seeded  # the seeded spare was the staging folder
    for n in range(3):
        article.write_text(article.read_text(encoding="utf-8") + f"\nEdit number {n}.\n")
        _assert_same_as_cold(site, tmp_path)
        assert (spare / ".newsgen-output").is_file()
    # A page edited by hand and a file dropped into the spare do not survive into the site.
    page = next(p for p in spare.rglob("index.html") if "/entities/" in p.as_posix())
    page.write_text("tampered", encoding="utf-8")
    (spare / "stray.html").write_text("stray", encoding="utf-8")
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more edit.\n")
    _assert_same_as_cold(site, tmp_path)
    assert not (site / "public" / "stray.html").exists()


def test_files_added_to_the_live_site_by_hand_do_not_come_back(site: Path, tmp_path: Path) -> None:
    """Out of the site after the next build, and deleted (though the spare's reuse
    lists only the folders whose stat changed) before the build after swaps that
    folder back in."""
    public = site / "public"
    page = next(p for p in public.rglob("index.html") if "/entities/" in p.as_posix())
    (page.parent / "notes.html").write_text("mine", encoding="utf-8")
    (public / "stray" / "deep").mkdir(parents=True)
    (public / "stray" / "deep" / "x.html").write_text("x", encoding="utf-8")
    article = _front_matter_article(site)
    for n in range(2):
        article.write_text(article.read_text(encoding="utf-8") + f"\nEdit {n}.\n")
        _assert_same_as_cold(site, tmp_path)
        assert not (public / "stray").exists()


def test_replacing_a_spare_file_never_touches_the_live_site(site: Path, tmp_path: Path) -> None:
    _build(site)
    article = _front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nFirst edit.\n")
    _build(site)  # the first site is now the spare, sharing inodes with the live one
    live = tree_bytes(site / "public")
    spare = tree_bytes(site / ".public.spare")
    article.write_text(article.read_text(encoding="utf-8") + "\nSecond edit.\n")
    _build(site)  # rewrites the spare, then swaps: the old live folder is the new spare
    assert tree_bytes(site / ".public.spare") == live
    assert spare != live


def test_a_spare_folder_newsgen_did_not_make_is_left_alone(site: Path) -> None:
    foreign = site / ".public.spare"
    shutil.rmtree(foreign)  # the one the site fixture's first build left
    shutil.rmtree(site / "public")
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    _build(site)  # a first build into an empty place: does not seed over it either
    article = _front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nEdit.\n")
    _build(site)
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_unrecorded_spare_of_ours_is_rewritten_not_trusted(site: Path, tmp_path: Path) -> None:
    """--no-cache builds keep no record of the spare: it is reused, every file replaced."""
    for n in range(3):
        article = _front_matter_article(site)
        article.write_text(article.read_text(encoding="utf-8") + f"\nEdit {n}.\n")
        _build(site, "--no-cache")
    (site / ".public.spare" / "stray.html").write_text("stray", encoding="utf-8")
    _assert_same_as_cold(site, tmp_path)
    assert not (site / "public" / "stray.html").exists()
