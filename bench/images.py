"""Build times of a site whose every article has a photo (newsgen/images.py).

    python bench/images.py [--images 300] [--jobs N] [--work DIR]

Makes ``--images`` Markdown articles, each with its own 1600x1067 JPEG (a
gradient with noise, ~150 KB, like a web photo), then times ``newsgen build`` as a
subprocess: cold (no cache), no change, one image replaced, and a --no-cache build
of the same files (checked byte-identical to the incremental one).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw


def photo(seed: int) -> Image.Image:
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((1600, 1067)).convert("RGB")
    tint = Image.new(
        "RGB", image.size, (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    )
    image = Image.blend(image, tint, 0.5)
    draw = ImageDraw.Draw(image)
    for _ in range(120):
        x, y = rng.randrange(1600), rng.randrange(1067)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 200)), fill=colour)
    noise = Image.effect_noise(image.size, 24).convert("RGB")
    return Image.blend(image, noise, 0.15)


def make_site(root: Path, count: int) -> None:
    (root / "content").mkdir(parents=True)
    (root / "newsgen.yaml").write_text("title: Bench\nsearch: false\ngit_dates: false\n")
    for n in range(count):
        day = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        photo(n).save(root / "content" / f"p{n}.jpg", quality=85)
        (root / "content" / f"a{n}.md").write_text(
            f"---\ntitle: Story number {n}\ndate: {day}\nimage:\n  src: p{n}.jpg\n"
            f"  alt: Picture {n}\n---\n\nThe harbour in Karachi, story {n}.\n"
        )


def build(root: Path, jobs: int, *args: str) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "newsgen", "--site", str(root), "build", "--jobs", str(jobs), *args],
        check=True, capture_output=True, env=env, timeout=3600,
    )  # fmt: skip
    return time.perf_counter() - started


def same(a: Path, b: Path) -> bool:
    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and p.name != ".newsgen-output"
        }

    return files(a) == files(b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="newsgen-images-"))
    root = work / "site"
    if root.exists():
        shutil.rmtree(root)
    started = time.perf_counter()
    make_site(root, args.images)
    size = sum(p.stat().st_size for p in (root / "content").glob("*.jpg"))
    print(
        f"{args.images} images, {size / 2**20:.1f} MiB, made in {time.perf_counter() - started:.1f} s"
    )
    print(f"cold:           {build(root, args.jobs):.2f} s")
    print(f"no change:      {build(root, args.jobs):.2f} s")
    photo(10**6).save(root / "content" / "p0.jpg", quality=85)
    print(f"one image new:  {build(root, args.jobs):.2f} s")
    cold = work / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    print(f"--no-cache:     {build(root, args.jobs, '--no-cache', '--output', str(cold)):.2f} s")
    print(f"incremental == --no-cache: {same(root / 'public', cold)}")
    if args.work is None:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
