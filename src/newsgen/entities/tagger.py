"""The statistical name tagger: a linear-chain averaged perceptron over BILOU tags.

The score of tag t at token i is ``sum over o in -2..2 of W[o][type(i+o)][t]`` plus a
transition score from the previous tag. Every feature belongs to one word type at one
offset, so a type's five score rows are summed once per process (``_rows``) and a text
costs a dictionary lookup per token, one numpy gather, and a search (``search_runs``:
four states, the tag-to-tag scores being the BILOU constraints only) over the
stretches where some name tag beats "O", and their neighbours (most tokens are plainly
outside any name and need no search).

The weights are trained by ``bench/train_tagger.py`` on CoNLL-2003 English and shipped
as ``data/tagger.npz`` (plain arrays, no pickle), loaded on first use.
"""

from __future__ import annotations

import io
import zipfile
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
NOFF = 2 * WINDOW + 1
MARGIN_SCALE = 1.0
_LONG_RUN = 24  # tokens
# Word types whose score rows a process keeps (~360 bytes each): past this, the cache
# starts again before the next text, so a long build or hostile text (every word new)
# cannot grow it without bound. A row depends on its word type only: results stay the same.
MAX_TYPES = 300_000
# Punctuation that ends a sentence or separates names: never inside one ("Twitter /
# Barack Obama", "Ministry of Culture. Due").
_ALWAYS_O = frozenset('.,;:?!()[]{}"“”/|')
_NEG = -1e9


def never_in_name(key: str) -> bool:
    """A line break or a type key of ``_ALWAYS_O``: the tagger puts no name tag there."""
    return key == NEWLINE or key.lstrip(CAPS_PREFIX) in _ALWAYS_O


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


def search_runs(em: np.ndarray, close: np.ndarray, lengths: list[int], out: np.ndarray) -> None:
    """Best BILOU tags of the tokens ``close`` of ``em`` (indices, in order), taken as
    runs of ``lengths[r]`` consecutive ones, each entered from and left to "O"; written
    into ``out``. For a model whose tag-to-tag scores are the BILOU constraints only
    (what ``bench/train_tagger.py`` trains): the same path as ``viterbi`` with those
    constraints, ties included, but from four scores per token instead of 13 x 13 (the
    best path outside a name, and per type the best one inside one), in plain Python:
    the runs are short (a name and its neighbours), and numpy's cost per call was more
    than the work of a step. Linear in the tokens searched."""
    # The searched rows only, as Python floats, one run after the other.
    rows = em[close].tolist()
    tags: list[int] = []
    at = 0
    for n in lengths:
        run = rows[at : at + n]
        at += n
        # States: 0 outside a name (or a name just closed), 1-3 inside a name of that
        # type. back[k]: per state, the tag token k took on the best path to it.
        out_s, s1, s2, s3 = 0.0, _NEG, _NEG, _NEG
        back: list[tuple[int, int, int, int]] = []
        for r in run:
            # Closing the step outside a name: O, a one-word name, or a name's last word
            # (ties go to the first in tag order, as in ``viterbi``).
            best, tag = out_s + r[0], 0
            for v, t in (
                (s1 + r[3], 3),
                (out_s + r[4], 4),
                (s2 + r[7], 7),
                (out_s + r[8], 8),
                (s3 + r[11], 11),
                (out_s + r[12], 12),
            ):
                if v > best:
                    best, tag = v, t
            # Inside a name of each type: its first word (from outside) or a next one.
            b1, i1 = out_s + r[1], s1 + r[2]
            b2, i2 = out_s + r[5], s2 + r[6]
            b3, i3 = out_s + r[9], s3 + r[10]
            back.append((tag, 2 if i1 > b1 else 1, 6 if i2 > b2 else 5, 10 if i3 > b3 else 9))
            out_s = best
            s1 = i1 if i1 > b1 else b1
            s2 = i2 if i2 > b2 else b2
            s3 = i3 if i3 > b3 else b3
        path = [0] * n
        state = 0  # every path ends outside a name
        for k in range(n - 1, -1, -1):
            tag = back[k][state]
            path[k] = tag
            # The state before: inside for I and L, else outside.
            state = (tag + 3) // 4 if tag % 4 in (2, 3) else 0
        tags += path
    out[close] = tags


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
        t = len(names)
        # (features + 1, 2*WINDOW+1 offsets x tags); the last row is zeros, for padding.
        self.weights = np.zeros((len(feats) + 1, NOFF * t), dtype=np.float32)
        self.weights[:-1] = weights.reshape(len(weights), NOFF * t)
        self.names = names
        self.trans = np.ascontiguousarray(trans.astype(np.float32) + transition_mask(names))
        finite = trans[np.isfinite(trans)]
        # With the BILOU constraints as the only tag-to-tag scores (what training
        # writes), the 4-state search is exact and a token whose "O" beats every
        # name tag is "O" whatever its neighbours are. Learnt scores need the
        # 13-state search and a margin: what they could make up.
        self.constraints_only = not finite.any()
        self.margin = float(MARGIN_SCALE * (finite.max() - finite.min()))
        self.g = g
        self.types: dict[str, int] = {}
        self.rows = np.zeros((1024, NOFF * t), dtype=np.float32)
        self._rows([PAD, NEWLINE])

    def _rows(self, keys: list[str]) -> None:
        """Add the score rows of the new type keys among ``keys``."""
        types, get, g = self.types, self.index.get, self.g
        new: list[str] = []
        ids: list[list[int]] = []
        for key in keys:
            if key in types:
                continue
            types[key] = len(types)
            new.append(key)
            # "bias" is in every model: no type has an empty feature list.
            ids.append([i for i in map(get, features(key, g)) if i is not None])
        if not new:
            return
        n = len(types)
        if n > len(self.rows):
            grown = np.zeros((max(n, 2 * len(self.rows)), self.rows.shape[1]), np.float32)
            grown[: len(self.rows)] = self.rows
            self.rows = grown
        # Each type's feature rows summed column by column: the lists padded with the
        # zero row to the longest (one gather per column; np.add.reduceat over the
        # gathered rows is several times slower).
        zero = len(self.weights) - 1
        width = max(map(len, ids))
        cols = np.array([f + [zero] * (width - len(f)) for f in ids], dtype=np.intp).T
        w = self.weights
        sums = w[cols[0]]
        for col in cols[1:]:
            sums += w[col]
        first = n - len(new)
        self.rows[first:n] = sums
        t = len(self.names)
        for i, key in enumerate(new, first):
            if never_in_name(key):
                self.rows[i, WINDOW * t + 1 : (WINDOW + 1) * t] = _NEG

    def emissions(self, keys: list[str]) -> np.ndarray:
        get = self.types.get
        ids = list(map(get, keys))
        if None in ids:
            if len(self.types) > MAX_TYPES:
                self.types.clear()
                self.rows = self.rows[:1024].copy()
                self._rows([PAD, NEWLINE])
            self._rows(keys)
            ids = list(map(self.types.__getitem__, keys))
        n = len(ids)
        pad = self.types[PAD]
        padded = np.array([pad] * WINDOW + ids + [pad] * WINDOW, dtype=np.intp)
        # One gather: each row holds a type's scores at all five offsets side by side.
        rows = self.rows[padded]
        t = len(self.names)
        em: np.ndarray = rows[0:n, 0:t].copy()
        for o in range(1, NOFF):
            em += rows[o : o + n, o * t : (o + 1) * t]
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
        tags = np.zeros(len(em), dtype=np.intp)
        if self.constraints_only:
            search_runs(em, close, lengths.tolist(), tags)
            return spans_from_tags(tags, self.names)
        # Runs go side by side, padded to the longest: a long one (a list of names
        # in capitals, or hostile text) is searched on its own, so the work stays
        # linear in the text.
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


def to_bytes(
    feats: list[str],
    weights: np.ndarray,
    trans: np.ndarray,
    rules: np.ndarray,
    names: list[str],
) -> bytes:
    """The model as a compressed npz of plain arrays (strings as UTF-8 bytes), what
    ``from_bytes`` reads. The zip entries carry a fixed date (np.savez_compressed stamps
    the current time), so the same weights give the same bytes."""
    arrays: dict[str, np.ndarray] = {
        "features": np.frombuffer("\n".join(feats).encode("utf-8"), dtype=np.uint8),
        "names": np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8),
        "weights": weights.astype(np.float16),
        "trans": trans.astype(np.float32),
        "rules": rules.astype(np.float32),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, arr, allow_pickle=False)
    return buf.getvalue()


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
