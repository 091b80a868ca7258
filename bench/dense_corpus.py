"""The dense benchmark corpus: long articles where a few names are in thousands of them.

    python bench/dense_corpus.py --articles 10000 --out /tmp/dense-10k [--seed 7]
        [--format newsgen|hugo|pelican]

The second corpus shape of issue 17 (the dense shape the issue describes, written
anew): 6-12 paragraphs of about 60 words, 2-5 tags from a pool of 200, dates
spread over 2015-2024 to the minute, and people, organisations and places drawn with
Zipf weights, so the most famous few are named in thousands of articles and most
articles name a dozen of them. The same seed gives the same articles, byte for byte,
in every format, so peers build the same archive:

- ``newsgen``: a site folder (``newsgen.yaml`` and ``content/<slug>.txt``: YAML front
  matter with the date and tags, then the title line and the paragraphs, the first
  opening with a ``CITY:`` dateline);
- ``hugo``: a Hugo site's ``content/posts/<slug>.md`` (title, date, tags);
- ``pelican``: Pelican's ``content/<slug>.md`` ("Key: value" headers).

Stdlib only; everything comes from ``random.Random`` seeded per article, so article
``i`` does not depend on how many are written.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


GIVEN = _words(
    "Adele Bruno Camila Dmitri Esther Farid Gloria Hamid Ines Jonas Keiko Lars Mateo Noor "
    "Olu Paula Quentin Rania Stefan Tamar Umar Vera Wendell Ximena Yara Zoltan Anika Boris "
    "Cyrus Dalia Emeka Freya Goran Hilde Idris Jana Kofi Lotte Milan Nia Orla Pavel Rhea "
    "Sami Tilde Ugo Valeria Wiremu Yusra Aurelio Bettina Chidi Delphine Eitan Fiona"
)
FAMILY = _words(
    "Abara Bergstrom Calloway Duarte Eklund Ferrante Gathoni Holm Ibarra Jovanovic Kaur "
    "Lemaire Marchetti Nakashima Obi Pereira Quispe Rasmussen Szabo Toure Uribe Vasquez "
    "Wojcik Yeboah Zeller Achterberg Brandt Castellano Dimitrov Esposito Fonseca Grieve "
    "Hakimi Isaksen Jaramillo Kiplagat Lindahl Moyo Nordin Ozturk Pacheco Rinaldi Sorensen "
    "Takeda Ulloa Varga Whitlock Yilmazer Zamora Alvarenga Boateng Cerny Dragomir"
)
ROLES = _words(
    "spokeswoman spokesman director minister chair analyst economist senator governor "
    "commissioner professor researcher president adviser treasurer official secretary "
    "ambassador negotiator mayor"
)
ORG_FIRST = _words(
    "Continental Federal Coastal Highland Northern Southern Eastern Western Central "
    "Pacific Atlantic Metropolitan Provincial Allied Consolidated Independent Royal United"
)
ORG_FIELD = _words(
    "Energy Trade Health Finance Transport Farming Water Labour Housing Mining Shipping "
    "Aviation Telecom Steel Textiles Schools Defence Fisheries"
)
ORG_KIND = _words(
    "Agency Council Authority Commission Bank Group Institute Ministry Union Federation "
    "Corporation Board Alliance Foundation Trust"
)
CITIES = [
    ("Ankara", "Turkey"),
    ("Nairobi", "Kenya"),
    ("Lagos", "Nigeria"),
    ("Lima", "Peru"),
    ("Quito", "Ecuador"),
    ("Bogota", "Colombia"),
    ("Santiago", "Chile"),
    ("Montevideo", "Uruguay"),
    ("Havana", "Cuba"),
    ("Toronto", "Canada"),
    ("Ottawa", "Canada"),
    ("Chicago", "United States"),
    ("Denver", "United States"),
    ("Boston", "United States"),
    ("Seattle", "United States"),
    ("Dublin", "Ireland"),
    ("Glasgow", "United Kingdom"),
    ("Leeds", "United Kingdom"),
    ("Lisbon", "Portugal"),
    ("Porto", "Portugal"),
    ("Seville", "Spain"),
    ("Valencia", "Spain"),
    ("Marseille", "France"),
    ("Toulouse", "France"),
    ("Hamburg", "Germany"),
    ("Munich", "Germany"),
    ("Cologne", "Germany"),
    ("Geneva", "Switzerland"),
    ("Turin", "Italy"),
    ("Naples", "Italy"),
    ("Vienna", "Austria"),
    ("Prague", "Czechia"),
    ("Krakow", "Poland"),
    ("Budapest", "Hungary"),
    ("Bucharest", "Romania"),
    ("Sofia", "Bulgaria"),
    ("Belgrade", "Serbia"),
    ("Zagreb", "Croatia"),
    ("Riga", "Latvia"),
    ("Vilnius", "Lithuania"),
    ("Tallinn", "Estonia"),
    ("Gothenburg", "Sweden"),
    ("Bergen", "Norway"),
    ("Aarhus", "Denmark"),
    ("Tampere", "Finland"),
    ("Reykjavik", "Iceland"),
    ("Tbilisi", "Georgia"),
    ("Yerevan", "Armenia"),
    ("Baku", "Azerbaijan"),
    ("Almaty", "Kazakhstan"),
    ("Tashkent", "Uzbekistan"),
    ("Lahore", "Pakistan"),
    ("Chennai", "India"),
    ("Kolkata", "India"),
    ("Colombo", "Sri Lanka"),
    ("Kathmandu", "Nepal"),
    ("Yangon", "Myanmar"),
    ("Phnom Penh", "Cambodia"),
    ("Busan", "South Korea"),
    ("Nagoya", "Japan"),
    ("Sapporo", "Japan"),
    ("Taipei", "Taiwan"),
    ("Shenzhen", "China"),
    ("Chengdu", "China"),
    ("Perth", "Australia"),
    ("Brisbane", "Australia"),
    ("Auckland", "New Zealand"),
    ("Suva", "Fiji"),
    ("Kampala", "Uganda"),
    ("Kigali", "Rwanda"),
    ("Lusaka", "Zambia"),
    ("Harare", "Zimbabwe"),
    ("Maputo", "Mozambique"),
    ("Luanda", "Angola"),
    ("Tunis", "Tunisia"),
    ("Algiers", "Algeria"),
    ("Amman", "Jordan"),
    ("Beirut", "Lebanon"),
    ("Muscat", "Oman"),
    ("Kuwait City", "Kuwait"),
]
SUBJECTS = _words(
    "budget accord election reform levy market audit inquiry strike merger summit "
    "proposal crisis recovery programme pipeline tariff subsidy contract lawsuit ruling "
    "verdict protest campaign forecast outbreak shortage surplus deficit currency rally "
    "slump drought flood harvest wildfire ceasefire treaty sanction referendum coalition "
    "cabinet tribunal regulator wage pension loan railway port airport bridge dam grid "
    "refinery satellite platform startup exchange fund scandal resignation nomination "
    "framework roadmap mandate quota scheme initiative venture overhaul shutdown "
    "evacuation settlement dispute boycott hearing census outlook"
)
AMOUNTS = _words(
    "prices wages exports imports shares yields rates costs emissions profits revenues "
    "jobs loans deposits sales shipments reserves tariffs taxes fees rents pensions "
    "harvests flights orders bookings arrivals"
)
QUALITIES = _words(
    "new major disputed long-delayed ambitious modest sweeping sharp gradual sudden "
    "surprise record early final draft annual regional national local rural coastal "
    "public private foreign domestic fiscal monetary legal military diplomatic digital "
    "cautious fragile robust tentative temporary landmark rare urgent"
)
ACTIONS = [
    ("approve", "approves", "approved"),
    ("reject", "rejects", "rejected"),
    ("announce", "announces", "announced"),
    ("delay", "delays", "delayed"),
    ("expand", "expands", "expanded"),
    ("trim", "trims", "trimmed"),
    ("extend", "extends", "extended"),
    ("launch", "launches", "launched"),
    ("suspend", "suspends", "suspended"),
    ("review", "reviews", "reviewed"),
    ("block", "blocks", "blocked"),
    ("back", "backs", "backed"),
    ("unveil", "unveils", "unveiled"),
    ("scrap", "scraps", "scrapped"),
    ("revise", "revises", "revised"),
    ("defend", "defends", "defended"),
    ("sign", "signs", "signed"),
    ("probe", "probes", "probed"),
    ("tighten", "tightens", "tightened"),
    ("freeze", "freezes", "froze"),
]
MOVES = [
    ("rise", "rose"),
    ("fall", "fell"),
    ("climb", "climbed"),
    ("slip", "slipped"),
    ("surge", "surged"),
    ("stall", "stalled"),
    ("recover", "recovered"),
    ("drop", "dropped"),
]
WHEN = [
    "next year",
    "by the end of the year",
    "within months",
    "next month",
    "this quarter",
    "over the coming decade",
    "before the summer",
    "by 2030",
    "later this week",
    "over the next five years",
    "before the next election",
]
DAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
TOPICS = _words(
    "politics economy business markets technology science health climate energy "
    "environment education culture sport football athletics cricket elections diplomacy "
    "defence security crime justice courts migration housing transport aviation shipping "
    "agriculture food trade banking inflation employment labour startups telecoms space "
    "weather disasters wildfires floods human-rights media religion history archaeology "
    "arts music film books fashion travel tourism oil-and-gas renewables nuclear mining "
    "automotive pharmaceuticals public-health vaccines water infrastructure "
    "urban-planning cybersecurity artificial-intelligence privacy taxation budgets "
    "central-banks currencies stock-markets real-estate retail consumer-rights corruption "
    "protests strikes refugees"
)

START = datetime(2015, 1, 1, tzinfo=UTC)
MINUTES = int((datetime(2025, 1, 1, tzinfo=UTC) - START).total_seconds() // 60)
CONFIG = """\
title: Dense Benchmark Archive
description: A synthetic news archive where a few names are in thousands of stories.
base_url: https://example.org/archive/
timezone: UTC
search: false
per_page: 10
"""


class Ranked:
    """Items drawn with weight 1/(rank+1)^s: the first few are drawn very often."""

    def __init__(self, items: list, s: float) -> None:
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(len(items))))

    def one(self, rng: random.Random):  # type: ignore[no-untyped-def]
        return rng.choices(self.items, cum_weights=self.cum)[0]

    def distinct(self, rng: random.Random, k: int) -> list:
        out: list = []
        while len(out) < k:
            item = self.one(rng)
            if item not in out:
                out.append(item)
        return out


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    title: str
    date: datetime
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]


class Cast:
    """The recurring names, ordered by fame (rank 0 is named in the most articles)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"cast:{seed}")
        names = [f"{g} {f}" for g in GIVEN for f in FAMILY]
        rng.shuffle(names)
        self.people = [(n, rng.choice(ROLES)) for n in names[:420]]
        orgs = sorted({f"{a} {b} {c}" for a in ORG_FIRST for b in ORG_FIELD for c in ORG_KIND})
        rng.shuffle(orgs)
        firms = [f"{f} {k}" for f in FAMILY for k in ("Holdings", "Capital", "Motors")]
        rng.shuffle(firms)
        self.orgs = orgs[:110] + firms[:50]
        rng.shuffle(self.orgs)
        self.cities = list(CITIES)
        rng.shuffle(self.cities)
        countries = sorted({c for _, c in CITIES})
        pool = TOPICS + countries + self.orgs[:25] + [p for p, _ in self.people[:40]]
        pool = list(dict.fromkeys(pool))[:200]
        rng.shuffle(pool)
        assert len({slug(t) for t in pool}) == len(pool) == 200
        self.person = Ranked(self.people, 1.05)
        self.org = Ranked(self.orgs, 1.0)
        self.city = Ranked(self.cities, 0.9)
        self.tag = Ranked(pool, 1.0)

    @property
    def most_named(self) -> str:
        return self.people[0][0]


def _org(name: str) -> str:
    return name if name.split()[-1] in ("Holdings", "Capital", "Motors") else f"the {name}"


class Writer:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.cast = Cast(seed)

    def thing(self, rng: random.Random) -> str:
        roll = rng.random()
        if roll < 0.4:
            return f"the {rng.choice(QUALITIES)} {rng.choice(SUBJECTS)}"
        if roll < 0.8:
            return f"the {rng.choice(SUBJECTS)}"
        return f"{rng.choice(QUALITIES)} {rng.choice(AMOUNTS)}"

    def someone(self, rng: random.Random, introduce: bool) -> str:
        name, role = self.cast.person.one(rng)
        if not introduce:
            return name
        return f"{name}, {role} at {_org(self.cast.org.one(rng))},"

    def sentence(self, rng: random.Random, city: str) -> str:
        act = rng.choice(ACTIONS)
        move = rng.choice(MOVES)
        org = _org(self.cast.org.one(rng))
        kind = rng.randrange(12)
        if kind == 0:
            s = f"{self.someone(rng, True)} said {self.thing(rng)} would {act[0]} {self.thing(rng)} {rng.choice(WHEN)}."
        elif kind == 1:
            s = f"Officials in {city} {act[2]} {self.thing(rng)} on {rng.choice(DAYS)}, according to {org}."
        elif kind == 2:
            s = f'"We expect {self.thing(rng)} to {act[0]} {self.thing(rng)}," {self.someone(rng, False)} told reporters in {city}.'
        elif kind == 3:
            s = f"The decision comes as {org} {act[1]} {self.thing(rng)} under pressure over {self.thing(rng)}."
        elif kind == 4:
            s = f"Analysts at {org} said {rng.choice(AMOUNTS)} could {move[0]} by {rng.randint(2, 40)} percent {rng.choice(WHEN)}."
        elif kind == 5:
            s = f"{rng.choice(AMOUNTS)} {move[1]} {rng.randint(1, 19)}.{rng.randint(0, 9)} percent last quarter, {org} said in a statement."
        elif kind == 6:
            s = f"Critics, among them {self.someone(rng, False)}, argue that {self.thing(rng)} does little for {self.thing(rng)}."
        elif kind == 7:
            s = f"It follows months of talks between {org} and {_org(self.cast.org.one(rng))}."
        elif kind == 8:
            s = f"{self.someone(rng, False)} declined to comment on {self.thing(rng)} when reached on {rng.choice(DAYS)}."
        elif kind == 9:
            s = f"Residents of {self.cast.city.one(rng)[0]} said {self.thing(rng)} had already {act[2]} local businesses."
        elif kind == 10:
            s = f"{self.someone(rng, True)} called {self.thing(rng)} {rng.choice(QUALITIES)} but necessary."
        else:
            s = f"Under the plan, {rng.choice(AMOUNTS)} would {move[0]} while {org} would {act[0]} {self.thing(rng)}."
        return s[0].upper() + s[1:]

    def paragraph(self, rng: random.Random, city: str) -> str:
        goal = rng.randint(48, 66)
        said: list[str] = []
        words = 0
        while words < goal:
            said.append(self.sentence(rng, city))
            words += said[-1].count(" ") + 1
        return " ".join(said)

    def title(self, rng: random.Random, city: str, country: str) -> str:
        act = rng.choice(ACTIONS)
        kind = rng.randrange(5)
        if kind == 0:
            s = f"{self.cast.org.one(rng)} {act[1]} {rng.choice(QUALITIES)} {rng.choice(SUBJECTS)}"
        elif kind == 1:
            s = f"{country} {rng.choice(AMOUNTS)} {rng.choice(MOVES)[0]} amid {rng.choice(SUBJECTS)} fears"
        elif kind == 2:
            s = f"{self.cast.person.one(rng)[0]} {act[1]} {rng.choice(SUBJECTS)} plan in {city}"
        elif kind == 3:
            s = f"What the {rng.choice(QUALITIES)} {rng.choice(SUBJECTS)} means for {country}"
        else:
            s = f"{city} {rng.choice(SUBJECTS)} {act[1]} {rng.choice(QUALITIES)} {rng.choice(SUBJECTS)}"
        return s[0].upper() + s[1:]

    def article(self, i: int) -> Article:
        rng = random.Random(f"dense:{self.seed}:{i}")
        city, country = self.cast.city.one(rng)
        when = START + timedelta(minutes=rng.randrange(MINUTES))
        title = self.title(rng, city, country)
        tags = tuple(self.cast.tag.distinct(rng, rng.randint(2, 5)))
        paragraphs = [self.paragraph(rng, city) for _ in range(rng.randint(6, 12))]
        paragraphs[0] = f"{city.upper()}: {paragraphs[0]}"
        return Article(f"{slug(title)}-{i + 1}", title, when, tags, tuple(paragraphs))


def newsgen_text(a: Article) -> str:
    head = f"---\ndate: {a.date:%Y-%m-%dT%H:%M:%SZ}\ntags: [{', '.join(a.tags)}]\n---\n"
    return head + a.title + "\n\n" + "\n\n".join(a.paragraphs) + "\n"


def hugo_text(a: Article) -> str:
    tags = ", ".join(json.dumps(t) for t in a.tags)
    head = f"---\ntitle: {json.dumps(a.title)}\ndate: {a.date:%Y-%m-%dT%H:%M:%SZ}\ntags: [{tags}]\n---\n\n"
    return head + "\n\n".join(a.paragraphs) + "\n"


def pelican_text(a: Article) -> str:
    head = (
        f"Title: {a.title}\nDate: {a.date:%Y-%m-%d %H:%M}\nTags: {', '.join(a.tags)}\n"
        f"Slug: {a.slug}\n\n"
    )
    return head + "\n\n".join(a.paragraphs) + "\n"


FORMATS = {
    "newsgen": (newsgen_text, "content", ".txt"),
    "hugo": (hugo_text, "content/posts", ".md"),
    "pelican": (pelican_text, "content", ".md"),
}


def write_corpus(articles: int, out: Path, seed: int = 7, fmt: str = "newsgen") -> None:
    """Write a fresh site folder (``out`` is replaced) in one of ``FORMATS``."""
    emit, folder, suffix = FORMATS[fmt]
    if out.exists():
        shutil.rmtree(out)
    (out / folder).mkdir(parents=True)
    if fmt == "newsgen":
        (out / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    writer = Writer(seed)
    for i in range(articles):
        a = writer.article(i)
        (out / folder / f"{a.slug}{suffix}").write_text(emit(a), encoding="utf-8", newline="\n")


def most_named(seed: int = 7) -> str:
    """The person named in the most articles (a one-sentence edit names them)."""
    return Cast(seed).most_named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=sorted(FORMATS), default="newsgen")
    args = parser.parse_args()
    write_corpus(args.articles, args.out, args.seed, args.format)
    print(f"wrote {args.articles} {args.format} articles to {args.out}")


if __name__ == "__main__":
    main()
