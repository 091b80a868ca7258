"""Dump what the parse stage makes of a fixed set of inputs, or diff it with a dump.

    python bench/check_parse.py write DUMP.json [-n FILES] [--corpus SITE] [--texts DIR ...]
    python bench/check_parse.py diff DUMP.json [-n FILES] [--corpus SITE] [--texts DIR ...]

The inputs: the first N files (default 2,000) of a benchmark corpus site (``--corpus``,
e.g. one made by bench/corpus.py; none by default), every file of tests/fixtures
(raw-text fixtures parsed with the demo site's config, the fixture site with its
own), the demo site's content, and every ``.txt`` text under the ``--texts`` folders
(default: the repository's NER fixture documents and the seed sample). For each file the record is the repr of ``parse_source``'s ``Parsed`` (article, raw
record, warnings) and of the article ``with_mentions`` made of it (mentions and
digest), or the problems it raised; for each text, the extractor's mentions.
``diff`` exits 1 and names the first differences when anything changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from newsgen import sources
from newsgen.config import Config, load_config
from newsgen.entities import extract_entities
from newsgen.errors import NewsgenError
from newsgen.extract import get_extractor, with_mentions
from newsgen.model import SourceFile
from newsgen.parse import parse_source

REPO = Path(__file__).resolve().parents[1]
_MTIME = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
TEXTS = (REPO / "tests" / "fixtures" / "ner", REPO / "tests" / "fixtures" / "samples")


def _site_files(site: Path, limit: int | None = None) -> tuple[Config, list[SourceFile]]:
    config = load_config(site)
    paths = sources.discover(site, config.content_dir)[:limit]
    return config, [sources.read_source(site, path, {}) for path in paths]


def _fixture_files() -> list[SourceFile]:
    base = REPO / "tests" / "fixtures"
    out = []
    for path in sorted(base.rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".md", ".markdown"):
            name = path.relative_to(REPO).as_posix()
            # A fixed mtime: a file with no date of its own is still read through.
            out.append(SourceFile(path=name, data=path.read_bytes(), mtime=_MTIME))
    return out


def _record(source: SourceFile, config: Config) -> str:
    try:
        parsed = parse_source(source, config)
        article = with_mentions(parsed.article, get_extractor(config.entities.backend))
    except NewsgenError as err:
        return "problems " + repr(err.problems)
    return repr(parsed) + "\n" + repr(article)


def _texts(folders: list[Path]) -> list[tuple[str, str]]:
    """Every ``.txt`` under the folders, named by its path below its folder."""
    return [
        (f"{folder.name}/{p.relative_to(folder).as_posix()}", p.read_text(encoding="utf-8"))
        for folder in folders
        for p in sorted(folder.rglob("*.txt"))
    ]


def dump(limit: int, corpus: Path | None, texts: list[Path]) -> dict[str, str]:
    out: dict[str, str] = {}
    if corpus is not None:
        config, files = _site_files(corpus, limit)
        for source in files:
            out["corpus:" + source.path] = _record(source, config)
    demo, files = _site_files(REPO)
    for source in files:
        out["demo:" + source.path] = _record(source, demo)
    fixtures = _fixture_files()
    site_config = load_config(REPO / "tests" / "fixtures" / "site")
    for source in fixtures:
        config = site_config if source.path.startswith("tests/fixtures/site/") else demo
        out["fixture:" + source.path] = _record(source, config)
    for name, text in _texts(texts):
        out["text:" + name] = repr(extract_entities(text))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("mode", choices=["write", "diff"])
    ap.add_argument("dump", type=Path)
    ap.add_argument("-n", "--files", type=int, default=2000)
    ap.add_argument("--corpus", type=Path, help="a benchmark corpus site folder")
    ap.add_argument("--texts", type=Path, nargs="*", default=list(TEXTS))
    args = ap.parse_args(argv)
    now = dump(args.files, args.corpus, args.texts)
    if args.mode == "write":
        args.dump.write_text(json.dumps(now, indent=0, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {len(now)} records to {args.dump}")
        return
    before = json.loads(args.dump.read_text(encoding="utf-8"))
    changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for key in changed[:5]:
        print(f"--- {key}\nbefore: {before.get(key)!s:.2000}\nnow:    {now.get(key)!s:.2000}")
    print(f"{len(now)} records, {len(changed)} differ")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
