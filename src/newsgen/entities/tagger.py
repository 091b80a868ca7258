"""The statistical name tagger: a linear-chain averaged perceptron over BILOU tags.

The score of tag t at token i is ``sum over o in -2..2 of W[o][type(i+o)][t]`` plus a
transition score from the previous tag. Every feature belongs to one word type at one
offset, so a type's five score rows are summed once per process (``_rows``) and a text
costs a dictionary lookup per token, five numpy gathers, and a small Viterbi over the
stretches where some name tag comes close to "O" (most tokens are plainly outside any
name and need no search).

The weights are trained by ``bench/train_tagger.py`` on CoNLL-2003 English and shipped
as ``data/tagger.npz`` (plain arrays, no pickle), loaded on first use.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from newsgen.entities.features import (
    CAPS_PREFIX,
    NEWLINE,
    PAD,
    RuleCand,
    features,
    rule_tags,
    token_length,
    tokens,
)
from newsgen.entities.gazetteer import Gazetteer, load

MODEL_FILE = "tagger.npz"
WINDOW = 2  # offsets -2..+2
MARGIN_SCALE = 1.0
_LONG_RUN = 24  # tokens
# Punctuation that ends a sentence or separates names: never inside one ("Twitter /
# Barack Obama", "Ministry of Culture. Due").
_ALWAYS_O = frozenset('.,;:?!()[]{}"“”/|')
_NEG = -1e9


def tag_names(types: tuple[str, ...] = ("PERSON", "ORG", "PLACE")) -> list[str]:
    return ["O"] + [f"{p}-{t}" for t in types for p in "BILU"]


def allowed(prev: str, cur: str) -> bool:
    """BILOU: inside a name only I or L of the same type may follow B or I."""
    p_in = prev[0] in "BI"
    c_in = cur[0] in "IL"
    if p_in or c_in:
        return p_in and c_in and prev[2:] == cur[2:]
    return True


def transition_mask(names: list[str]) -> np.ndarray:
    """0 where a transition is allowed, a large negative number where not."""
    return np.array(
        [[0.0 if allowed(a, b) else _NEG for b in names] for a in names], dtype=np.float32
    )


@dataclass(slots=True)
class Span:
    start: int  # token index
    end: int  # token index, exclusive
    type: str


def spans_from_tags(tags: list[int] | np.ndarray, names: list[str]) -> list[Span]:
    """Spans from tag ids (0 is "O"); only the other tags are looked at."""
    out: list[Span] = []
    start = -1
    arr = np.asarray(tags)
    nz = np.flatnonzero(arr)
    prev = -2
    for i, t in zip(nz.tolist(), arr[nz].tolist(), strict=True):
        if i != prev + 1:
            start = -1  # an "O" came between
        prev = i
        name = names[t]
        p = name[0]
        if p == "U":
            out.append(Span(i, i + 1, name[2:]))
            start = -1
        elif p == "B":
            start = i
        elif p == "L" and start >= 0:
            out.append(Span(start, i + 1, name[2:]))
            start = -1
        elif p == "O":
            start = -1
    return out


def batch_viterbi(
    em: np.ndarray,
    firsts: np.ndarray,
    lengths: np.ndarray,
    trans: np.ndarray,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Best tags of all tokens: Viterbi over each run ``firsts[r]``, ``lengths[r]``
    (entering from and leaving to "O"), all runs in step; other tokens are "O".
    Writes into ``out`` (tag ids, one per token) if given."""
    runs, longest, t = len(firsts), int(lengths.max()), em.shape[1]
    trans_t = trans.T  # [to, from]: the reductions below run over the last axis
    steps = np.arange(longest)
    pos = firsts[:, None] + steps[None, :]  # (runs, longest)
    valid = steps[None, :] < lengths[:, None]
    batch = np.full((longest, runs, t), _NEG, dtype=em.dtype)
    batch[:, :, 0] = 0.0  # past a run's end: "O", at the same cost for every path
    batch[valid.T] = em[pos.T[valid.T]]
    score = trans[0][None, :] + batch[0]
    back = np.empty((longest, runs, t), dtype=np.intp)
    for k in range(1, longest):
        cand = score[:, None, :] + trans_t
        back[k] = cand.argmax(2)
        score = cand.max(2)
        score += batch[k]
    score += trans[:, 0][None, :]
    cur = score.argmax(1)
    best = np.empty((longest, runs), dtype=np.intp)
    rows = np.arange(runs)
    for k in range(longest - 1, -1, -1):
        best[k] = cur
        cur = back[k, rows, cur]
    if out is None:
        out = np.zeros(len(em), dtype=np.intp)
    out[pos.T[valid.T]] = best[valid.T]
    return out


def viterbi(em: np.ndarray, trans: np.ndarray) -> list[int]:
    """Best tag path for emission rows ``em``, entering from and leaving to tag 0 ("O")."""
    n = len(em)
    score = trans[0] + em[0]
    back = []
    for i in range(1, n):
        cand = score[:, None] + trans
        back.append(cand.argmax(0))
        score = cand.max(0) + em[i]
    score = score + trans[:, 0]
    t = int(score.argmax())
    path = [t]
    for best in reversed(back):
        t = int(best[t])
        path.append(t)
    path.reverse()
    return path


class Tagger:
    """Tags texts with trained weights; caches each word type's score rows."""

    def __init__(
        self,
        feats: list[str],
        weights: np.ndarray,
        trans: np.ndarray,
        rules: np.ndarray,
        names: list[str],
        g: Gazetteer,
    ) -> None:
        self.index = {f: i for i, f in enumerate(feats)}
        self.rules = rules.astype(np.float32)  # (len(RULE_LABELS), tags)
        self.weights = weights.astype(np.float32)  # (features, 2*WINDOW+1, tags)
        self.names = names
        self.trans = np.ascontiguousarray(trans.astype(np.float32) + transition_mask(names))
        # A token whose "O" score beats every name tag by more than any change of
        # transition scores could make up is "O" whatever its neighbours are; the
        # search skips it. (Looser is faster; see bench/ner.py for the trade.)
        finite = trans[np.isfinite(trans)]
        self.margin = float(MARGIN_SCALE * (finite.max() - finite.min()))
        self.g = g
        self.types: dict[str, int] = {}
        self.rows = np.zeros((1024, 2 * WINDOW + 1, len(names)), dtype=np.float32)
        self._row(PAD)
        self._row(NEWLINE)
        # A name never spans a line break.
        self.rows[self.types[NEWLINE], WINDOW, 1:] = _NEG

    def _row(self, key: str) -> int:
        return self._rows([key])[0]

    def _rows(self, keys: list[str]) -> list[int]:
        """Add the score rows of new type keys (in one numpy sum); their row numbers."""
        out = []
        feats: list[int] = []
        starts: list[int] = []
        for key in keys:
            known = self.types.get(key)
            if known is None:
                known = self.types[key] = len(self.types)
                starts.append(len(feats))
                # "bias" is in every model: no type has an empty feature list.
                feats += [i for f in features(key, self.g) if (i := self.index.get(f)) is not None]
            out.append(known)
        if starts:
            n = len(self.types)
            if n > len(self.rows):
                grown = np.zeros((max(n, 2 * len(self.rows)), *self.rows.shape[1:]), np.float32)
                grown[: len(self.rows)] = self.rows
                self.rows = grown
            sums = np.add.reduceat(self.weights[feats], starts, axis=0)
            self.rows[n - len(starts) : n] = sums
            for key in keys:
                if key.lstrip(CAPS_PREFIX) in _ALWAYS_O:
                    self.rows[self.types[key], WINDOW, 1:] = _NEG
        return out

    def emissions(self, keys: list[str]) -> np.ndarray:
        ids = list(map(self.types.get, keys))
        if None in ids:
            new = [k for k, i in zip(keys, ids, strict=True) if i is None]
            self._rows(new)
            ids = list(map(self.types.__getitem__, keys))
        n = len(ids)
        pad = self.types[PAD]
        padded = np.array([pad] * WINDOW + ids + [pad] * WINDOW, dtype=np.intp)
        rows = self.rows
        em: np.ndarray = rows[padded[0:n], 0].copy()
        for o in range(1, 2 * WINDOW + 1):
            em += rows[padded[o : o + n], o]
        return em

    def tag(self, keys: list[str], rules: np.ndarray) -> list[Span]:
        """Name spans (token indices) over type keys and rule labels, in order."""
        if not keys:
            return []
        em = self.emissions(keys)
        em += self.rules[rules]
        best_name = em[:, 1:].max(1)
        near = em[:, 0] < best_name + self.margin
        if not near.any():
            return []
        # A name's inner words ("of" in "Bank of England") can look plainly outside
        # one on their own: the words next to a near one are searched too, except
        # those that are never in a name (line breaks, "," "."), where runs can end.
        near[1:] |= near[:-1]
        near[:-1] |= near[1:]
        near &= best_name > _NEG / 2
        close = np.flatnonzero(near)
        # Runs of consecutive tokens between certain "O"s, searched side by side.
        breaks = np.flatnonzero(np.diff(close) > 1) + 1
        firsts = close[np.concatenate(([0], breaks))]
        lengths = np.diff(np.concatenate(([0], breaks, [len(close)])))
        # Runs go side by side, padded to the longest: a long one (a list of names
        # in capitals, or hostile text) is searched on its own, so the work stays
        # linear in the text.
        tags = np.zeros(len(em), dtype=np.intp)
        short = lengths <= _LONG_RUN
        if short.any():
            batch_viterbi(em, firsts[short], lengths[short], self.trans, tags)
        for i in np.flatnonzero(~short).tolist():
            batch_viterbi(em, firsts[i : i + 1], lengths[i : i + 1], self.trans, tags)
        return spans_from_tags(tags, self.names)

    def tag_text(self, text: str, cands: list[RuleCand]) -> list[tuple[int, int, str]]:
        """(start, end, type) character spans of the names in ``text``; ``cands`` are
        the rules' candidates (start, end, type or None, strength)."""
        keys, lens = tokens(text)
        ends_arr = np.cumsum(lens)
        spans = self.tag(keys, rule_tags(cands, ends_arr))
        if not spans:
            return []
        ends = ends_arr.tolist()
        return [
            (ends[sp.start] - token_length(keys[sp.start]), ends[sp.end - 1], sp.type)
            for sp in spans
        ]


def save(
    path: str,
    feats: list[str],
    weights: np.ndarray,
    trans: np.ndarray,
    rules: np.ndarray,
    names: list[str],
) -> None:
    """Write the model as a compressed npz of plain arrays (strings as UTF-8 bytes)."""
    np.savez_compressed(
        path,
        features=np.frombuffer("\n".join(feats).encode("utf-8"), dtype=np.uint8),
        names=np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8),
        weights=weights.astype(np.float16),
        trans=trans.astype(np.float32),
        rules=rules.astype(np.float32),
    )


def from_bytes(data: bytes, g: Gazetteer) -> Tagger:
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        feats = z["features"].tobytes().decode("utf-8").split("\n")
        names = z["names"].tobytes().decode("utf-8").split("\n")
        return Tagger(feats, z["weights"], z["trans"], z["rules"], names, g)


@cache
def get_tagger() -> Tagger:
    """The shipped model, loaded once per process on first use."""
    data = resources.files("newsgen.entities").joinpath("data", MODEL_FILE).read_bytes()
    return from_bytes(data, load())
