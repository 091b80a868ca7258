"""What every build pays before it does any work: the modules it imports and the
inputs its keys read. A build that parses nothing must not import the readers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from tests.conftest import SiteFactory, run_cli

from newsgen import search
from newsgen.errors import TemplateError
from newsgen.incremental import keys
from newsgen.incremental.output import render_key
from newsgen.render import render
from newsgen.templates import make_environment

ARTICLES = {
    "content/2025/2025-03-05-mayor.md": (
        "---\ntitle: Mayor opens bridge\ntags: [city]\n---\n\nMayor Sadiq Khan opened it.\n"
    ),
    "content/2025/2025-03-06-port.txt": "Port reopens\n\nKARACHI: The port reopened on Monday.\n",
}
# The readers, the template engine and importlib.metadata: none is needed to find
# that the output folder is already up to date.
NOT_FOR_A_NO_CHANGE_BUILD = (
    "newsgen.decode",
    "newsgen.parse.raw",
    "newsgen.parse.markdown_body",
    "newsgen.parse.frontmatter",
    "newsgen.entities.builtin",
    "ftfy",
    "charset_normalizer",
    "markdown",
    "jinja2",
    "importlib.metadata",
    "newsgen.search",
)
READERS = (*NOT_FOR_A_NO_CHANGE_BUILD[:5], "markdown")


def _modules_after_build(site: Path, *args: str) -> set[str]:
    """Build ``site`` in a fresh interpreter; the modules it had imported at the end."""
    code = (
        "import json, sys\n"
        "from newsgen.cli import main\n"
        f"status = main(['--site', {str(site)!r}, 'build', '--no-search', *{list(args)!r}])\n"
        "print(json.dumps([status, sorted(sys.modules)]))\n"
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    status, modules = json.loads(done.stdout.splitlines()[-1])
    assert status == 0
    return set(modules)


def test_a_no_change_build_imports_neither_readers_nor_templates(make_site: SiteFactory) -> None:
    site = make_site(ARTICLES)
    first = _modules_after_build(site, "--jobs", "1")  # parse here, not in a worker
    assert set(READERS) <= first  # it did parse: the check below means something
    assert _modules_after_build(site).isdisjoint(NOT_FOR_A_NO_CHANGE_BUILD)


def test_mojibake_and_encoding_repair_load_only_for_files_that_need_them(
    make_site: SiteFactory,
) -> None:
    """ftfy reads only lines with a non-ASCII character, charset_normalizer only
    files that are not UTF-8: an ASCII archive imports neither."""
    ascii_only = _modules_after_build(make_site(ARTICLES), "--jobs", "1")
    assert ascii_only.isdisjoint({"ftfy", "charset_normalizer"})
    accented = {**ARTICLES, "content/2025/2025-03-07-cafe.md": "---\ntitle: Café\n---\n\nCafé.\n"}
    with_accents = _modules_after_build(make_site(accented), "--jobs", "1")
    assert "ftfy" in with_accents
    assert "charset_normalizer" not in with_accents
    legacy = make_site(ARTICLES)
    (legacy / "content/2025/2025-03-08-old.txt").write_bytes(
        "Old news\n\nKARACHI: Caf\u00e9 reopened.\n".encode("cp1252")
    )
    assert "charset_normalizer" in _modules_after_build(legacy, "--jobs", "1")


def test_files_to_parse_go_to_a_worker_while_the_heads_are_read(make_site: SiteFactory) -> None:
    """With two jobs, even one changed file is parsed in a forked worker (while this
    process reads the heads snapshot): the readers stay out of this process."""
    site = make_site(ARTICLES)
    assert run_cli("--site", str(site), "build", "--no-search").returncode == 0
    article = site / "content/2025/2025-03-05-mayor.md"
    article.write_text(article.read_text() + "\nA late correction.\n")
    modules = _modules_after_build(site, "--jobs", "2")
    assert modules.isdisjoint(READERS)
    assert (
        "A late correction." in (site / "public/2025/03/mayor-opens-bridge/index.html").read_text()
    )


def test_a_build_from_cached_articles_renders_without_the_readers(make_site: SiteFactory) -> None:
    site = make_site(ARTICLES)
    assert run_cli("--site", str(site), "build", "--no-search").returncode == 0
    # A new output folder: every page is rendered, every article comes from the cache.
    modules = _modules_after_build(site, "--output", str(site / "elsewhere"))
    assert "jinja2" in modules
    assert modules.isdisjoint(READERS)
    assert (site / "elsewhere" / "index.html").is_file()


@pytest.mark.parametrize(
    "name",
    [*keys._DEPENDENCIES, "markupsafe", "PyYAML", "Python_Slugify", "pip", "no-such-lib-xyz"],
)
def test_library_versions_agree_with_importlib_metadata(name: str) -> None:
    try:
        expected = metadata.version(name)
    except metadata.PackageNotFoundError:
        expected = "-"
    assert keys.library_versions([name]) == {name: expected}


def test_code_version_names_libraries_and_package_files_not_the_theme() -> None:
    version = keys.code_version()
    assert version == keys.code_version()
    assert len(version) == 64


def test_pagefind_binary_is_the_one_pagefind_would_run(monkeypatch: pytest.MonkeyPatch) -> None:
    service = pytest.importorskip("pagefind.service")
    assert search.pagefind_binary() == service.get_executable()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", sys.executable)
    assert search.pagefind_binary() == Path(sys.executable) == service.get_executable()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/no/such/pagefind")
    assert search.pagefind_binary() is None


def test_render_salt_follows_the_templates(tmp_path: Path) -> None:
    salt = render_key(tmp_path)
    assert salt == render_key(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "extra.html").write_text("x", encoding="utf-8")
    assert render_key(tmp_path) != salt


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% if %}", "template syntax error:"),
        ("{% include 'missing.html' %}", "template not found: missing.html"),
        ("{{ nothing.here }}", "template error: 'nothing' is undefined"),
        ("{{ 1 // 0 }}", "template error: ZeroDivisionError: integer division or modulo by zero"),
    ],
)
def test_template_errors_are_reported_not_raised(tmp_path: Path, source: str, message: str) -> None:
    (tmp_path / "broken.html").write_text(source, encoding="utf-8")
    env = make_environment(tmp_path)
    with pytest.raises(TemplateError) as caught:
        render(env, "broken.html", {})
    assert caught.value.message.startswith(message)


def test_filters_work_without_importing_jinja2_first(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text(
        "{{ data | jsonld }}|{{ 'x/' | rel }}|{{ '<b>' | safe_html }}", encoding="utf-8"
    )
    env = make_environment(tmp_path)
    text = render(env, "t.html", {"data": {"a": "</script>&"}, "page_path": "2025/03/"})
    assert text == '{"a":"\\u003c/script\\u003e\\u0026"}|../../x/|<b>'
