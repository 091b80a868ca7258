"""The mentions entity pages are made of: the extractor's, cleaned by the identity rules.

For the shared scorer (``score.py --callable bench.ner_pages:extract``): the built-in
extractor's mentions after ``newsgen.entities.identity.clean_mentions`` (sentence-initial
words and titles dropped, "X and Y" split), so the cleaning's effect on mention-level
scores can be measured beside ``bench/ner.py``'s figures for the extractor alone.
"""

from __future__ import annotations

from newsgen.entities import extract_entities
from newsgen.entities.identity import clean_mentions


def extract(text: str) -> list[dict[str, object]]:
    return [m.to_dict() for m, _ in clean_mentions(text, extract_entities(text))]
