"""Shared test helpers: temp sites, git repositories and the CLI as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The user's seed article, copied into the repository: tests use nothing outside it.
SAMPLE = REPO / "tests" / "fixtures" / "samples" / "china-pakistan-st-centre.txt"


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run newsgen as a user does: a separate process."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "newsgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@example.org",
           "GIT_COMMITTER_NAME": "Ed", "GIT_COMMITTER_EMAIL": "ed@example.org"}  # fmt: skip
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


SiteFactory = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> SiteFactory:
    """Write a site from a {relative path: text} mapping and return its root."""

    def factory(files: dict[str, str | bytes], config: str | None = None) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        (root / "newsgen.yaml").write_text(
            config or "title: Test Times\nbase_url: https://news.example/\nsearch: false\n",
            encoding="utf-8",
        )
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return root

    return factory


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root``: its path relative to it -> its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def copy_demo(site: Path) -> Path:
    """The bundled demo's content and config copied into ``site`` (made if missing)."""
    site.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "newsgen.yaml", site / "newsgen.yaml")
    return site


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled demo site, built once per test session; returns the output folder."""
    site = copy_demo(tmp_path_factory.mktemp("demo"))
    for folder in ("templates", "static"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, site / folder)
    result = run_cli("--site", str(site), "build", "--output", str(site / "out"))
    assert result.returncode == 0, result.stderr
    return site / "out"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """In CI nothing may be skipped: a missing browser, JRE or spaCy model is a failure."""
    outcome = yield
    report = outcome.get_result()
    if _in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where everything must run: {report.longrepr}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if _in_ci() and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"module skipped in CI, where everything must run: {report.longrepr}"
