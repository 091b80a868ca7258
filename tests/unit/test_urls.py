from datetime import UTC, datetime
from pathlib import Path

from newsgen import urls
from newsgen.model import PERSON, Article


def _article() -> Article:
    return Article("content/a.md", "T", "ferry", datetime(2024, 3, 9, tzinfo=UTC), "T", "", "")


def test_pretty_paths_and_pages() -> None:
    assert urls.article(_article()) == "2024/03/ferry/"
    assert urls.tag("ports", 1) == "tags/ports/"
    assert urls.tag("ports", 3) == "tags/ports/page/3/"
    assert urls.entity(PERSON, "ann-lee") == "entities/people/ann-lee/"
    assert urls.output_file("2024/03/ferry/") == "2024/03/ferry/index.html"
    assert urls.output_file("atom.xml") == "atom.xml"


def test_relative_links_work_from_any_depth() -> None:
    assert urls.relative("", "tags/") == "tags/"
    assert urls.relative("", "") == "./"
    assert urls.relative("2024/03/ferry/", "tags/x/") == "../../../tags/x/"
    assert urls.relative("tags/x/", "") == "../../"


def test_absolute() -> None:
    assert urls.absolute("https://x.org/news/", "2024/") == "https://x.org/news/2024/"


def test_component_keeps_short_slugs() -> None:
    assert urls.component("ann-lee") == "ann-lee"
    fits = "a" * urls.MAX_COMPONENT_BYTES
    assert urls.component(fits) == fits


def test_component_caps_long_slugs_deterministically_and_apart() -> None:
    one, two = "a" * 300, "a" * 299 + "b"
    capped = urls.component(one)
    assert len(capped.encode()) <= urls.MAX_COMPONENT_BYTES
    assert capped == urls.component(one)  # the same slug, the same component
    assert capped != urls.component(two)  # a shared beginning does not collide
    assert capped.startswith("a" * 100)


def test_component_cuts_on_a_character_boundary() -> None:
    slug = "é" * 200  # two bytes each: a byte cut could split one
    capped = urls.component(slug)
    assert len(capped.encode("utf-8")) <= urls.MAX_COMPONENT_BYTES
    assert capped.encode("utf-8").decode("utf-8") == capped
    assert capped.rpartition("-")[0] == "é" * 64


def test_article_files_are_what_the_search_glob_and_pattern_match(tmp_path: Path) -> None:
    """The search index reads article pages by urls.ARTICLE_GLOB / ARTICLE_FILE:
    both match every article path urls.article makes, and no other page."""
    for year, month, slug in ((2024, 5, "ferry"), (999, 12, "x-1"), (2024, 1, "ü-é")):
        item = Article("a.md", "t", slug, datetime(year, month, 1, tzinfo=UTC), "", "", "")
        path = urls.output_file(urls.article(item))
        assert urls.ARTICLE_FILE.fullmatch(path), path
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("")
    for other in (urls.tag("t"), urls.month(2024, 5), urls.entity(PERSON, "x"), "2024/05/"):
        assert not urls.ARTICLE_FILE.fullmatch(urls.output_file(other)), other
    assert len(list(tmp_path.glob(urls.ARTICLE_GLOB))) == 3
