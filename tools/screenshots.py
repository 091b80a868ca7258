"""Screenshots of the default theme: the demo site's front page and an article at
desktop (1280 px) and phone (390 px) widths, into docs/screenshots/.

    python tools/screenshots.py            # builds the demo into a temporary folder
    python tools/screenshots.py --site DIR # an already built site folder (its output)

Needs Playwright for Python and Chromium (/usr/bin/chromium). The images are PNG,
above the fold only (1280x900 and 390x844), so they stay small.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def build_demo(folder: Path) -> Path:
    site = folder / "site"
    site.mkdir()
    for name in ("content", "static", "templates", "newsgen.yaml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        elif source.exists():
            shutil.copy(source, site / name)
    command = [
        sys.executable,
        "-m",
        "newsgen",
        "--site",
        str(site),
        "build",
        "--output",
        str(site / "out"),
    ]
    subprocess.run(command, check=True, timeout=600)
    return site / "out"


def first_article(out: Path) -> Path:
    return sorted(out.glob("20*/*/*/index.html"))[-1]


def shoot(out: Path, dest: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    dest.mkdir(parents=True, exist_ok=True)
    pages = {"front": out / "index.html", "article": first_article(out)}
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for size_name, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.emulate_media(color_scheme="light")
                for page_name, path in pages.items():
                    page.goto(path.as_uri())
                    target = dest / f"{page_name}-{size_name}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
                page.close()
        finally:
            browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site's output folder")
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNGs go")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.site if args.site else build_demo(Path(tmp))
        for path in shoot(out, args.out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
