"""The build cache and the output folder: the search bundle is kept while the
articles are unchanged, and the previous site's folder is reused only when it is
ours and unchanged; every rebuild stays byte-identical to a cold build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import copy_demo, run_cli, tree_bytes
from tests.e2e.rebuilds import build_site, file_inodes, front_matter_article, same_as_cold

from newsgen.write import folder_id


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    root = copy_demo(tmp_path / "site")
    build_site(root)  # warm the cache
    return root


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
    bundle = file_inodes(site / "public" / "pagefind")
    assert bundle
    _build_with_search(site)  # nothing changed
    assert file_inodes(site / "public" / "pagefind") == bundle
    # A list template edit changes no article page: the bundle is hard-linked.
    theme = Path(__import__("newsgen").__file__).parent / "theme" / "templates"
    (site / "templates").mkdir()
    text = (theme / "list.html").read_text(encoding="utf-8")
    (site / "templates" / "list.html").write_text(text + "<!-- local edit -->\n")
    _build_with_search(site)
    assert file_inodes(site / "public" / "pagefind") == bundle
    # A body edit changes an indexed page: Pagefind runs again.
    article = front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nA late correction.\n")
    _build_with_search(site)
    assert file_inodes(site / "public" / "pagefind") != bundle


def test_spare_folder_is_reused_and_stays_correct(site: Path, tmp_path: Path) -> None:
    """The folder a build replaces becomes the next staging folder: after several
    edits in a row, each build still equals a cold one, and the spare is ours.
    The first build (the site fixture's) leaves a spare of hard links already, so
    the first edit after it need not make a whole tree."""
    spare = site / ".public.spare"
    build_site(site)
    assert (spare / ".newsgen-output").is_file()
    live = site / "public" / "index.html"
    assert (spare / "index.html").stat().st_ino == live.stat().st_ino
    seeded = folder_id(spare)
    article = front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nFirst edit.\n")
    same_as_cold(site, tmp_path)
    assert folder_id(site / "public") == seeded  # the seeded spare was the staging folder
    for n in range(3):
        article.write_text(article.read_text(encoding="utf-8") + f"\nEdit number {n}.\n")
        same_as_cold(site, tmp_path)
        assert (spare / ".newsgen-output").is_file()
    # A page edited by hand and a file dropped into the spare do not survive into the site.
    page = next(p for p in spare.rglob("index.html") if "/entities/" in p.as_posix())
    page.write_text("tampered", encoding="utf-8")
    (spare / "stray.html").write_text("stray", encoding="utf-8")
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more edit.\n")
    same_as_cold(site, tmp_path)
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
    article = front_matter_article(site)
    for n in range(2):
        article.write_text(article.read_text(encoding="utf-8") + f"\nEdit {n}.\n")
        same_as_cold(site, tmp_path)
        assert not (public / "stray").exists()


def test_replacing_a_spare_file_never_touches_the_live_site(site: Path, tmp_path: Path) -> None:
    build_site(site)
    article = front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nFirst edit.\n")
    build_site(site)  # the first site is now the spare, sharing inodes with the live one
    live = tree_bytes(site / "public")
    spare = tree_bytes(site / ".public.spare")
    article.write_text(article.read_text(encoding="utf-8") + "\nSecond edit.\n")
    build_site(site)  # rewrites the spare, then swaps: the old live folder is the new spare
    assert tree_bytes(site / ".public.spare") == live
    assert spare != live


def test_a_spare_folder_newsgen_did_not_make_is_left_alone(site: Path) -> None:
    foreign = site / ".public.spare"
    shutil.rmtree(foreign)  # the one the site fixture's first build left
    shutil.rmtree(site / "public")
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    build_site(site)  # a first build into an empty place: does not seed over it either
    article = front_matter_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nEdit.\n")
    build_site(site)
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_unrecorded_spare_of_ours_is_rewritten_not_trusted(site: Path, tmp_path: Path) -> None:
    """--no-cache builds keep no record of the spare: it is reused, every file replaced."""
    for n in range(3):
        article = front_matter_article(site)
        article.write_text(article.read_text(encoding="utf-8") + f"\nEdit {n}.\n")
        build_site(site, "--no-cache")
    (site / ".public.spare" / "stray.html").write_text("stray", encoding="utf-8")
    same_as_cold(site, tmp_path)
    assert not (site / "public" / "stray.html").exists()
