"""The statistical name tagger behind the built-in extractor (entities/tagger.py)."""

from __future__ import annotations

import io
import subprocess
import sys
import tracemalloc
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.entities.builtin import find_candidates
from newsgen.entities.features import CAPS_PREFIX, NEWLINE, RuleCand, token_length, tokens
from newsgen.entities.gazetteer import load
from newsgen.entities.tagger import (
    MODEL_FILE,
    batch_viterbi,
    from_bytes,
    get_tagger,
    tag_names,
    transition_mask,
    viterbi,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "ner"
SENTENCE = (
    "Prime Minister Ayesha Rahman met officials of the World Food Programme in Karachi "
    "on Tuesday, and Tariq Mehmood of the Asian Development Bank flew to Lahore."
)


def _model_bytes() -> bytes:
    return resources.files("newsgen.entities").joinpath("data", MODEL_FILE).read_bytes()


def _rules(text: str) -> list[RuleCand]:
    """The rule candidates: one of the tagger's inputs, as the extractor passes them."""
    return [(c.start, c.end, c.type, c.strength) for c in find_candidates(text, load())]


def _tagged(text: str) -> set[tuple[str, str]]:
    return {(text[a:b], typ) for a, b, typ in get_tagger().tag_text(text, _rules(text))}


def test_model_file_is_small_plain_arrays() -> None:
    data = _model_bytes()
    assert len(data) < 2_000_000
    with np.load(io.BytesIO(data), allow_pickle=False) as z:  # no pickle inside
        assert set(z.files) == {"features", "names", "weights", "trans", "rules"}
        names = z["names"].tobytes().decode("utf-8").split("\n")
    assert names == tag_names()


def test_loaded_once_per_process() -> None:
    assert get_tagger() is get_tagger()


def test_tags_a_known_sentence() -> None:
    found = _tagged(SENTENCE)
    assert ("Ayesha Rahman", "PERSON") in found
    assert ("Tariq Mehmood", "PERSON") in found
    # ("World Food Programme" is missed: the rules call "Programme" no name's head.)
    assert ("Asian Development Bank", "ORG") in found
    assert ("Karachi", "PLACE") in found
    assert ("Lahore", "PLACE") in found
    assert not {w for w, _ in found} & {"Prime", "Minister", "Tuesday"}


def test_headline_in_capitals() -> None:
    found = _tagged("FLOODS HIT KARACHI AS TALKS OPEN IN LONDON\n\nOfficials met.")
    assert ("LONDON", "PLACE") in found
    # In CoNLL's capitals headlines a place is often a sports side: ORG is its guess.
    assert {w for w, _ in found} == {"KARACHI", "LONDON"}


def test_deterministic_whatever_was_tagged_before() -> None:
    other = "Officials in Gwadar met Sara Khan of the Coastal Development Authority."
    rules = _rules(SENTENCE)
    first = get_tagger().tag_text(SENTENCE, rules)
    fresh = from_bytes(_model_bytes(), load())  # word types met in another order
    fresh.tag_text(other, _rules(other))
    assert fresh.tag_text(SENTENCE, rules) == first
    assert get_tagger().tag_text(SENTENCE, rules) == first


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="Ab .,'’\n\t-&xY1()É", max_size=60))
def test_token_offsets_add_up(text: str) -> None:
    keys, lens = tokens(text)
    ends = np.cumsum(lens).tolist()
    for key, end in zip(keys, ends, strict=True):
        if key == NEWLINE:
            continue
        word = key.removeprefix(CAPS_PREFIX)
        assert text[end - token_length(key) : end] == word
    assert "".join(text.split()) == "".join(
        k.removeprefix(CAPS_PREFIX) for k in keys if k != NEWLINE
    )


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), st.integers(0, 2**31 - 1))
def test_batched_viterbi_is_viterbi(n: int, seed: int) -> None:
    names = tag_names()
    rng = np.random.default_rng(seed)
    em = rng.normal(0, 5, (n, len(names))).astype(np.float32)
    trans = rng.normal(0, 2, (len(names), len(names))).astype(np.float32)
    trans += transition_mask(names)
    whole = batch_viterbi(em, np.array([0]), np.array([n]), trans).tolist()
    assert whole == viterbi(em, trans)
    if n > 3:  # two runs side by side, each on its own
        cut = n // 2
        both = batch_viterbi(em, np.array([0, cut + 1]), np.array([cut, n - cut - 1]), trans)
        assert both[:cut].tolist() == viterbi(em[:cut], trans)
        assert both[cut + 1 :].tolist() == viterbi(em[cut + 1 :], trans)
        assert both[cut] == 0


def test_training_is_deterministic(tmp_path: Path) -> None:
    outs = [tmp_path / "a.npz", tmp_path / "b.npz"]
    for out in outs:
        result = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "train_tagger.py"), "--train", str(FIXTURES),
             "--epochs", "2", "--out", str(out)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert outs[0].read_bytes() == outs[1].read_bytes()
    tagger = from_bytes(outs[0].read_bytes(), load())
    text = "Officials met in Athens."
    assert isinstance(tagger.tag_text(text, _rules(text)), list)


@pytest.mark.parametrize("text", ["", "\n\n", "   ", "no capitals here at all."])
def test_nothing_to_tag(text: str) -> None:
    assert get_tagger().tag_text(text, _rules(text)) == []


def test_long_and_many_runs_stay_linear() -> None:
    # Many short names and one very long capitalised stretch: the runs must not be
    # padded to the longest one (that would be runs x length in memory and time).
    # (Padded, 2,000 x 2,000 here would be over 1 GB.)
    text = ", ".join(["Karachi"] * 2000) + ". " + " ".join(["Khan"] * 2000)
    rules = _rules(text)
    tracemalloc.start()
    try:
        spans = get_tagger().tag_text(text, rules)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000
    assert all(0 <= a < b <= len(text) for a, b, _ in spans)
    assert sum(text[a:b] == "Karachi" for a, b, _ in spans) > 1000


def test_control_characters_keep_offsets() -> None:
    # "\x00" and "\x01" mark pseudo-tokens and capitals lines inside the tagger; the
    # same characters in a text must not shift the offsets of what follows.
    text = "Talks \x01 in \x00 Karachi \x01\x00 and LONDON \x01 CALLS\n\x01 Sara Khan spoke."
    keys, lens = tokens(text)
    ends = np.cumsum(lens).tolist()
    for key, end in zip(keys, ends, strict=True):
        if key != NEWLINE:
            assert text[end - token_length(key) : end].strip()
    for a, b, _ in get_tagger().tag_text(text, _rules(text)):
        assert text[a:b] == text[a:b].strip() and "\x00" not in text[a:b]
    assert "Karachi" in {text[a:b] for a, b, _ in get_tagger().tag_text(text, _rules(text))}
