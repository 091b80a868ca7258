"""Where a rebuild's time goes: ``newsgen build`` in this process, under cProfile.

    python bench/profile_edit.py SITE [--edit FILE] [--runs N] [--search] [--fixed-code]
        [--profile OUT.prof] [--top 40]

Each run (after a first build that fills the cache) changes FILE's body (a word
appended to its last paragraph, then taken out again on the next run, so every run
is a real one-sentence edit) and builds. Without ``--edit`` nothing changes (the
no-change rebuild). Prints each run's wall and CPU seconds (this process and its
forked workers) and, with ``--profile``, the top of the last run's profile by
cumulative time.

``--fixed-code`` keys the cache with a fixed code version instead of the hash of
newsgen's files, so two versions of the code (an A/B of one change) can time their
rebuilds on the same cache without a cold build each; never for output you keep.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import time
from pathlib import Path


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edit", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--fixed-code", action="store_true")
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    if args.fixed_code:
        from newsgen.incremental import keys, memo, output

        for module in (keys, memo, output):
            module.code_version = lambda: "bench-fixed-code"  # type: ignore[assignment,attr-defined]
    from newsgen.pipeline import build

    search = None if args.search else False
    build(args.site, search=search)  # the cache as this code and these files make it
    original = args.edit.read_text(encoding="utf-8") if args.edit else ""
    try:
        for run in range(args.runs):
            if args.edit:
                text = original if run % 2 else original.rstrip("\n") + " Reportedly.\n"
                args.edit.write_text(text, encoding="utf-8")
            profile = cProfile.Profile() if args.profile and run == args.runs - 1 else None
            wall, cpu = time.perf_counter(), _cpu()
            if profile:
                profile.enable()
            build(args.site, search=search)
            if profile:
                profile.disable()
            print(
                f"run {run + 1}: {time.perf_counter() - wall:.2f} s wall, {_cpu() - cpu:.2f} s CPU"
            )
            if profile and args.profile:
                profile.dump_stats(args.profile)
                pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(args.top)
    finally:
        if args.edit:
            args.edit.write_text(original, encoding="utf-8")


if __name__ == "__main__":
    main()
