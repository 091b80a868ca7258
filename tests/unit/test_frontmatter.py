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


def test_each_field_has_its_file_line() -> None:
    split = split_front_matter("---\ntitle: Hi\n\ntags: [a]\nTitle2: x\n---\nBody\n", "a.md")
    assert split.lines == {"title": 2, "tags": 4, "title2": 5}
    assert split.errors == () and split.refused == frozenset()


def test_a_value_yaml_cannot_make_is_refused_alone() -> None:
    text = "---\ntitle: Hi\ndate: 2024-99-01\ntags: [a]\nupdated: 2024-02-30\n---\nBody\n"
    split = split_front_matter(text, "a.md")
    assert split.meta == {"title": "Hi", "tags": ["a"]}
    assert split.refused == {"date", "updated"}
    assert [(p.line, p.message) for p in split.errors] == [
        (3, "date: '2024-99-01' is not a date (month must be in 1..12)"),
        (5, "updated: '2024-02-30' is not a date (day is out of range for month)"),
    ]


def test_every_field_given_twice_is_an_error() -> None:
    text = "---\ntitle: a\ndraft: true\nTitle: b\nDraft: false\n---\n"
    split = split_front_matter(text, "a.md")
    assert [(p.line, p.message) for p in split.errors] == [
        (4, "front matter field 'title' given twice (first on line 2)"),
        (5, "front matter field 'draft' given twice (first on line 3)"),
    ]
