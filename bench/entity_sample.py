"""A seeded random sample of entity pages to judge by hand.

    newsgen --site SITE entities --json > entities.json
    python bench/entity_sample.py entities.json [--n 60] [--seed 2003] [--min-articles 2]

Prints one line per sampled entity that has a page and at least ``--min-articles``
articles: number, type, article count, name, aliases and roles, for a person to
mark "one real entity of the right type" or not (see docs/entity-judgement.md).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("entities", type=Path)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2003)
    parser.add_argument("--min-articles", type=int, default=2)
    args = parser.parse_args(argv)
    rows = json.loads(args.entities.read_text(encoding="utf-8"))
    pages = [r for r in rows if r.get("url") and r["count"] >= args.min_articles]
    pages.sort(key=lambda r: (r["type"], r["name"], r["slug"]))
    sample = random.Random(args.seed).sample(pages, min(args.n, len(pages)))
    print(f"# {len(pages)} pages with >= {args.min_articles} articles; {len(sample)} sampled")
    for number, row in enumerate(sample, 1):
        extra = ""
        if row.get("aliases"):
            extra += f" | aka {'; '.join(row['aliases'][:6])}"
        if row.get("roles"):
            extra += f" | roles {'; '.join(row['roles'][:4])}"
        print(f"{number:2d}. {row['type']:12s} {row['count']:4d}  {row['name']}{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
