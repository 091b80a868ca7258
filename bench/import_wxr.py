"""``newsgen import`` of a generated WordPress export: time and peak memory.

    python bench/import_wxr.py --items 100000 [--work DIR]

Writes a WXR file of N posts (deterministic: titles, dates, authors, tags and
HTML bodies of 3-6 paragraphs from a fixed seed), then runs ``newsgen import`` on
it in a fresh site as a subprocess, twice: the first import, and a re-run that
must find every item already imported. Prints wall time and peak memory
(``ru_maxrss`` of the import process) for each. Memory should not grow with N:
the reader streams the XML and drops each item once written.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench Gazette</title><wp:wxr_version>1.2</wp:wxr_version>
"""
WORDS = [
    "council",
    "harbour",
    "ferry",
    "budget",
    "school",
    "storm",
    "road",
    "bridge",
    "market",
    "police",
    "court",
    "hospital",
    "minister",
    "election",
    "river",
    "festival",
    "museum",
    "library",
    "farmers",
    "trade",
    "port",
    "union",
    "strike",
    "weather",
    "rail",
    "airport",
    "energy",
    "water",
    "housing",
]


def write_wxr(path: Path, items: int) -> None:
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for number in range(1, items + 1):
            title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
            day = f"20{rng.randint(10, 24):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            paragraphs = "".join(
                "<p>" + " ".join(rng.choice(WORDS) for _ in range(60)) + ".</p>"
                for _ in range(rng.randint(3, 6))
            )
            tags = "".join(
                f'<category domain="post_tag" nicename="{t}"><![CDATA[{t}]]></category>'
                for t in sorted({rng.choice(WORDS) for _ in range(3)})
            )
            out.write(
                f"<item><title>{escape(title)} {number}</title>"
                f'<guid isPermaLink="false">https://bench.example/?p={number}</guid>'
                f"<dc:creator>author{number % 40}</dc:creator>"
                f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded>"
                f"<wp:post_id>{number}</wp:post_id>"
                f"<wp:post_date_gmt>{day} 10:00:00</wp:post_date_gmt>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f"{tags}</item>\n"
            )
        out.write("</channel></rss>\n")


def run_import(site: Path, export: Path) -> tuple[float, float, str]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "import", str(export)],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stdout = process.stdout.read() if process.stdout else ""
    if status != 0:
        raise SystemExit(f"import failed: {process.stderr.read() if process.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024, stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--work", type=Path, help="folder to work in (default: a temp folder)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="newsgen-import-bench-"))
    export = work / f"export-{args.items}.wxr"
    if not export.exists():
        write_wxr(export, args.items)
    site = work / "site"
    site.mkdir(parents=True, exist_ok=False)
    (site / "newsgen.yaml").write_text("title: Bench\n", encoding="utf-8")
    print(f"{args.items:,} items, {export.stat().st_size / 2**20:.0f} MiB of WXR, in {work}")
    for label in ("first import", "re-run"):
        seconds, mib, line = run_import(site, export)
        print(f"{label:13} {seconds:8.1f} s  peak {mib:6.0f} MiB  | {line}")


if __name__ == "__main__":
    main()
