from datetime import UTC, datetime

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
