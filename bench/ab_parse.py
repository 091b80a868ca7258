"""Before/after CPU cost of the parse stage: two source trees, runs interleaved.

    python bench/ab_parse.py BEFORE_SRC AFTER_SRC [--runs K] [-- BENCH_PARSE_ARGS]

Runs ``bench_parse.py --json --repeat 1`` with PYTHONPATH set to each tree in
turn, K times (default 5), so that load from other processes falls on both
sides alike; prints each stage's median ms/article for both and the ratio.
Make BEFORE_SRC with e.g. ``git archive HEAD src | tar -x -C /tmp/before``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).with_name("bench_parse.py")


def _run(src: str, extra: list[str]) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=src)
    out = subprocess.run(
        [sys.executable, str(BENCH), "--json", "--repeat", "1", *extra],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for _ in range(args.runs):
        runs["before"].append(_run(args.before, extra))
        runs["after"].append(_run(args.after, extra))
    print(
        f"{'stage':14s} {'before':>8s} {'after':>8s} {'after/before':>12s}  (median ms/article, CPU)"
    )
    for stage in runs["before"][0]:
        b = statistics.median(r[stage] for r in runs["before"])
        a = statistics.median(r[stage] for r in runs["after"])
        print(f"{stage:14s} {b:8.3f} {a:8.3f} {a / b:12.2f}")


if __name__ == "__main__":
    main()
