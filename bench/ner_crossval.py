"""k-fold figures of the built-in extractor on CoNLL-2003 train: text it was not tuned on.

    python bench/ner_crossval.py EVAL_DIR [--folds 5] [--epochs 12] [--seed 1]

EVAL_DIR is the NER evaluation folder (``score.py``, ``conll2003/train/``). The training
documents are dealt into k folds (document i, in name order, to fold i mod k); for each
fold a model is trained on the other folds with ``bench/train_tagger.py``'s own code and
settings, and the whole built-in extractor (that model plus newsgen's post-processing)
is scored on the held-out fold by the team's scorer: exact-span F1 (with the per-type
figures) and entity-level F1. The mean and the range over the folds come last.

The dev figures of ``bench/ner.py`` are on sets the tagger's settings and the
post-processing were checked against; these are on documents that no model of the
run saw, though the post-processing rules and word lists are the same.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from typing import Any

from newsgen.entities.builtin import extract
from newsgen.entities.gazetteer import load
from newsgen.entities.tagger import from_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_tagger import prepare, train


def _scorer(folder: Path) -> Any:
    spec = importlib.util.spec_from_file_location("ner_score", folder / "score.py")
    if spec is None or spec.loader is None or not (folder / "score.py").is_file():
        sys.exit(f"no score.py in {folder}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("eval_dir", type=Path, help="the NER evaluation folder (holds score.py)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split", default="conll2003/train")
    args = ap.parse_args()
    if args.folds < 2:
        sys.exit("--folds must be at least 2")
    score = _scorer(args.eval_dir)
    docs = sorted(score.load_split(str(args.eval_dir), args.split), key=lambda d: d["id"])
    print(f"{args.split}: {len(docs)} documents, {args.folds} folds, {args.epochs} epochs")
    exact: list[float] = []
    entity: list[float] = []
    for k in range(args.folds):
        t0 = time.perf_counter()
        held = [d for i, d in enumerate(docs) if i % args.folds == k]
        rest = [(d["text"], d["gold"]) for i, d in enumerate(docs) if i % args.folds != k]
        corpus, train_set = prepare(rest)
        model = train(corpus, train_set, args.epochs, args.seed)
        tagger = from_bytes(model.to_bytes(), load())
        pred = {d["id"]: [m.to_dict() for m in extract(d["text"], tagger)] for d in held}
        res, _ = score.score(held, pred)
        exact.append(res["exact"]["f1"])
        entity.append(res["entity"]["f1"])
        types = "  ".join(f"{t} {v['f1']:.3f}" for t, v in res["per_type"]["exact"].items())
        print(
            f"fold {k + 1}: {len(held)} held-out documents ({len(rest)} trained on): "
            f"exact F1 {exact[-1]:.3f} ({types}), entity F1 {entity[-1]:.3f}, "
            f"{time.perf_counter() - t0:.0f} s",
            flush=True,
        )
    for label, vals in (("exact-span", exact), ("entity-level", entity)):
        mean = sum(vals) / len(vals)
        print(
            f"{label} F1 over {len(vals)} folds: mean {mean:.3f}, range {min(vals):.3f}-{max(vals):.3f}"
        )


if __name__ == "__main__":
    main()
