import dataclasses
from datetime import UTC, datetime

from newsgen.entities.identity import entity_key
from newsgen.extract import with_mentions
from newsgen.index import digest_article
from newsgen.model import ORG, PERSON, PLACE, Article, Mention

TEXT = "Harbour news\n\nJordan Lee met the Harbour Board in Gwadar."


def _article(declared: tuple[tuple[str, str], ...] = ()) -> Article:
    return Article("c.md", "Harbour news", "h", datetime(2024, 1, 1, tzinfo=UTC), TEXT, "", "",
                   declared_entities=declared)  # fmt: skip


def fake(text: str) -> list[Mention]:
    start = text.index("Jordan Lee")
    return [Mention(start, start + 10, "Jordan Lee", PLACE, "Jordan Lee")]


def test_mentions_attached_in_text_order() -> None:
    article = with_mentions(_article(), fake)
    assert [(m.text, m.type) for m in article.mentions] == [("Jordan Lee", PLACE)]


def test_front_matter_entities_win_on_type_and_are_added() -> None:
    declared = ((PERSON, "Jordan Lee"), (ORG, "Harbour Board"), (PLACE, "Atlantis"))
    article = with_mentions(_article(declared), fake)
    found = {(m.name, m.type, m.text) for m in article.mentions}
    assert ("Jordan Lee", PERSON, "Jordan Lee") in found
    assert ("Harbour Board", ORG, "Harbour Board") in found
    assert ("Atlantis", PLACE, "") in found  # declared, not in the text: no span
    board = next(m for m in article.mentions if m.name == "Harbour Board")
    assert TEXT[board.start : board.end] == "Harbour Board"


def test_extract_stage_attaches_the_index_digest() -> None:
    article = with_mentions(_article(((ORG, "Harbour Board"),)), fake)
    assert article.digest == digest_article(dataclasses.replace(article, digest=None))
    assert entity_key(ORG, "Harbour Board") in article.digest.keys
