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

Finding what the spare holds beyond its recorded files must not mean listing
every folder: each build records every folder it leaves (mtime and inode), and
the next reuse lists only the folders whose stat differs, since adding, removing
or renaming an entry changes its folder's mtime. Files edited in place keep
their folder's stat; they are caught by the per-file size, mtime and inode check.

A build may be killed at any instruction (``kill -9``, the OOM killer, a power
cut), so the published folder is only ever changed by one atomic step: on Linux
``renameat2(RENAME_EXCHANGE)`` swaps the staging folder and the output in one
call, so the output always exists and is the whole old site or the whole new one.
Elsewhere (or on a file system without it) the output is renamed to
``.public.old-*`` and the staging folder into its place; a build killed between
the two leaves no output until ``recover``, which the next build runs first (under
the site lock, ``newsgen.lock``), puts the old folder back. ``recover`` also
removes what a killed build left beside the output: staging (``.public.building-*``),
half-made spares (``.public.seeding-*``) and old copies, each recognised by the
marker file newsgen writes into every folder it makes. Temporary files of a
killed build inside a reused spare are found by the next build's survey (their
folder's stat changed) and removed before that folder is published.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
import tempfile
import zlib
from array import array
from pathlib import Path
from types import TracebackType

from newsgen import faults, safefs
from newsgen.errors import BuildError
from newsgen.incremental.keys import file_stat

MARKER = ".newsgen-output"

# path -> (sha256 of the bytes, size, mtime_ns, inode) of one output file.
Manifest = dict[str, tuple[bytes, int, int, int]]
# Every folder of an output tree below the top, parents first (sorted), with its
# (mtime_ns, inode) as the build left it: the paths joined by NUL, and the stats as
# native 64-bit integers, two a folder, inode 0 (no file has it) where the stat
# cannot vouch for the folder's entries later; each deflated. Packed because the
# ~23,000 folders of a 10,000-article site took 0.1 s to pickle and unpickle as a
# dict, and 2.6 MB more in the record (it also holds the spare's) undeflated.
Folders = tuple[bytes, bytes]
# A folder's stat, or None where it vouches for nothing.
FolderStat = tuple[int, int] | None
_UNKNOWN = (0, 0)
_MARKER_TEXT = "This folder is written by newsgen build and replaced on every build.\n"


def check_output(site_root: Path, output: Path, content_dir: str) -> None:
    """Refuse output folders that could destroy an editor's files."""
    if output.is_symlink():
        raise BuildError(
            f"refusing to write the site into {output}: it is a symbolic link "
            "(newsgen replaces the folder itself); give the folder it points to"
        )
    out = output.resolve()
    root = site_root.resolve()
    if out == root or out in root.parents:
        raise BuildError(
            f"refusing to write the site into {output}: it is the site root or above it"
        )
    with contextlib.suppress(RuntimeError, KeyError):  # no home folder known
        home = Path.home().resolve()
        if out == home or out in home.parents or out == Path(out.anchor):
            raise BuildError(
                f"refusing to write the site into {output}: it is your home folder or above it"
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


def recover(output: Path) -> None:
    """Repair what a build killed mid-way left beside ``output``; call under the lock.

    A swap cut between its two renames left no output and the old site in
    ``.<output>.old-*``: it is put back (the build about to run makes the new one).
    Every other folder a killed build made there (staging, a half-made spare, an
    old copy) is removed: each carries newsgen's marker file, and nothing without
    it is touched.
    """
    parent = output.parent
    prefix = f".{output.name}."
    olds: list[str] = []
    others: list[str] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return  # no folder yet: nothing to repair
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix):
            continue
        kind = name[len(prefix) :].partition("-")[0]
        if kind not in ("old", "building", "seeding") or "-" not in name[len(prefix) :]:
            continue
        if not entry.is_dir(follow_symlinks=False) or not _marked(entry.path):
            continue
        (olds if kind == "old" else others).append(entry.path)
    if olds and not os.path.lexists(output):
        newest = max(olds, key=lambda path: os.lstat(path).st_mtime_ns)
        os.rename(newest, output)  # roll the cut swap back
        olds.remove(newest)
    for path in sorted(olds + others):
        shutil.rmtree(path, ignore_errors=True)


def _marked(folder: str) -> bool:
    """``folder`` holds newsgen's marker as a plain file (not a link)."""
    try:
        return stat.S_ISREG(os.lstat(f"{folder}/{MARKER}").st_mode)
    except OSError:
        return False


# renameat2's flag and "relative to the working folder"; the call is in glibc >= 2.28.
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_renameat2: object = None  # looked up on first use; False when there is none


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``);
    False where the system or the file system cannot, and the caller renames."""
    global _renameat2
    if _renameat2 is None:
        import ctypes  # here: ~30 ms to import, and a build with nothing to swap needs none

        try:
            _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
        except (OSError, AttributeError):
            _renameat2 = False
    if _renameat2 is False:
        return False
    call = _renameat2
    result = call(  # type: ignore[operator]
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    import ctypes

    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # not on this kernel or file system: two renames instead
    raise OSError(error, os.strerror(error), str(first), None, str(second))


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
    left it) the spare is updated in place; otherwise a fresh folder is made.
    ``spare_folders`` is that build's record of the spare's folders: with it only
    the folders changed since are listed, without it every folder is. A fresh
    folder that is not committed is removed; an adopted spare stays, and its
    files are trusted next time only where their stat still matches. After
    ``commit``, ``folders`` is the record of the folder swapped in.
    """

    def __init__(
        self,
        output: Path,
        previous: Manifest | None = None,
        spare: Manifest | None = None,
        spare_folders: Folders | None = None,
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
            # At once: ``recover`` removes a killed build's staging by this mark.
            (self.root / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        # Plain strings: building ~100,000 Path objects costs a second per rebuild.
        self._prefix = f"{self.root}/"
        self._done = False
        self.written = 0
        self.linked = 0
        self.previous: Manifest = previous or {}
        self.manifest: Manifest = {}
        self.folders: Folders = (b"", b"")
        # What the staging folder held before this build wrote to it: its folders
        # (each a real folder reached without a symbolic link), their stats, and
        # files in it that ``base`` does not list.
        self._present: set[str] = {""}
        self._stats: dict[str, FolderStat] = {}
        self._extra: set[str] = set()
        # Folders whose entries this process changed other than by a manifest row
        # (rows are compared with ``base`` at commit: forked workers write too).
        self._changed: set[str] = set()
        self._forgotten: list[str] = []
        # Every folder the committed tree keeps, found by ``_tidy``.
        self._needed: set[str] = set()
        if self.adopted:
            self._survey(spare_folders)
        # Folders known to exist: skips a mkdir call per file.
        self._folders: set[str] = set(self._present)

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self._done and not self.adopted:
            shutil.rmtree(self.root, ignore_errors=True)

    def _in_root(self, path: str) -> str:
        return self._prefix + path

    def _in_output(self, path: str) -> str:
        return f"{self.output}/{path}"

    def _survey(self, recorded: Folders | None) -> None:
        """Find what the adopted spare holds beyond ``base``, and make sure no
        write can pass through a symbolic link out of it.

        With a record, a folder whose (mtime_ns, inode) is as recorded holds the
        entries it held then, so only the others are listed; parents come first,
        so a folder replaced by a link is seen (and removed) before anything
        below it is looked at through the link.
        """
        now = _clock(self.root)
        self._stats[""] = None  # the top is listed on every reuse
        names, stats = _unpack(recorded) if recorded is not None else ([], array("q"))
        if recorded is None or len(stats) != 2 * len(names):
            self._list("", None, now)  # no usable record: list every folder
            return
        known = set(names)
        self._list("", known, now)
        present, seen, root = self._present, self._stats, self._prefix
        # One pass over ~23,000 folders at 10,000 articles: kept lean.
        for folder, mtime, inode in zip(names, stats[0::2], stats[1::2], strict=True):
            parent = folder.rpartition("/")[0]
            if parent not in present:
                continue  # gone with its parent
            path = root + folder
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                continue
            if not stat.S_ISDIR(st.st_mode):
                os.unlink(path)  # a file or link where our folder was
                self._changed.add(parent)
                continue
            present.add(folder)
            if inode != 0 and st.st_ino == inode and st.st_mtime_ns == mtime:
                seen[folder] = (mtime, inode)
            else:
                seen[folder] = (st.st_mtime_ns, st.st_ino) if st.st_mtime_ns < now else None
                self._list(folder, known, now)

    def _list(self, folder: str, known: set[str] | None, now: int) -> None:
        """Note what ``folder`` holds that ``base`` and the ``known`` folders do not.

        Links are removed at once (nothing may be written through them); so are
        folders the record does not know, which newsgen did not make there.
        Without a record every folder is listed, each stat taken before its
        listing so that a later change shows.
        """
        prefix = f"{folder}/" if folder else ""
        with os.scandir(self._in_root(folder) if folder else self.root) as entries:
            for entry in entries:
                path = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if known is None:
                        st = entry.stat(follow_symlinks=False)
                        self._present.add(path)
                        self._stats[path] = (
                            (st.st_mtime_ns, st.st_ino) if st.st_mtime_ns < now else None
                        )
                        self._list(path, None, now)
                    elif path not in known:
                        shutil.rmtree(entry.path)
                        self._changed.add(folder)
                elif entry.is_symlink():
                    os.unlink(entry.path)
                    self._changed.add(folder)
                elif path not in self.base and path != MARKER:
                    self._extra.add(path)

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
        # _in_place inlined: this runs for every unchanged page of a rebuild.
        row = self.base.get(path)
        if row is not None and row[0] == old[0] and _untouched(self._prefix + path, row):
            self.manifest[path] = row
            self.linked += 1
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
        if row is None or row[0] != digest or not _untouched(self._in_root(path), row):
            return False
        self.manifest[path] = row
        self.linked += 1
        return True

    def _replace_with(self, target: str, data: bytes) -> None:
        if not self.adopted:
            with open(target, "wb") as handle:
                handle.write(data)
            faults.reached("stage-write")
            return
        # A new file renamed over the old name: the old inode may be the live site's.
        temporary = _temporary_beside(target)
        with open(temporary, "wb") as handle:
            handle.write(data)
        faults.reached("stage-write")
        os.replace(temporary, target)

    def _link_into(self, source: str, target: str, inode: int) -> None:
        """Hard-link ``source`` (whose inode is ``inode``) as ``target``."""
        if not self.adopted:
            os.link(source, target)
            return
        with contextlib.suppress(OSError):
            if os.lstat(target).st_ino == inode:
                # Already that file (the spare and the site share it after a build
                # that was stopped before its record): renaming a link over another
                # link to the same file does nothing and would leave the temporary.
                return
        temporary = _temporary_beside(target)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        os.link(source, temporary)
        faults.reached("stage-link")
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
        self._present = {f for f in self._present if not (f + "/").startswith(prefix)}
        self._changed.add(prefix[:-1].rpartition("/")[0])
        # Another program fills it next: list it at commit to know its folders.
        self._forgotten.append(prefix)

    def _make_folder(self, path: str) -> None:
        folder = path.rpartition("/")[0]
        if folder not in self._folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def _link_previous(self, path: str, old: tuple[bytes, int, int, int]) -> bool:
        """Hard-link the live site's file at ``path`` into the staging folder, if it
        is still as the last build recorded it in ``old``."""
        source = self._in_output(path)
        if not _untouched(source, old):
            return False  # edited by hand since the last build, or gone: do not trust it
        try:
            self._link_into(source, self._in_root(path), old[3])
        except OSError:
            return False  # a file system without hard links: write instead
        return True

    def copy_tree(self, source: Path, prefix: str = "", root: Path | None = None) -> None:
        """Copy every file under ``source`` that ``safefs.walk`` lets be read: no
        link out of ``root`` (the site; ``source`` itself by default), no FIFO or
        device. What is left out is reported by ``sources.tree_problems``."""
        top = str(root if root is not None else source)
        for rel, full in safefs.walk(source, Path(top))[0]:
            try:
                data = safefs.read_inside(full, top)
            except OSError:
                continue  # changed since it was checked: reported by the next build
            self.write(prefix + rel, data)

    def commit(self) -> None:
        changed = self._tidy()
        marker = self.root / MARKER
        if not marker.is_file() or marker.read_text(encoding="utf-8") != _MARKER_TEXT:
            marker.write_text(_MARKER_TEXT, encoding="utf-8")
        self._record(changed)
        os.chmod(self.root, 0o755)
        faults.reached("swap")
        if not os.path.lexists(self.output):
            os.rename(self.root, self.output)
            self._done = True
            return
        if _exchange(self.root, self.output):
            old = self.root  # the replaced site now lives where the staging folder was
        else:
            old = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.old-", dir=self.output.parent))
            os.rmdir(old)
            os.rename(self.output, old)
            faults.reached("swap-half")
            os.rename(self.root, self.output)
        self._done = True
        faults.reached("swapped")
        spare = spare_path(self.output)
        if old == spare:
            return  # the adopted spare and the output traded places: nothing left to do
        if os.path.lexists(spare):
            shutil.rmtree(old, ignore_errors=True)  # a spare we did not make: leave it be
        else:
            os.rename(old, spare)

    def seed_spare(self) -> Folders | None:
        """After the first build into an empty place: make the spare now, a tree of
        hard links to the site just swapped in, and return its folder record.

        Otherwise the next build, usually a one-article edit, would find no spare and
        have to make a whole tree of ~25,000 links and folders at 10,000 articles;
        the first build is the long one anyway. None when a spare is already there.
        """
        spare = spare_path(self.output)
        if not self._done or spare.exists():
            return None
        seeding = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.seeding-", dir=spare.parent))
        try:
            top = f"{seeding}/"
            live = f"{self.output}/"
            os.link(live + MARKER, top + MARKER)  # first: ``recover`` knows it by this
            names = sorted(self._needed)  # parents before their children
            for folder in names:
                os.mkdir(top + folder)
            for path in self.manifest:
                os.link(live + path, top + path)
                faults.reached("seed")
            record = _folder_record(seeding, names, {})
            os.rename(seeding, spare)
        except OSError:
            shutil.rmtree(seeding, ignore_errors=True)  # no hard links here: do without
            return None
        return record

    def _tidy(self) -> set[str]:
        """Delete what the staging folder holds beyond this build's files, then the
        folders left without any, deepest first, and note every folder that
        remains. Returns the folders whose entries this build changed."""
        manifest = self.manifest
        candidates = self._present | self._folders
        for prefix in self._forgotten:
            for dirpath, _dirnames, filenames in os.walk(self._in_root(prefix[:-1])):
                folder = dirpath[len(str(self.root)) + 1 :]
                candidates.add(folder)
                self._extra.update(
                    p for p in (f"{folder}/{name}" for name in filenames) if p not in manifest
                )
        changed = self._changed
        stale = (self.base.keys() | self._extra) - manifest.keys()
        stale.discard(MARKER)
        for path in stale:
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                os.unlink(self._in_root(path))  # its folder may be gone too
            changed.add(path.rpartition("/")[0])
        needed = {""}
        base = self.base.get
        for path, row in manifest.items():
            folder = path.rpartition("/")[0]
            needed.add(folder)
            if base(path) != row:  # written or linked: a new entry in its folder
                changed.add(folder)
        for folder in list(needed):
            while folder:
                folder = folder.rpartition("/")[0]
                if folder in needed:
                    break
                needed.add(folder)
        for folder in needed - self._present:  # made by this build
            changed.add(folder)
            changed.add(folder.rpartition("/")[0])
        for folder in sorted(candidates - needed, key=lambda f: -f.count("/")):
            try:
                os.rmdir(self._in_root(folder))
            except FileNotFoundError:
                pass
            except OSError:
                needed.add(folder)  # not empty after all: keep it, and list it next time
                self._stats[folder] = None
                continue
            changed.add(folder.rpartition("/")[0])
        needed.discard("")  # the top is listed on every reuse
        self._needed = needed
        return changed

    def _record(self, changed: set[str]) -> None:
        """Fill ``folders`` with each folder's stat: the one seen before this build
        where it has not changed since, a fresh one (after a clock reading, so a
        change at the same clock tick is not taken for none) elsewhere."""
        seen = self._stats
        kept = {f: seen[f] for f in self._needed if f in seen and f not in changed}
        self.folders = _folder_record(self.root, sorted(self._needed), kept)


def _folder_record(root: Path, names: list[str], kept: dict[str, FolderStat]) -> Folders:
    """The record of the folders ``names`` under ``root``: the stat in ``kept`` where
    there is one, else a fresh one, taken after a clock reading so that a folder
    changed at the same clock tick is recorded as unknown rather than as seen."""
    now = _clock(root)
    top = f"{root}/"
    flat: list[int] = []
    for folder in names:
        if folder in kept:
            flat += kept[folder] or _UNKNOWN
            continue
        st = os.lstat(top + folder)
        flat += (st.st_mtime_ns, st.st_ino) if st.st_mtime_ns < now else _UNKNOWN
    paths = "\0".join(names).encode("utf-8", "surrogatepass")
    return (zlib.compress(paths, 1), zlib.compress(array("q", flat).tobytes(), 1))


def read_folders(record: Folders) -> dict[str, FolderStat]:
    """A folder record as path -> stat (None where it vouches for nothing)."""
    names, stats = _unpack(record)
    return {
        name: None if inode == 0 else (mtime, inode)
        for name, mtime, inode in zip(names, stats[0::2], stats[1::2], strict=True)
    }


def _unpack(record: Folders) -> tuple[list[str], array[int]]:
    """Paths and their stats, two integers each (fewer when the record is not
    one this code wrote: the caller then lists every folder)."""
    stats = array("q")
    try:
        paths = zlib.decompress(record[0]).decode("utf-8", "surrogatepass")
        packed = zlib.decompress(record[1])
    except (zlib.error, UnicodeDecodeError):
        return [""], stats
    if len(packed) % stats.itemsize == 0:
        stats.frombytes(packed)
    return (paths.split("\0") if paths else []), stats


def _untouched(target: str, row: tuple[bytes, int, int, int]) -> bool:
    """The file at ``target`` still has the size, mtime and inode of ``row``."""
    try:
        st = os.stat(target)
    except OSError:
        return False
    return st.st_ino == row[3] and st.st_mtime_ns == row[2] and st.st_size == row[1]


def _clock(folder: Path) -> int:
    """The time the file system in ``folder`` stamps a change made now.

    A folder whose mtime is not older than this could change again within the
    same clock tick without its mtime changing, so its stat vouches for nothing.
    Read from a file made for the purpose: the system clock may run ahead of the
    coarser clock file systems stamp with, or of a file server's.
    """
    probe = f"{folder}/.newsgen-clock"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(probe)
    handle = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        return os.fstat(handle).st_mtime_ns
    finally:
        os.close(handle)
        os.unlink(probe)


def _temporary_beside(target: str) -> str:
    folder, name = os.path.split(target)
    return os.path.join(folder, f".{name}.newsgen-tmp")
