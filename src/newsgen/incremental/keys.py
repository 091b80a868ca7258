"""What names an input: every key a build compares is made here.

A key hashes everything its value depends on, so a stored value can be missing
but never stale. The code version names newsgen's own files and the libraries
that change what a page or an article looks like; the parse context adds the
config options parsing reads; a content file's key adds its path, dates and bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import sys
from collections.abc import Sequence
from functools import cache

from newsgen.config import Config

# Options only views and templates read: changing them must not re-parse 100k files.
# Everything else in the config (time zone, author, summary length, entities...) is
# part of the parse key.
PRESENTATION_ONLY = (
    "title",
    "description",
    "base_url",
    "language",
    "output_dir",
    "per_page",
    "feed_limit",
    "related",
    "search",
    "sections",
)


# Libraries whose version changes what a page or an article looks like.
_DEPENDENCIES = (
    "markdown", "nh3", "jinja2", "pyyaml", "python-slugify", "ftfy", "charset-normalizer",
    "msgpack", "numpy",
)  # fmt: skip


@cache
def code_version() -> str:
    """Hash of newsgen's own files (code and data, not the theme) and its libraries.

    Worked out once per process, in one walk of the package folder."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.sha256(sys.version.encode())
    versions = library_versions(_DEPENDENCIES)
    for name in _DEPENDENCIES:
        digest.update(f"{name}={versions[name]};".encode())
    files: list[str] = []
    for folder, subfolders, names in os.walk(package):
        rel = os.path.relpath(folder, package).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        # The theme is named by render_salt and the build key, not here.
        skip = ("__pycache__", "theme") if not prefix else ("__pycache__",)
        subfolders[:] = [d for d in subfolders if d not in skip]
        files.extend(prefix + name for name in names)
    for rel in sorted(files):
        with open(os.path.join(package, rel), "rb") as handle:
            digest.update(rel.encode() + b"\0" + handle.read() + b"\0")
    return digest.hexdigest()


def library_versions(names: Sequence[str]) -> dict[str, str]:
    """Each installed distribution's version ("-" when it is not installed), as
    ``importlib.metadata.version`` gives it, read from its ``*.dist-info/METADATA``.

    Importing importlib.metadata (email, zipfile, csv...) and asking it costs
    ~35 ms, more than the rest of a no-change build's keys together; this finds
    the same first ``name-*.dist-info`` (or ``.egg-info``) folder on ``sys.path``
    with one listing per path entry. What it cannot find there (a zipped path
    entry, an unusual layout) is still asked of importlib.metadata.
    """
    wanted = {_distribution_key(name): name for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        if len(found) == len(wanted):
            break
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue  # missing, or a zip file
        for child in listing:
            stem, _, suffix = child.lower().rpartition(".")
            if suffix not in ("dist-info", "egg-info"):
                continue
            name = wanted.get(_distribution_key(stem.partition("-")[0]))
            if name is None or name in found:
                continue
            version = _metadata_version(os.path.join(entry or ".", child))
            if version is not None:
                found[name] = version
    for name in names:
        if name not in found:
            # Only when the fast path found nothing: a library that is not installed
            # (or lives in a zip) pays for importlib.metadata here, not every build.
            from importlib import metadata

            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                found[name] = "-"
    return found


def _distribution_key(name: str) -> str:
    """A distribution name as importlib.metadata compares them (PEP 503, '_' joined)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _metadata_version(info: str) -> str | None:
    """The ``Version:`` header of a dist-info/egg-info folder (or egg-info file)."""
    if os.path.isdir(info):
        info = os.path.join(info, "METADATA" if info.endswith(".dist-info") else "PKG-INFO")
    try:
        with open(info, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    break  # the end of the headers
                if line[0] in " \t":
                    continue  # a folded line of the header before (a long License)
                key, _, value = line.partition(":")
                if key.strip().lower() == "version":
                    return value.strip()
    except (OSError, UnicodeDecodeError):
        return None
    return None


def extractor_version(backend: str) -> str:
    """The builtin extractor is newsgen code; spaCy brings its own and its models'."""
    if backend != "spacy":
        return backend
    # Only here: the spaCy backend itself costs seconds to load, this ~35 ms.
    from importlib import metadata

    versions = [backend]
    for dist in metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if name == "spacy" or name.startswith(("en-core", "en_core", "xx-ent", "xx_ent")):
            versions.append(f"{name}={dist.version}")
    return ";".join(sorted(versions))


def parse_context(config: Config) -> bytes:
    """Everything besides the file that parse + extract depend on, as one digest."""
    kept = {
        f.name: getattr(config, f.name)
        for f in dataclasses.fields(config)
        if f.name not in PRESENTATION_ONLY
    }
    digest = hashlib.sha256(f"{code_version()}\0{kept!r}\0".encode())
    digest.update(extractor_version(config.entities.backend).encode() + b"\0")
    return digest.digest()


def source_key(context: bytes, path: str, data: bytes, stamps: tuple[object, ...]) -> bytes:
    """The articles-table key: parse context, path, git dates and mtime, file bytes."""
    digest = hashlib.sha256(context)
    digest.update(f"{path}\0{stamps!r}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
    digest.update(data)
    return digest.digest()


def file_stat(path: str | os.PathLike[str]) -> tuple[int, int, int]:
    """(size, mtime_ns, inode): how an output file is recognised as untouched."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino
