"""The CI examples of docs/publishing.md: valid YAML, the steps the doc promises, and
every newsgen command they run known to the CLI and run on a real git site.

Nothing here reaches the network: the pip lines are parsed, not run.
"""

from __future__ import annotations

import shlex
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import Requirement
from tests.conftest import REPO, SiteFactory, git, run_cli

EXAMPLES = REPO / "examples"
GITHUB = EXAMPLES / "github-pages.yml"
GITLAB = EXAMPLES / "gitlab-pages.yml"


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _github_steps() -> list[dict[str, Any]]:
    workflow = _load(GITHUB)
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _shell_lines() -> list[str]:
    """Every shell line either example runs, with the examples' variables filled in."""
    lines = [line for step in _github_steps() for line in step.get("run", "").splitlines()]
    gitlab = _load(GITLAB)
    lines += gitlab["default"]["before_script"]
    for job in ("check", "pages"):
        lines += gitlab[job]["script"]
    return [line.strip() for line in lines if line.strip()]


def _commands(word: str) -> list[list[str]]:
    return [shlex.split(line) for line in _shell_lines() if shlex.split(line)[:1] == [word]]


def test_github_workflow_builds_on_push_with_history_and_cache() -> None:
    workflow = _load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads "on" as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    steps = _github_steps()
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["fetch-depth"] == 0 for s in checkouts)
    (cache,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == ".newsgen-cache"
    assert "github.sha" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"].strip())
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "public"  # newsgen's output_dir
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"]["pages"] == "write"


def test_gitlab_pipeline_builds_pages_with_history_and_cache() -> None:
    gitlab = _load(GITLAB)
    assert gitlab["variables"]["GIT_DEPTH"] == "0"
    pages = gitlab["pages"]
    assert pages["cache"]["paths"] == [".newsgen-cache/"]
    assert pages["artifacts"]["paths"] == ["public"]


def test_pip_installs_name_newsgen_and_extras_it_has() -> None:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    specs = [_load(GITHUB)["env"]["NEWSGEN"], _load(GITLAB)["variables"]["NEWSGEN"]]
    installs = _commands("python")
    assert len(installs) == 3
    for command in installs:
        assert command[1:4] == ["-m", "pip", "install"] and command[4] == "$NEWSGEN"
    for spec in specs:
        requirement = Requirement(spec)
        assert requirement.name == "newsgen"
        assert requirement.extras <= set(extras), requirement.extras


def test_every_newsgen_command_and_flag_exists() -> None:
    commands = _commands("newsgen")
    assert {command[1] for command in commands} == {"build", "check"}
    for command in commands:
        helped = run_cli(command[1], "--help")
        assert helped.returncode == 0, helped.stderr
        for flag in command[2:]:
            assert flag.startswith("--"), command
            assert f"  {flag.split('=')[0]}" in helped.stdout, flag  # an option, listed


def test_the_examples_commands_run_on_a_git_site(make_site: SiteFactory) -> None:
    """What CI runs, run as written in a fresh clone of a site: exit 0 for a good site,
    the build dated from git history, and exit 1 once an article is bad."""
    site = make_site({"content/desk/harbour.txt": "Harbour news\n\nKARACHI: The harbour opened.\n"})
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-qm", "first", date="2023-04-05T10:00:00+00:00")
    clone = site.parent / "clone"
    subprocess.run(["git", "clone", "-q", str(site), str(clone)], check=True, timeout=60)
    stamp = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=clone, capture_output=True, text=True
    ).stdout.strip()
    env = {"SOURCE_DATE_EPOCH": stamp}
    for command in _commands("newsgen"):
        result = run_cli("--site", str(clone), *command[1:], env=env)
        assert result.returncode == 0, (command, result.stderr)
    page = clone / "public/2023/04/harbour-news/index.html"
    assert 'datetime="2023-04-05T10:00:00+00:00"' in page.read_text(encoding="utf-8")
    (clone / "content/bad.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    for command in _commands("newsgen"):
        assert run_cli("--site", str(clone), *command[1:], env=env).returncode == 1


def test_the_doc_points_at_both_examples() -> None:
    doc = (REPO / "docs" / "publishing.md").read_text(encoding="utf-8")
    for path in (GITHUB, GITLAB):
        assert f"examples/{path.name}" in doc
