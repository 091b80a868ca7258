"""Hostile files in a site folder, through the real `newsgen build` and `newsgen check`.

Symbolic links out of the site, loops, FIFOs, devices, names that are not UTF-8,
path components too long for the file system, unreadable files and folders, a
missing or empty content folder. Each is made in a temporary folder at test time
(none can be committed). Every run is time-bound; each test asserts the exit
code, that the message names the file, that no traceback is printed, that no
byte from outside the site reaches ``public/`` (a unique marker is planted in
every outside file) and that the rest of the site is built.

Most cases share one site, built and checked once (``hostile``); the cases that
stop the build, or need another user, get their own.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import REPO, tree_bytes

MARKER = "OUTSIDE-THE-SITE-5b1e0c"
PASSWD = b"root:x:0:0:"
TIMEOUT = 90  # seconds: a FIFO once hung the build forever
CONFIG = "title: Test Times\nbase_url: https://news.example/\nsearch: false\n"
MD = "---\ntitle: {title}\ndate: 2024-03-05\ntags: [ports]\n---\n\nBody text about the ports.\n"
GOOD_PAGE = "2024/03/a-good-one/index.html"
LONG_SLUG = "s" * 300
LONG_TAG = "t" * 300
LONG_NAME = "Name" * 80
BAD_NAME = os.fsdecode(b"bad\xff\xfename.md")
BAD_DIR = os.fsdecode(b"dir\xff")
CONTROL_NAME = "evil\x1b[31mred\nline.md"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def newsgen(site: Path, *args: str, prefix: list[str] | None = None) -> Run:
    """`python -m newsgen --site SITE ARGS`, after ``prefix`` when given, time-bound."""
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": "1767225600",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "newsgen", "--site", str(site), *args]
    command = [*(prefix or []), *command]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=TIMEOUT, cwd=site.parent
    )
    return Run(result.returncode, result.stdout, result.stderr)


def assert_clean(*runs: Run) -> None:
    for run in runs:
        assert "Traceback" not in run.text, run.text


def assert_nothing_from_outside(public: Path) -> None:
    for path, data in tree_bytes(public).items() if public.exists() else ():
        assert MARKER.encode() not in data, path
        assert PASSWD not in data, path


def outside_folder(base: Path) -> Path:
    """Files outside the site, each holding the marker."""
    out = base / "outside"
    (out / "dir").mkdir(parents=True)
    (out / "secret.md").write_text(MD.format(title=f"Secret {MARKER}"), encoding="utf-8")
    (out / "secret.txt").write_text(f"Secret headline\n\n{MARKER} body.\n", encoding="utf-8")
    (out / "dir/leak.md").write_text(MD.format(title=f"Dir {MARKER}"), encoding="utf-8")
    (out / "style.css").write_text(f"/* {MARKER} */\n", encoding="utf-8")
    (out / "base.html").write_text(f"<p>{MARKER}</p>\n", encoding="utf-8")
    (out / "article.html").write_text(f"<p>{MARKER}</p>\n", encoding="utf-8")
    (out / "registry.yaml").write_text(f"- name: {MARKER}\n  type: person\n", encoding="utf-8")
    return out


def new_site(base: Path) -> Path:
    site = base / "site"
    (site / "content").mkdir(parents=True)
    (site / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    (site / "content/good.md").write_text(MD.format(title="A good one"), encoding="utf-8")
    return site


def md(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2024-03-05\n{extra}---\n\nBody text about ports.\n"


@dataclass(frozen=True)
class Hostile:
    site: Path
    build: Run
    check: Run

    @property
    def public(self) -> Path:
        return self.site / "public"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """One site holding every hostile file that must not stop the build."""
    base = tmp_path_factory.mktemp("hostile")
    out = outside_folder(base)
    site = new_site(base)
    content, static, templates = site / "content", site / "static", site / "templates"
    (site / "other").mkdir()
    (site / "other/in.md").write_text(MD.format(title="Linked from inside"), encoding="utf-8")
    # Symbolic links: out of the site, inside it, loops, broken.
    os.symlink("/etc/passwd", content / "x.txt")
    os.symlink("/etc/passwd", content / "host.md")
    os.symlink("/dev/zero", content / "zero.md")
    os.symlink(out / "secret.md", content / "s.md")
    os.symlink(out / "secret.txt", content / "s.txt")
    os.symlink(out / "dir", content / "d")
    os.symlink("../other/in.md", content / "in.md")
    os.symlink("../other", content / "indir")
    os.symlink("loop2.md", content / "loop1.md")
    os.symlink("loop1.md", content / "loop2.md")
    os.symlink("selfloop", content / "selfloop")
    os.symlink("/nonexistent/article.md", content / "dangling.md")
    # Not regular files.
    os.mkfifo(content / "fifo.md")
    # Names: not UTF-8, control characters, 255 bytes long.
    (content / BAD_NAME).write_text(MD.format(title="Bad name"), encoding="utf-8")
    (content / BAD_DIR).mkdir()
    (content / BAD_DIR / "a.md").write_text(MD.format(title="Bad folder"), encoding="utf-8")
    (content / CONTROL_NAME).write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    (content / ("f" * 252 + ".md")).write_text(md("Long file name"), encoding="utf-8")
    # Path components too long for the file system.
    (content / "long-tag.md").write_text(md("Long tag", f"tags: [{LONG_TAG}]\n"), encoding="utf-8")
    (content / "long-slug.md").write_text(md("Long slug", f"slug: {LONG_SLUG}\n"), encoding="utf-8")
    people = f"entities:\n  people: [{LONG_NAME}]\n"
    (content / "long-entity.md").write_text(md("Long entity", people), encoding="utf-8")
    caps = (
        f"A caps title\n\n{'X' * 300} (Reuters) - Talks with {'Y' * 300} ended on 5 March 2024.\n"
    )
    (content / "long-caps.txt").write_text(caps, encoding="utf-8")
    # Text: UTF-16 without a byte-order mark; a file over the size limit.
    utf16 = "A UTF-16 headline\n\nDockers went back to work on 5 March 2024.\n"
    (content / "u16.txt").write_bytes(utf16.encode("utf-16-le"))
    (content / "big.txt").write_bytes(b"Title\n\n" + b"word " * 500_000)
    # static/ and templates/.
    static.mkdir()
    (static / "ok.css").write_text("body { color: black }\n", encoding="utf-8")
    os.symlink(out / "style.css", static / "s.css")
    os.symlink(out, static / "o")
    os.mkfifo(static / "f.css")
    (static / os.fsdecode(b"x\xff.css")).write_text("a {}\n", encoding="utf-8")
    templates.mkdir()
    os.symlink(out / "base.html", templates / "base.html")
    os.mkfifo(templates / "article.html")
    build = newsgen(site, "build")
    check = newsgen(site, "check")
    return Hostile(site, build, check)


def test_builds_the_rest_and_check_sees_what_build_sees(hostile: Hostile) -> None:
    assert_clean(hostile.build, hostile.check)
    assert hostile.build.code == 1, hostile.build.text  # the rest written; errors fail it
    assert hostile.check.code == 1  # errors were found
    assert (hostile.public / GOOD_PAGE).is_file()
    assert "built 8 articles" in hostile.build.out, hostile.build.text
    # Every problem the build reports, check reports too.
    problems = [
        line for line in hostile.build.err.splitlines() if line.startswith(("error", "warn"))
    ]
    assert problems
    for line in problems:
        assert line in hostile.check.err, line
    assert_nothing_from_outside(hostile.public)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("content/x.txt", "symbolic link to /etc/passwd, outside the site: refused"),
        ("content/host.md", "symbolic link to /etc/passwd, outside the site: refused"),
        ("content/s.md", "outside the site: refused"),
        ("content/s.txt", "outside the site: refused"),
        ("content/d", "outside the site: refused"),
        ("static/s.css", "outside the site: refused"),
        ("static/o", "outside the site: refused"),
        ("templates/base.html", "outside the site: refused"),
    ],
)
def test_links_out_of_the_site_are_refused(hostile: Hostile, name: str, message: str) -> None:
    for run in (hostile.build, hostile.check):
        assert f"error: {name}: " in run.err and message in run.err, run.err
    assert_nothing_from_outside(hostile.public)
    assert not (hostile.public / "o").exists() and not (hostile.public / "s.css").exists()
    base = (hostile.public / GOOD_PAGE).read_text(encoding="utf-8")
    assert "<html" in base  # the theme's base.html stood in for the refused one


def test_links_inside_the_site_work(hostile: Hostile) -> None:
    assert (hostile.public / "2024/03/linked-from-inside/index.html").is_file()
    assert "warning: content/indir: symbolic link to a folder: not entered" in hostile.build.err


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("content/loop1.md", "error: content/loop1.md: symbolic link loop"),
        ("content/selfloop", "warning: content/selfloop: symbolic link loop"),
        ("content/dangling.md", "error: content/dangling.md: broken symbolic link"),
    ],
)
def test_loops_and_broken_links_are_named(hostile: Hostile, name: str, message: str) -> None:
    for run in (hostile.build, hostile.check):
        assert message in run.err, run.err


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("content/fifo.md", "warning: content/fifo.md: not a regular file (a FIFO"),
        ("static/f.css", "warning: static/f.css: not a regular file (a FIFO"),
        ("templates/article.html", "warning: templates/article.html: not a regular file"),
        ("content/zero.md", "error: content/zero.md: symbolic link to /dev/zero, outside"),
        ("content/big.txt", "error: content/big.txt: file too large: 2500007 bytes"),
    ],
)
def test_fifos_devices_and_huge_files_are_skipped(
    hostile: Hostile, name: str, message: str
) -> None:
    # The fixture's builds ended within TIMEOUT: nothing blocked on the FIFO or
    # read /dev/zero whole.
    for run in (hostile.build, hostile.check):
        assert message in run.err, run.err
    assert not (hostile.public / "f.css").exists()
    assert (hostile.public / "ok.css").is_file()


@pytest.mark.parametrize(
    "message",
    [
        r"error: content/bad\xff\xfename.md: name is not valid UTF-8: skipped",
        r"error: content/dir\xff: name is not valid UTF-8: skipped",
        r"error: static/x\xff.css: name is not valid UTF-8: skipped",
        # A name with an escape sequence and a newline is printed on one line, escaped.
        r"error: content/evil\x1b[31mred\x0aline.md:2: broken front matter",
    ],
)
def test_odd_names_are_reported_escaped(hostile: Hostile, message: str) -> None:
    for run in (hostile.build, hostile.check):
        assert message in run.err, run.err
        assert "\x1b" not in run.err


def _components(root: Path) -> Iterator[str]:
    for _, folders, files in os.walk(root):
        yield from folders
        yield from files


def _capped(slug: str) -> str:
    digest = hashlib.sha256(slug.encode()).hexdigest()[:10]
    return f"{slug[:129]}-{digest}"


def test_long_path_components_are_capped(hostile: Hostile) -> None:
    assert max(len(c.encode()) for c in _components(hostile.public)) <= 140
    public = hostile.public
    assert (public / "2024/03" / _capped(LONG_SLUG) / "index.html").is_file()
    assert (public / "tags" / _capped(LONG_TAG) / "index.html").is_file()
    (entity,) = (public / "entities/people").glob("namename*")  # the long name's page
    assert len(entity.name) == 140
    assert (entity / "index.html").is_file()
    long_words = [p.name for p in (public / "entities").glob("*/yyyy*")]  # the ALL-CAPS word's
    assert long_words and all(len(name) == 140 for name in long_words)
    assert list(public.glob("*/*/a-caps-title/index.html"))  # the ALL-CAPS dateline's
    assert (public / "2024/03/long-file-name/index.html").is_file()


def test_utf16_without_bom_is_read_with_a_warning(hostile: Hostile) -> None:
    message = "warning: content/u16.txt: no byte-order mark: decoded as UTF-16-LE"
    for run in (hostile.build, hostile.check):
        assert message in run.err, run.err
    assert list(hostile.public.glob("*/*/a-utf-16-headline/index.html"))


def test_links_to_the_static_and_templates_folders_are_refused(tmp_path: Path) -> None:
    out = outside_folder(tmp_path)
    site = new_site(tmp_path)
    os.symlink(out, site / "static")
    os.symlink(out, site / "templates")
    build, check = newsgen(site, "build"), newsgen(site, "check")
    assert_clean(build, check)
    assert build.code == 1 and check.code == 1  # the rest is built, the errors told
    for run in (build, check):
        assert "error: static: symbolic link to " in run.err, run.err
        assert "error: templates: symbolic link to " in run.err, run.err
    assert (site / "public" / GOOD_PAGE).is_file()
    assert_nothing_from_outside(site / "public")


def _previous_site(site: Path) -> dict[str, bytes]:
    first = newsgen(site, "build")
    assert first.code == 0, first.text
    return tree_bytes(site / "public")


@pytest.mark.parametrize("case", ["registry-link", "registry-folder-link"])
def test_registry_out_of_the_site_stops_the_build(tmp_path: Path, case: str) -> None:
    out = outside_folder(tmp_path)
    site = new_site(tmp_path)
    if case == "registry-link":
        before = _previous_site(site)
        os.symlink(out / "registry.yaml", site / "content/entities.yaml")
        name = "content/entities.yaml"
    else:
        config = CONFIG + "entities:\n  registry: registry\n"
        (site / "newsgen.yaml").write_text(config, encoding="utf-8")
        (site / "registry").mkdir()
        people = site / "registry/people.yaml"
        people.write_text("- name: Port Authority\n  type: organization\n", encoding="utf-8")
        before = _previous_site(site)
        people.unlink()
        os.symlink(out / "registry.yaml", people)
        name = "registry/people.yaml"
    build, check = newsgen(site, "build"), newsgen(site, "check")
    assert_clean(build, check)
    for run in (build, check):
        assert run.code == 1
        # newsgen.yaml's check (config.py) names a registry file that is itself a
        # link; read_registry names one inside a registry folder.
        assert name in run.err and "leads outside the site folder" in run.err, run.err
    assert tree_bytes(site / "public") == before
    assert_nothing_from_outside(site / "public")


@pytest.mark.parametrize("case", ["missing", "empty", "only-hostile", "link-out"])
def test_no_content_keeps_the_previous_site(tmp_path: Path, case: str) -> None:
    out = outside_folder(tmp_path)
    site = new_site(tmp_path)
    before = _previous_site(site)
    shutil.rmtree(site / "content")
    if case == "empty":
        (site / "content").mkdir()
    elif case == "only-hostile":
        (site / "content").mkdir()
        os.symlink(out / "secret.md", site / "content/s.md")
    elif case == "link-out":
        os.symlink(out / "dir", site / "content")
    build, check = newsgen(site, "build"), newsgen(site, "check")
    assert_clean(build, check)
    expected = {
        "missing": "error: the content folder content/ does not exist",
        "empty": "error: no article files in content/",
        "only-hostile": "error: content/s.md: symbolic link to ",
        "link-out": "content_dir: 'content' leads outside the site folder",
    }[case]
    for run in (build, check):
        assert run.code == 1, run.text
        assert expected in run.err, run.err
        assert "previous site is left as it was" in run.err or case == "link-out"
    assert tree_bytes(site / "public") == before
    assert_nothing_from_outside(site / "public")


# Tests run as root, whom chmod 000 does not stop: the build runs without the
# capabilities that let root read past file modes (CAP_DAC_OVERRIDE and
# CAP_DAC_READ_SEARCH), so root is held to the owner bits like anyone else. Unlike
# switching to "nobody", this needs no folder readable by another user.
_NO_OVERRIDE = "-dac_override,-dac_read_search"


def _unprivileged() -> list[str]:
    """The command prefix that makes chmod 000 bite, or a skip saying why there is none."""
    if os.geteuid() != 0:
        return []  # an ordinary user is stopped by file modes already
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is missing: cannot drop CAP_DAC_OVERRIDE")
    prefix = ["setpriv", f"--inh-caps={_NO_OVERRIDE}", f"--bounding-set={_NO_OVERRIDE}"]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import jinja2"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot drop CAP_DAC_OVERRIDE here: {probe.stderr.strip()}")
    return prefix


def test_unreadable_files_and_folders_are_named(tmp_path: Path) -> None:
    prefix = _unprivileged()
    site = new_site(tmp_path)
    (site / "content/other.md").write_text(MD.format(title="Another"), encoding="utf-8")
    locked = site / "content/locked"
    locked.mkdir()
    (locked / "a.md").write_text(MD.format(title="Locked away"), encoding="utf-8")
    (site / "content/locked.md").write_text(MD.format(title="Locked file"), encoding="utf-8")
    (site / "static").mkdir()
    (site / "static/locked.css").write_text("a {}\n", encoding="utf-8")
    for path in (locked, site / "content/locked.md", site / "static/locked.css"):
        path.chmod(0)
    build = newsgen(site, "build", prefix=prefix)
    check = newsgen(site, "check", prefix=prefix)
    assert_clean(build, check)
    assert build.code == 1 and check.code == 1  # the rest is built, the errors told
    for run in (build, check):
        assert "error: content/locked: cannot read the folder: Permission denied" in run.err
        assert "error: content/locked.md: cannot read: Permission denied" in run.err
        assert "error: static/locked.css: cannot read: Permission denied" in run.err
    assert "built 2 articles" in build.out
    assert (site / "public" / GOOD_PAGE).is_file()


def test_unreadable_registry_is_named_and_stops_the_build(tmp_path: Path) -> None:
    prefix = _unprivileged()
    site = new_site(tmp_path)
    registry = site / "content/entities.yaml"
    registry.write_text("- name: Port Authority\n  type: organization\n", encoding="utf-8")
    first = newsgen(site, "build", prefix=prefix)
    assert first.code == 0, first.text
    before = tree_bytes(site / "public")
    registry.chmod(0)
    build = newsgen(site, "build", prefix=prefix)
    check = newsgen(site, "check", prefix=prefix)
    assert_clean(build, check)
    message = "error: content/entities.yaml: cannot read the entity registry: Permission denied"
    for run in (build, check):
        assert run.code == 1 and message in run.err, run.err
    assert tree_bytes(site / "public") == before


def test_parse_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    os.mkfifo(site / "content/pipe.md")
    result = newsgen(site, "parse", str(site / "content/pipe.md"))
    assert_clean(result)
    assert result.code == 1
    assert "pipe.md: not a regular file (a FIFO" in result.err, result.err
