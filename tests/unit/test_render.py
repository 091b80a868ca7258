"""Rendering: a planned page to bytes through the templates' environment."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsgen.config import Config
from newsgen.errors import TemplateError
from newsgen.index import build_index
from newsgen.render import render, render_page, site_files
from newsgen.templates import make_environment
from newsgen.views import Views

BUILT = datetime(2026, 1, 1, tzinfo=UTC)


def _views() -> Views:
    return Views(build_index((), 2, 5), Config(title="Test <Times>"), BUILT)


def test_a_page_renders_with_its_text_escaped(tmp_path: Path) -> None:
    env = make_environment(tmp_path / "templates")
    views = _views()
    front = next(page for page in views.pages() if page.path == "")
    html = render_page(env, views, front).decode()
    assert "Test &lt;Times&gt;" in html and "Test <Times>" not in html


def test_site_files_signatures_follow_the_render_key(tmp_path: Path) -> None:
    env = make_environment(None)
    views = _views()
    pages = list(views.pages())
    one = {path: sig for path, sig, _ in site_files(env, views, pages, "a")}
    two = {path: sig for path, sig, _ in site_files(env, views, pages, "b")}
    assert "robots.txt" in one and "sitemap.xml" in one
    assert one.keys() == two.keys() and all(one[p] != two[p] for p in one)
    robots = dict((path, make) for path, _, make in site_files(env, views, pages))["robots.txt"]
    assert b"Sitemap:" in robots()


def test_a_site_template_overrides_the_theme_and_its_errors_name_it(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "robots.txt").write_text("line one\n{{ nothing.here }}\n")
    env = make_environment(tmp_path / "templates")
    with pytest.raises(TemplateError) as caught:
        render(env, "robots.txt", {"site": None, "page_path": ""})
    problem = caught.value.problems[0]
    assert problem.path == str(tmp_path / "templates" / "robots.txt")  # the site's, not the theme's
    assert "'nothing' is undefined" in problem.message


def test_a_site_template_linked_out_of_the_site_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("SECRET")
    site = tmp_path / "site"
    (site / "templates").mkdir(parents=True)
    os.symlink(outside, site / "templates" / "robots.txt")
    env = make_environment(site / "templates")
    views = _views()
    robots = dict((p, make) for p, _, make in site_files(env, views, list(views.pages())))
    assert b"SECRET" not in robots["robots.txt"]()
