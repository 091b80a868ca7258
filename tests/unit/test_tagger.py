"""The statistical name tagger behind the built-in extractor (entities/tagger.py)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tracemalloc
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.entities.builtin import find_candidates
from newsgen.entities.features import (
    CAPS_PREFIX,
    NEWLINE,
    RuleCand,
    caps_line,
    features,
    rule_tags,
    shape,
    token_length,
    tokens,
)
from newsgen.entities.gazetteer import load
from newsgen.entities.tagger import (
    MODEL_FILE,
    WINDOW,
    batch_viterbi,
    from_bytes,
    get_tagger,
    search_runs,
    spans_from_tags,
    tag_names,
    to_bytes,
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


# The tokens and shapes as they were before the one-pass tokenizer and the translate
# table: the shipped weights were trained on these, so the faster ones must agree.
_OLD_SPACED_RE = re.compile(
    r"\s*(?:(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Co|Ltd|Gen|Col|Lt|Sgt|Rev|"
    r"Sen|Rep|Gov|Prof|Mt|Ft|No|Bros|[A-Z])\.(?!\w)|['’]s\b|\w+(?:[&\-]\w+|['’](?!s\b)\w+)*|\S)"
)


def _old_tokens(text: str) -> tuple[list[str], list[int]]:
    keys: list[str] = []
    lens: list[int] = []
    for line in text.split("\n"):
        raw = _OLD_SPACED_RE.findall(line)
        if raw:
            if caps_line(line):
                keys += [CAPS_PREFIX + r.lstrip() for r in raw]
            else:
                keys += map(str.lstrip, raw)
            lens += map(len, raw)
            lens.append(len(line) - sum(lens[-len(raw) :]) + 1)
        else:
            lens.append(len(line) + 1)
        keys.append(NEWLINE)
    return keys, lens


def _old_shape(w: str) -> str:
    for rx, rep in ((r"[A-Z]+", "X"), (r"[a-z]+", "x"), (r"[0-9]+", "d")):
        w = re.sub(rx, rep, w)
    return w[:6]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AbUS.Mr ,'’\n\r\t-&xY1()ÉéLONDN\x01\x00", max_size=80))
def test_one_pass_tokens_are_the_line_by_line_ones(text: str) -> None:
    assert tokens(text) == _old_tokens(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AZaz09.-'’Éé&_ ", max_size=12))
def test_shape_is_the_regex_one(word: str) -> None:
    assert shape(word) == _old_shape(word)


def _plain_viterbi(em: np.ndarray) -> list[int]:
    names = tag_names()
    return viterbi(em, transition_mask(names))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 14), st.integers(0, 2**31 - 1))
def test_four_state_search_is_viterbi(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    em = rng.normal(0, 5, (n, len(tag_names()))).astype(np.float32)
    out = np.zeros(n, dtype=np.intp)
    search_runs(em, np.arange(n), [n], out)
    assert out.tolist() == _plain_viterbi(em)
    if n > 3:  # two runs with a token between them left alone
        cut = n // 2
        out = np.full(n, -1, dtype=np.intp)
        search_runs(
            em, np.concatenate([np.arange(cut), np.arange(cut + 1, n)]), [cut, n - cut - 1], out
        )
        assert out[:cut].tolist() == _plain_viterbi(em[:cut])
        assert out[cut + 1 :].tolist() == _plain_viterbi(em[cut + 1 :])
        assert out[cut] == -1


def test_skipping_plain_words_finds_the_full_search_path() -> None:
    # The tagger searches only the stretches where some name tag beats "O" (and their
    # neighbours); on real text that must give what a search over every token gives.
    tagger = get_tagger()
    names = tag_names()
    for doc in sorted(FIXTURES.iterdir()):
        if not (doc / "text.txt").is_file():
            continue
        text = (doc / "text.txt").read_text(encoding="utf-8")
        keys, lens = tokens(text)
        rules = rule_tags(_rules(text), np.cumsum(lens))
        em = tagger.emissions(keys) + tagger.rules[rules]
        full = np.zeros(len(em), dtype=np.intp)
        search_runs(em, np.arange(len(em)), [len(em)], full)
        got = [(s.start, s.end, s.type) for s in tagger.tag(keys, rules)]
        assert got == [(s.start, s.end, s.type) for s in spans_from_tags(full, names)]
        assert got


def test_type_rows_are_the_sums_of_their_feature_weights() -> None:
    tagger = from_bytes(_model_bytes(), load())
    z = np.load(io.BytesIO(_model_bytes()), allow_pickle=False)
    weights = z["weights"].astype(np.float64)
    t = len(tag_names())
    keys = ["Karachi", CAPS_PREFIX + "LONDON", "the", "U.S.", "Zzyzxq-Vale", "1996", NEWLINE]
    em = tagger.emissions(keys)  # adds the rows of the new types
    for key in keys[:-1]:
        ids = [tagger.index[f] for f in features(key, tagger.g) if f in tagger.index]
        want = weights[ids].sum(0).reshape(-1)
        got = tagger.rows[tagger.types[key]]
        np.testing.assert_allclose(got, want, atol=1e-3)
    # The middle word's own row at offset 0 is part of its emission.
    assert em.shape == (len(keys), t)
    mid = tagger.rows[tagger.types[NEWLINE]].reshape(-1, t)[WINDOW]
    assert (mid[1:] < -1e8).all()  # no name takes in a line break


def test_model_bytes_carry_no_time_stamp() -> None:
    rng = np.random.default_rng(0)
    names = tag_names()
    t = len(names)
    args = (["bias", "l=x"], rng.normal(size=(2, 2 * WINDOW + 1, t)), np.zeros((t, t)),
            rng.normal(size=(65, t)), names)  # fmt: skip
    data = to_bytes(*args)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert to_bytes(*args) == data
    back = from_bytes(data, load())
    assert back.names == names and back.constraints_only


def test_type_cache_is_bounded_and_results_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsgen.entities.tagger as tagger_module

    tagger = from_bytes(_model_bytes(), load())
    first = tagger.tag_text(SENTENCE, _rules(SENTENCE))
    monkeypatch.setattr(tagger_module, "MAX_TYPES", 50)
    for i in range(5):  # hostile text: every word new
        text = " ".join(f"Word{i}x{j}" for j in range(40))
        tagger.tag_text(text, _rules(text))
        assert len(tagger.types) <= 50 + 41
    assert tagger.tag_text(SENTENCE, _rules(SENTENCE)) == first
