"""collisions.separate on heads: the one place article URLs are compared."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsgen import urls
from newsgen.collisions import _own_slug, separate
from newsgen.errors import BuildError
from newsgen.index import article_head
from newsgen.model import Article, ArticleHead


def _head(path: str, day: int, slug: str, text: str) -> ArticleHead:
    moment = datetime(2024, 3, day, tzinfo=UTC)
    return article_head(Article(path, "Letters", slug, moment, text, f"<p>{text}</p>", ""))


def test_colliding_headlines_get_urls_of_their_own() -> None:
    first = _head("content/a.txt", 4, "letters", "One.")
    second = _head("content/b.txt", 11, "letters", "Two.")
    separated = separate([second, first])
    paths = {h.source_path: urls.article(h) for h in separated.heads}
    assert paths["content/a.txt"] == "2024/03/letters/"
    assert paths["content/b.txt"] == f"2024/03/{_own_slug(second)}/"
    assert separated.renamed == 1 and len(separated.problems) == 1


def test_a_renamed_url_another_article_claims_stops_the_build_naming_both() -> None:
    first = _head("content/a.txt", 4, "letters", "One.")
    second = _head("content/b.txt", 11, "letters", "Two.")
    squatter = _head("content/c.txt", 20, _own_slug(second), "Three.")
    with pytest.raises(BuildError) as raised:
        separate([first, second, squatter])
    message = str(raised.value)
    assert f"/2024/03/{_own_slug(second)}/" in message
    assert "content/b.txt" in message and "content/c.txt" in message


def test_distinct_urls_are_left_alone() -> None:
    heads = [_head("content/a.txt", 4, "a", "One."), _head("content/b.txt", 4, "b", "Two.")]
    separated = separate(heads)
    assert separated.heads == tuple(heads) and not separated.problems
