"""Helpers of the entity-page tests: build a fixture archive with ``newsgen build``
and read back its entity pages and ``newsgen entities --json`` rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import run_cli

Rows = dict[tuple[str, str], dict]


def build_and_list(fixture: Path, into: Path) -> tuple[Path, Rows]:
    """Copy ``fixture`` to ``into/site``, build it, and list its entities by (type, name)."""
    site = into / "site"
    shutil.copytree(fixture, site)
    result = run_cli("--site", str(site), "build")
    assert result.returncode == 0, result.stderr
    listed = run_cli("--site", str(site), "entities", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {(row["type"], row["name"]): row for row in json.loads(listed.stdout)}
    return site, rows


def entity_pages(site: Path, kind: str) -> set[str]:
    """The entity pages of one type (not the redirects left at merged names' URLs)."""
    folder = site / "public" / "entities" / kind
    return {
        p.name
        for p in folder.iterdir()
        if (p / "index.html").is_file()
        and 'http-equiv="refresh"' not in (p / "index.html").read_text(encoding="utf-8")
    }
