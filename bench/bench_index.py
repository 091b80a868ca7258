"""Time build_index on a site whose articles come from the cache, as on a rebuild.

    python bench/bench_index.py SITE [--repeat N] [--jobs N]

Gathers the site once (read, parse and extract, from ``.newsgen-cache/`` when warm;
the first run fills it), then builds the index N times (default 5) and prints each
time and the median: with the cycle collector on (as in a build), off, and on
after ``gc.freeze()`` (the loaded archive moved out of the collector's reach).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from pathlib import Path

from newsgen.incremental.store import Cache
from newsgen.index import build_index
from newsgen.pipeline import gather, read_registry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    with Cache.for_site(args.site) as store:
        loaded = gather(args.site, cache=store, jobs=args.jobs)
        articles = loaded.articles()
    print(f"gather: {time.perf_counter() - started:.2f} s, {len(articles)} articles")
    config = loaded.config
    registry = read_registry(args.site, config.entities.registry)
    for mode in ("on", "off", "frozen"):
        gc.disable() if mode == "off" else gc.enable()
        if mode == "frozen":
            gc.freeze()
        seconds = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            build_index(articles, config.entities.min_mentions, config.related, registry)
            seconds.append(time.perf_counter() - started)
        runs = " ".join(f"{s:.3f}" for s in seconds)
        print(f"build_index, GC {mode:6}: median {statistics.median(seconds):.3f} s ({runs})")
    gc.unfreeze()


if __name__ == "__main__":
    main()
