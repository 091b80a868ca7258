"""Real archives repeat themselves: copies are published once, colliding headlines
each get a URL of their own, and the build never stops for either."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SiteFactory, run_cli, tree_bytes

LETTERS = "Letters\n\nKARACHI: {text}\n"
FILES: dict[str, str | bytes] = {
    "content/2024/2024-03-04-letters.txt": LETTERS.format(text="The harbour smells of diesel."),
    "content/2024/2024-03-11-letters.txt": LETTERS.format(text="Bring back the night ferry."),
    "content/2024/2024-03-18-letters.txt": LETTERS.format(text="The new bus line is a gift."),
    "content/2024/2024-04-01-letters.txt": LETTERS.format(text="April letters are different."),
    # One wire story filed three times: twice byte for byte, once with CRLF endings.
    "content/wire/2024-03-05-port-strike.txt": "Port strike ends\n\nDock workers went back.\n",
    "content/wire/copy/2024-03-05-port-strike.txt": "Port strike ends\n\nDock workers went back.\n",
    "content/wire/2024-03-05-port-strike-crlf.txt": b"Port strike ends\r\n\r\nDock workers went back.\r\n",
}


def article_pages(public: Path) -> set[str]:
    return {
        p.parent.relative_to(public).as_posix()
        for p in public.glob("2024/*/*/index.html")
        if "page" not in p.parts
    }


def test_copies_and_collisions_build_with_a_summary(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(FILES)
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "(2 duplicates left out; 2 colliding headlines given their own URL)" in result.stdout
    assert "built 5 articles" in result.stdout
    pages = article_pages(root / "public")
    # The oldest "Letters" of March keeps the plain URL; April's never collided.
    assert {"2024/03/letters", "2024/04/letters", "2024/03/port-strike-ends"} <= pages
    own = sorted(p for p in pages if re.fullmatch(r"2024/03/letters-[0-9a-f]{6}", p))
    assert len(own) == 2 and len(pages) == 5
    texts = [(root / "public" / page / "index.html").read_text("utf-8") for page in own]
    assert any("Bring back the night ferry" in t for t in texts)
    assert any("The new bus line is a gift" in t for t in texts)
    # One warning per collision, naming both files; one for the copies, naming each.
    assert (
        "content/2024/2024-03-11-letters.txt: headline collides with "
        "content/2024/2024-03-04-letters.txt at /2024/03/letters/" in result.stderr
    )
    copies = [line for line in result.stderr.splitlines() if "duplicate(s)" in line]
    # The first by date, then by path, is the one published ("-crlf" sorts before ".txt").
    assert copies == [
        "warning: content/wire/2024-03-05-port-strike-crlf.txt: 2 duplicate(s) of this article "
        "(same headline and text) not published: content/wire/2024-03-05-port-strike.txt, "
        "content/wire/copy/2024-03-05-port-strike.txt"
    ]
    check = run_cli("--site", str(root), "check")
    assert check.returncode == 0, check.stderr
    assert check.stderr.count("headline collides with") == 2
    assert check.stderr.count("duplicate(s) of this article") == 1


def test_a_newer_story_never_moves_an_existing_url(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(FILES)
    first = run_cli("--site", str(root), "build")
    assert first.returncode == 0, first.stderr
    # A build with nothing to do says the same: the record keeps what it found.
    again = run_cli("--site", str(root), "build")
    assert again.stderr == first.stderr
    assert again.stdout.split(" in ")[0] == first.stdout.split(" in ")[0]
    before = article_pages(root / "public")
    later = root / "content/2024/2024-03-25-letters.txt"
    later.write_text(LETTERS.format(text="Spring at last."), encoding="utf-8")
    result = run_cli("--site", str(root), "build")
    assert result.returncode == 0, result.stderr
    after = article_pages(root / "public")
    assert before < after and len(after - before) == 1
    # The cached rebuild is the site a clean build makes.
    clean = run_cli("--site", str(root), "build", "--no-cache", "-o", str(tmp_path / "clean"))
    assert clean.returncode == 0, clean.stderr
    assert tree_bytes(root / "public") == tree_bytes(tmp_path / "clean")
