"""The built-in extractor against the shared NER dev set (entity-level F1)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from newsgen.entities import extract_entity_dicts

NER_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "ner"
MIN_ENTITY_F1 = 0.75


def load_scorer() -> ModuleType:
    """The shared scorer, imported from its file (it is not a package)."""
    path = NER_DIR / "score.py"
    if not (path.is_file() and (NER_DIR / "dev").is_dir()):
        pytest.skip(f"shared NER evaluation data not found at {NER_DIR.resolve()}")
    spec = importlib.util.spec_from_file_location("newsgen_ner_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dev_scores(extract: object) -> dict[str, dict[str, float]]:
    score = load_scorer()
    docs = score.load_split(str(NER_DIR), "dev")
    pred = {d["id"]: list(extract(d["text"])) for d in docs}  # type: ignore[operator]
    result, _errors = score.score(docs, pred)
    assert not result["warnings"], result["warnings"]
    return result


def test_builtin_dev_entity_f1() -> None:
    result = dev_scores(extract_entity_dicts)
    assert result["entity"]["f1"] >= MIN_ENTITY_F1, result["entity"]
    # Spans must be usable as-is, not only as names.
    assert result["exact"]["f1"] >= 0.7, result["exact"]
