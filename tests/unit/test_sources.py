import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import git

from newsgen import sources
from newsgen.errors import ContentError, Problem


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_discover_finds_articles_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ("content/b.md", "content/a/x.txt", "content/.hidden.md", "content/_drafts/y.md",
                "content/entities.yaml", "content/img.png", "content/c.markdown"):  # fmt: skip
        _write(tmp_path, rel, "x")
    assert sources.discover(tmp_path, "content") == [
        "content/a/x.txt",
        "content/b.md",
        "content/c.markdown",
    ]


def test_git_dates_first_and_last_commit_in_one_call(tmp_path: Path) -> None:
    site = tmp_path / "repo" / "site"
    _write(site, "content/a.md", "one")
    _write(site, "content/b.md", "two")
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", ".")
    git(tmp_path / "repo", "commit", "-qm", "1", date="2022-01-01T00:00:00+00:00")
    _write(site, "content/a.md", "one, edited")
    git(tmp_path / "repo", "commit", "-qam", "2", date="2022-02-01T00:00:00+00:00")
    dates = sources.git_dates(site)
    assert dates["content/a.md"] == (
        datetime(2022, 1, 1, tzinfo=UTC),
        datetime(2022, 2, 1, tzinfo=UTC),
    )
    assert dates["content/b.md"][0] == dates["content/b.md"][1]


def test_git_dates_outside_a_repository(tmp_path: Path) -> None:
    assert sources.git_dates(tmp_path) == {}


def test_build_time_honours_source_date_epoch(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert sources.build_time() == datetime(1970, 1, 2, tzinfo=UTC)


def test_discover_names_what_it_leaves_out(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write(site, "content/a.md", "x")
    _write(site, "other/in.md", "x")
    _write(tmp_path, "outside/secret.md", "x")
    content = site / "content"
    os.symlink(tmp_path / "outside/secret.md", content / "out.md")
    os.symlink("../other/in.md", content / "in.md")
    os.symlink("../other", content / "folder")
    os.symlink("loop.md", content / "loop.md")
    os.mkfifo(content / "pipe.md")
    _write(site, "content/" + os.fsdecode(b"bad\xff.md"), "x")
    problems: list[Problem] = []
    assert sources.discover(site, "content", problems) == ["content/a.md", "content/in.md"]
    said = [(p.severity, p.path, p.message.partition(":")[0]) for p in problems]
    assert said == [
        ("error", r"content/bad\xff.md", "name is not valid UTF-8"),
        ("warning", "content/folder", "symbolic link to a folder"),
        ("error", "content/loop.md", "symbolic link loop"),
        (
            "error",
            "content/out.md",
            f"symbolic link to {tmp_path}/outside/secret.md, outside the site",
        ),
        ("warning", "content/pipe.md", "not a regular file (a FIFO (named pipe)); skipped"),
    ]


def test_read_source_refuses_what_discover_did_not_see(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write(tmp_path, "outside/secret.md", "x")
    (site / "content").mkdir(parents=True)
    os.symlink(tmp_path / "outside/secret.md", site / "content/late.md")
    with pytest.raises(ContentError, match="outside the site"):
        sources.read_source(site, "content/late.md", {})
