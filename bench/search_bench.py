"""Search on: cold build, no-change rebuild and one body edit, with the peak memory
of the largest process (``/usr/bin/time``: the most of newsgen and each Pagefind).

    python bench/search_bench.py --articles 2000 --work /tmp/search-bench [--src DIR]

``--src`` names the newsgen source to measure (put first on PYTHONPATH; by default
this checkout's), so two versions can be compared on the same corpus. The corpus
is ``bench/corpus.py``'s; the three edits append a sentence to the last paragraph
of articles at a quarter, half and three quarters of the archive, and the slowest
is reported.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(site: Path, src: Path, *flags: str) -> tuple[float, int]:
    """Seconds and peak kB of the largest process of one ``newsgen build``."""
    env = {**os.environ, "PYTHONPATH": str(src), "SOURCE_DATE_EPOCH": "1767225600"}
    with tempfile.NamedTemporaryFile("r") as out:
        done = subprocess.run(
            ["/usr/bin/time", "-o", out.name, "-f", "%e %M", sys.executable, "-m", "newsgen",
             "--site", str(site), "build", *flags],
            env=env, capture_output=True, text=True, timeout=3600,
        )  # fmt: skip
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr[-2000:])
        seconds, kilobytes = out.read().split()[-2:]
    return float(seconds), int(kilobytes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--src", type=Path, default=HERE.parent / "src")
    parser.add_argument("--search-shard", type=int, default=0, help="search_shard: (0: default)")
    args = parser.parse_args()
    corpus = args.work / f"corpus-{args.articles}"
    if not corpus.is_dir():
        subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), "--articles", str(args.articles),
             "--out", str(corpus)],
            check=True, timeout=3600,
        )  # fmt: skip
    site = args.work / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(corpus, site)
    if args.search_shard:
        with (site / "newsgen.yaml").open("a", encoding="utf-8") as config:
            config.write(f"\nsearch_shard: {args.search_shard}\n")
    print(f"{args.articles} articles, source {args.src}, load {os.getloadavg()[0]:.1f}")
    seconds, peak = run(site, args.src)
    print(f"cold build, search on:      {seconds:7.2f} s  {peak / 1024:7.0f} MiB")
    seconds, peak = run(site, args.src)
    print(f"no-change rebuild:          {seconds:7.2f} s  {peak / 1024:7.0f} MiB")
    files = sorted(p for p in (site / "content").rglob("*") if p.suffix in {".md", ".txt"})
    slowest = (0.0, 0)
    for share in (4, 2, 4 / 3):
        article = files[int(len(files) / share) - 1]
        text = article.read_text(encoding="utf-8").rstrip("\n")
        article.write_text(text + " A correction was added later.\n", encoding="utf-8")
        slowest = max(slowest, run(site, args.src))
    seconds, peak = slowest
    print(f"one body edit (slowest of 3): {seconds:5.2f} s  {peak / 1024:7.0f} MiB")


if __name__ == "__main__":
    main()
