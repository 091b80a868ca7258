"""Mentions over time as a small inline SVG bar chart. Pure and deterministic.

The SVG is accessible on its own: ``role="img"`` with a ``<title>`` and a
``<desc>`` that states every count in words (the text alternative a screen
reader reads), and each bar carries its own ``<title>`` as a tooltip. Colours
are ``currentColor`` so the chart follows the theme's text colour, dark mode
included. All text is escaped; numbers are integers, so output is byte-stable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from html import escape

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Up to this many months the chart shows months; a longer span shows years.
MONTHLY_SPAN = 36
_PLOT_HEIGHT = 60
_LABEL_HEIGHT = 16
_MAX_WIDTH = 480
_MIN_WIDTH = 160
_LABEL_SIZE = 13  # CSS px, never scaled (see bar_chart)
_BASIS = 10_000  # the chart's width in basis points


def buckets(days: Iterable[date], monthly_span: int = MONTHLY_SPAN) -> list[tuple[str, int]]:
    """Counts per month (or per year for long spans), gaps filled with zeros, oldest first."""
    found = sorted(days)
    if not found:
        return []
    first, last = found[0], found[-1]
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span > monthly_span:
        per_year = Counter(d.year for d in found)
        return [(str(y), per_year[y]) for y in range(first.year, last.year + 1)]
    per_month = Counter((d.year, d.month) for d in found)
    result = []
    year, month = first.year, first.month
    for _ in range(span):
        result.append((f"{MONTHS[month - 1]} {year}", per_month[(year, month)]))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return result


def bar_chart(
    counts: Sequence[tuple[str, int]],
    title: str = "Mentions over time",
    unit: str = "articles",
    id_prefix: str = "chart",
) -> str:
    """An SVG bar chart of (label, count) pairs; '' when there is nothing to draw."""
    if not counts:
        return ""
    peak = max(max(c for _, c in counts), 1)
    # Up to 24 px a bar, and room for both axis labels even when there are only a few.
    width = max(max(3, min(24, _MAX_WIDTH // len(counts))) * len(counts), _MIN_WIDTH)
    height = _PLOT_HEIGHT + _LABEL_HEIGHT
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    # No viewBox: a narrower column (the theme's max-width: 100%) narrows the chart
    # (bars in per cent of its width) but never scales it, so its labels stay at their
    # font size on a phone (a 480-wide viewBox in a 358 px column drew 11 px at 8 px).
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart"'
        f' aria-labelledby="{escape(title_id)} {escape(desc_id)}"'
        f' width="{width}" height="{height}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(describe(counts, unit))}</desc>',
        '<g fill="currentColor">',
    ]
    step = _BASIS // len(counts)
    bar = max(1, step - step // 4)
    for i, (label, count) in enumerate(counts):
        # Integer pixels and basis points keep the output identical on every machine.
        tall = 0 if count == 0 else max(1, count * _PLOT_HEIGHT // peak)
        parts.append(
            f'<rect x="{_percent(i * step)}" y="{_PLOT_HEIGHT - tall}" width="{_percent(bar)}"'
            f' height="{tall}"><title>{escape(label)}: {count} {escape(_unit(unit, count))}'
            "</title></rect>"
        )
    parts.append("</g>")
    parts.append(
        f'<line x1="0" y1="{_PLOT_HEIGHT}.5" x2="100%" y2="{_PLOT_HEIGHT}.5"'
        ' stroke="currentColor" stroke-opacity="0.4"/>'
    )
    parts.extend(_axis_labels(counts, height))
    parts.append("</svg>")
    return "".join(parts)


def _percent(basis_points: int) -> str:
    return f"{basis_points // 100}.{basis_points % 100:02d}%"


def describe(counts: Sequence[tuple[str, int]], unit: str = "articles") -> str:
    """The chart in words: the text alternative for people who cannot see it."""
    total = sum(c for _, c in counts)
    listed = "; ".join(f"{label}: {count}" for label, count in counts if count)
    span = counts[0][0] if len(counts) == 1 else f"{counts[0][0]} to {counts[-1][0]}"
    return f"{total} {_unit(unit, total)}, {span}. {listed}."


def _unit(unit: str, count: int) -> str:
    return unit.removesuffix("s") if count == 1 and unit.endswith("s") else unit


def _axis_labels(counts: Sequence[tuple[str, int]], height: int) -> list[str]:
    # Only the two ends are labelled: the chart is small, the desc has the rest.
    y = height - 3
    style = f'font-size="{_LABEL_SIZE}" fill="currentColor" aria-hidden="true"'
    first = f'<text x="0" y="{y}" {style}>{escape(_short(counts[0][0]))}</text>'
    if len(counts) == 1:
        return [first]
    last = (
        f'<text x="100%" y="{y}" text-anchor="end" {style}>{escape(_short(counts[-1][0]))}</text>'
    )
    return [first, last]


def _short(label: str) -> str:
    """'September 2024' -> 'Sep 2024' for the axis; years stay as they are."""
    month, _, year = label.partition(" ")
    return f"{month[:3]} {year}" if year else label
