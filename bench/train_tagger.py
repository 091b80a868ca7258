"""Train the built-in name tagger and write ``src/newsgen/entities/data/tagger.npz``.

    python bench/train_tagger.py --train DIR/conll2003/train [--dev DIR/conll2003/dev]
        [--epochs 12] [--out src/newsgen/entities/data/tagger.npz]

Each split folder holds ``<doc>/text.txt`` and ``<doc>/gold.json`` (character spans with
type PERSON, ORG or PLACE), the layout of the shared NER evaluation data. The model is
a linear-chain structured perceptron over BILOU tags with weight averaging, trained
with full Viterbi decoding; documents are visited in an order fixed by ``--seed``, so
the output file is the same on every run. ``--dev`` only prints per-epoch scores (for
choosing ``--epochs``); it never changes the weights.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
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
    WINDOW,
    save,
    spans_from_tags,
    tag_names,
    transition_mask,
    viterbi,
)

OUT = Path(__file__).resolve().parents[1] / "src" / "newsgen" / "entities" / "data" / "tagger.npz"
NOFF = 2 * WINDOW + 1


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
        self.type_feats: list[np.ndarray] = []
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
        self.type_feats.append(np.array(ids, dtype=np.intp))
        return i

    def doc(self, text: str, grow: bool) -> Doc:
        keys, lens = tokens(text)
        ends = np.cumsum(lens)
        toks = [(e - token_length(k), k) for e, k in zip(ends.tolist(), keys, strict=True)]
        pad = self.type_index[PAD]
        ids = [pad] * WINDOW + [self.add_type(k, grow) for _, k in toks] + [pad] * WINDOW
        flat = [self.type_feats[i] for i in ids]
        lengths = np.array([len(f) for f in flat])
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        cands = [(c.start, c.end, c.type, c.strength) for c in find_candidates(text, self.g)]
        return Doc(toks, ids, np.concatenate(flat), starts, rule_tags(cands, ends))


@dataclass
class Doc:
    toks: list[tuple[int, str]]  # (offset, type key)
    ids: list[int]  # type ids, padded
    flat: np.ndarray  # feature ids of the padded tokens, one after the other
    starts: np.ndarray  # where each padded token's feature ids start in ``flat``
    rules: np.ndarray  # rule label per token


def emissions(w: np.ndarray, r: np.ndarray, doc: Doc, nl_mask: np.ndarray) -> np.ndarray:
    n = len(doc.toks)
    sums = np.add.reduceat(w[doc.flat], doc.starts, axis=0)  # (n + 2*WINDOW, NOFF, T)
    em = sums[0:n, 0].copy()
    for o in range(1, NOFF):
        em += sums[o : o + n, o]
    em += r[doc.rules]
    em[[i for i, (_, k) in enumerate(doc.toks) if k == NEWLINE]] += nl_mask
    return em


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
        "lets the tagger skip tokens that are plainly outside names)",
    )
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t0 = time.perf_counter()
    names = tag_names()
    T = len(names)
    newline_row = names.index("O")
    corpus = Corpus()
    train = []
    for text, gold in read_split(args.train):
        doc = corpus.doc(text, grow=True)
        train.append((doc, np.array(gold_tags(doc.toks, gold, names))))
    dev = []
    if args.dev:
        for text, gold in read_split(args.dev):
            spans = {(int(s["start"]), int(s["end"]), str(s["type"])) for s in gold}  # type: ignore[call-overload]
            dev.append((corpus.doc(text, grow=False), spans))
    nf = len(corpus.feat_index)
    print(f"{len(train)} documents, {nf} features, {T} tags", flush=True)
    w = np.zeros((nf, NOFF, T))
    u = np.zeros_like(w)  # sum of (step * update): the average is w - u / step
    tr = np.zeros((T, T))
    tu = np.zeros_like(tr)
    r = np.zeros((len(RULE_LABELS), T))
    ru = np.zeros_like(r)
    mask = transition_mask(names).astype(np.float64)
    rng = random.Random(args.seed)
    order = list(range(len(train)))
    step = 1
    nl_mask = np.zeros(T)
    nl_mask[newline_row + 1 :] = -1e9
    for epoch in range(1, args.epochs + 1):
        rng.shuffle(order)
        errors = 0
        for d in order:
            doc, gold = train[d]
            em = emissions(w, r, doc, nl_mask)
            pred = np.array(viterbi(em, tr + mask))
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
                gp = np.concatenate(([0], gold, [0]))
                pp = np.concatenate(([0], pred, [0]))
                rate = args.trans_rate
                np.add.at(tr, (gp[:-1], gp[1:]), rate)
                np.add.at(tu, (gp[:-1], gp[1:]), rate * step)
                np.add.at(tr, (pp[:-1], pp[1:]), -rate)
                np.add.at(tu, (pp[:-1], pp[1:]), -rate * step)
            step += 1
        line = f"epoch {epoch}: {errors} token errors, {time.perf_counter() - t0:.0f} s"
        if dev:
            line += f", dev exact F1 {evaluate(dev, w - u / step, r - ru / step, tr - tu / step + mask, names, nl_mask):.4f}"
        print(line, flush=True)
    avg = w - u / step
    tavg = tr - tu / step
    keep = np.abs(avg).max(axis=(1, 2)) >= args.prune
    feats = [f for f, i in sorted(corpus.feat_index.items(), key=lambda x: x[1]) if keep[i]]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save(str(args.out), feats, avg[keep], tavg, r - ru / step, names)
    size = args.out.stat().st_size
    print(
        f"kept {len(feats)} of {nf} features; wrote {args.out} ({size:,} bytes) "
        f"in {time.perf_counter() - t0:.0f} s"
    )


def evaluate(
    dev: list[tuple[Doc, set[tuple[int, int, str]]]],
    w: np.ndarray,
    r: np.ndarray,
    trans: np.ndarray,
    names: list[str],
    nl_mask: np.ndarray,
) -> float:
    tp = npred = ngold = 0
    for doc, gold in dev:
        toks = doc.toks
        path = viterbi(emissions(w, r, doc, nl_mask), trans)
        pred = set()
        for sp in spans_from_tags(path, names):
            a = toks[sp.start][0]
            off, key = toks[sp.end - 1]
            pred.add((a, off + token_length(key), sp.type))
        tp += len(pred & gold)
        npred += len(pred)
        ngold += len(gold)
    return 2 * tp / (npred + ngold) if npred + ngold else 0.0


if __name__ == "__main__":
    main()
