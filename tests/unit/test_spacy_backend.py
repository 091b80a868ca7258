"""The optional spaCy backend: skipped where spaCy and its English model are missing."""

from __future__ import annotations

import importlib.util

import pytest

from newsgen.entities import get_extractor
from newsgen.errors import ConfigError
from newsgen.model import ORG, PERSON, PLACE, Mention


def _extractor():  # -> Callable[[str], list[Mention]]
    if importlib.util.find_spec("spacy") is None:
        pytest.skip("spaCy is not installed (pip install 'newsgen[spacy]')")
    try:
        return get_extractor("spacy")
    except ConfigError as e:
        pytest.skip(str(e))


def test_missing_spacy_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from newsgen.entities import spacy_backend

    real_import = builtins.__import__

    def no_spacy(name: str, *args: object, **kwargs: object) -> object:
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    spacy_backend._nlp.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_spacy)
    monkeypatch.delitem(__import__("sys").modules, "spacy", raising=False)
    with pytest.raises(ConfigError, match=r"pip install 'newsgen\[spacy\]'"):
        get_extractor("spacy")
    spacy_backend._nlp.cache_clear()


def test_spacy_post_processing() -> None:
    extract = _extractor()
    text = (
        "Pakistan Ambassador to China, Moin ul Haque, met officials of the Special "
        "Technology Zones Authority (STZA) in Beijing. Later, Haque said the STZA would "
        "open an office. He also visited the Museum of Flight in Seattle."
    )
    ms: list[Mention] = extract(text)
    for m in ms:
        assert text[m.start : m.end] == m.text
    pairs = {(m.text, m.type, m.name) for m in ms}
    assert (
        "Special Technology Zones Authority",
        ORG,
        "Special Technology Zones Authority",
    ) in pairs
    assert ("STZA", ORG, "Special Technology Zones Authority") in pairs
    assert ("Beijing", PLACE, "Beijing") in pairs
    assert ("Museum of Flight", PLACE, "Museum of Flight") in pairs  # not ORG, as in OntoNotes
    assert any(m.type == PERSON and m.name == "Moin ul Haque" for m in ms)
    assert not any(m.text.startswith(("the ", "The ", "Ambassador")) for m in ms)
    assert extract(text) == ms


def test_spacy_dev_entity_f1() -> None:
    extract = _extractor()
    from tests.unit.test_entities_eval import MIN_ENTITY_F1, fixture_entity_f1

    f1 = fixture_entity_f1(lambda text: [m.to_dict() for m in extract(text)])
    assert f1 >= MIN_ENTITY_F1
