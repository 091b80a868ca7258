"""The only code that writes the output folder.

A build renders into a fresh sibling folder and swaps it in at the end, so a
failed or interrupted build leaves the previous site as it was. newsgen only
ever replaces or removes a folder that carries its marker file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from newsgen.errors import BuildError

MARKER = ".newsgen-output"
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


class Staging:
    """A fresh folder beside the output; ``commit`` swaps it in, anything else removes it."""

    def __init__(self, output: Path) -> None:
        self.output = output
        output.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
        self._done = False
        self.written = 0

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self._done:
            shutil.rmtree(self.root, ignore_errors=True)

    def write(self, path: str, data: bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written += 1

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
        (self.root / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        os.chmod(self.root, 0o755)
        old = None
        if self.output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.old-", dir=self.output.parent))
            os.rmdir(old)
            os.rename(self.output, old)
        os.rename(self.root, self.output)
        self._done = True
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
