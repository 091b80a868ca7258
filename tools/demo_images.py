"""Draw the demo archive's (and the golden fixture site's) article images with Pillow.

    .venv/bin/python tools/demo_images.py

Each picture is made of shapes and gradients (a coast with a campus going up, a
harbour skyline with a ferry, a chart, a flooded street), drawn from a fixed seed,
so running this again writes the same bytes. The files are committed; this is how
they were made, and how to make them again after changing a drawing.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
W, H = 1600, 1000  # drawn at this size, then scaled down to the size given per picture
Colour = tuple[int, int, int]


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _gradient(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top: Colour, bottom: Colour
) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=_mix(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


def _water(draw: ImageDraw.ImageDraw, rng: random.Random, y0: int, y1: int, base: Colour) -> None:
    _gradient(draw, (0, y0, W, y1), _mix(base, (255, 255, 255), 0.15), _mix(base, (0, 0, 0), 0.35))
    for _ in range(260):
        y = rng.randint(y0 + 4, y1)
        x = rng.randint(-40, W)
        length = rng.randint(20, 90) * (1 + (y - y0) / (y1 - y0))
        draw.line([(x, y), (x + length, y)], fill=_mix(base, (255, 255, 255), 0.35), width=2)


def _save(image: Image.Image, path: Path, size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    small = image.resize(size, Image.Resampling.LANCZOS)
    if path.suffix == ".png":
        small.quantize(64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            path, optimize=True
        )
    else:
        small.save(path, "JPEG", quality=72, optimize=True, progressive=True)
    print(f"{path.relative_to(ROOT)}: {size[0]}x{size[1]}, {path.stat().st_size // 1024} KB")


def coast_campus(seed: int = 1) -> Image.Image:
    """A headland over a bay at morning, a campus frame and a crane on the shore."""
    rng = random.Random(seed)
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, W, 560), (120, 175, 220), (250, 226, 190))
    draw.ellipse((1180, 140, 1300, 260), fill=(255, 240, 200))
    # The hammerhead headland.
    draw.polygon(
        [(0, 430), (220, 380), (520, 390), (700, 440), (760, 560), (0, 560)], fill=(176, 142, 104)
    )
    draw.polygon([(0, 470), (300, 440), (640, 470), (760, 560), (0, 560)], fill=(150, 116, 84))
    _water(draw, rng, 560, 760, (40, 120, 160))
    # The shore and the site.
    draw.polygon([(0, 760), (W, 700), (W, H), (0, H)], fill=(214, 190, 150))
    for x in range(760, 1300, 90):  # the building's frame: columns and floors
        draw.rectangle((x, 470, x + 10, 720), fill=(120, 120, 125))
    for y in range(470, 720, 60):
        draw.rectangle((760, y, 1280, y + 10), fill=(135, 135, 140))
    draw.rectangle((1400, 300, 1416, 720), fill=(230, 160, 40))  # a tower crane
    draw.rectangle((1180, 300, 1560, 314), fill=(230, 160, 40))
    draw.line([(1408, 300), (1480, 240), (1560, 300)], fill=(230, 160, 40), width=6)
    draw.line([(1250, 314), (1250, 460)], fill=(60, 60, 60), width=3)
    draw.rectangle((1230, 460, 1270, 480), fill=(90, 90, 90))
    draw.rectangle((560, 820, 680, 880), fill=(200, 200, 195))  # the foundation stone
    for i in range(14):  # people gathered around it
        x = 420 + i * 30 + rng.randint(-6, 6)
        draw.ellipse((x, 820, x + 16, 836), fill=(70, 50, 40))
        draw.rectangle(
            (x, 836, x + 16, 880), fill=rng.choice([(30, 60, 120), (240, 240, 240), (150, 30, 40)])
        )
    return image


def harbour_skyline(seed: int = 2) -> Image.Image:
    """A harbour at dusk: the city behind, cranes, and a ferry crossing."""
    rng = random.Random(seed)
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, W, 600), (42, 56, 110), (246, 160, 96))
    x = 0
    while x < W:  # the skyline, with lit windows
        width = rng.randint(50, 130)
        top = rng.randint(260, 520)
        shade = rng.randint(30, 60)
        draw.rectangle((x, top, x + width, 600), fill=(shade, shade, shade + 15))
        for wy in range(top + 12, 590, 22):
            for wx in range(x + 8, x + width - 10, 18):
                if rng.random() < 0.35:
                    draw.rectangle((wx, wy, wx + 7, wy + 10), fill=(255, 214, 130))
        x += width + rng.randint(0, 12)
    for cx in (180, 420):  # gantry cranes on the quay
        draw.rectangle((cx, 330, cx + 12, 600), fill=(200, 60, 40))
        draw.rectangle((cx + 90, 330, cx + 102, 600), fill=(200, 60, 40))
        draw.rectangle((cx - 60, 320, cx + 200, 336), fill=(200, 60, 40))
    _water(draw, rng, 600, H, (30, 70, 110))
    # The ferry.
    draw.polygon([(700, 720), (1180, 720), (1130, 790), (740, 790)], fill=(240, 240, 235))
    draw.rectangle((780, 660, 1090, 720), fill=(250, 250, 248))
    draw.rectangle((860, 620, 1000, 660), fill=(245, 245, 240))
    for wx in range(800, 1080, 34):
        draw.rectangle((wx, 676, wx + 20, 700), fill=(60, 90, 130))
    draw.rectangle((700, 776, 1150, 790), fill=(30, 120, 90))
    return image


def surplus_chart() -> Image.Image:
    """A bar chart: the harbour board's surplus by year, the last bar highlighted."""
    image = Image.new("RGB", (W, H), (250, 250, 247))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=34)
    small = ImageFont.load_default(size=28)
    draw.text(
        (120, 60),
        "Karachi Harbour Board surplus by fiscal year, Rs billion",
        fill=(30, 30, 30),
        font=font,
    )
    left, bottom, right, top = 160, 860, 1500, 180
    for i in range(6):  # gridlines and their values
        y = bottom - i * (bottom - top) / 5
        draw.line([(left, y), (right, y)], fill=(215, 215, 210), width=2)
        draw.text((70, y - 16), str(i * 5), fill=(90, 90, 90), font=small)
    # The article's figures: fiscal years ending in June, the last Rs 21.4 billion.
    values = (8.1, 9.6, 6.2, 11.8, 14.9, 17.3, 21.4)
    step = (right - left) / len(values)
    for i, value in enumerate(values):
        x0 = left + i * step + 30
        y0 = bottom - value / 25 * (bottom - top)
        colour = (11, 87, 208) if i == len(values) - 1 else (150, 170, 200)
        draw.rectangle((x0, y0, x0 + step - 60, bottom), fill=colour)
        draw.text((x0 + 10, bottom + 20), f"FY{19 + i}", fill=(60, 60, 60), font=small)
        draw.text((x0 + 10, y0 - 40), str(value), fill=(40, 40, 40), font=small)
    draw.line([(left, bottom), (right, bottom)], fill=(60, 60, 60), width=3)
    return image


def flooded_street(seed: int = 4) -> Image.Image:
    """A street under monsoon water: shopfronts, a rickshaw, rain."""
    rng = random.Random(seed)
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, W, 520), (110, 118, 128), (170, 176, 182))
    x = -20
    while x < W:  # buildings with shop signs and balconies
        width = rng.randint(160, 260)
        top = rng.randint(80, 220)
        colour = rng.choice([(196, 170, 140), (170, 160, 150), (210, 200, 180), (150, 140, 130)])
        draw.rectangle((x, top, x + width, 640), fill=colour)
        for wy in range(top + 30, 440, 80):
            for wx in range(x + 20, x + width - 40, 60):
                draw.rectangle((wx, wy, wx + 34, wy + 46), fill=(70, 80, 90))
            draw.rectangle(
                (x + 10, wy + 50, x + width - 10, wy + 56), fill=_mix(colour, (0, 0, 0), 0.3)
            )
        sign = rng.choice([(190, 40, 40), (30, 110, 60), (230, 180, 40), (30, 80, 150)])
        draw.rectangle((x + 14, 470, x + width - 14, 520), fill=sign)
        draw.rectangle((x + 30, 530, x + width - 30, 640), fill=(60, 55, 50))
        x += width + 6
    # Floodwater with reflections of the buildings.
    water = image.crop((0, 300, W, 640)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    water = water.filter(ImageFilter.GaussianBlur(6))
    tint = Image.new("RGB", water.size, (120, 100, 70))
    image.paste(Image.blend(water, tint, 0.55).resize((W, H - 640)), (0, 640))
    draw = ImageDraw.Draw(image)
    # An auto-rickshaw wading through.
    draw.rounded_rectangle((620, 600, 860, 730), 30, fill=(40, 130, 70))
    draw.rectangle((640, 560, 840, 600), fill=(240, 210, 60))
    draw.rectangle((700, 620, 800, 680), fill=(40, 45, 50))
    draw.ellipse((640, 700, 700, 760), fill=(25, 25, 25))
    draw.ellipse((800, 700, 860, 760), fill=(25, 25, 25))
    draw.rectangle((600, 730, 900, 780), fill=(120, 100, 70))
    for _ in range(450):  # rain
        rx, ry = rng.randint(0, W), rng.randint(0, H)
        draw.line([(rx, ry), (rx - 8, ry + 34)], fill=(215, 220, 228), width=1)
    return image


# (file, drawing, saved size)
PICTURES = (
    ("content/2026/education/gwadar-campus-site.jpg", coast_campus, (1400, 875)),
    ("content/2026/keamari-harbour-dusk.jpg", harbour_skyline, (1400, 875)),
    ("content/2025/harbour-surplus-chart.png", surplus_chart, (1200, 750)),
    ("content/2025/monsoon-flooded-street.jpg", flooded_street, (1200, 750)),
    ("tests/fixtures/site/content/2025/harbour.jpg", harbour_skyline, (900, 560)),
)


def main() -> int:
    for path, draw, size in PICTURES:
        _save(draw(), ROOT / path, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
