"""The command line in process: flags parsed, the pipeline called, problems mapped
to exit codes and one-line messages (``run_cli`` tests the same as a subprocess)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsgen.cli import EXIT_OK, EXIT_PROBLEMS, main

FIXTURE_SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, root)
    return root


def test_build_then_check(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--site", str(site), "build", "--no-search", "--jobs", "1"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("built ") and str(site / "public") in out
    assert (site / "public" / "index.html").is_file()
    assert main(["--site", str(site), "check"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("checked ")


def test_a_bad_article_is_one_line_and_a_failing_check(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "content" / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    assert main(["--site", str(site), "check"]) == EXIT_PROBLEMS
    err = capsys.readouterr().err
    assert "content/broken.md" in err and "Traceback" not in err


def test_a_missing_site_config_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--site", str(tmp_path / "nowhere"), "build"]) == EXIT_PROBLEMS
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err


def test_bad_flags_exit_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["build", "--jobs", "0"])
    assert caught.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_parse_describes_a_file_as_json(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = sorted((site / "content").rglob("*.md"))[0]
    assert main(["--site", str(site), "parse", "--json", str(article)]) == EXIT_OK
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["title"] and record["file"]
