"""A newsgen site folder from CoNLL-2003 documents: one raw ``.txt`` article each.

    python bench/conll_site.py SOURCE --out SITE [--limit N]

SOURCE is either a CoNLL-2003 file (``-DOCSTART-`` lines between documents, one
token per line with its tags, blank lines between sentences) or a folder of
documents as the team's NER evaluation folder keeps them (``<doc>/text.txt``: the
headline, a blank line, then the text). Each document becomes
``SITE/content/YYYY/YYYY-MM-DD-conll-NNNN.txt`` with a "Published:" stamp (the
dates are spread one day apart from 1996-08-01, as the texts are undated), and
``SITE/newsgen.yaml`` is written. Used to judge entity pages on real news: build
with ``newsgen build SITE``, then list them with ``newsgen entities SITE --json``.
Nothing is read but SOURCE; the texts stay on this machine (see the data's terms).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

_NO_SPACE_BEFORE = frozenset(".,;:!?)]}'%") | {"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = frozenset("([{$")

CONFIG = """title: CoNLL-2003 judging site
description: Reuters 1996 documents, built to judge entity pages.
base_url: https://example.org/conll/
language: en
timezone: UTC
"""


def detokenize(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        if out and token not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out += " "
        out += token
    return out


def documents_from_conll(text: str) -> list[str]:
    """Each document's text: the first sentence as headline, a blank line, the rest."""
    docs: list[list[str]] = []
    sentence: list[str] = []
    current: list[str] | None = None
    for line in [*text.splitlines(), ""]:
        parts = line.split()
        if parts and parts[0] == "-DOCSTART-":
            current = []
            docs.append(current)
            continue
        if parts:
            sentence.append(parts[0])
            continue
        if sentence:
            if current is None:
                current = []
                docs.append(current)
            current.append(detokenize(sentence))
            sentence = []
    texts = []
    for sentences in docs:
        if sentences:
            head, *rest = sentences
            texts.append(head + "\n\n" + "\n\n".join(rest) + "\n")
    return texts


def documents_from_folder(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*/text.txt"))]


def write_site(texts: list[str], out: Path) -> int:
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out}: not empty; give a new folder")
    content = out / "content"
    start = date(1996, 8, 1)
    for number, text in enumerate(texts, 1):
        day = start + timedelta(days=number)
        head, _, body = text.partition("\n")
        folder = content / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{day.isoformat()}-conll-{number:04d}.txt"
        stamp = f"Published: {day.strftime('%B')} {day.day}, {day.year}"
        (folder / name).write_text(f"{head}\n{stamp}\n{body}", encoding="utf-8")
    (out / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    return len(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a CoNLL-2003 file or a folder of documents")
    parser.add_argument("--out", type=Path, required=True, help="the site folder to make")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = parser.parse_args(argv)
    if args.source.is_dir():
        texts = documents_from_folder(args.source)
    else:
        texts = documents_from_conll(args.source.read_text(encoding="utf-8"))
    if args.limit:
        texts = texts[: args.limit]
    if not texts:
        print(f"{args.source}: no documents found", file=sys.stderr)
        return 1
    print(f"{write_site(texts, args.out)} articles in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
