"""Named entities: the extractor protocol and the built-in extractor."""

from __future__ import annotations

from newsgen.model import Mention


def extract_entities(text: str) -> list[Mention]:
    """Find people, organizations and places in ``text``.  (placeholder, being built)"""
    return []


__all__ = ["extract_entities"]
