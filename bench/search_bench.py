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


def run(site: Path, src: Path, *flags: str) -> tuple[float, float, int]:
    """Seconds (wall, then CPU: user and system of every process) and peak kB of the
    largest process of one ``newsgen build``."""
    env = {**os.environ, "PYTHONPATH": str(src), "SOURCE_DATE_EPOCH": "1767225600"}
    with tempfile.NamedTemporaryFile("r") as out:
        done = subprocess.run(
            ["/usr/bin/time", "-o", out.name, "-f", "%e %U %S %M", sys.executable, "-m", "newsgen",
             "--site", str(site), "build", *flags],
            env=env, capture_output=True, text=True, timeout=3600,
        )  # fmt: skip
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr[-2000:])
        wall, user, system, kilobytes = out.read().split()[-4:]
    return float(wall), float(user) + float(system), int(kilobytes)


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
    config = site / "newsgen.yaml"
    text = config.read_text(encoding="utf-8").replace("search: false", "search: true")
    if args.search_shard:
        text += f"\nsearch_shard: {args.search_shard}\n"
    config.write_text(text, encoding="utf-8")
    print(f"{args.articles} articles, source {args.src}, load {os.getloadavg()[0]:.1f}")
    show("cold build, search on", run(site, args.src))
    show("no-change rebuild", run(site, args.src))
    # Markdown only: a raw .txt article ends in boilerplate the parser leaves out.
    files = sorted((site / "content").rglob("*.md"))
    slowest = (0.0, 0.0, 0)
    for share in (4, 2, 4 / 3):
        article = files[int(len(files) / share) - 1]
        text = article.read_text(encoding="utf-8").rstrip("\n")
        article.write_text(text + " A correction was added later.\n", encoding="utf-8")
        slowest = max(slowest, run(site, args.src))
    show("one body edit (slowest of 3)", slowest)
    print(f"load {os.getloadavg()[0]:.1f}")


def show(name: str, figures: tuple[float, float, int]) -> None:
    wall, cpu, peak = figures
    print(f"{name:30} {wall:7.2f} s wall {cpu:7.2f} s CPU {peak / 1024:6.0f} MiB")


if __name__ == "__main__":
    main()
