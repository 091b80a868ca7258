"""A build never leaves a half-written or corrupted site: kill -9 at any step,
two builds at once, a worker killed (the OOM killer), Ctrl-C; dangerous output
folders are refused; clean builds are byte-identical.

Everything runs through the real ``newsgen build`` in a subprocess, on one
generated archive (bench/corpus.py) shared by the tests of this module in order.
The site cycles through three inputs ("variants": another title, so every page
changes, and an edited article, so a parse worker runs; three, so the spare a
build reuses never already holds what it must write); a clean ``--no-cache``
build of each is the reference every published tree must equal byte for byte.
Builds are stopped at exact steps by the test-only hook ``NEWSGEN_TEST_STOP_AT``
(``newsgen/faults.py``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.conftest import REPO, SiteFactory, run_cli, tree_bytes

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="kill -9, fork and /proc: Linux"
)

ARTICLES = 30
EPOCH = "1767225600"
TITLES = ("Hostile Times", "Hostile Times, second edition", "Hostile Times, late edition")
EDITED_LINES = ("", "\nA late correction was added to this story.\n", "\nAnd another one.\n")
LEFTOVER_KINDS = (".public.old-", ".public.building-", ".public.seeding-")


@dataclass
class Archive:
    root: Path
    edited: Path  # the article whose text differs between the variants
    references: list[dict[str, bytes]]  # each variant's clean --no-cache build
    variant: int = 0  # what the site's files are now
    published: int = 0  # what public/ holds (after a completed build)
    notes: list[str] = field(default_factory=list)

    @property
    def public(self) -> Path:
        return self.root / "public"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGEN_TEST_")}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    return {**env, **extra}


def _command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "newsgen", "--site", str(root), "build", "--no-search", *args]


def _build(
    root: Path, *args: str, timeout: float = 90, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(root, "--jobs", "2", *args),
        capture_output=True,
        text=True,
        env=_env(**env),
        timeout=timeout,
        start_new_session=True,  # its own process group: Ctrl-C by the hook stays in it
    )


def _set_variant(archive: Archive, variant: int) -> None:
    config = archive.root / "newsgen.yaml"
    text = config.read_text(encoding="utf-8")
    for title in TITLES:
        text = text.replace(f"title: {title}\n", "")
    config.write_text(f"title: {TITLES[variant]}\n{text}", encoding="utf-8")
    body = archive.edited.read_text(encoding="utf-8")
    for line in EDITED_LINES[1:]:
        body = body.replace(line, "")
    archive.edited.write_text(body + EDITED_LINES[variant], encoding="utf-8")
    archive.variant = variant


def _next_variant(archive: Archive) -> None:
    _set_variant(archive, (archive.variant + 1) % len(TITLES))


def _leftovers(root: Path) -> list[str]:
    """Temporary files anywhere under the site's output folders, and folders a
    killed build left beside the output."""
    found = [p.name for p in root.iterdir() if p.name.startswith(LEFTOVER_KINDS)]
    for folder in (root / "public", root / ".public.spare"):
        if folder.is_dir():
            found += [str(p) for p in folder.rglob("*.newsgen-tmp")]
    return found


def _assert_clean_build(archive: Archive) -> None:
    """A normal build exits 0 and publishes exactly the reference, leaving nothing."""
    done = _build(archive.root)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert _leftovers(archive.root) == []
    assert tree_bytes(archive.public) == archive.references[archive.variant]
    archive.published = archive.variant


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    root = tmp_path_factory.mktemp("hostile") / "site"
    subprocess.run(
        [sys.executable, str(REPO / "bench/corpus.py"), "--articles", str(ARTICLES), "--out", root],
        check=True,
        capture_output=True,
        timeout=60,
    )
    config = root / "newsgen.yaml"
    config.write_text(
        "".join(line for line in config.read_text().splitlines(True) if "title:" not in line)
    )
    edited = sorted((root / "content").rglob("*.md"))[0]
    made = Archive(root, edited, [])
    for variant in range(len(TITLES)):
        _set_variant(made, variant)
        out = root.parent / f"reference-{variant}"
        done = _build(root, "--no-cache", "--output", str(out))
        assert done.returncode == 0, done.stderr
        made.references.append(tree_bytes(out))
    assert len({tuple(sorted(r.items())) for r in made.references}) == len(TITLES)
    _set_variant(made, 0)
    _assert_clean_build(made)
    yield made


# -- 17: kill -9 at every step ------------------------------------------------------

# Steps of a build the hook can stop at, each sure to be reached by a build that
# re-renders every page and re-parses one article (see faults.py).
KILL_STEPS = [
    "parent-started",  # the parent, while its parse worker works
    "parent-wait",
    "stage-write@1",
    "stage-write@40",  # mid-render: a temporary file written, not yet renamed
    "swap",
    "swapped",  # the new site is in place, the old not yet the spare
    "record",  # before the cache records the build
]


@pytest.mark.parametrize("step", KILL_STEPS)
def test_kill_9_anywhere_leaves_a_whole_site_and_the_next_build_repairs(
    archive: Archive, step: str
) -> None:
    before = archive.published
    _next_variant(archive)
    tag = uuid.uuid4().hex
    done = _build(archive.root, NEWSGEN_TEST_STOP_AT=step, NEWSGEN_TEST_RUN=tag)
    assert done.returncode == -signal.SIGKILL, done.stderr
    # Its workers die with it: none is left writing into the staging folder.
    assert _survivors(tag) == []
    # Between the kill and the next build, public/ is the whole old or new site.
    assert archive.public.is_dir()
    assert tree_bytes(archive.public) in (
        archive.references[before],
        archive.references[archive.variant],
    )
    _assert_clean_build(archive)


def test_kill_9_while_seeding_the_spare(archive: Archive) -> None:
    """The first build into an empty place makes the spare after the swap."""
    _next_variant(archive)
    for folder in (archive.public, archive.root / ".public.spare"):
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    done = _build(archive.root, NEWSGEN_TEST_STOP_AT="seed@20")
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert tree_bytes(archive.public) == archive.references[archive.variant]
    assert any(p.name.startswith(".public.seeding-") for p in archive.root.iterdir())
    _assert_clean_build(archive)
    assert (archive.root / ".public.spare").is_dir()


def test_a_swap_cut_between_its_renames_is_rolled_back(archive: Archive) -> None:
    """Where no atomic exchange exists the swap is two renames; a kill between them
    leaves the old site as .public.old-*: the next build puts it back first.
    Folders of that name without newsgen's marker are never touched."""
    old = archive.root / ".public.old-k1ll3d"
    archive.public.rename(old)
    stale = archive.root / ".public.building-x7"
    stale.mkdir()
    (stale / ".newsgen-output").write_text("marker")
    (stale / "index.html").write_text("half")
    foreign = archive.root / ".public.old-notours"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    try:
        _next_variant(archive)
        done = _build(archive.root)
        assert done.returncode == 0, done.stderr
        assert tree_bytes(archive.public) == archive.references[archive.variant]
        assert not old.exists() and not stale.exists()
        assert (foreign / "keep.txt").read_text() == "mine"
    finally:
        subprocess.run(["rm", "-rf", str(foreign)], check=True)
    assert _leftovers(archive.root) == []
    archive.published = archive.variant


# -- 20: worker faults and Ctrl-C -------------------------------------------------


def test_a_killed_worker_fails_the_build_and_keeps_the_site(archive: Archive) -> None:
    before = archive.published
    _next_variant(archive)
    tag = uuid.uuid4().hex
    done = _build(
        archive.root, NEWSGEN_TEST_STOP_AT="worker-parse_chunk", NEWSGEN_TEST_RUN=tag, timeout=60
    )
    assert done.returncode == 1, done.stderr
    assert "worker process was killed by SIGKILL" in done.stderr
    assert "Traceback" not in done.stderr
    assert _survivors(tag) == []
    assert tree_bytes(archive.public) == archive.references[before]
    _assert_clean_build(archive)


@pytest.mark.parametrize(
    "step", ["parent-started", "worker-parse_chunk", "parent-wait", "stage-write@30", "swap"]
)
def test_ctrl_c_stops_quietly_and_keeps_the_site(archive: Archive, step: str) -> None:
    """SIGINT to the whole process group, as a terminal sends it."""
    before = archive.published
    _next_variant(archive)
    tag = uuid.uuid4().hex
    started = time.monotonic()
    done = _build(
        archive.root,
        NEWSGEN_TEST_STOP_AT=step,
        NEWSGEN_TEST_STOP_SIGNAL="INT",
        NEWSGEN_TEST_RUN=tag,
        timeout=60,
    )
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr
    assert done.stderr.strip().endswith("interrupted; the previous site is unchanged")
    assert time.monotonic() - started < 30
    assert _survivors(tag) == []
    assert tree_bytes(archive.public) == archive.references[before]
    assert not any(p.name.startswith(LEFTOVER_KINDS) for p in archive.root.iterdir())
    _assert_clean_build(archive)


def test_ctrl_c_at_any_moment_stops_within_seconds(archive: Archive) -> None:
    """A real SIGINT to the group, sent while the workers parse (--no-cache: every
    article) and at moments after, whatever the build is doing then."""
    before = archive.published
    for delay in (0.0, 0.3, 0.8):
        process = subprocess.Popen(
            _command(archive.root, "--no-cache", "--jobs", "2"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            start_new_session=True,
        )
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if children.read_text().split():
                    break  # the parse workers have started
            time.sleep(0.01)
        time.sleep(delay)
        sent = time.monotonic()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
        assert time.monotonic() - sent < 10, delay
        assert process.returncode in (0, 130), stderr
        assert "Traceback" not in stderr, stderr
        if process.returncode == 130:
            assert tree_bytes(archive.public) == archive.references[before]
        else:
            before = archive.variant  # it finished first: fine, and the site is new
        assert not any(p.name.startswith(LEFTOVER_KINDS) for p in archive.root.iterdir())
    _assert_clean_build(archive)


# -- 18: two builds at once ----------------------------------------------------------


def test_two_builds_at_once_both_succeed_one_after_the_other(archive: Archive) -> None:
    for attempt in range(3):
        _next_variant(archive)
        builds = [
            subprocess.Popen(
                _command(archive.root, "--jobs", "2", *(["--no-cache"] if n and attempt else [])),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=_env(),
            )
            for n in range(2)
        ]
        outcomes = [build.communicate(timeout=120) for build in builds]
        for build, (_, stderr) in zip(builds, outcomes, strict=True):
            assert build.returncode == 0, stderr
            assert "Traceback" not in stderr
        assert _leftovers(archive.root) == []
        assert tree_bytes(archive.public) == archive.references[archive.variant]
        archive.published = archive.variant


def _hold_site_lock(root: Path) -> int:
    path = root / ".newsgen-cache" / "build.lock"
    handle = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    os.ftruncate(handle, 0)
    os.write(handle, f"{os.getpid()}\n".encode())
    return handle


def test_a_second_build_waits_for_the_lock_or_gives_up_when_told(archive: Archive) -> None:
    handle = _hold_site_lock(archive.root)
    try:
        refused = _build(archive.root, "--wait", "0")
        assert refused.returncode == 1
        assert "Traceback" not in refused.stderr
        assert (
            f"another build of this site is running (pid {os.getpid()}); not waiting"
            in refused.stderr
        )
        waiting = subprocess.Popen(
            _command(archive.root, "--wait", "60"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert f"another build of this site is running (pid {os.getpid()}); waiting" in line
        assert waiting.poll() is None
    finally:
        os.close(handle)
    _, rest = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, rest
    assert tree_bytes(archive.public) == archive.references[archive.variant]


def test_the_preview_server_takes_the_same_lock(archive: Archive) -> None:
    handle = _hold_site_lock(archive.root)
    server = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "--site", str(archive.root), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        start_new_session=True,
    )
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        assert "another build of this site is running" in line and "waiting" in line
    finally:
        os.close(handle)
        os.killpg(server.pid, signal.SIGINT)
        server.communicate(timeout=60)


# Ctrl-C to `newsgen serve` mid-rebuild: tests/e2e/test_hostile_serve.py (serve builds in
# a process of its own session, so a worker's SIGINT to its group never reaches serve).


# -- refusals and determinism ---------------------------------------------------------


def test_dangerous_output_folders_are_refused(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site({"content/a.md": "---\ntitle: One\ndate: 2024-01-02\n---\n\nText.\n"})
    home = tmp_path / "home"
    home.mkdir()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"jpeg")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    targets = {
        str(root): "site root",
        str(root / "content"): "content/",
        "/": "site root or above it",
        str(home): "home folder",
        str(foreign): "did not create",
    }
    for target, why in targets.items():
        result = run_cli("--site", str(root), "build", "--output", target, env={"HOME": str(home)})
        assert result.returncode == 1, target
        assert "refusing" in result.stderr and why in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert (foreign / "holiday.jpg").read_bytes() == b"jpeg"
    assert sorted(p.name for p in foreign.iterdir()) == ["holiday.jpg"]
    assert list(home.iterdir()) == []
    # public/ as a link: the swap would replace the link, not the folder it names.
    (root / "public").symlink_to(elsewhere)
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 1 and "symbolic link" in result.stderr, result.stderr
    assert list(elsewhere.iterdir()) == [] and (root / "public").is_symlink()
    assert (root / "content/a.md").is_file()


def test_two_clean_builds_are_byte_identical(archive: Archive) -> None:
    out = archive.root.parent / "again"
    done = _build(archive.root, "--no-cache", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert tree_bytes(out) == archive.references[archive.variant]


# -- helpers -------------------------------------------------------------------------


def _survivors(tag: str, grace: float = 3.0) -> list[int]:
    """Processes still alive whose environment carries ``tag`` (a build's workers
    inherit it), after up to ``grace`` seconds."""
    deadline = time.monotonic() + grace
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                environ = (entry / "environ").read_bytes()
                status = (entry / "stat").read_text()
            except OSError:
                continue
            if f"NEWSGEN_TEST_RUN={tag}".encode() in environ.split(b"\0") and ") Z" not in status:
                found.append(int(entry.name))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)
