"""The bound on Python-Markdown's work: hostile bodies refused fast, real ones not."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsgen.parse import md_budget
from newsgen.parse.markdown_body import render_markdown

DEMO = Path(__file__).resolve().parents[2] / "content"
N = md_budget.MAX_BODY - 1_000


def test_demo_articles_pass() -> None:
    texts = [p.read_text(encoding="utf-8") for p in DEMO.rglob("*.md")]
    assert texts and all(md_budget.problem(t) is None for t in texts)


def test_a_long_article_of_normal_paragraphs_passes_and_converts() -> None:
    unit = "He said \"we don't know\" -- it's *late* & [here](https://x.org)... "
    paragraph = (unit * 40)[:2_500]
    body = "\n\n".join([paragraph] * 50)  # 125,000 characters
    assert md_budget.problem(body) is None
    started = time.monotonic()
    render_markdown(body)
    assert time.monotonic() - started < 15


@pytest.mark.parametrize(
    "body",
    [
        "[a " * (N // 3),
        "![a " * (N // 4),
        "*a " * (N // 3),
        "_a " * (N // 3),
        "`a " * (N // 3),
        "<a " * (N // 3),
        "&a " * (N // 3),
        "'a \"" * (N // 4),
        "-- " * (N // 3),
        "\\* " * (N // 3),
        "a  \n" * (N // 4),
        "[a](b) " * (N // 7),
    ],
)
def test_quadratic_paragraphs_refused_quickly(body: str) -> None:
    started = time.monotonic()
    found = md_budget.problem(body)
    assert time.monotonic() - started < 2
    assert found is not None and "inline markup" in found[0] and found[1] == 1


def test_too_long_body() -> None:
    found = md_budget.problem("word " * (md_budget.MAX_BODY // 5 + 1))
    assert found is not None and found[0].startswith("Markdown body too long")


def test_nesting_reported_on_its_line() -> None:
    depth = md_budget.MAX_NESTING
    assert md_budget.problem("x\n\n" + "> " * depth + "ok") is None
    assert md_budget.problem("x\n\n" + "> " * (depth + 1) + "deep") == (
        f"Markdown nested more than {depth} levels deep",
        3,
    )
    lists = "".join("  " * i + "- item\n" for i in range(depth + 1))
    assert md_budget.problem(lists) == (f"Markdown nested more than {depth} levels deep", depth + 1)


def test_paragraph_line_is_its_first_line_of_text() -> None:
    body = "Fine.\n\n\n" + "[a " * 40_000
    found = md_budget.problem(body)
    assert found is not None and found[1] == 4
