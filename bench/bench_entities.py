"""Named-entity extractors: dev-set F1 and words per second on one core.

    python bench/bench_entities.py [--words N] [--backend builtin|spacy|all]

F1 uses the shared scorer (../shared/eval/ner). Speed is measured over the dev texts
repeated to at least N words (default 1,000,000), after one warm-up call so lexicon
and model loading are excluded; the process is pinned to one core and words/s is
reported per CPU second and per wall-clock second.
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

NER_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "ner"


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("ner_score", NER_DIR / "score.py")
    if spec is None or spec.loader is None:
        sys.exit(f"no scorer at {NER_DIR}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def bench(name: str, extract: Callable[[str], list[Mention]], min_words: int) -> None:
    score = _scorer()
    docs = score.load_split(str(NER_DIR), "dev")
    extract("Warm-up: load the lexicons in Beijing.")
    pred = {d["id"]: [m.to_dict() for m in extract(d["text"])] for d in docs}
    res, _ = score.score(docs, pred)
    texts = [d["text"] for d in docs]
    words = sum(len(t.split()) for t in texts)
    reps = -(-min_words // words)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(reps):
        for t in texts:
            extract(t)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"[{name}] dev documents={len(docs)} words={words}")
    for k in ("exact", "entity"):
        m = res[k]
        print(f"[{name}] {k:7s} P={m['p']:.3f} R={m['r']:.3f} F1={m['f1']:.3f}")
    total = words * reps
    # CPU time is the one-core figure; wall time also counts other load on the machine.
    print(f"[{name}] speed {total / cpu:,.0f} words/s CPU ({total:,} words, {cpu:.2f} s)")
    print(f"[{name}] speed {total / secs:,.0f} words/s wall ({secs:.2f} s)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--backend", choices=["builtin", "spacy", "all"], default="all")
    args = ap.parse_args(argv)
    _pin_one_core()
    if args.backend in ("builtin", "all"):
        bench("builtin", get_extractor("builtin"), args.words)
    if args.backend in ("spacy", "all"):
        try:
            extract = get_extractor("spacy")
        except ConfigError as e:
            print(f"[spacy] skipped: {e}")
            return
        # spaCy runs at a few thousand words/s: time a smaller sample unless asked.
        bench("spacy", extract, args.words if args.backend == "spacy" else 50_000)


if __name__ == "__main__":
    main()
