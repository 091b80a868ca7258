"""`newsgen entities [--json]` run as a user runs it, on a small temporary site."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ARTICLE = """---
title: {title}
date: {date}
entities:
  organization: [Coastal Development Authority]
  person: [Sara Khan]
---
{body}
"""

REGISTRY = """\
- name: Coastal Development Authority
  type: organization
  aliases: [CDA]
  description: Runs the coast.
- name: Sara Khan
  type: person
  rename: Sara Khan Baloch
"""


def _site(root: Path, registry: str = REGISTRY) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "newsgen.yaml").write_text(
        "title: Test\nbase_url: https://news.example.org/\nsearch: false\n"
        "entities: {min_mentions: 2}\n",
        encoding="utf-8",
    )
    for n, day in enumerate(("2024-03-01", "2025-06-02"), 1):
        body = "The Coastal Development Authority met. Minister Sara Khan spoke."
        text = ARTICLE.format(title=f"Story {n}", date=day, body=body)
        (root / "content" / f"story-{n}.md").write_text(text, encoding="utf-8")
    (root / "content" / "entities.yaml").write_text(registry, encoding="utf-8")
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsgen", "--site", str(root), "entities", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_entities_json_lists_every_entity(tmp_path: Path) -> None:
    result = _run(_site(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    cda = rows["Coastal Development Authority"]
    assert cda["type"] == "organization"
    assert cda["count"] == 2
    assert "CDA" in cda["aliases"]
    assert (cda["first"], cda["last"]) == ("2024-03-01", "2025-06-02")
    assert (
        cda["url"]
        == "https://news.example.org/entities/organizations/coastal-development-authority/"
    )
    assert cda["description"] == "Runs the coast."
    person = rows["Sara Khan Baloch"]
    assert person["type"] == "person" and "Sara Khan" in person["aliases"]
    assert person["url"].endswith("/entities/people/sara-khan-baloch/")
    for row in rows.values():
        assert set(row) >= {"name", "type", "count", "aliases", "first", "last", "url"}
        assert row["url"] is None or row["count"] >= 2


def test_entities_text_mode(tmp_path: Path) -> None:
    result = _run(_site(tmp_path))
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "Coastal Development Authority" in x)
    assert line.startswith("organization") and "2024-03-01 .. 2025-06-02" in line
    assert "(also: CDA" in line and line.endswith("coastal-development-authority/")


def test_registry_errors_are_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = "- name: A\n  type: person\n  colour: red\n- name: B\n  type: person\n  aliases: [A]\n"
    result = _run(_site(tmp_path, bad), "--json")
    assert result.returncode == 1
    assert "content/entities.yaml:3" in result.stderr and "unknown key 'colour'" in result.stderr
    assert "content/entities.yaml:4" in result.stderr and "claimed by two entities" in result.stderr


def test_build_writes_redirect_for_a_renamed_entity(tmp_path: Path) -> None:
    root = _site(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "newsgen", "--site", str(root), "build"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    old = (root / "public/entities/people/sara-khan/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in old
    assert 'href="https://news.example.org/entities/people/sara-khan-baloch/"' in old
    assert "../../../entities/people/sara-khan-baloch/" in old
    page = (root / "public/entities/people/sara-khan-baloch/index.html").read_text(encoding="utf-8")
    assert 'role="img"' in page and '"@type":"Person"' in page
