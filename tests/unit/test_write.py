from pathlib import Path

import pytest

from newsgen.errors import BuildError
from newsgen.write import MARKER, Staging, check_output


def test_refuses_dangerous_outputs(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    for target in (tmp_path, tmp_path.parent, tmp_path / "content", tmp_path / "content" / "out"):
        with pytest.raises(BuildError, match="refusing"):
            check_output(tmp_path, target, "content")
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep")
    with pytest.raises(BuildError, match="did not create"):
        check_output(tmp_path, foreign, "content")
    check_output(tmp_path, tmp_path / "public", "content")  # new folder: fine


def test_staging_swaps_in_only_on_commit(tmp_path: Path) -> None:
    out = tmp_path / "public"
    with Staging(out) as staging:
        staging.write("index.html", b"one")
        staging.commit()
    assert (out / "index.html").read_bytes() == b"one"
    assert (out / MARKER).is_file()
    check_output(tmp_path, out, "content")  # our own folder may be rebuilt
    with pytest.raises(RuntimeError), Staging(out) as staging:
        staging.write("index.html", b"two")
        raise RuntimeError("render failed")
    assert (out / "index.html").read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
