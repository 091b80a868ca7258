"""Named entities: the extractor protocol, the built-in extractor and backend selection."""

from __future__ import annotations

from collections.abc import Callable

from newsgen.model import Mention

Extractor = Callable[[str], list[Mention]]


def extract_entities(text: str) -> list[Mention]:
    """Find people, organizations and places in ``text`` with the built-in extractor.

    Mentions come in text order; each has a character span (``end`` exclusive), its
    text, a type (PERSON, ORG, PLACE) and the canonical name it resolves to within
    this text ("Haque" -> "Moin ul Haque", "STZA" -> "Special Technology Zones
    Authority"). Deterministic; the tagger model and lexicons load once, on first
    call.
    """
    from newsgen.entities.builtin import extract

    return extract(text)


def extract_entity_dicts(text: str) -> list[dict[str, object]]:
    """``extract_entities`` as plain dicts: the span format of the shared NER scorer."""
    return [m.to_dict() for m in extract_entities(text)]


def get_extractor(backend: str = "builtin") -> Extractor:
    """The extractor for config ``entities: {backend: ...}``: "builtin" or "spacy".

    Raises ``newsgen.errors.ConfigError`` for an unknown backend, or when spaCy or its
    English model is not installed.
    """
    if backend in ("builtin", "default", ""):
        return extract_entities
    if backend == "spacy":
        from newsgen.entities.spacy_backend import load_spacy_extractor

        return load_spacy_extractor()
    from newsgen.errors import ConfigError

    raise ConfigError(f"unknown entities backend {backend!r}: use 'builtin' or 'spacy'")


__all__ = ["Extractor", "extract_entities", "extract_entity_dicts", "get_extractor"]
