"""Which section a path or a front matter value makes, and the site's order."""

from __future__ import annotations

import pytest

from newsgen.errors import ContentError
from newsgen.sections import article_section, folder_section, site_sections


@pytest.mark.parametrize(
    ("path", "content_dir", "expected"),
    [
        ("content/economy/x.md", "content", "economy"),
        ("content/economy/2024/x.md", "content", "economy"),
        ("content/2024/economy/x.md", "content", "economy"),
        ("content/2024/11/03/Sport News/x.md", "content", "sport-news"),
        ("content/2024-11/health/x.md", "content", "health"),
        ("content/2024/x.md", "content", None),
        ("content/x.md", "content", None),
        ("content/undated/x.md", "content", None),
        ("articles/news/world/x.md", "articles/news", "world"),
        ("articles/news/world/x.md", "./articles/news/", "world"),
        ("world/x.md", ".", "world"),
        ("other/world/x.md", "content", None),
    ],
)
def test_folder_section(path: str, content_dir: str, expected: str | None) -> None:
    assert folder_section(path, content_dir) == expected


def test_front_matter_wins_and_false_opts_out() -> None:
    path = "content/economy/x.md"
    assert article_section("Sport", path, "content") == "sport"
    assert article_section(False, path, "content") is None
    assert article_section(None, path, "content") == "economy"
    assert article_section("  ", path, "content") == "economy"
    for bad in (2024, "!!!", ["a"], {"a": 1}, True, 1.5):
        with pytest.raises(ContentError) as caught:
            article_section(bad, path, "content")
        assert caught.value.path == path and "section:" in str(caught.value)


def test_configured_sections_first_then_the_rest_a_to_z() -> None:
    members = [("a1", "sport"), ("a2", None), ("a3", "economy"), ("a4", "arts"), ("a5", "sport")]
    configured = [("sport", "Sport", "", True), ("empty", "Nothing here", "", True)]
    found = site_sections(configured, members)
    assert [(s.name, s.title, s.home, s.articles) for s in found] == [
        ("sport", "Sport", True, ("a1", "a5")),
        ("arts", "Arts", False, ("a4",)),
        ("economy", "Economy", False, ("a3",)),
    ]
