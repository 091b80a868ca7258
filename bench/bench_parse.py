"""Per-article CPU cost of the parse stage, one core, the way a cold build pays it.

    python bench/bench_parse.py SITE [-n FILES] [--repeat R] [--profile STAGE]

For the first N content files of SITE (a site folder, e.g. the corpus
``bench/corpus.py`` makes) this runs what ``incremental.articles.parse_chunk`` runs for each file, stage by
stage over all files: ``parse_source`` (Markdown and raw-text files timed apart),
the extractor on the article text, ``digest_article`` (the index's per-article
part) and pickling the cached value. Each stage is timed with
``time.process_time`` over all files, R times; the median is reported in ms per
article. The process is pinned to one core. ``--profile parse|extract|digest``
prints a cProfile of that stage instead (one pass).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsgen import sources
from newsgen.config import Config, load_config
from newsgen.errors import NewsgenError
from newsgen.extract import get_extractor, with_mentions
from newsgen.incremental.store import dumps as cache_dumps
from newsgen.index import digest_article
from newsgen.model import SourceFile
from newsgen.parse import MARKDOWN_SUFFIXES, Parsed, parse_source


def read_sources(site: Path, limit: int) -> tuple[Config, list[SourceFile]]:
    """The config and the first ``limit`` files, read as ``pipeline.gather`` reads them."""
    config = load_config(site)
    paths = sources.discover(site, config.content_dir)[:limit]
    return config, [sources.read_source(site, path, {}) for path in paths]


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _forget() -> None:
    """Empty the per-process memos the parse stage keeps across articles, so every
    timed pass starts as a build's worker does (lexicons and converter loaded)."""
    for module, name in _MEMOS:
        memo = getattr(sys.modules.get(module), name, None)
        if hasattr(memo, "cache_clear"):
            memo.cache_clear()  # a functools.lru_cache
            continue
        for table in memo if isinstance(memo, tuple | list) else [memo]:
            if table is not None:
                table.clear()


_MEMOS = [
    ("newsgen.entities.builtin", "_PLANS"),
    ("newsgen.decode", "_fix_short_line"),
    ("newsgen.parse.metadata", "_tag_slug"),
]


def _cpu(run: Callable[[], object]) -> float:
    _forget()
    start = time.process_time()
    run()
    return time.process_time() - start


def _parse_all(files: list[SourceFile], config: Config) -> list[Parsed]:
    out = []
    for source in files:
        with contextlib.suppress(NewsgenError):
            out.append(parse_source(source, config))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("site", type=Path, help="a site folder (e.g. one bench/corpus.py made)")
    ap.add_argument("-n", "--files", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", choices=["parse", "extract", "digest"])
    ap.add_argument("--sort", default="tottime")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--json", action="store_true", help="print the medians as JSON")
    ap.add_argument("--stages", help="comma-separated stages to time (default: all)")
    args = ap.parse_args(argv)
    _pin_one_core()

    config, files = read_sources(args.site, args.files)
    md = [f for f in files if f.path.lower().endswith(MARKDOWN_SUFFIXES)]
    txt = [f for f in files if not f.path.lower().endswith(MARKDOWN_SUFFIXES)]
    extractor = get_extractor(config.entities.backend)
    # Warm-up: the Markdown converter, the lexicons and every lazily compiled regex.
    parsed = _parse_all(files, config)
    articles = [p.article for p in parsed]
    texts = [a.text for a in articles]
    for text in texts:
        extractor(text)
    extracted = [with_mentions(a, extractor) for a in articles]
    bare = [dataclasses.replace(a, digest=None) for a in extracted]
    _forget()

    def parse_md() -> None:
        _parse_all(md, config)

    def parse_txt() -> None:
        _parse_all(txt, config)

    def extract() -> None:
        for text in texts:
            extractor(text)

    def digest() -> None:
        for article in bare:
            digest_article(article)

    def mentions() -> None:
        for article in articles:
            with_mentions(article, extractor)

    def encode() -> None:
        for p, a in zip(parsed, extracted, strict=True):
            cache_dumps((p, a))

    if args.profile:
        run = {"parse": lambda: (parse_md(), parse_txt()), "extract": extract, "digest": digest}
        profiler = cProfile.Profile()
        _forget()
        profiler.runcall(run[args.profile])
        stats = pstats.Stats(profiler, stream=sys.stdout)
        print(f"{stats.total_calls:,} calls")  # type: ignore[attr-defined]
        stats.sort_stats(args.sort).print_stats(args.top)
        return

    stages: list[tuple[str, int, Callable[[], None]]] = [
        ("parse md", len(md), parse_md),
        ("parse txt", len(txt), parse_txt),
        ("extract", len(texts), extract),
        ("digest", len(bare), digest),
        ("with_mentions", len(articles), mentions),
        ("encode", len(parsed), encode),
    ]
    if args.stages:
        wanted = args.stages.split(",")
        stages = [stage for stage in stages if stage[0] in wanted]
    times: dict[str, list[float]] = {name: [] for name, _, _ in stages}
    for _ in range(args.repeat):
        for name, count, run in stages:
            if count:
                times[name].append(_cpu(run) * 1000 / count)
    medians = {name: statistics.median(t) for name, t in times.items() if t}
    if args.json:
        print(json.dumps(medians))
        return
    print(f"{args.site}: {len(md)} md + {len(txt)} txt files, {args.repeat} repeats, 1 core")
    print(f"{'stage':14s} {'median':>8s} {'min':>8s}  ms/article (CPU)")
    for name, _, _ in stages:
        if times[name]:
            print(f"{name:14s} {statistics.median(times[name]):8.3f} {min(times[name]):8.3f}")
    if times.get("parse md") and times.get("parse txt"):
        total = medians["parse md"] * len(md) + medians["parse txt"] * len(txt)
        print(f"{'parse (all)':14s} {total / max(1, len(files)):8.3f}")


if __name__ == "__main__":
    main()
