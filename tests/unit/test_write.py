import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from newsgen import write
from newsgen.errors import BuildError
from newsgen.write import MARKER, Staging, check_output, read_folders, spare_path


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


class _Site:
    """Builds into ``out`` the way the pipeline does: each build's manifest and
    folders are recorded, and handed back when that folder is reused as the spare."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.record: dict[str, Any] = {}

    def build(self, files: dict[str, bytes]) -> None:
        spare, spare_folders = None, None
        if (spare_path(self.out) / MARKER).is_file():
            spare, spare_folders = self.record.get("spare") or ({}, None)
        with Staging(self.out, self.record.get("manifest"), spare, spare_folders) as staging:
            for path, data in files.items():
                staging.write(path, data)
            staging.commit()
        replaced = (self.record["manifest"], self.record["folders"]) if self.record else None
        self.record = {"manifest": staging.manifest, "folders": staging.folders, "spare": replaced}


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def _folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def _wait_for_the_clock(root: Path) -> None:
    """Until the file system stamps changes later than any folder under ``root``,
    so a change made now shows in its folder's mtime."""
    latest = max(os.lstat(p).st_mtime_ns for p in [root, *root.rglob("*")] if p.is_dir())
    while write._clock(root) <= latest:
        time.sleep(0.002)


@pytest.fixture()
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every folder os.scandir is asked to list by path (shutil.rmtree lists by
    descriptor what it removes)."""
    calls: list[str] = []
    scandir = os.scandir

    def counting(path: Any = ".") -> Any:
        if not isinstance(path, int):
            calls.append(os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counting)
    return calls


ONE = {"a/1/index.html": b"a1", "b/2/index.html": b"b2", "c/index.html": b"c", "index.html": b"i"}


def _trust_every_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    # Folders made within the clock tick of the record are listed again anyway;
    # a far clock makes the record vouch for all of them, as it would for a
    # folder made long before.
    monkeypatch.setattr(write, "_clock", lambda folder: time.time_ns() + 10**12)


def test_reused_spare_lists_only_the_top_and_drops_stale_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listed: list[str]
) -> None:
    out = tmp_path / "public"
    site = _Site(out)
    _trust_every_folder(monkeypatch)
    site.build(ONE)
    site.build({**ONE, "a/1/index.html": b"a1 edited"})
    listed.clear()
    three = {"a/1/index.html": b"a1 again", "d/4/index.html": b"d4", "index.html": b"i"}
    site.build(three)  # the first build's folder, updated in place
    assert listed == [str(spare_path(out))]  # the top only: every other folder is as recorded
    assert _files(out) == three
    assert _folders(out) == {"a", "a/1", "d", "d/4"}
    assert set(read_folders(site.record["folders"])) == {"a", "a/1", "d", "d/4"}


def test_files_added_to_the_live_site_by_hand_do_not_come_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listed: list[str]
) -> None:
    """The guarantee: a file put into the live site by hand is out of the site after
    the next build (that folder becomes the spare), and deleted before the build
    after reuses the spare, though it lists only folders whose stat changed."""
    out = tmp_path / "public"
    site = _Site(out)
    with monkeypatch.context() as patch:
        _trust_every_folder(patch)
        site.build(ONE)
        site.build(ONE)
    _wait_for_the_clock(out)
    (out / "a" / "1" / "notes.html").write_bytes(b"mine")
    (out / "stray.html").write_bytes(b"stray")
    (out / "extra" / "deep").mkdir(parents=True)
    (out / "extra" / "deep" / "x.html").write_bytes(b"x")
    with open(out / "c" / "index.html", "r+b") as handle:
        handle.write(b"X")  # edited in place: its folder's stat does not change
    site.build(ONE)
    assert _files(out) == ONE
    listed.clear()
    site.build(ONE)  # reuses the folder the files were added to
    seen = sorted(listed)
    assert _files(out) == ONE
    assert _folders(out) == {"a", "a/1", "b", "b/2", "c"}
    assert _files(spare_path(out)) == ONE
    spare = str(spare_path(out))
    assert seen == [spare, f"{spare}/a/1"]


def test_folders_newsgen_did_not_make_are_never_touched(tmp_path: Path) -> None:
    """Links in the output, even where newsgen's own folders were, are removed and
    never followed: what they point to stays as it was."""
    outside = tmp_path / "outside"
    (outside / "2").mkdir(parents=True)
    (outside / "2" / "index.html").write_bytes(b"theirs")
    (outside / "keep.html").write_bytes(b"keep")
    out = tmp_path / "public"
    site = _Site(out)
    site.build(ONE)
    site.build(ONE)
    shutil.rmtree(out / "b")
    (out / "b").symlink_to(outside)  # where newsgen's folder b was
    (out / "a" / "1" / "link").symlink_to(outside)
    site.build(ONE)
    site.build({**ONE, "b/2/index.html": b"b2 edited"})  # reuses the folder with the links
    assert _files(outside) == {"2/index.html": b"theirs", "keep.html": b"keep"}
    assert not (out / "b").is_symlink()
    assert not (out / "a" / "1" / "link").exists()
    assert _files(out) == {**ONE, "b/2/index.html": b"b2 edited"}


def test_folders_stamped_within_the_clock_tick_are_listed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listed: list[str]
) -> None:
    out = tmp_path / "public"
    site = _Site(out)
    with monkeypatch.context() as patch:
        patch.setattr(write, "_clock", lambda folder: 0)  # every folder is "too recent"
        site.build(ONE)
    assert set(read_folders(site.record["folders"]).values()) == {None}
    site.build(ONE)
    (spare_path(out) / "b" / "2" / "late.html").write_bytes(b"late")
    listed.clear()
    site.build(ONE)
    seen = len(listed)
    assert seen == len(_folders(out)) + 1
    assert _files(out) == ONE


@pytest.mark.parametrize("record", [None, (b"not", b"deflated")])
def test_spare_without_a_usable_folder_record_is_listed_in_full(
    tmp_path: Path, listed: list[str], record: write.Folders | None
) -> None:
    out = tmp_path / "public"
    site = _Site(out)
    site.build(ONE)
    site.build(ONE)
    (out / "b" / "2" / "late.html").write_bytes(b"late")
    site.build(ONE)
    site.record["spare"] = (site.record["spare"][0], record)
    listed.clear()
    site.build(ONE)
    seen = len(listed)
    assert seen == len(_folders(out)) + 1
    assert _files(out) == ONE


def test_the_swap_is_one_exchange_and_the_spare_is_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    site = _Site(out)
    site.build(ONE)
    site.build({"index.html": b"two"})
    site.build({"index.html": b"three"})  # the spare, adopted, traded places with public/
    assert _files(out) == {"index.html": b"three"}
    assert _files(spare_path(out)) == {"index.html": b"two"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.spare", "public"]


class _Stopped(Exception):
    pass


def _stop_at(monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    def reached(name: str) -> None:
        if name == step:
            raise _Stopped(name)

    monkeypatch.setattr(write.faults, "reached", reached)


def test_a_swap_cut_between_two_renames_is_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an atomic exchange the swap is two renames; stopped between them,
    ``recover`` puts the old site back."""
    out = tmp_path / "public"
    site = _Site(out)
    site.build(ONE)
    monkeypatch.setattr(write, "_renameat2", False)
    _stop_at(monkeypatch, "swap-half")
    with pytest.raises(_Stopped):
        site.build({"index.html": b"new"})
    assert not out.exists()
    write.recover(out)
    assert _files(out) == ONE
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".public.old-")]


def test_recover_removes_only_marked_leftovers(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    ours = [tmp_path / ".public.building-a1", tmp_path / ".public.seeding-b2"]
    ours.append(tmp_path / ".public.old-c3")
    for folder in ours:
        folder.mkdir()
        (folder / MARKER).write_text("x")
    theirs = tmp_path / ".public.old-mine"
    theirs.mkdir()
    (theirs / "keep.txt").write_text("keep")
    linked = tmp_path / ".public.building-link"
    linked.symlink_to(theirs)
    write.recover(out)
    assert not any(folder.exists() for folder in ours)
    assert (theirs / "keep.txt").read_text() == "keep" and linked.is_symlink()


def test_a_stopped_fresh_build_leaves_a_marked_staging_folder(tmp_path: Path) -> None:
    """The marker is there from the first moment, so ``recover`` knows the folder."""
    out = tmp_path / "public"
    staging = Staging(out)
    staging.write("index.html", b"half")
    assert (staging.root / MARKER).is_file()
    write.recover(out)
    assert not staging.root.exists()


def test_a_link_over_the_same_file_leaves_no_temporary(tmp_path: Path) -> None:
    """rename(2) of a hard link over another link to the same file does nothing,
    so the temporary name would stay (and be published)."""
    out = tmp_path / "public"
    site = _Site(out)
    site.build(ONE)
    site.build(ONE)
    # As after a build stopped before its record: the spare and the site share
    # files, and nothing vouches for the spare's.
    site.record["spare"] = ({}, None)
    site.build(ONE)
    assert _files(out) == ONE
    for folder in (out, spare_path(out)):
        assert not list(folder.rglob("*.newsgen-tmp"))
