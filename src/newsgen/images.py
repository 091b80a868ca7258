"""Article images: front matter ``image:`` to derivatives on the published site.

An edge module: it reads image files (through ``safefs``), decodes and encodes them
with Pillow on the worker pool, and keeps the derivatives in the build cache. The
core never sees a byte of an image: only the ``Picture`` record this module sets on
each article's head (and folds into its ``shown`` and ``card`` fingerprints, so a
page showing the image is signed by it).

Where an image is found (``resolve``):

- ``image: photo.jpg`` or ``image: photos/harbour.png``: relative to the article's
  own folder, and it must stay inside the content folder (``../pictures/x.jpg`` is
  fine from ``content/2024/``, ``../../x.jpg`` is not);
- ``image: /photos/harbour.jpg``: under the site's ``static/`` folder
  (``static/photos/harbour.jpg``), and it must stay inside it.

Either way the file is opened like every other input (``safefs``): a symbolic link
that leads out of the site, a FIFO or a device is refused. URLs are refused too:
nothing is downloaded.

What is refused, each as an error naming the article and the image (the article is
published without it, the rest of the site builds): a missing file, a file that is
not JPEG, PNG, WebP or GIF (by its bytes, not its name), a damaged or truncated one,
one over ``MAX_BYTES``, one over ``MAX_PIXELS`` pixels (a "decompression bomb": a
small file that would take gigabytes to decode; checked from the header, before
decoding, and by Pillow's own ``MAX_IMAGE_PIXELS``).

Derivatives: each width of ``WIDTHS`` (never wider than the image itself: a smaller
image gets its own width instead of the larger ones), as WebP and as JPEG; the
EXIF orientation applied, then every piece of metadata (EXIF with its GPS position,
XMP, ICC profile, comments) left out; the bytes depend only on the image's bytes and
the encoder (``ENCODER``), so two builds write byte-identical files. Each is named
``images/<hash of the image's bytes and ENCODER>-<width>.<webp|jpg>``, so a changed
image gets new names and an unchanged one keeps them (and its file, hard-linked
from the last build). Derivatives are kept in ``.newsgen-cache/images/``, each
checked against the hash recorded for it when read back (the cache is untrusted),
so a rebuild re-encodes only images that changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import posixpath
import stat
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsgen import safefs
from newsgen.errors import Problem
from newsgen.incremental import workers
from newsgen.incremental.store import CACHE_DIR, Cache
from newsgen.model import ArticleHead, ImageSpec, Picture, Rendition, fingerprint
from newsgen.safe_yaml import quote

WIDTHS = (480, 800, 1200)
FORMATS = (("webp", "webp"), ("jpeg", "jpg"))  # (format, file extension); WebP first
QUALITY = {"webp": 80, "jpeg": 82}
OUTPUT_DIR = "images"
# A photo from a good camera is ~10 MB and ~24 Mpx; a panorama can be more.
MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 50_000_000
# The tallest derivative (WebP's limit is 16,383 pixels a side): a 1200 px wide
# picture may be ten times as tall, a narrower one more.
MAX_SIDE = 12_000
INPUT_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
_STATIC = "static"
_CACHE_SUBDIR = "images"
_MEMO = "images"  # the cache's record of probes and derivative files
_ENCODER_VERSION = "1"  # bump when the encoding below changes


class ImageRefused(Exception):
    """An image that cannot be used, and why (for a message naming the article)."""


# -- resolution (pure) ------------------------------------------------------------------


def resolve(src: str, article_path: str, content_dir: str) -> str:
    """The site-relative path of the image ``src`` of the article at
    ``article_path`` (see the module docstring); ``ImageRefused`` when it is not
    allowed."""
    if "\0" in src or "\\" in src:
        raise ImageRefused("not a file path")
    if "://" in src or src.startswith(("//", "data:")):
        raise ImageRefused(
            "a URL: newsgen downloads nothing; put the file beside the article or under static/"
        )
    if src.startswith("/"):
        base = _STATIC
        joined = posixpath.normpath(f"{_STATIC}/{src.lstrip('/')}")
    else:
        base = content_dir.strip("/")
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(article_path), src))
    if not joined.startswith(base + "/"):
        raise ImageRefused(f"leads out of {base}/: refused")
    return joined


def plan_widths(width: int) -> tuple[int, ...]:
    """The derivative widths of an image ``width`` pixels wide: never upscaled."""
    return tuple(sorted({min(w, width) for w in WIDTHS}))


def scaled_height(width: int, height: int, target: int) -> int:
    return max(1, round(height * target / width))


def picture_of(spec: ImageSpec, stem: str, width: int, height: int) -> Picture:
    """The ``Picture`` of an image of ``width`` x ``height`` (orientation applied)
    whose derivatives are named after ``stem``."""
    renditions = []
    for target in plan_widths(width):
        h = scaled_height(width, height, target)
        for fmt, ext in FORMATS:
            renditions.append(Rendition(f"{OUTPUT_DIR}/{stem}-{target}.{ext}", target, h, fmt))
    last = renditions[-1]
    return Picture(
        alt=spec.alt or "",
        caption=spec.caption,
        credit=spec.credit,
        width=last.width,
        height=last.height,
        renditions=tuple(renditions),
    )


# -- decoding and encoding (runs in the workers) ---------------------------------------


def encoder() -> str:
    """Names everything the derivatives' bytes depend on besides the image."""
    import PIL
    from PIL import features

    parts = (
        _ENCODER_VERSION,
        PIL.__version__,
        features.version("jpg"),
        features.version("webp"),
        repr(sorted(QUALITY.items())),
        MAX_BYTES,
        MAX_PIXELS,
        MAX_SIDE,
    )
    return ";".join(str(p) for p in parts)


def _decode(data: bytes) -> Any:
    """The image in ``data``, decoded, oriented, as RGB or RGBA: ``ImageRefused``
    for anything else."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data), formats=INPUT_FORMATS)
            width, height = image.size
            if width * height > MAX_PIXELS or width < 1 or height < 1:
                raise ImageRefused(
                    f"too many pixels: {width}x{height} (limit {MAX_PIXELS:,} pixels)"
                )
            image.seek(0)  # an animated GIF or WebP: its first frame
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "PA") or (
                image.mode == "P" and "transparency" in image.info
            ):
                image = image.convert("RGBA")
            elif image.mode != "RGB":
                image = image.convert("RGB")
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRefused(f"too many pixels (limit {MAX_PIXELS:,}): {exc}") from None
    except UnidentifiedImageError:
        raise ImageRefused(
            "not an image newsgen can use (JPEG, PNG, WebP or GIF, by its contents)"
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        raise ImageRefused(f"damaged or truncated image ({exc})") from None
    image.info = {}  # no EXIF, XMP, ICC profile or comment reaches a derivative
    width, height = image.size
    if scaled_height(width, height, plan_widths(width)[-1]) > MAX_SIDE:
        raise ImageRefused(
            f"too tall for its width: {width}x{height} (derivatives are at most {MAX_SIDE:,} px tall)"
        )
    return image


def _resized(image: Any, width: int) -> Any:
    from PIL import Image

    height = scaled_height(image.width, image.height, width)
    if (width, height) == image.size:
        return image
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _encode(image: Any, fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    if fmt == "jpeg":
        if image.mode == "RGBA":  # JPEG has no alpha: on white, like the page
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image.save(buffer, "JPEG", quality=QUALITY["jpeg"], optimize=True, progressive=True)
    else:
        image.save(buffer, "WEBP", quality=QUALITY["webp"], method=4)
    return buffer.getvalue()


# What a worker gets: the image's digest, its site path and the derivatives to
# encode ((format, width) pairs; None: all of them); and what it gives back: the
# oriented size and the encoded derivatives, or the reason it is refused.
Task = tuple[str, str, tuple[tuple[str, int], ...] | None]
# A refusal (a str) is a fact about the image's bytes and is remembered; a failure
# to read it again (a 1-tuple) is not.
Outcome = tuple[int, int, dict[tuple[str, int], bytes]] | str | tuple[str]


def process(site_root: str, task: Task) -> Outcome:
    """Runs in a worker: read the image again (workers are sent paths, not bytes,
    so the build never holds every image at once), decode it (which validates it)
    and encode what is asked."""
    digest, rel, wanted = task
    try:
        data = safefs.read_inside(os.path.join(site_root, rel), site_root, MAX_BYTES)
    except OSError as exc:
        return (f"cannot read {rel}: {getattr(exc, 'reason', None) or exc.strerror or exc}",)
    if hashlib.sha256(data).hexdigest() != digest:
        return (f"{rel} changed during the build: build again",)
    try:
        image = _decode(data)
        width, height = image.size
        if wanted is None:
            wanted = tuple((fmt, w) for w in plan_widths(width) for fmt, _ in FORMATS)
        encoded = {}
        for target in sorted({w for _, w in wanted}):
            resized = _resized(image, target)  # once for both formats
            for fmt, w in wanted:
                if w == target:
                    encoded[fmt, w] = _encode(resized, fmt)
        return width, height, encoded
    except ImageRefused as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - a hostile file must not stop the build
        return f"could not be decoded ({type(exc).__name__}: {exc})"


# -- the stage ----------------------------------------------------------------------------


@dataclass(slots=True)
class Prepared:
    """What ``attach`` found, for ``stage`` and the output record: every image path
    read and its stat (None: missing), and where each image's bytes were read
    (digest -> site path)."""

    stats: dict[str, tuple[int, ...] | None] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    pictures: dict[str, Picture] = field(default_factory=dict)  # article id -> picture
    encoder: str = ""


def file_stat(full: str) -> tuple[int, ...] | None:
    """What tells a changed image file from an unchanged one (links followed)."""
    try:
        st = os.stat(full)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def unchanged(stats: object, site_root: Path) -> bool:
    """Every image file the last build read is as it was (for a no-change build)."""
    if not isinstance(stats, dict):
        return False
    base = str(site_root)
    return all(file_stat(os.path.join(base, path)) == row for path, row in stats.items())


def _memo(store: Cache, encoder_name: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The cache's probes (image digest -> (width, height) or the reason it was
    refused) and derivative files (name -> sha256 of its bytes), when made by
    this encoder; empty otherwise."""
    value = store.get(_MEMO)
    if (
        isinstance(value, tuple)
        and len(value) == 3
        and value[0] == encoder_name
        and isinstance(value[1], dict)
        and isinstance(value[2], dict)
    ):
        return dict(value[1]), dict(value[2])
    return {}, {}


def _probe_ok(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and all(type(v) is int and 0 < v <= MAX_PIXELS for v in value)
    )


def _refusal(value: object) -> bool:
    return isinstance(value, str) and len(value) < 1000


def attach(
    heads: Sequence[ArticleHead],
    site_root: Path,
    content_dir: str,
    store: Cache,
    jobs: int,
    encode: bool,
) -> tuple[list[ArticleHead], list[Problem], Prepared]:
    """Each head with its ``picture`` (and its fingerprints folding it in), the
    problems found, and what ``stage`` needs. With ``encode`` (a build that
    writes), images decoded now are encoded in the same pass."""
    prepared = Prepared()
    wanted = [head for head in heads if head.image is not None]
    if not wanted:
        return list(heads), [], prepared
    prepared.encoder = name = encoder()
    probes, files = _memo(store, name)
    problems: list[Problem] = []
    found: dict[str, tuple[ImageSpec, str]] = {}  # article id -> (spec, digest)
    root = str(site_root)
    for head in wanted:
        spec = head.image
        assert spec is not None
        try:
            rel = resolve(spec.src, head.source_path, content_dir)
        except ImageRefused as exc:
            problems.append(_problem(spec.src, str(exc), head.source_path))
            continue
        full = os.path.join(root, rel)
        prepared.stats[rel] = file_stat(full)
        try:
            data = safefs.read_inside(full, root, MAX_BYTES)
        except safefs.Refused as exc:
            problems.append(
                _problem(spec.src, exc.reason.removesuffix("; skipped"), head.source_path)
            )
            continue
        except FileNotFoundError:
            problems.append(_problem(spec.src, f"no such file: {rel}", head.source_path))
            continue
        except OSError as exc:
            reason = f"cannot read {rel}: {exc.strerror or exc}"
            problems.append(_problem(spec.src, reason, head.source_path))
            continue
        digest = hashlib.sha256(data).hexdigest()
        del data
        prepared.sources.setdefault(digest, rel)
        found[head.source_path] = (spec, digest)
    sources = prepared.sources
    misses = sorted(d for d in sources if not (_probe_ok(probes.get(d)) or _refusal(probes.get(d))))
    # Encoded while decoded when there is a cache folder to keep the derivatives in
    # as they come; else only checked here, and encoded by ``stage``.
    folder = _cache_folder(site_root) if encode and store.enabled else None
    tasks: list[Task] = [(d, sources[d], None if folder else ()) for d in misses]
    transient: dict[str, str] = {}
    progress = workers.Progress("images", len(tasks)) if len(tasks) > 8 else None
    for task, outcome in zip(
        tasks, workers.fork_imap(process, root, tasks, jobs, progress), strict=True
    ):
        digest = task[0]
        if isinstance(outcome, str):
            probes[digest] = outcome
            continue
        if len(outcome) == 1:
            transient[digest] = outcome[0]
            continue
        width, height, encoded = outcome
        probes[digest] = (width, height)
        stem = _stem(digest, name)
        for (fmt, w), data in encoded.items():
            path = _file_name(stem, fmt, w)
            if folder is not None and _write_cached(folder, path, data):
                files[path] = hashlib.sha256(data).hexdigest()
    if progress:
        progress.close()
    out = []
    for head in heads:
        hit = found.get(head.source_path)
        if hit is not None:
            spec, digest = hit
            probe = probes.get(digest) or transient[digest]
            if isinstance(probe, str):
                problems.append(_problem(spec.src, probe, head.source_path))
            else:
                picture = picture_of(spec, _stem(digest, name), *probe)
                prepared.pictures[head.source_path] = picture
                head = with_picture(head, picture)
        out.append(head)
    if store.enabled:
        # Only what this build's images need is remembered (and kept on disk).
        kept = {d: probes[d] for d in sorted(sources) if d in probes}
        stems = {_stem(d, name) for d in sources}
        files = {path: sha for path, sha in files.items() if _stem_of(path) in stems}
        _remember(store, name, kept, files, site_root, prune=encode)
    return out, problems, prepared


def with_picture(head: ArticleHead, picture: Picture) -> ArticleHead:
    """The head showing ``picture``: its page and card fingerprints name it."""
    return replace(
        head,
        picture=picture,
        shown=fingerprint(head.shown, picture),
        card=fingerprint(head.card, picture),
    )


def _problem(src: str, reason: str, article: str) -> Problem:
    return Problem("error", f"image {quote(src)}: {reason}; published without it", article)


def _stem(digest: str, encoder_name: str) -> str:
    return hashlib.sha256(f"{digest}\0{encoder_name}".encode()).hexdigest()[:20]


def _stem_of(path: str) -> str:
    return path.rpartition("/")[2].rsplit("-", 1)[0]


def _file_name(stem: str, fmt: str, width: int) -> str:
    ext = dict(FORMATS)[fmt]
    return f"{OUTPUT_DIR}/{stem}-{width}.{ext}"


# -- the cache folder ---------------------------------------------------------------------


def _cache_folder(site_root: Path) -> str | None:
    """``.newsgen-cache/images``, made if need be; None when it is not a plain
    folder of ours (a symbolic link planted there is never followed)."""
    folder = os.path.join(site_root, CACHE_DIR, _CACHE_SUBDIR)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        st = os.lstat(folder)
    except OSError:
        return None
    return folder if stat.S_ISDIR(st.st_mode) else None


def _remember(
    store: Cache,
    encoder_name: str,
    probes: dict[str, Any],
    files: dict[str, str],
    site_root: Path,
    prune: bool = False,
) -> None:
    """Store the memo of probes and cached derivatives; with ``prune``, remove the
    cache folder's files that ``files`` no longer lists."""
    folder = _cache_folder(site_root) if prune else None
    if folder is not None:
        _prune(folder, {path.rpartition("/")[2] for path in files})
    store.set(_MEMO, (encoder_name, probes, files))


def _prune(folder: str, keep: set[str]) -> None:
    """Remove derivatives no image of this build needs (files only, and only ours)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name not in keep and name.endswith((".webp", ".jpg", ".tmp")):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))


def _cached_path(folder: str, path: str) -> str:
    return os.path.join(folder, path.rpartition("/")[2])


def _write_cached(folder: str, path: str, data: bytes) -> bool:
    target = _cached_path(folder, path)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True


def _read_cached(folder: str, path: str, expected: str) -> bytes | None:
    """A cached derivative's bytes if they are those recorded; None otherwise."""
    try:
        fd = os.open(_cached_path(folder, path), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if hashlib.sha256(data).hexdigest() == expected else None


def stage(
    staging: Any,
    prepared: Prepared,
    pictures: Iterable[Picture],
    site_root: Path,
    store: Cache,
    jobs: int,
) -> list[Problem]:
    """Put every derivative of ``pictures`` in the staging folder: hard-linked from
    the last build where it is still there, else from this build's encoding or the
    cache, else encoded now. Returns the problems (an image changed while building)."""
    needed: dict[str, Rendition] = {}
    for picture in pictures:
        for rendition in picture.renditions:
            needed.setdefault(rendition.path, rendition)
    if not needed:
        return []
    _, files = _memo(store, prepared.encoder) if store.enabled else ({}, {})
    folder = _cache_folder(site_root) if store.enabled else None
    missing: dict[str, list[Rendition]] = {}  # stem -> renditions to encode
    for path in sorted(needed):
        if staging.keep(path):
            continue
        data = None
        if folder is not None and path in files:
            data = _read_cached(folder, path, files[path])
            if data is None and os.path.lexists(_cached_path(folder, path)):
                store.distrust()  # altered or planted: encoded again
        if data is not None:
            staging.write(path, data)
            continue
        stem = _stem_of(path)
        missing.setdefault(stem, []).append(needed[path])
    if not missing:
        return []
    by_stem = {_stem(d, prepared.encoder): d for d in prepared.sources}
    tasks: list[Task] = []
    for stem, renditions in sorted(missing.items()):
        digest = by_stem[stem]
        tasks.append(
            (digest, prepared.sources[digest], tuple((r.format, r.width) for r in renditions))
        )
    problems: list[Problem] = []
    fresh: dict[str, str] = {}  # derivative path -> sha256 of what was cached
    progress = workers.Progress("images", len(tasks)) if len(tasks) > 8 else None
    for task, outcome in zip(
        tasks, workers.fork_imap(process, str(site_root), tasks, jobs, progress), strict=True
    ):
        if isinstance(outcome, str) or len(outcome) == 1:  # changed since it was read
            message = outcome if isinstance(outcome, str) else outcome[0]
            problems.append(Problem("error", message, task[1]))
            continue
        stem = _stem(task[0], prepared.encoder)
        for (fmt, width), data in outcome[2].items():
            path = _file_name(stem, fmt, width)
            staging.write(path, data)
            if folder is not None and _write_cached(folder, path, data):
                fresh[path] = hashlib.sha256(data).hexdigest()
    if progress:
        progress.close()
    if fresh:
        probes, known = _memo(store, prepared.encoder)
        _remember(store, prepared.encoder, probes, {**known, **fresh}, site_root)
    return problems
