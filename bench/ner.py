"""Named-entity extractors: F1 on the CoNLL-2003 and GUM dev sets, and words per second.

    python bench/ner.py EVAL_DIR [--backend builtin|spacy|all] [--words N]

EVAL_DIR is the NER evaluation folder (it holds ``score.py``, ``dev/`` with the GUM
documents and ``conll2003/dev/``); nothing is read from anywhere else. For each backend
and split it prints the scorer's exact-span F1 (with the per-type figures) and the
entity-level F1 (distinct names per document, what entity pages need). Speed is taken
on one core in CPU seconds: "cold" is the first pass over the CoNLL dev texts (every
word type is new to the process; model loading is excluded), "warm" is the same texts
again until at least N words (default 300,000) were tagged.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsgen.entities import get_extractor
from newsgen.errors import ConfigError
from newsgen.model import Mention

SPLITS = ("conll2003/dev", "dev")  # dev = the 8 GUM news documents


def _scorer(folder: Path) -> Any:
    spec = importlib.util.spec_from_file_location("ner_score", folder / "score.py")
    if spec is None or spec.loader is None or not (folder / "score.py").is_file():
        sys.exit(f"no score.py in {folder}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _f1_line(label: str, res: dict[str, Any]) -> str:
    m = res[label]
    types = "  ".join(f"{t} {v['f1']:.3f}" for t, v in res["per_type"][label].items())
    return f"{label:6} P={m['p']:.3f} R={m['r']:.3f} F1={m['f1']:.3f}   ({types})"


def bench(name: str, extract: Callable[[str], list[Mention]], folder: Path, min_words: int) -> None:
    score = _scorer(folder)
    extract("Warm-up: load the model in Beijing.")
    speed_texts: list[str] = []
    for split in SPLITS:
        docs = score.load_split(str(folder), split)
        t0 = time.process_time()
        pred = {d["id"]: [m.to_dict() for m in extract(d["text"])] for d in docs}
        secs = time.process_time() - t0
        res, _ = score.score(docs, pred)
        words = sum(len(d["text"].split()) for d in docs)
        print(f"[{name}] {split}: {len(docs)} documents, {words:,} words")
        print(f"[{name}]   {_f1_line('exact', res)}")
        print(f"[{name}]   {_f1_line('entity', res)}")
        if split == SPLITS[0]:
            speed_texts = [d["text"] for d in docs]
            print(f"[{name}]   cold: {words / secs:,.0f} words/s CPU (first pass)")
    words = sum(len(t.split()) for t in speed_texts)
    rounds = max(1, -(-min_words // words))
    t0 = time.process_time()
    for _ in range(rounds):
        for text in speed_texts:
            extract(text)
    secs = time.process_time() - t0
    print(f"[{name}]   warm: {rounds * words / secs:,.0f} words/s CPU ({rounds * words:,} words)")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("eval_dir", type=Path, help="the NER evaluation folder (holds score.py)")
    ap.add_argument("--backend", choices=("builtin", "spacy", "all"), default="all")
    ap.add_argument("--words", type=int, default=300_000)
    args = ap.parse_args()
    _pin_one_core()
    for backend in ("builtin", "spacy") if args.backend == "all" else (args.backend,):
        try:
            extract = get_extractor(backend)
        except ConfigError as e:
            print(f"[{backend}] skipped: {e}")
            continue
        bench(backend, extract, args.eval_dir, args.words)


if __name__ == "__main__":
    main()
