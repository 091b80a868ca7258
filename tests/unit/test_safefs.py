"""safefs: reads that stay inside the site and never block or run away."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsgen import safefs
from newsgen.errors import printable


def _site(tmp_path: Path) -> tuple[Path, Path]:
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    (outside / "secret").write_text("secret")
    (site / "a.txt").write_text("hello")
    return site, outside


def test_reads_a_file_and_a_link_inside(tmp_path: Path) -> None:
    site, _ = _site(tmp_path)
    os.symlink("a.txt", site / "b.txt")
    assert safefs.read_inside(str(site / "a.txt"), str(site)) == b"hello"
    assert safefs.read_inside(str(site / "b.txt"), str(site)) == b"hello"


def test_refuses_a_link_out_of_the_site(tmp_path: Path) -> None:
    site, outside = _site(tmp_path)
    os.symlink(outside / "secret", site / "s.txt")
    with pytest.raises(safefs.Refused, match="outside the site"):
        safefs.read_inside(str(site / "s.txt"), str(site))


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    site, _ = _site(tmp_path)
    os.mkfifo(site / "pipe")
    with pytest.raises(safefs.Refused, match="FIFO") as err:
        safefs.read_inside(str(site / "pipe"), str(site))
    assert err.value.severity == "warning"


def test_reads_at_most_the_limit(tmp_path: Path) -> None:
    site, _ = _site(tmp_path)
    (site / "big").write_bytes(b"x" * 101)
    with pytest.raises(safefs.Refused, match="too large: 101 bytes"):
        safefs.read_inside(str(site / "big"), str(site), limit=100)
    assert safefs.read_inside(str(site / "big"), str(site), limit=101) == b"x" * 101


def test_walk_lists_what_may_be_read_and_names_the_rest(tmp_path: Path) -> None:
    site, outside = _site(tmp_path)
    static = site / "static"
    (static / "sub").mkdir(parents=True)
    (static / "sub/b.css").write_text("b")
    (static / "a.css").write_text("a")
    os.symlink(outside / "secret", static / "out.css")
    os.symlink(outside, static / "outdir")
    os.symlink("sub", static / "linked")
    os.symlink("loop", static / "loop")
    os.mkfifo(static / "pipe.css")
    (static / os.fsdecode(b"x\xff.css")).write_text("x")
    files, problems = safefs.walk(static, site)
    assert [rel for rel, _ in files] == ["a.css", "sub/b.css"]
    said = {(p.severity, p.path, p.message.split(":")[0]) for p in problems}
    assert said == {
        ("error", "static/out.css", f"symbolic link to {outside}/secret, outside the site"),
        ("error", "static/outdir", f"symbolic link to {outside}, outside the site"),
        ("warning", "static/linked", "symbolic link to a folder"),
        ("error", "static/loop", "symbolic link loop"),
        ("warning", "static/pipe.css", "not a regular file (a FIFO (named pipe)); skipped"),
        ("error", r"static/x\xff.css", "name is not valid UTF-8"),
    }


def test_a_linked_folder_out_of_the_site_is_refused_whole(tmp_path: Path) -> None:
    site, outside = _site(tmp_path)
    os.symlink(outside, site / "static")
    files, problems = safefs.walk(site / "static", site)
    assert files == []
    assert [p.path for p in problems] == ["static"]


def test_tree_digest_names_refusals(tmp_path: Path) -> None:
    site, outside = _site(tmp_path)
    (site / "static").mkdir()
    (site / "static/a.css").write_text("a")
    before = safefs.tree_digest(site / "static", site)
    os.symlink(outside / "secret", site / "static/s.css")
    assert safefs.tree_digest(site / "static", site) != before


def test_printable_escapes_control_characters_and_bad_bytes() -> None:
    assert printable("content/café.md") == "content/café.md"
    assert printable("a\x1b[31m\nb") == r"a\x1b[31m\x0ab"
    assert printable(os.fsdecode(b"a\xffb")) == r"a\xffb"
