import pytest

from newsgen.errors import ContentError
from newsgen.parse.frontmatter import split_front_matter


def test_no_front_matter() -> None:
    split = split_front_matter("Title\n\nBody", "a.txt")
    assert split.meta == {} and split.body == "Title\n\nBody" and not split.has_front_matter


def test_front_matter_keys_lowercased_and_body_line() -> None:
    split = split_front_matter("---\nTitle: Hi\ntags: [a]\n---\nBody\n", "a.md")
    assert split.meta == {"title": "Hi", "tags": ["a"]}
    assert split.body == "Body\n"
    assert split.body_line == 5


def test_broken_yaml_reports_file_line() -> None:
    with pytest.raises(ContentError) as caught:
        split_front_matter("---\ntitle: ok\ntags: [a, b\n---\nBody", "x.md")
    assert caught.value.path == "x.md"
    assert caught.value.line in (3, 4, 5)


def test_unclosed_block() -> None:
    with pytest.raises(ContentError, match="never closed"):
        split_front_matter("---\ntitle: x\n", "x.md")


def test_non_mapping() -> None:
    with pytest.raises(ContentError, match="mapping"):
        split_front_matter("---\n- a\n- b\n---\n", "x.md")
