"""A story's lead image beyond its own page, through `newsgen build`: a thumbnail on
its card in one-column lists (tags, entities) and the picture in every Atom feed."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import run_cli

BASE = "https://news.example/sub/"
CONFIG = f"title: Picture Post\nbase_url: {BASE}\nsearch: false\ngit_dates: false\n"
NS = {"a": "http://www.w3.org/2005/Atom", "m": "http://search.yahoo.com/mrss/"}
# Text that would end the <content> element, open a script or break an attribute
# if it were not escaped twice (once as HTML, once as the text of a type="html" element).
HOSTILE = '"><script>alert(1)</script></content>&amp; <b>Ships</b>'


def _jpeg(size: tuple[int, int]) -> bytes:
    image = Image.new("RGB", size, (30, 90, 150))
    for x in range(0, size[0], 50):
        image.paste((250, 250, 250), (x, 0, x + 10, size[1] // 2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _article(title: str, date: str, image: dict[str, str] | None) -> str:
    block = ""
    if image:
        block = "image:\n" + "".join(f"  {k}: {json.dumps(v)}\n" for k, v in image.items())
    body = "Karachi Harbour Board officials met in Karachi on Monday."
    return f"---\ntitle: {title}\ndate: {date}\ntags: [ports]\n{block}---\n\n{body}\n"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of three stories, two with images (one with hostile words), built once."""
    root = tmp_path_factory.mktemp("feedimages") / "site"
    files: dict[str, str | bytes] = {
        "content/2025/ferry.jpg": _jpeg((1600, 1000)),
        "content/2025/ferry.md": _article(
            "Ferry story", "2025-03-03",
            {"src": "ferry.jpg", "alt": "A ferry at dusk", "caption": "The evening sailing.",
             "credit": "Photo: A. Snapper"},
        ),
        "content/2025/crane.jpg": _jpeg((900, 600)),
        "content/2025/crane.md": _article(
            "Crane story", "2025-03-02",
            {"src": "crane.jpg", "alt": HOSTILE, "caption": HOSTILE, "credit": HOSTILE},
        ),
        "content/2025/plain.md": _article("Plain story", "2025-03-01", None),
    }  # fmt: skip
    root.mkdir(parents=True)
    (root / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return root / "public"


class _Tags(HTMLParser):
    """Every start tag of a fragment, in order, as (name, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _entries(feed: Path) -> dict[str, ET.Element]:
    root = ET.parse(feed).getroot()  # well-formed XML, or this raises
    return {e.findtext("a:title", namespaces=NS) or "": e for e in root.findall("a:entry", NS)}


@pytest.mark.parametrize("feed", ["atom.xml", "tags/ports/atom.xml"])
def test_feed_entries_carry_their_image(out: Path, feed: str) -> None:
    entries = _entries(out / feed)
    assert set(entries) == {"Ferry story", "Crane story", "Plain story"}
    for title, alt in (("Ferry story", "A ferry at dusk"), ("Crane story", HOSTILE)):
        entry = entries[title]
        enclosures = entry.findall("a:link[@rel='enclosure']", NS)
        assert len(enclosures) == 1, title
        href = enclosures[0].get("href") or ""
        assert enclosures[0].get("type") == "image/jpeg"
        assert href.startswith(BASE + "images/") and href.endswith(".jpg"), href
        file = out / href[len(BASE) :]
        with Image.open(file) as image:  # the file is published and is the JPEG it claims
            assert image.format == "JPEG"
            size = image.size
        media = entry.find("m:content", NS)
        assert media is not None and media.get("url") == href and media.get("medium") == "image"
        assert (int(media.get("width") or 0), int(media.get("height") or 0)) == size
        assert media.findtext("m:description", namespaces=NS) == alt
        # The content's HTML opens with the same picture, the words as text.
        content = entry.find("a:content", NS)
        assert content is not None and content.get("type") == "html"
        html = _parse(content.text or "")
        assert html.tags[0][0] == "figure"
        img = html.tags[1]
        assert img[0] == "img" and img[1]["src"] == href and img[1]["alt"] == alt
        assert (int(img[1]["width"] or 0), int(img[1]["height"] or 0)) == size
        assert "script" not in [name for name, _ in html.tags]
        assert "Karachi Harbour Board officials" in "".join(html.text)
    plain = entries["Plain story"]
    assert plain.find("a:link[@rel='enclosure']", NS) is None
    assert plain.find("m:content", NS) is None
    assert "<img" not in (plain.findtext("a:content", namespaces=NS) or "")


def _cards(page: Path) -> dict[str, list[tuple[str, dict[str, str | None]]]]:
    """Each card of a list page: its headline -> the tags inside it."""
    cards: dict[str, list[tuple[str, dict[str, str | None]]]] = {}
    html = page.read_text(encoding="utf-8")
    for chunk in html.split('<article class="card')[1:]:
        chunk = chunk.split("</article>")[0]
        title = chunk.split('class="card-title"><a href=')[1].split(">")[1].split("<")[0]
        cards[title] = _parse('<article class="card' + chunk).tags
    return cards


@pytest.mark.parametrize(
    "page", ["tags/ports/index.html", "entities/organizations/karachi-harbour-board/index.html"]
)
def test_list_cards_show_a_thumbnail(out: Path, page: str) -> None:
    cards = _cards(out / page)
    assert set(cards) == {"Ferry story", "Crane story", "Plain story"}, page
    for title in ("Ferry story", "Crane story"):
        tags = cards[title]
        assert "has-thumb" in (tags[0][1]["class"] or "")
        names = [name for name, _ in tags]
        assert names.index("picture") < names.index("h2")  # floats beside the headline
        source = next(a for n, a in tags if n == "source")
        img = next(a for n, a in tags if n == "img")
        assert source["type"] == "image/webp" and source["srcset"] and source["sizes"]
        assert img["srcset"] and img["sizes"] == source["sizes"]
        assert int(img["width"] or 0) > 0 and int(img["height"] or 0) > 0
        assert img["loading"] == "lazy"
        for candidate in (img["srcset"] or "").split(", "):
            url = candidate.split(" ")[0]
            assert (out / page).parent.joinpath(url).resolve().is_file(), url
    assert "picture" not in [name for name, _ in cards["Plain story"]]
    assert "has-thumb" not in (cards["Plain story"][0][1]["class"] or "")
