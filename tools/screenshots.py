"""Screenshots of every page kind of the default theme, from the demo site, at a
desktop's 1280 px and a phone's 390 px, into docs/screenshots/.

    python tools/screenshots.py             # builds the demo into a temporary folder
    python tools/screenshots.py --site DIR  # an already built demo site (its output folder)

The site is served over HTTP on 127.0.0.1 under its base path (/archive/), as it
would be published, so search runs. Needs Playwright for Python and Chromium
(/usr/bin/chromium). Each image is the first screenful (1280x900, 390x844),
reduced to a 64-colour palette with Pillow so the set stays a few hundred KB.
The build is dated by SOURCE_DATE_EPOCH, animations and the text caret are off,
and the script waits for every image and for search results, so running it again
makes the same pictures.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
COLOURS = 64
# name -> address under the base path. The README links these files by name.
PAGES = {
    "front": "",
    "section": "sections/transport/",
    "article": "2026/05/keamari-ferry-terminal-crosses-one-million-passengers-in-first-hundred-days/",
    "person": "entities/people/omar-baig/",
    "organization": "entities/organizations/indus-valley-university/",
    "place": "entities/places/keamari/",
    "tag": "tags/ports/",
    "archive": "2025/",
    "search": "search/?q=ferry",
    "404": "no/such/page/",
}
STILL = "*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; }"


def build_demo(folder: Path) -> Path:
    site = folder / "site"
    site.mkdir()
    for name in ("content", "static", "templates", "newsgen.yaml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        elif source.exists():
            shutil.copy(source, site / name)
    command = [sys.executable, "-m", "newsgen", "--site", str(site), "build"]
    command += ["--output", str(site / "out")]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    subprocess.run(command, check=True, timeout=600, env=env)
    return site / "out"


@contextmanager
def serve(out: Path) -> Iterator[str]:
    """The site under /archive/ on 127.0.0.1; a missing address gets its 404.html."""
    not_found = (out / "404.html").read_bytes()

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            if code != 404:
                super().send_error(code, message, explain)
                return
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(not_found)))
            self.end_headers()
            self.wfile.write(not_found)

    with tempfile.TemporaryDirectory() as www:
        (Path(www) / "archive").symlink_to(out.resolve(), target_is_directory=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=www))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/archive/"
        finally:
            server.shutdown()
            server.server_close()


def small_png(data: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as shot:
        palette = shot.convert("RGB").quantize(COLOURS, method=Image.Quantize.MEDIANCUT)
        buffer = io.BytesIO()
        palette.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()


def shoot(base: str, dest: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    dest.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for size_name, (width, height) in SIZES.items():
                for page_name, rel in PAGES.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.emulate_media(color_scheme="light", reduced_motion="reduce")
                    page.goto(base + rel)
                    page.add_style_tag(content=STILL)
                    if page_name == "search":
                        page.wait_for_selector(".pagefind-ui__result", timeout=30_000)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_function(
                        "[...document.images].every(i => i.loading === 'lazy' || i.complete)"
                    )
                    target = dest / f"{page_name}-{size_name}.png"
                    target.write_bytes(small_png(page.screenshot(animations="disabled")))
                    written.append(target)
                    page.close()
        finally:
            browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built demo site's output folder")
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNGs go")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.site if args.site else build_demo(Path(tmp))
        with serve(out) as base:
            paths = shoot(base, args.out)
    total = 0
    for path in paths:
        total += path.stat().st_size
        print(
            f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {path.stat().st_size // 1024} KB"
        )
    print(f"{len(paths)} screenshots, {total // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
