"""parse_source: bytes to Article, with the metadata chain, on records in memory."""

from datetime import UTC, datetime

import pytest
from tests.conftest import SAMPLE

from newsgen.config import parse_config
from newsgen.errors import ContentError
from newsgen.model import SourceFile
from newsgen.parse import parse_source

CONFIG = parse_config("timezone: Asia/Karachi\nsummary_words: 5\n")
GIT = datetime(2023, 5, 6, 7, 0, tzinfo=UTC)


def _parse(path: str, text: str | bytes, created: datetime | None = None):  # type: ignore[no-untyped-def]
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return parse_source(SourceFile(path, data, created, created, GIT), CONFIG)


def test_sample_fields() -> None:
    parsed = _parse("content/2021-11-08-sample.txt", SAMPLE.read_bytes())
    article = parsed.article
    assert article.title.startswith("China-Pakistan Science and Technology cooperation center")
    assert article.dateline == "BEIJING"
    assert article.date == datetime(2021, 11, 8, tzinfo=CONFIG.zone)
    assert article.date_source == "file name"
    assert parsed.record.paragraphs[-1].endswith("through various live streaming platforms.")
    assert parsed.record.paragraphs[0].startswith(
        "China-Pakistan Science and Technology Cooperation"
    )
    assert "Must Read" not in article.text
    assert article.format == "text"
    assert article.summary.endswith(" …") and len(article.summary.split()) == 6


def test_front_matter_wins_over_everything() -> None:
    text = "---\ntitle: Given\ndate: 2020-01-02\ndateline: QUETTA\nauthor: Ann\nslug: fixed\n---\nGuessed\n\nLAHORE: Body.\n"
    article = _parse("content/2019-09-09-x.txt", text, GIT).article
    assert (article.title, article.dateline, article.byline, article.slug) == (
        "Given",
        "QUETTA",
        "Ann",
        "fixed",
    )
    assert article.date.date().isoformat() == "2020-01-02"


def test_date_chain_falls_back_to_git_then_mtime() -> None:
    assert _parse("content/x.md", "# T\n\nBody", GIT).article.date_source == "git"
    parsed = _parse("content/x.md", "# T\n\nBody")
    assert parsed.article.date_source == "modification time"
    assert any("mtime" in w.message for w in parsed.warnings)


def test_markdown_title_from_heading_and_body_html() -> None:
    article = _parse("content/2024-01-01-m.md", "# The head\n\nSome *emphasis*.\n").article
    assert article.title == "The head"
    assert article.body_html == "<p>Some <em>emphasis</em>.</p>"
    assert article.text == "The head\n\nSome emphasis."


def test_text_front_matter_title_with_prose_body() -> None:
    body = "---\ntitle: Given\ndate: 2024-01-01\n---\nThe council met on Monday and agreed a budget for the coming year after a long debate.\n\nMore.\n"
    parsed = _parse("content/a.txt", body)
    assert parsed.article.title == "Given"
    assert parsed.record.paragraphs[0].startswith("The council met")


def test_unknown_front_matter_field_warns() -> None:
    parsed = _parse("content/2024-01-01-a.md", "---\ntitle: T\ncolour: red\n---\nx\n")
    assert [w.message for w in parsed.warnings] == ["unknown front matter field 'colour' ignored"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("---\ntitle: T\ndate: soon\n---\nx", "not a date"),
        ("---\ntitle: T\ndraft: maybe\n---\nx", "true or false"),
        ("---\ntitle: T\ntags: {a: 1}\n---\nx", "tags"),
        ("---\ndate: 2024-01-01\n---\n", "no title"),
    ],
)
def test_bad_fields_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ContentError, match=message) as caught:
        _parse("content/bad.md", text)
    assert caught.value.path == "content/bad.md"
