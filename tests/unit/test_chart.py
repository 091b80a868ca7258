"""The mentions-over-time SVG chart: accessible, escaped, deterministic."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

from newsgen.chart import bar_chart, buckets, describe

SVG = "{http://www.w3.org/2000/svg}"


def test_monthly_buckets_fill_gaps() -> None:
    got = buckets([date(2024, 11, 3), date(2025, 1, 9), date(2025, 1, 20)])
    assert got == [("November 2024", 1), ("December 2024", 0), ("January 2025", 2)]


def test_long_spans_count_per_year() -> None:
    got = buckets([date(2019, 5, 1), date(2024, 2, 1), date(2024, 3, 1)])
    assert got == [("2019", 1), ("2020", 0), ("2021", 0), ("2022", 0), ("2023", 0), ("2024", 2)]


def test_nothing_to_draw() -> None:
    assert buckets([]) == [] and bar_chart([]) == ""


def test_svg_is_accessible_and_well_formed() -> None:
    svg = bar_chart([("March 2024", 2), ("April 2024", 0), ("May 2024", 1)], "Mentions of <X>")
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    assert root.find(f"{SVG}title").text == "Mentions of <X>"  # escaped in, parsed back out
    desc = root.find(f"{SVG}desc").text
    assert desc == "3 articles, March 2024 to May 2024. March 2024: 2; May 2024: 1."
    bars = root.findall(f"{SVG}g/{SVG}rect")
    assert len(bars) == 3
    assert [b.find(f"{SVG}title").text for b in bars][1] == "April 2024: 0 articles"
    assert "currentColor" in svg and "&lt;X&gt;" in svg


def test_deterministic_and_scaled_to_the_peak() -> None:
    counts = [("2024", 4), ("2025", 1)]
    assert bar_chart(counts) == bar_chart(list(counts))
    root = ElementTree.fromstring(bar_chart(counts))
    heights = [int(b.get("height")) for b in root.findall(f"{SVG}g/{SVG}rect")]
    assert heights[0] > heights[1] > 0


def test_describe_singular() -> None:
    assert describe([("2024", 1)]) == "1 article, 2024. 2024: 1."
