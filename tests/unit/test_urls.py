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
    assert urls.home(2) == "page/2/"
    assert urls.output_file("2024/03/ferry/") == "2024/03/ferry/index.html"
    assert urls.output_file("atom.xml") == "atom.xml"


def test_relative_links_work_from_any_depth() -> None:
    assert urls.relative("", "tags/") == "tags/"
    assert urls.relative("", "") == "./"
    assert urls.relative("2024/03/ferry/", "tags/x/") == "../../../tags/x/"
    assert urls.relative("tags/x/", "") == "../../"


def test_absolute() -> None:
    assert urls.absolute("https://x.org/news/", "2024/") == "https://x.org/news/2024/"
