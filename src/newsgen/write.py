"""The only code that writes the output folder.

A build renders into a fresh sibling folder and swaps it in at the end, so a
failed or interrupted build leaves the previous site as it was. newsgen only
ever replaces or removes a folder that carries its marker file.

A file whose bytes equal the previous build's file at the same path is
hard-linked from the old folder instead of written, so its mtime and inode
survive the swap and rsync or git deploys only carry what really changed. The
old file is trusted only while its size, mtime and inode match what the last
build recorded; anything touched since is written afresh.

The folder a build replaces is kept beside the output as a spare
(``.public.spare``) and becomes the next build's staging folder: only the files
that differ are replaced (always by a new file, never rewritten in place, since
the spare shares inodes with the live site) and files no longer in the site are
removed. Creating and deleting tens of thousands of folders on every build cost
more than everything else in a rebuild; the swap is still a pair of renames.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from newsgen.cache import file_stat
from newsgen.errors import BuildError

MARKER = ".newsgen-output"

# path -> (sha256 of the bytes, size, mtime_ns, inode) of one output file.
Manifest = dict[str, tuple[bytes, int, int, int]]
_MARKER_TEXT = "This folder is written by newsgen build and replaced on every build.\n"


def check_output(site_root: Path, output: Path, content_dir: str) -> None:
    """Refuse output folders that could destroy an editor's files."""
    out = output.resolve()
    root = site_root.resolve()
    if out == root or out in root.parents:
        raise BuildError(
            f"refusing to write the site into {output}: it is the site root or above it"
        )
    content = (root / content_dir).resolve()
    if out == content or content.is_relative_to(out) or out.is_relative_to(content):
        raise BuildError(
            f"refusing to write the site into {output}: it holds or is inside {content_dir}/"
        )
    if out.exists() and not out.is_dir():
        raise BuildError(f"refusing to write the site into {output}: it is a file")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(
            f"refusing to write the site into {output}: it holds files newsgen did not create "
            f"(no {MARKER} marker); empty it or choose another --output"
        )


def spare_path(output: Path) -> Path:
    """Where the folder a build replaced waits to become the next staging folder."""
    return output.parent / f".{output.name}.spare"


def folder_id(path: Path) -> tuple[int, int] | None:
    """Device and inode of a folder: the same folder across renames."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class Staging:
    """The folder a build writes into; ``commit`` swaps it in.

    With ``spare`` (the manifest of the spare folder, as the build before last
    left it) the spare is updated in place; otherwise a fresh folder is made. A
    fresh folder that is not committed is removed; an adopted spare stays, and
    its files are trusted next time only where their stat still matches.
    """

    def __init__(
        self, output: Path, previous: Manifest | None = None, spare: Manifest | None = None
    ) -> None:
        self.output = output
        output.parent.mkdir(parents=True, exist_ok=True)
        self.base: Manifest = spare if spare is not None else {}
        self.adopted = spare is not None
        if self.adopted:
            self.root = spare_path(output)
        else:
            self.root = Path(
                tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent)
            )
        self._done = False
        self.written = 0
        self.linked = 0
        self.previous: Manifest = previous or {}
        self.manifest: Manifest = {}
        # Folders known to exist: skips a mkdir call per file.
        self._folders: set[str] = {""} | {p.rpartition("/")[0] for p in self.base}

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self._done and not self.adopted:
            shutil.rmtree(self.root, ignore_errors=True)

    def _in_root(self, path: str) -> str:
        # Plain strings: building ~100,000 Path objects costs a second per rebuild.
        return f"{self.root}/{path}"

    def _in_output(self, path: str) -> str:
        return f"{self.output}/{path}"

    def write(self, path: str, data: bytes) -> None:
        target = self._in_root(path)
        digest = hashlib.sha256(data).digest()
        if self._in_place(path, digest):
            return
        self._make_folder(path)
        old = self.previous.get(path)
        if old is not None and old[0] == digest and self._link_previous(path, old):
            self.linked += 1
        else:
            self._replace_with(target, data)
            self.written += 1
        self.manifest[path] = (digest, *file_stat(target))

    def keep(self, path: str) -> bool:
        """Hard-link the previous build's file at ``path`` unread, if it is still as
        that build left it (the caller knows its bytes would be the same); False if
        it must be written instead."""
        old = self.previous.get(path)
        if old is None:
            return False
        if self._in_place(path, old[0]):
            return True
        self._make_folder(path)
        if not self._link_previous(path, old):
            return False
        self.manifest[path] = old  # the same inode, so the same size and mtime
        self.linked += 1
        return True

    def _in_place(self, path: str, digest: bytes) -> bool:
        """True (and recorded) when the adopted spare already holds these bytes."""
        row = self.base.get(path)
        if row is None or row[0] != digest:
            return False
        try:
            if file_stat(self._in_root(path)) != row[1:]:
                return False  # touched since it was recorded: replace it
        except OSError:
            return False
        self.manifest[path] = row
        self.linked += 1
        return True

    def _replace_with(self, target: str, data: bytes) -> None:
        if not self.adopted:
            with open(target, "wb") as handle:
                handle.write(data)
            return
        # A new file renamed over the old name: the old inode may be the live site's.
        temporary = _temporary_beside(target)
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)

    def _link_into(self, source: str, target: str) -> None:
        if not self.adopted:
            os.link(source, target)
            return
        temporary = _temporary_beside(target)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        os.link(source, temporary)
        os.replace(temporary, target)

    def record(self, path: str) -> None:
        """Enter a file another program wrote into the staging folder (Pagefind's
        bundle) in the manifest, so a later build can keep it."""
        target = self.root / path
        digest = hashlib.sha256(target.read_bytes()).digest()
        self.manifest[path] = (digest, *file_stat(target))

    def forget(self, prefix: str) -> None:
        """Remove every staged file under ``prefix`` (a folder path ending in '/')."""
        shutil.rmtree(self.root / prefix, ignore_errors=True)
        for path in [p for p in self.manifest if p.startswith(prefix)]:
            del self.manifest[path]
        self._folders = {f for f in self._folders if not (f + "/").startswith(prefix)}

    def _make_folder(self, path: str) -> None:
        folder = path.rpartition("/")[0]
        if folder not in self._folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def _link_previous(self, path: str, old: tuple[bytes, int, int, int]) -> bool:
        """Hard-link the live site's file at ``path`` into the staging folder, if it
        is still as the last build recorded it in ``old``."""
        source = self._in_output(path)
        try:
            if file_stat(source) != old[1:]:
                return False  # edited by hand since the last build: do not trust it
            self._link_into(source, self._in_root(path))
        except OSError:
            return False  # gone, or a file system without hard links: write instead
        return True

    def copy_tree(self, source: Path, prefix: str = "") -> None:
        if not source.is_dir():
            return
        for dirpath, dirnames, filenames in os.walk(source):
            dirnames.sort()
            for name in sorted(filenames):
                src = Path(dirpath) / name
                rel = src.relative_to(source).as_posix()
                self.write(prefix + rel, src.read_bytes())

    def commit(self) -> None:
        if self.adopted:
            self._remove_stale()
        marker = self.root / MARKER
        if not marker.is_file() or marker.read_text(encoding="utf-8") != _MARKER_TEXT:
            marker.write_text(_MARKER_TEXT, encoding="utf-8")
        os.chmod(self.root, 0o755)
        old = None
        if self.output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.old-", dir=self.output.parent))
            os.rmdir(old)
            os.rename(self.output, old)
        os.rename(self.root, self.output)
        self._done = True
        if old is None:
            return
        spare = spare_path(self.output)
        if spare.exists():
            shutil.rmtree(old, ignore_errors=True)  # a spare we did not make: leave it be
        else:
            os.rename(old, spare)

    def _remove_stale(self) -> None:
        """Delete what the spare holds beyond this build's files, then the folders
        that leaves empty, deepest first."""
        keep = set(self.manifest)
        keep.add(MARKER)
        emptied: set[str] = set()
        for path in _files_under(self.root):
            if path not in keep:
                os.unlink(self.root / path)
                emptied.add(path.rpartition("/")[0])
        for folder in sorted(emptied, key=lambda f: -f.count("/")):
            while folder:
                try:
                    os.rmdir(self.root / folder)
                except OSError:
                    break  # not empty: it still holds site files
                folder = folder.rpartition("/")[0]


def _temporary_beside(target: str) -> str:
    folder, name = os.path.split(target)
    return os.path.join(folder, f".{name}.newsgen-tmp")


def _files_under(root: Path, prefix: str = "") -> list[str]:
    """Every file below ``root`` as a relative POSIX path (scandir: a walk with
    relpath per folder costs four times as much over ~20,000 folders)."""
    found: list[str] = []
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found.extend(_files_under(Path(entry.path), f"{prefix}{entry.name}/"))
            else:
                found.append(prefix + entry.name)
    return found
