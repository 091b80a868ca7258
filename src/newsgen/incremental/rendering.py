"""Render only what changed: every page is signed, and a page whose signature is the
one its file was rendered from last time is hard-linked from the last build.

Signing and rendering run on forked workers (``workers``) when there are enough
pages: each takes every n-th page, the last one also the sitemaps and robots.txt.
Without a record of the last build every page is rendered: the same bytes.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen import urls
from newsgen.incremental import workers
from newsgen.incremental.memo import BodyReader
from newsgen.incremental.output import Signatures
from newsgen.render import render_page, site_files
from newsgen.templates import make_environment
from newsgen.views import Page, Views
from newsgen.write import Manifest, Staging

if TYPE_CHECKING:
    import jinja2

# What a render worker sends back: its pid, the manifest rows and signatures of
# its share of the pages, files written, files hard-linked because unchanged.
PartResult = tuple[int, Manifest, Signatures, int, int]
# Pages below which signing and rendering in forked workers costs more than it saves.
_MIN_PAGES_TO_FORK = 2000


@dataclass(frozen=True, slots=True)
class _RenderJob:
    """What every render worker shares (inherited through fork, never pickled)."""

    views: Views
    bodies: BodyReader | None
    site_root: Path
    staging: Staging
    pages: list[Page]
    parts: int
    render_key: str
    previous: Signatures


def render_with_bodies(
    env: jinja2.Environment, views: Views, page: Page, bodies: BodyReader | None
) -> bytes:
    """``render_page``, with the bodies the page's view reads read first and handed
    to the views (the core reads no store while it renders)."""
    wanted = views.bodies_read(page)
    views.bodies = bodies.read(wanted) if bodies is not None and wanted else {}
    return render_page(env, views, page)


def render_into(
    staging: Staging,
    views: Views,
    bodies: BodyReader | None,
    site_root: Path,
    jobs: int,
    previous: Signatures,
    render_key: str,
    changed: frozenset[str] | None = None,
) -> Signatures:
    """Fill ``staging`` with every page; every output file's signature.

    With ``changed`` (the articles that changed, when nothing else did) only the
    pages naming one of them are signed (``_render_changed``).
    """
    if changed is not None:
        return _render_changed(staging, views, bodies, site_root, render_key, previous, changed)
    pages = list(views.pages())
    signatures: Signatures = {}
    parts = max(1, min(jobs if workers.can_fork() else 1, len(pages) // _MIN_PAGES_TO_FORK))
    job = _RenderJob(views, bodies, site_root, staging, pages, parts, render_key, previous)
    for pid, rows, signed, written, linked in workers.fork_map(
        _render_part, job, list(range(parts)), parts
    ):
        signatures.update(signed)
        if pid != os.getpid():  # a forked worker: its staging object was a copy
            staging.manifest.update(rows)
            staging.written += written
            staging.linked += linked
    return signatures


def _render_part(job: _RenderJob, part: int) -> PartResult:
    """Sign one share of the pages; keep each page whose signature is the one its
    previous file was rendered from, render the rest straight into the staging folder."""
    views, staging, previous, render_key = job.views, job.staging, job.previous, job.render_key
    env = make_environment(job.site_root / "templates")
    written, linked = staging.written, staging.linked
    share = job.pages[part :: job.parts]
    progress = workers.Progress("render", len(share)) if part == 0 else None
    rows: Manifest = {}
    signatures: Signatures = {}
    # (output file, signature, maker of its bytes) for each page of the share.
    work: Iterator[tuple[str, str, Callable[[], bytes]]] = (
        (
            urls.output_file(page.path),
            views.signature(page, render_key),
            functools.partial(render_with_bodies, env, views, page, job.bodies),
        )
        for page in share
    )
    if part == job.parts - 1:  # the last share is never the largest: it takes these
        work = itertools.chain(work, site_files(env, views, job.pages, render_key))
    for path, signature, make in work:
        signatures[path] = signature
        if previous.get(path) != signature or not staging.keep(path):
            staging.write(path, make())
        rows[path] = staging.manifest[path]
        if progress:
            progress.advance()
    if progress:
        progress.close()
    return os.getpid(), rows, signatures, staging.written - written, staging.linked - linked


def _render_changed(
    staging: Staging,
    views: Views,
    bodies: BodyReader | None,
    site_root: Path,
    render_key: str,
    previous: Signatures,
    changed: frozenset[str],
) -> Signatures:
    """Fill ``staging`` when only the articles ``changed`` did: every page recipe is
    as it was, so only the pages naming one of them are signed, and every other
    file of the last build keeps its signature and is hard-linked. A file of the
    last build found changed or gone (edited by hand) is made again, from the full
    list of pages."""
    env = make_environment(site_root / "templates")
    signatures = dict(previous)
    for page in views.pages(changed):
        path = urls.output_file(page.path)
        signatures[path] = signature = views.signature(page, render_key)
        if previous.get(path) != signature or not staging.keep(path):
            staging.write(path, render_with_bodies(env, views, page, bodies))
    lost = {path for path in previous if path not in staging.manifest and not staging.keep(path)}
    if lost:
        pages = list(views.pages())
        for page in pages:
            path = urls.output_file(page.path)
            if path in lost:
                staging.write(path, render_with_bodies(env, views, page, bodies))
        for path, _, make in site_files(env, views, pages, render_key):
            if path in lost:
                staging.write(path, make())
    return signatures
