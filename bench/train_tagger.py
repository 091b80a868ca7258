"""Train the built-in name tagger and write ``src/newsgen/entities/data/tagger.npz``.

    python bench/train_tagger.py --train DIR/conll2003/train [--dev DIR/conll2003/dev]
        [--epochs 12] [--out src/newsgen/entities/data/tagger.npz]

Each split folder holds ``<doc>/text.txt`` and ``<doc>/gold.json`` (character spans with
type PERSON, ORG or PLACE), the layout of the shared NER evaluation data. The model is
a linear-chain structured perceptron over BILOU tags with weight averaging, trained
with the tagger's own exact search (``tagger.search_runs``; the 13-state Viterbi with
``--trans-rate``); documents are visited in an order fixed by ``--seed``, so
the output file is the same on every run. ``--dev`` only prints per-epoch scores (for
choosing ``--epochs``); it never changes the weights.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsgen.entities.builtin import find_candidates
from newsgen.entities.features import (
    NEWLINE,
    PAD,
    RULE_LABELS,
    features,
    rule_tags,
    token_length,
    tokens,
)
from newsgen.entities.gazetteer import load
from newsgen.entities.tagger import (
    NOFF,
    WINDOW,
    search_runs,
    spans_from_tags,
    tag_names,
    to_bytes,
    transition_mask,
    viterbi,
)

OUT = Path(__file__).resolve().parents[1] / "src" / "newsgen" / "entities" / "data" / "tagger.npz"
_NEG = -1e9


def read_split(folder: Path) -> list[tuple[str, list[dict[str, object]]]]:
    docs = []
    for d in sorted(folder.iterdir()):
        t, g = d / "text.txt", d / "gold.json"
        if t.is_file() and g.is_file():
            docs.append((t.read_text(encoding="utf-8"), json.loads(g.read_text(encoding="utf-8"))))
    if not docs:
        sys.exit(f"no documents in {folder}")
    return docs


def gold_tags(
    toks: list[tuple[int, str]], gold: list[dict[str, object]], names: list[str]
) -> list[int]:
    """BILOU tag ids of the tokens; a gold span that cuts a token is tagged by overlap."""
    index = {n: i for i, n in enumerate(names)}
    tags = [0] * len(toks)
    bounds = [(off, off + token_length(k)) for off, k in toks]
    for span in gold:
        a, b, typ = int(span["start"]), int(span["end"]), str(span["type"])  # type: ignore[call-overload]
        inside = [i for i, (s, e) in enumerate(bounds) if s < b and a < e and e > s]
        if not inside:
            continue
        if len(inside) == 1:
            tags[inside[0]] = index["U-" + typ]
            continue
        tags[inside[0]] = index["B-" + typ]
        for i in inside[1:-1]:
            tags[i] = index["I-" + typ]
        tags[inside[-1]] = index["L-" + typ]
    return tags


class Corpus:
    """Documents as type ids, with each type's feature ids."""

    def __init__(self) -> None:
        self.g = load()
        self.feat_index: dict[str, int] = {}
        self.type_index: dict[str, int] = {}
        self.type_feats: list[list[int]] = []
        self.add_type(PAD)

    def add_type(self, key: str, grow: bool = True) -> int:
        i = self.type_index.get(key)
        if i is not None:
            return i
        ids = []
        for f in features(key, self.g):
            j = self.feat_index.get(f)
            if j is None and grow:
                j = self.feat_index[f] = len(self.feat_index)
            if j is not None:
                ids.append(j)
        i = self.type_index[key] = len(self.type_feats)
        self.type_feats.append(ids)
        return i

    def doc(self, text: str, grow: bool) -> Doc:
        keys, lens = tokens(text)
        ends = np.cumsum(lens)
        toks = [(e - token_length(k), k) for e, k in zip(ends.tolist(), keys, strict=True)]
        pad = self.type_index[PAD]
        ids = [pad] * WINDOW + [self.add_type(k, grow) for _, k in toks] + [pad] * WINDOW
        cands = [(c.start, c.end, c.type, c.strength) for c in find_candidates(text, self.g)]
        # As in the tagger, no name spans a line break. (The tagger also keeps "." ","
        # and the like out of names; blocking those here too put ~90 CoNLL gold spans
        # out of reach ("Voorhis & Co.", "Calif.") and cost 0.005 of dev F1.)
        blocked = [i for i, (_, k) in enumerate(toks) if k == NEWLINE]
        return Doc(toks, ids, rule_tags(cands, ends), np.array(blocked, dtype=np.intp))

    def columns(self, doc: Doc, zero: int) -> np.ndarray:
        """The padded tokens' feature ids as columns (``zero``: the id of a zero row),
        as the tagger sums them (``Tagger._rows``)."""
        feats = [self.type_feats[i] for i in doc.ids]
        width = max(map(len, feats))
        return np.array([f + [zero] * (width - len(f)) for f in feats], dtype=np.intp).T


@dataclass
class Doc:
    toks: list[tuple[int, str]]  # (offset, type key)
    ids: list[int]  # type ids, padded
    rules: np.ndarray  # rule label per token
    blocked: np.ndarray  # the tokens that take no name tag (line breaks)
    cols: np.ndarray | None = None  # ``Corpus.columns``, once the feature count is known


def emissions(w: np.ndarray, r: np.ndarray, doc: Doc) -> np.ndarray:
    """Scores (tokens, tags); ``w`` (features + 1, NOFF, tags), its last row zeros."""
    assert doc.cols is not None
    n = len(doc.toks)
    sums = w[doc.cols[0]]  # (n + 2*WINDOW, NOFF, T)
    for col in doc.cols[1:]:
        sums += w[col]
    em = sums[0:n, 0].copy()
    for o in range(1, NOFF):
        em += sums[o : o + n, o]
    em += r[doc.rules]
    em[doc.blocked, 1:] = _NEG
    return em


def decode(em: np.ndarray, trans: np.ndarray | None) -> np.ndarray:
    """The best tags: the tagger's own search when the tag-to-tag scores are the BILOU
    constraints only (``trans`` None), else the 13-state Viterbi."""
    if trans is not None:
        return np.array(viterbi(em, trans))
    tags = np.zeros(len(em), dtype=np.intp)
    search_runs(em, np.arange(len(em)), [len(em)], tags)
    return tags


@dataclass
class Model:
    feats: list[str]
    weights: np.ndarray  # averaged, pruned
    trans: np.ndarray
    rules: np.ndarray
    names: list[str]

    def to_bytes(self) -> bytes:
        return to_bytes(self.feats, self.weights, self.trans, self.rules, self.names)


def prepare(
    train_docs: list[tuple[str, list[dict[str, object]]]],
) -> tuple[Corpus, list[tuple[Doc, np.ndarray]]]:
    """The training documents as a corpus (its features are the training set's)."""
    names = tag_names()
    corpus = Corpus()
    train = []
    for text, gold in train_docs:
        doc = corpus.doc(text, grow=True)
        train.append((doc, np.array(gold_tags(doc.toks, gold, names))))
    zero = len(corpus.feat_index)
    for doc, _ in train:
        doc.cols = corpus.columns(doc, zero)
    return corpus, train


def train(
    corpus: Corpus,
    train_set: list[tuple[Doc, np.ndarray]],
    epochs: int,
    seed: int,
    trans_rate: float = 0.0,
    prune: float = 0.05,
    on_epoch: Callable[[int, int, Callable[[Doc], np.ndarray]], None] | None = None,
) -> Model:
    """The averaged perceptron over ``train_set`` (documents visited in an order fixed
    by ``seed``). ``on_epoch(epoch, token errors, tag)``, if given, runs after each
    epoch with a function that tags a document (prepared with ``dev_doc``) with the
    averaged weights so far."""
    names = tag_names()
    T = len(names)
    nf = len(corpus.feat_index)
    w = np.zeros((nf + 1, NOFF, T))  # the last row stays zero: the padding of ``Doc.cols``
    u = np.zeros_like(w)  # sum of (step * update): the average is w - u / step
    tr = np.zeros((T, T))
    tu = np.zeros_like(tr)
    r = np.zeros((len(RULE_LABELS), T))
    ru = np.zeros_like(r)
    mask = transition_mask(names).astype(np.float64)
    rng = random.Random(seed)
    order = list(range(len(train_set)))
    step = 1
    for epoch in range(1, epochs + 1):
        rng.shuffle(order)
        errors = 0
        for d in order:
            doc, gold = train_set[d]
            em = emissions(w, r, doc)
            pred = decode(em, tr + mask if trans_rate else None)
            wrong = np.flatnonzero(pred != gold)
            if len(wrong):
                errors += len(wrong)
                fi, oi, ti, val = [], [], [], []
                for i in wrong.tolist():
                    for o in range(NOFF):
                        p = i + o  # padded index of the token at offset o - WINDOW
                        f = corpus.type_feats[doc.ids[p]]
                        for tag, v in ((gold[i], 1.0), (pred[i], -1.0)):
                            fi.append(f)
                            oi.append(np.full(len(f), o))
                            ti.append(np.full(len(f), tag))
                            val.append(np.full(len(f), v))
                idx = (np.concatenate(fi), np.concatenate(oi), np.concatenate(ti))
                vals = np.concatenate(val)
                np.add.at(w, idx, vals)
                np.add.at(u, idx, vals * step)
                rl = doc.rules[wrong]
                np.add.at(r, (rl, gold[wrong]), 1.0)
                np.add.at(ru, (rl, gold[wrong]), step)
                np.add.at(r, (rl, pred[wrong]), -1.0)
                np.add.at(ru, (rl, pred[wrong]), -step)
                if trans_rate:
                    gp = np.concatenate(([0], gold, [0]))
                    pp = np.concatenate(([0], pred, [0]))
                    np.add.at(tr, (gp[:-1], gp[1:]), trans_rate)
                    np.add.at(tu, (gp[:-1], gp[1:]), trans_rate * step)
                    np.add.at(tr, (pp[:-1], pp[1:]), -trans_rate)
                    np.add.at(tu, (pp[:-1], pp[1:]), -trans_rate * step)
            step += 1
        if on_epoch is not None:
            on_epoch(
                epoch,
                errors,
                _tag_with(w - u / step, r - ru / step, tr - tu / step + mask, trans_rate),
            )
    avg = (w - u / step)[:nf]
    keep = np.abs(avg).max(axis=(1, 2)) >= prune
    feats = [f for f, i in sorted(corpus.feat_index.items(), key=lambda x: x[1]) if keep[i]]
    return Model(feats, avg[keep], tr - tu / step, r - ru / step, names)


def _tag_with(
    w: np.ndarray, r: np.ndarray, trans: np.ndarray, learnt: float
) -> Callable[[Doc], np.ndarray]:
    return lambda doc: decode(emissions(w, r, doc), trans if learnt else None)


def dev_doc(corpus: Corpus, text: str) -> Doc:
    """A document to tag with weights being trained: unseen features left out."""
    doc = corpus.doc(text, grow=False)
    doc.cols = corpus.columns(doc, len(corpus.feat_index))
    return doc


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--train", type=Path, required=True, help="training split folder")
    ap.add_argument("--dev", type=Path, help="a split to print per-epoch F1 on")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--prune", type=float, default=0.05, help="drop features whose weights are all below this"
    )
    ap.add_argument(
        "--trans-rate",
        type=float,
        default=0.0,
        help="learning rate of the tag-to-tag scores (0: BILOU constraints only, which "
        "lets the tagger skip tokens that are plainly outside names and search four "
        "states instead of 13)",
    )
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t0 = time.perf_counter()
    corpus, train_set = prepare(read_split(args.train))
    dev = []
    if args.dev:
        for text, gold in read_split(args.dev):
            spans = {(int(s["start"]), int(s["end"]), str(s["type"])) for s in gold}  # type: ignore[call-overload]
            dev.append((dev_doc(corpus, text), spans))
    print(f"{len(train_set)} documents, {len(corpus.feat_index)} features", flush=True)

    def report(epoch: int, errors: int, tag: Callable[[Doc], np.ndarray]) -> None:
        line = f"epoch {epoch}: {errors} token errors, {time.perf_counter() - t0:.0f} s"
        if dev:
            line += f", dev exact F1 {evaluate(dev, tag):.4f}"
        print(line, flush=True)

    model = train(corpus, train_set, args.epochs, args.seed, args.trans_rate, args.prune, report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(model.to_bytes())
    size = args.out.stat().st_size
    print(
        f"kept {len(model.feats)} of {len(corpus.feat_index)} features; wrote {args.out} "
        f"({size:,} bytes) in {time.perf_counter() - t0:.0f} s"
    )


def evaluate(
    dev: list[tuple[Doc, set[tuple[int, int, str]]]], tag: Callable[[Doc], np.ndarray]
) -> float:
    """The tagger's own exact-span F1 (no post-processing) over ``dev``."""
    names = tag_names()
    tp = npred = ngold = 0
    for doc, gold in dev:
        toks = doc.toks
        pred = set()
        for sp in spans_from_tags(tag(doc), names):
            a = toks[sp.start][0]
            off, key = toks[sp.end - 1]
            pred.add((a, off + token_length(key), sp.type))
        tp += len(pred & gold)
        npred += len(pred)
        ngold += len(gold)
    return 2 * tp / (npred + ngold) if npred + ngold else 0.0


if __name__ == "__main__":
    main()
