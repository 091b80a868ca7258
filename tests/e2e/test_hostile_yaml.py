"""Hostile YAML, config and Markdown through the real ``newsgen build`` and ``check``.

Each case must end in time, with a one-line message naming the file (and line
where known), never a traceback; a bad article is skipped and the rest builds;
``check`` sees what ``build`` sees. Alias bombs, 20,000-deep nesting and
1.8 MB Markdown bodies are the inputs that hung, crashed or took minutes before.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "yaml"
CONFIG = "title: Test Times\nbase_url: https://news.example/\nsearch: false\ngit_dates: false\n"
GOOD = "---\ntitle: A good article\ndate: 2024-03-05\n---\n\nThe port reopened on Monday.\n"
TIMEOUT = 60  # seconds; every run below must take well under it
QUICK = 30
DEEP = 20_000


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    seconds: float

    def lines(self, needle: str) -> list[str]:
        return [line for line in self.out.splitlines() if needle in line]


def _limit_memory() -> None:
    # An alias bomb that gets through would take the shared machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def newsgen(site: Path, *args: str) -> Run:
    """The CLI in its own process group, killed whole (pool workers too) on timeout."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "--site", str(site), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=_limit_memory,
    )
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"newsgen {' '.join(args)} still running after {TIMEOUT} s")
    seconds = time.monotonic() - started
    assert "Traceback" not in out, out[-3000:]
    assert seconds < QUICK, f"took {seconds:.1f} s"
    return Run(proc.returncode, out, seconds)


def make_site(root: Path, files: dict[str, str | bytes], config: str = CONFIG) -> Path:
    root.mkdir(parents=True)
    (root / "newsgen.yaml").write_text(config, encoding="utf-8")
    for rel, text in {"content/2024/good.md": GOOD, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _prose(size: int) -> str:
    unit = "The minister said \"we don't know\" -- and the talks... went on; it's *late*. "
    return (unit * (size // len(unit) + 1))[:size]


# Articles that must each be refused with their file and line, the rest building.
# path -> (text, line or None, words of the message)
ARTICLES: dict[str, tuple[str, int | None, str]] = {
    "content/bomb-slug.md": (fixture("fm-bomb-slug.md"), 5, "YAML aliases"),
    "content/bomb-draft.md": (fixture("fm-bomb-draft.md"), 5, "YAML aliases"),
    "content/bomb-date.md": (fixture("fm-bomb-date.md"), 4, "YAML aliases"),
    "content/bomb-updated.md": (fixture("fm-bomb-updated.md"), 5, "YAML aliases"),
    "content/alias.md": (fixture("fm-alias.md"), 4, "YAML aliases"),
    "content/duplicate.md": (fixture("fm-duplicate-key.md"), 6, "'draft' given twice"),
    "content/deep-flow.md": (
        f"---\ntitle: Deep\ndate: 2024-03-05\ntags: {'[' * DEEP}{']' * DEEP}\n---\n\nBody.\n",
        4,
        "nested more than 50",
    ),
    "content/deep-tab.md": (  # a tab sends it to the pure-Python parser
        f"---\ntitle: Deep\ndate: 2024-03-05\ntags:\t{'[' * DEEP}{']' * DEEP}\n---\n\nBody.\n",
        4,
        "",
    ),
    "content/huge-front-matter.md": (
        "---\ntitle: Huge\ndate: 2024-03-05\n"
        + "".join(f"k{i}: {'v' * 60}\n" for i in range(20_000))
        + "---\n\nBody.\n",
        None,
        "too long",
    ),
    "content/long-paragraph.md": (
        "---\ntitle: Long\ndate: 2024-03-05\n---\n\n" + _prose(1_800_000) + "\n",
        None,
        "Markdown body too long",
    ),
    "content/brackets.md": (
        "---\ntitle: Brackets\ndate: 2024-03-05\n---\n\nFine.\n\n" + "[a " * 40_000 + "\n",
        8,
        "too much inline markup",
    ),
    "content/images.md": (
        "---\ntitle: Images\ndate: 2024-03-05\n---\n\n" + "![a " * 30_000 + "\n",
        6,
        "too much inline markup",
    ),
    "content/stars.md": (
        "---\ntitle: Stars\ndate: 2024-03-05\n---\n\n" + "*a _b `c <d &e " * 9_000 + "\n",
        6,
        "too much inline markup",
    ),
    "content/breaks.md": (
        "---\ntitle: Breaks\ndate: 2024-03-05\n---\n\n" + "a  \n" * 30_000,
        6,
        "too much inline markup",
    ),
    "content/quotes.md": (
        "---\ntitle: Quotes\ndate: 2024-03-05\n---\n\nIntro.\n\n" + ">" * DEEP + " deep\n",
        8,
        "nested more than 8",
    ),
    "content/lists.md": (
        "---\ntitle: Lists\ndate: 2024-03-05\n---\n\n"
        + "".join("  " * i + "- item\n" for i in range(200)),
        14,
        "nested more than 8",
    ),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run, Run]:
    """One site holding every hostile article: built once, checked once."""
    files: dict[str, str | bytes] = {path: text for path, (text, _, _) in ARTICLES.items()}
    files["content/2024/long-but-fine.md"] = (
        "---\ntitle: Long but fine\ndate: 2024-03-06\n---\n\n"
        + "\n\n".join(_prose(2_000) for _ in range(40))
        + "\n"
    )
    site = make_site(tmp_path_factory.mktemp("hostile") / "site", files)
    return site, newsgen(site, "build"), newsgen(site, "check")


@pytest.mark.parametrize("path", sorted(ARTICLES))
def test_hostile_article_is_refused_with_file_and_line(
    hostile_site: tuple[Path, Run, Run], path: str
) -> None:
    _, build, check = hostile_site
    _, line, words = ARTICLES[path]
    for run in (build, check):
        found = run.lines(f"error: {path}:")
        assert len(found) == 1, run.out[-2000:]
        assert words in found[0]
        if line is not None:
            assert found[0].startswith(f"error: {path}:{line}: "), found[0]
        assert len(found[0]) < 300  # no unbounded value quoted


def test_the_rest_of_the_site_builds(hostile_site: tuple[Path, Run, Run]) -> None:
    site, build, check = hostile_site
    assert build.code == 1, build.out[-2000:]  # the rest is written, and the errors fail it
    assert "built 2 articles" in build.out
    pages = {p.parent.name for p in (site / "public/2024/03").glob("*/index.html")}
    assert pages == {"a-good-article", "long-but-fine"}
    # check sees what build sees, and fails on it
    assert check.code == 1
    errors = len(ARTICLES)
    assert f"checked {2 + errors} files: {errors} errors" in check.out


def test_duplicate_draft_key_does_not_publish(hostile_site: tuple[Path, Run, Run]) -> None:
    site, _, _ = hostile_site
    assert not list(site.glob("public/**/first-title/index.html"))


# --- newsgen.yaml -------------------------------------------------------------------


def _outside(root: Path) -> None:
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.md").write_text(GOOD.replace("A good", "A secret"), encoding="utf-8")
    (elsewhere / "registry.yaml").write_text("- name: Secret Person\n  type: person\n")


CONFIG_CASES = {
    # name: (config text, setup, line, words)
    "registry-etc-passwd": (CONFIG + "entities:\n  registry: /etc/passwd\n", None, 6, "absolute"),
    "registry-dotdot": (
        CONFIG + "entities:\n  registry: ../elsewhere/registry.yaml\n",
        _outside,
        6,
        "entities.registry: '../elsewhere/registry.yaml' leads outside the site folder",
    ),
    "registry-symlink": (
        CONFIG,
        lambda root: (
            _outside(root),
            (root / "content/entities.yaml").symlink_to(root.parent / "elsewhere/registry.yaml"),
        ),
        None,
        "entities.registry: 'content/entities.yaml' leads outside",
    ),
    "content-etc": (CONFIG + "content_dir: /etc\n", None, 5, "content_dir: '/etc' is an absolute"),
    "content-dotdot": (CONFIG + "content_dir: ../elsewhere\n", _outside, 5, "leads outside"),
    "content-symlink": (
        CONFIG + "content_dir: linked\n",
        lambda root: (_outside(root), (root / "linked").symlink_to(root.parent / "elsewhere")),
        5,
        "content_dir: 'linked' leads outside",
    ),
    "output-dotdot": (CONFIG + "output_dir: ../published\n", None, 5, "output_dir"),
    "alias-bomb": (fixture("config-bomb.yaml"), None, 5, "YAML aliases"),
    "deep-nesting": (CONFIG + f"description: {'[' * DEEP}{']' * DEEP}\n", None, 5, "nested"),
    "deep-block-nesting": (
        CONFIG + "entities:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80)),
        None,
        None,
        "nested more than 50",
    ),
    "duplicate-keys": (fixture("config-duplicate-key.yaml"), None, 7, "backend: given twice"),
    "too-long": (CONFIG + "# " + "x" * 70_000 + "\n", None, None, "too long"),
}


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_hostile_config_stops_the_build_with_file_line_and_key(tmp_path: Path, name: str) -> None:
    config, setup, line, words = CONFIG_CASES[name]
    site = make_site(tmp_path / "site", {}, config)
    if setup is not None:
        setup(site)
    for command in ("build", "check"):
        run = newsgen(site, command)
        assert run.code == 1, run.out
        found = run.lines("error: newsgen.yaml")
        assert found and words in found[0], run.out
        if line is not None:
            assert found[0].startswith(f"error: newsgen.yaml:{line}: "), found[0]
        assert all(len(f) < 300 for f in found)
    assert not (site / "public").exists()
    assert not (site.parent / "published").exists()


def test_duplicate_config_keys_are_each_reported(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, fixture("config-duplicate-key.yaml"))
    run = newsgen(site, "build")
    assert run.lines("error: newsgen.yaml:7: entities.backend: given twice (first on line 6)")
    assert run.lines("error: newsgen.yaml:8: per_page: given twice (first on line 4)")


def test_output_elsewhere_is_still_possible_with_the_flag(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {})
    run = newsgen(site, "build", "--output", str(tmp_path / "published"))
    assert run.code == 0, run.out
    assert (tmp_path / "published/2024/03/a-good-article/index.html").is_file()


# --- content/entities.yaml ------------------------------------------------------------

REGISTRY_CASES = {
    "alias-bomb": (fixture("registry-bomb.yaml"), 6, "YAML aliases"),
    "deep-nesting": (f"{'[' * DEEP}{']' * DEEP}\n", 1, "nested more than 50"),
    "duplicate-key": (fixture("registry-duplicate-key.yaml"), 4, "'aliases' given twice"),
}


@pytest.mark.parametrize("name", sorted(REGISTRY_CASES))
def test_hostile_registry_is_reported_with_file_and_line(tmp_path: Path, name: str) -> None:
    text, line, words = REGISTRY_CASES[name]
    site = make_site(tmp_path / "site", {"content/entities.yaml": text})
    for command in ("build", "check"):
        run = newsgen(site, command)
        assert run.code == 1, run.out
        found = run.lines(f"error: content/entities.yaml:{line}: ")
        assert found and words in found[0], run.out


def test_registry_folder_file_linking_outside_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, CONFIG + "entities:\n  registry: registry\n")
    _outside(site)
    (site / "registry").mkdir()
    (site / "registry/people.yaml").symlink_to(site.parent / "elsewhere/registry.yaml")
    for command in ("build", "check"):
        run = newsgen(site, command)
        assert run.code == 1, run.out
        assert run.lines("error: registry/people.yaml: entity registry file leads outside")
