"""The pre-commit hook newsgen ships (.pre-commit-hooks.yaml), in a real git repository.

The manifest is validated by pre-commit's own loader; the hook's entry is run as
pre-commit runs it (at the repository root, no file names); and ``git commit`` with
the hook installed is refused for a bad article. Nothing here needs the network:
the installed hook is the manifest's, as a ``repo: local`` hook of language
``system`` (language ``python`` would make pre-commit pip-install newsgen).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import REPO, SiteFactory, git

clientlib = pytest.importorskip("pre_commit.clientlib")

MANIFEST = REPO / ".pre-commit-hooks.yaml"
GOOD = "---\ntitle: Port reopens\ndate: 2025-03-05\n---\n\nThe port reopened.\n"
BAD = "---\ntitle: Ferry late\ndate: 2025-13-45\ntags: 5\n---\n\nThe ferry was late.\n"


def _hook() -> dict[str, Any]:
    hooks = clientlib.load_manifest(str(MANIFEST))
    assert [hook["id"] for hook in hooks] == ["newsgen-check"]
    return dict(hooks[0])


def _env(tmp_path: Path) -> dict[str, str]:
    """newsgen on PATH (the console script beside this Python), pre-commit's store in tmp."""
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "newsgen").is_file():
        pytest.skip("the newsgen console script is not installed beside this Python")
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "SOURCE_DATE_EPOCH": "1767225600",
        "GIT_AUTHOR_NAME": "Ed",
        "GIT_AUTHOR_EMAIL": "ed@example.org",
        "GIT_COMMITTER_NAME": "Ed",
        "GIT_COMMITTER_EMAIL": "ed@example.org",
    }


def test_manifest_is_valid_for_pre_commit() -> None:
    hook = _hook()
    assert hook["language"] == "python"
    # The whole site is checked (collisions span files), so no file names are passed,
    # and the hook runs for a commit touching an article, the config or a template.
    assert hook["pass_filenames"] is False
    files = hook["files"]
    for name in ("content/2025/a.md", "content/b.txt", "newsgen.yaml", "templates/base.html"):
        assert re.search(files, name), name
    assert not re.search(files, "static/logo.png")


def test_the_entry_fails_on_a_bad_article_and_names_it(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    hook = _hook()
    site = make_site({"content/good.md": GOOD})
    env = _env(tmp_path)
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-qm", "first")
    entry = [*shlex.split(hook["entry"]), *hook["args"]]
    ok = subprocess.run(entry, cwd=site, env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    (site / "content/bad.md").write_text(BAD, encoding="utf-8")
    bad = subprocess.run(entry, cwd=site, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "error: content/bad.md:3: date: '2025-13-45' is not a date" in bad.stderr
    assert "error: content/bad.md:4: tags:" in bad.stderr
    # check wrote nothing into the repository.
    assert git(site, "status", "--porcelain") == "?? content/bad.md\n"


def test_an_installed_hook_refuses_the_commit(make_site: SiteFactory, tmp_path: Path) -> None:
    hook = _hook()
    site = make_site({"content/good.md": GOOD})
    env = _env(tmp_path)
    local = {key: hook[key] for key in ("id", "name", "entry", "pass_filenames", "files", "args")}
    config = {"repos": [{"repo": "local", "hooks": [{**local, "language": "system"}]}]}
    (site / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=site, env=env, capture_output=True, text=True, timeout=120)

    assert run("git", "init", "-q").returncode == 0
    installed = run(sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stderr
    run("git", "add", ".")
    first = run("git", "commit", "-qm", "first")
    assert first.returncode == 0, first.stdout + first.stderr
    (site / "content/bad.md").write_text(BAD, encoding="utf-8")
    run("git", "add", ".")
    second = run("git", "commit", "-qm", "a bad article")
    assert second.returncode != 0
    assert "content/bad.md:3: date: '2025-13-45' is not a date" in second.stdout + second.stderr
    assert run("git", "log", "--format=%s").stdout.splitlines() == ["first"]
