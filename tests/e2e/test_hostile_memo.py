"""The index's memo comes from the cache folder, which is untrusted input: a memo
entry re-sealed with a correct check but the wrong shape (or naming articles and
sentences this build does not have) is a miss, reported once; the build exits 0
without a traceback and writes the same site as ``--no-cache``."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import SiteFactory, tree_bytes
from tests.e2e.test_hostile_cache import CACHE, DB, FILES, _build, reference  # noqa: F401

Forge = Callable[[tuple[object, ...]], object]


def _rows(entry: tuple[object, ...]) -> tuple[object, ...]:
    return entry[2][0]  # type: ignore[index, no-any-return]


FORGERIES: dict[str, tuple[str, Forge]] = {
    "entities-not-a-triple": ("entities", lambda e: (e[0], e[1], ("x",))),
    "entities-rows-not-rows": ("entities", lambda e: (e[0], e[1], ((1, 2), {}, ()))),
    "entities-ref-to-no-article": (
        "entities",
        lambda e: (
            e[0],
            e[1],
            (
                tuple((fields, (("content/none.md",), (0,))) for fields, _ in _rows(e)),  # type: ignore[attr-defined]
                *e[2][1:],  # type: ignore[index]
            ),
        ),
    ),
    "entities-sentence-out-of-range": (
        "entities",
        lambda e: (
            e[0],
            e[1],
            (
                tuple((fields, (aids, (99,) * len(aids))) for fields, (aids, _) in _rows(e)),  # type: ignore[attr-defined]
                *e[2][1:],  # type: ignore[index]
            ),
        ),
    ),
    "entities-field-of-wrong-type": (
        "entities",
        lambda e: (
            e[0],
            e[1],
            (tuple(((7, *f[1:]), refs) for f, refs in _rows(e)), *e[2][1:]),  # type: ignore[attr-defined, index]
        ),
    ),
    "related-not-a-map": ("related", lambda e: (e[0], e[1], ["x"])),
    "related-to-no-article": (
        "related",
        lambda e: (e[0], e[1], {k: ("content/none.md",) for k in e[2]}),  # type: ignore[attr-defined]
    ),
}


def _forge(site: Path, name: str, forge: Forge) -> None:
    from newsgen.incremental.store import _meta_key, dumps, loads, seal, unseal

    with sqlite3.connect(site / CACHE / DB, isolation_level=None) as db:
        (blob,) = db.execute("SELECT value FROM meta WHERE name = ?", (f"memo:{name}",)).fetchone()
        payload = unseal(_meta_key(f"memo:{name}"), b"meta", blob)
        assert payload is not None
        entry = loads(payload)
        forged = seal(_meta_key(f"memo:{name}"), b"meta", dumps(forge(entry)))
        db.execute("UPDATE meta SET value = ? WHERE name = ?", (forged, f"memo:{name}"))


@pytest.mark.parametrize("case", list(FORGERIES))
def test_a_forged_memo_entry_is_a_miss(
    case: str,
    make_site: SiteFactory,
    reference: dict[str, bytes],  # noqa: F811
) -> None:
    site = make_site(FILES)
    assert _build(site).returncode == 0
    name, forge = FORGERIES[case]
    _forge(site, name, forge)
    shutil.rmtree(site / "public")
    shutil.rmtree(site / ".public.spare", ignore_errors=True)
    result = _build(site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert [line for line in result.stderr.splitlines() if CACHE in line], result.stderr
    assert tree_bytes(site / "public") == reference
