"""bench/dense_corpus.py: the dense benchmark shape is the same bytes for the same seed."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "dense_corpus", ROOT / "bench" / "dense_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dense_corpus"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_same_bytes_and_every_format_the_same_articles(tmp_path: Path) -> None:
    dense = _generator()
    dense.write_corpus(20, tmp_path / "a", seed=3)
    dense.write_corpus(20, tmp_path / "b", seed=3)
    dense.write_corpus(20, tmp_path / "c", seed=4)
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    assert first != _files(tmp_path / "c")
    texts = [v.decode() for k, v in first.items() if k.startswith("content/")]
    assert len(texts) == 20 and "newsgen.yaml" in first
    for text in texts:
        paragraphs = text.split("---\n", 2)[2].split("\n\n")[1:]
        assert 6 <= len(paragraphs) <= 12
        assert re.match(r"[A-Z ]+: ", paragraphs[0])  # the dateline
        tags = re.search(r"^tags: \[(.*)\]$", text, re.M)
        assert tags is not None and 2 <= len(tags.group(1).split(", ")) <= 5
    # Dense: the most named person is in a good share of even 20 articles.
    assert sum(dense.most_named(3) in t for t in texts) >= 3
    dense.write_corpus(20, tmp_path / "hugo", seed=3, fmt="hugo")
    dense.write_corpus(20, tmp_path / "pelican", seed=3, fmt="pelican")
    hugo = _files(tmp_path / "hugo")
    pelican = _files(tmp_path / "pelican")
    assert sorted(Path(k).stem for k in hugo) == sorted(Path(k).stem for k in texts_names(first))
    assert len(pelican) == 20
    # The same body in every format.
    name = next(iter(texts_names(first)))
    body = first[name].decode().split("\n", 5)[5]
    assert hugo[f"content/posts/{Path(name).stem}.md"].decode().endswith(body.split("\n\n", 1)[1])


def texts_names(files: dict[str, bytes]) -> list[str]:
    return [k for k in files if k.startswith("content/")]
