"""What the last build into an output folder left, and the keys that say how much of
it still stands.

Three keys, each naming more than the next:

- the **setting key** names every input of the output folder but the content
  files: config, templates, static files, code, the build year and the flags;
- the **build key** adds every content file's key and the problems found: equal
  build keys give equal folders, so a build whose key is the last one's (and
  whose files are all still as it left them) has nothing to do;
- the **plan key** names what the list of pages and every page's recipe are made
  from: the setting and each article's plan fields (``model.FRAME_FIELDS``). Equal
  plan keys with other content keys mean only the articles whose key changed need
  their pages signed again (``changed_articles``).

A page's own signature (``Views.signature``) decides whether its file is rendered
again or hard-linked from the last build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from newsgen import safefs
from newsgen.config import Config
from newsgen.errors import Problem
from newsgen.incremental.keys import code_version, file_stat, library_versions
from newsgen.incremental.store import Cache
from newsgen.model import ArticleHead, fingerprint
from newsgen.templates import THEME
from newsgen.write import MARKER, Folders, Manifest, folder_id, spare_path

# Output file -> signature of the page rendered into it (Views.signature).
Signatures = dict[str, str]
# Bump when the stored record of an output folder changes shape.
_OUTPUT_FORMAT = 6


def render_key(site_root: Path) -> str:
    """What every page's bytes depend on besides its view: newsgen's code and
    libraries, markupsafe (which escapes), and the site's and theme's templates."""
    digest = hashlib.sha256(code_version().encode())
    digest.update(f"markupsafe={library_versions(['markupsafe'])['markupsafe']};".encode())
    digest.update(safefs.tree_digest(site_root / "templates", site_root))
    digest.update(safefs.tree_digest(THEME / "templates", THEME))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class BuildKeys:
    """The keys of one build into one output folder (see the module docstring)."""

    render: str  # ``render_key``: every page signature starts with it
    setting: bytes
    build: bytes

    @classmethod
    def of(
        cls,
        config: Config,
        content: bytes,
        site_root: Path,
        output: Path,
        built: datetime,
        drafts: bool,
    ) -> BuildKeys:
        """``content`` names every content file and the problems found (``Gathered.content_key``)."""
        render = render_key(site_root)
        setting = _setting_key(config, site_root, output, built, drafts, render)
        return cls(render, setting, hashlib.sha256(setting + content).digest())

    def plan(self, heads: Sequence[ArticleHead]) -> str:
        """The plan key: the setting and every indexed article's plan fields, in order."""
        return fingerprint(self.setting.hex(), tuple([head.frame for head in heads]))


def _setting_key(
    config: Config, site_root: Path, output: Path, built: datetime, drafts: bool, render: str
) -> bytes:
    digest = hashlib.sha256(render.encode())
    # Of the build time, pages read only the year (Views.year_start): keyed on the
    # whole time, no build without SOURCE_DATE_EPOCH would ever find nothing to do.
    digest.update(repr((config, built.year, drafts, str(output))).encode())
    digest.update(safefs.tree_digest(THEME / "static", THEME))
    digest.update(safefs.tree_digest(site_root / "static", site_root))
    digest.update(safefs.tree_digest(site_root / config.entities.registry, site_root))
    if config.search:  # else Pagefind plays no part: not even looked for
        from newsgen.search import pagefind_binary, pagefind_version

        binary = pagefind_binary()
        digest.update((pagefind_version(binary) if binary else "").encode())
    return digest.digest()


@dataclass(frozen=True, slots=True)
class LastBuild:
    """The record the last build into ``output`` stored: ``key`` (build key), ``plan``
    (plan key), ``keys`` (article id -> content key), ``manifest`` (every file
    written: path -> digest and stat), ``folders`` (every folder left and its stat,
    packed), ``counts``, ``signatures`` (output path -> page signature), ``bundle``
    (the search shards' keys and files, or None), ``spare`` (the replaced folder's
    id, manifest and folders) and ``copies`` (the copies' warnings and counts).
    Empty when there is no usable record (read from the cache: untrusted)."""

    name: str
    output: Path
    record: Mapping[str, Any]

    @classmethod
    def read(cls, store: Cache, output: Path) -> LastBuild:
        name = f"output:{output.resolve()}"
        value = store.get(name)
        usable = isinstance(value, dict) and value.get("format") == _OUTPUT_FORMAT
        return cls(name, output, value if usable else {})

    def unchanged(self, key: bytes) -> bool:
        """It had this build key and every file it wrote is still as it left it."""
        if self.record.get("key") != key or not (self.output / MARKER).is_file():
            return False
        manifest: Manifest = self.record["manifest"]
        base = f"{self.output}/"  # plain strings: ~25,000 Path joins cost more than the stats
        try:
            return all(file_stat(base + path) == row[1:] for path, row in manifest.items())
        except OSError:
            return False

    @property
    def counts(self) -> tuple[int, int, int]:
        """Pages, articles and entities (read only when ``unchanged``)."""
        return self.record["counts"]  # type: ignore[no-any-return]

    @property
    def copies(self) -> tuple[tuple[Problem, ...], int, int]:
        """The copies' warnings and counts (anything of another shape counts as none)."""
        value = self.record.get("copies")
        if (
            isinstance(value, tuple)
            and len(value) == 3
            and isinstance(value[0], tuple)
            and all(isinstance(p, Problem) for p in value[0])
            and isinstance(value[1], int)
            and isinstance(value[2], int)
        ):
            return value
        return (), 0, 0

    @property
    def images(self) -> object:
        """The stat of every image file it read (``newsgen.images.unchanged`` checks it)."""
        return self.record.get("images")

    @property
    def image_problems(self) -> tuple[Problem, ...]:
        """The images' problems (anything of another shape counts as none)."""
        value = self.record.get("image_problems")
        if isinstance(value, tuple) and all(isinstance(p, Problem) for p in value):
            return value
        return ()

    @property
    def manifest(self) -> Manifest | None:
        return self.record.get("manifest")

    @property
    def signatures(self) -> Signatures:
        return self.record.get("signatures", {})  # type: ignore[no-any-return]

    @property
    def bundle(self) -> object:
        return self.record.get("bundle")

    def changed_articles(self, plan: str, keys: Mapping[str, bytes]) -> frozenset[str] | None:
        """The articles whose file changed since, when the last build had this plan
        key (so every page recipe is as it was, but for the sentences of these
        articles); None when it did not, or left no record."""
        if self.record.get("plan") != plan:
            return None
        before: dict[str, bytes] = self.record.get("keys", {})
        return frozenset(aid for aid, key in keys.items() if before.get(aid) != key)

    def spare(self) -> tuple[Manifest | None, Folders | None]:
        """What the spare folder holds, for reuse as this build's staging folder.

        Its recorded manifest and folders when it is still the folder the last build
        left; an empty manifest and no folders (every file is then replaced or
        removed, every folder listed) for a spare of ours with no record, e.g. after
        a --no-cache build; (None, None) when there is no spare of ours.
        """
        spare = spare_path(self.output)
        if spare.is_symlink() or not (spare / MARKER).is_file():
            return None, None
        recorded = self.record.get("spare")
        if recorded and recorded[1] is not None and folder_id(spare) == recorded[0]:
            return recorded[1], recorded[2]
        return {}, None

    def spare_after(
        self, replaced: tuple[int, int] | None, manifest: Manifest, seeded: Folders | None
    ) -> tuple[Any, ...] | None:
        """The spare folder's record once this build is in place: the folder it
        replaced (with the last build's manifest), or the spare a first build seeded
        with hard links to what it wrote."""
        if replaced:
            return (replaced, self.record.get("manifest"), self.record.get("folders"))
        if seeded:
            return (folder_id(spare_path(self.output)), manifest, seeded)
        return None


def record_build(store: Cache, last: LastBuild, **fields: Any) -> None:
    """Store this build's record for the next build into the same folder."""
    store.set(last.name, {"format": _OUTPUT_FORMAT, **fields})
