"""The bundled demo reads as one archive: its registry, articles, images and footer
agree with one another (issue 16: "The demo contradicts itself"), and the README
shows a screenshot of every page kind that tools/screenshots.py makes."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import yaml
from tests.conftest import REPO

CONTENT = REPO / "content"


def _registry() -> dict[str, dict[str, object]]:
    entries = yaml.safe_load((CONTENT / "entities.yaml").read_text(encoding="utf-8"))
    return {e["name"]: e for e in entries if not e.get("hide")}


def _articles() -> dict[Path, str]:
    return {
        p: p.read_text(encoding="utf-8")
        for p in sorted(CONTENT.rglob("*"))
        if p.suffix in (".md", ".txt")
    }


def test_registry_places_organisations_where_the_articles_do() -> None:
    registry = _registry()
    for name, city in (("Green Line", "Lahore"), ("Indus Valley University", "Lahore")):
        assert city in str(registry[name]["description"]), name
    for path, text in _articles().items():
        if "Green Line" in text:
            assert "Lahore" in text and "Karachi's Green Line" not in text, path.name
        assert not re.search(r"Indus Valley University[^.]{0,40} in Karachi", text), path.name


def test_reference_links_only_for_real_things() -> None:
    """Invented organisations have no Wikipedia page; real places link to theirs."""
    invented_orgs = {"Green Line", "Indus Valley University", "Karachi Harbour Board",
                     "Coastal Development Authority", "Coastal Climate Observatory"}  # fmt: skip
    for name, entry in _registry().items():
        link = str(entry.get("link", ""))
        if name in invented_orgs:
            assert not link, name
        if link and "wikipedia.org/wiki/" in link and entry.get("type") == "place":
            assert (
                link.rsplit("/", 1)[1].split(",")[0].replace("_", " ").startswith(name.split()[0])
            ), (name, link)


def test_footer_does_not_call_linked_places_fictional(demo: Path) -> None:
    page = (demo / "entities" / "places" / "karachi" / "index.html").read_text(encoding="utf-8")
    assert "https://en.wikipedia.org/wiki/Karachi" in page
    footer = page.split('<footer class="site-footer">')[1].lower()
    assert "invented" in footer
    assert not re.search(r"places[^.]*fictional|fictional[^.]*places", footer), footer


def test_every_demo_image_has_alt_caption_and_credit() -> None:
    seen = 0
    for path, text in _articles().items():
        match = re.match(r"---\n(.*?)\n---\n", text, re.S)
        if not match or "image:" not in match.group(1):
            continue
        image = yaml.safe_load(match.group(1))["image"]
        seen += 1
        for key in ("src", "alt", "caption", "credit"):
            assert str(image.get(key, "")).strip(), (path.name, key)
        assert (path.parent / image["src"]).is_file(), path.name
    assert seen >= 4


def test_readme_links_a_screenshot_of_every_page_kind_at_both_widths() -> None:
    spec = importlib.util.spec_from_file_location("screenshots", REPO / "tools" / "screenshots.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    expected = {f"{page}-{size}.png" for page in tool.PAGES for size in tool.SIZES}
    assert {"front", "section", "article", "person", "organization", "place", "tag",
            "archive", "search", "404"} <= set(tool.PAGES)  # fmt: skip
    shots = REPO / "docs" / "screenshots"
    assert {p.name for p in shots.glob("*.png")} == expected
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\(docs/screenshots/([\w-]+\.png)\)", readme))
    assert linked == expected
    assert sum((shots / name).stat().st_size for name in expected) < 1_000_000
