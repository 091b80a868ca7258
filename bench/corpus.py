"""Deterministic benchmark corpus: a newsgen site folder with N synthetic articles.

    python bench/corpus.py --articles 10000 --out /tmp/corpus-10k [--seed 1]

Half the articles are raw web-scrape text (``content/YYYY/YYYY-MM-DD-slug.txt``:
headline, "Published:" stamp, a "CITY:" dateline, share widgets, related-link
teasers and a copyright line), half are Markdown with YAML front matter. Tags and
named entities recur with Zipf-like frequency, as in a real archive: a few names
are in every other story, thousands appear once or twice. People carry titles
("Minister", "Dr"), organizations are introduced with their acronym and later
referred to by it. Everything comes from one seeded ``random.Random``, so the
same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path


def _split(text: str) -> list[str]:
    return text.split()


GIVEN = _split(
    "Sara Omar Bilal Ayesha Imran Kamran Rukhsana Peter Maria Ahmed Fatima Hassan Zainab Ali "
    "Nadia Usman Hina Tariq Sana Faisal Amina Yusuf Laila Khalid Mehwish Daniel Anna James "
    "Elena Thomas Sofia Marco Julia Lucas Chen Wei Li Mei Ravi Priya Arjun Kavya John Grace "
    "Samuel Ruth David Naomi Ibrahim Mariam Karim Leila Tomas Ingrid Henrik Astrid Pablo Lucia"
)
SURNAMES = _split(
    "Khan Baig Qureshi Aziz Sheikh Ahmed Malik Hussain Raza Siddiqui Chaudhry Butt Iqbal Mirza "
    "Lindqvist Novak Rossi Moreau Schmidt Garcia Silva Tanaka Wang Zhang Patel Sharma Okafor "
    "Mensah Haddad Farouk Karimi Petrov Ivanova Kowalski Jensen Larsen Dubois Costa Ferreira "
    "Nakamura Park Kim Nguyen Tran Osei Abebe Mwangi Demir Yilmaz Hassan Rahman Chowdhury Das "
    "Fischer Weber Becker Hoffmann Brennan Walsh Murphy Gallagher Lopez Romero Castillo Vega"
)
TITLES = (
    "Minister",
    "Dr",
    "Mayor",
    "Captain",
    "Senator",
    "Judge",
    "Professor",
    "General",
    "Governor",
    "Ambassador",
    "Chief Justice",
)
ROLES = (
    "chairman of the board",
    "chief executive",
    "spokesperson for the ministry",
    "director general",
    "head of research",
    "opposition leader",
    "provincial health secretary",
    "president of the traders' association",
)
ORG_HEADS = (
    "Development Authority",
    "Harbour Board",
    "University",
    "Shipping Lines",
    "Power Company",
    "Water Board",
    "Chamber of Commerce",
    "Medical Association",
    "Teachers Union",
    "Ocean Institute",
    "Transport Corporation",
    "Textile Mills",
    "Broadcasting Service",
    "Relief Foundation",
    "Railway Company",
)
ORG_PREFIXES = _split(
    "Coastal Northern Southern Eastern Western National Provincial Metropolitan Federal Central "
    "United Royal Meridian Atlantic Pacific Indus Highland Valley Harbour Delta Continental"
)
PLACE_PARTS_A = _split(
    "Kar Lah Gwa Man Kor Lya Ora Pes Quet Hyd Mul Sial Fais Sukk Lark Nawa Bad Tur Kha Sib Zhob "
    "Dera Mard Kohat Swat Chit Gil Skar Hun Nag"
)
PLACE_PARTS_B = _split("achi ore dar ora angi ari abad pur kot gar ganj wala bad an ur istan")
CITIES = _split(
    "Beijing London Dubai Istanbul Nairobi Lagos Berlin Paris Madrid Lisbon Rome Vienna "
    "Oslo Stockholm Jakarta Manila Tokyo Seoul Singapore Colombo Dhaka Delhi Mumbai Cairo"
)
TAG_WORDS = _split(
    "economy politics climate health education transport ports water energy courts crime culture "
    "sport fisheries agriculture housing trade technology labour tourism heritage elections "
    "budget monsoon heatwave floods mangroves shipping railways aviation banking textiles "
    "science research universities hospitals vaccination pollution smog drought tax tariffs "
    "diplomacy defence police media arts music cinema football cricket hockey markets"
)
VERBS = (
    "announces",
    "approves",
    "rejects",
    "opens",
    "delays",
    "reviews",
    "defends",
    "expands",
    "launches",
    "suspends",
    "questions",
    "welcomes",
)
OBJECTS = (
    "budget plan",
    "port tariff reform",
    "water tariff overhaul",
    "ferry contract",
    "heat action plan",
    "flood defences",
    "research pact",
    "school meals scheme",
    "desalination study",
    "bus rapid transit line",
    "mangrove restoration",
    "hospital expansion",
    "trade agreement",
    "power subsidy",
    "housing programme",
    "fishing quota",
    "railway upgrade",
    "cold storage project",
    "vaccination drive",
    "tax amnesty",
)
FILLER = (
    "Officials said the figures would be published in full next month.",
    "The decision follows months of consultation with residents and traders.",
    "Critics argued that the plan did little to address the underlying shortage.",
    "The cost of the project has risen by a third since it was first proposed.",
    "Residents of low-lying neighbourhoods said they had heard such promises before.",
    "Engineers expect the first phase to be completed before the monsoon season.",
    "The proposal must still be approved by the provincial assembly.",
    "Independent economists said the estimates were optimistic but not unreasonable.",
    "A public hearing is scheduled for the end of the quarter.",
    "Several hundred people attended the meeting, which ran late into the evening.",
    "The authority said it had received more than four thousand written comments.",
    "Funding will come partly from a development loan and partly from local taxes.",
    "Traders complained that the change was announced with too little notice.",
    "Teachers and nurses were among those who queued outside the office on Monday.",
    "The report recommends that the scheme be reviewed again within two years.",
    "Shipping agents said delays at the port had already cost exporters dearly.",
    "Rainfall this year has been well below the long-term average.",
    "The minister declined to say when the final decision would be taken.",
)
JUNK_HEADS = ("Related", "Must Read", "Also Read")
TEASERS = (
    "Power outages spark protests in several neighbourhoods as...",
    "Schools told to close early until heat subsides, says...",
    "Water tanker rates double in western districts as supply...",
    "Heatwave relief: city extends park hours until...",
    "Port traffic rises for third straight month as...",
)
MONTHS = _split(
    "January February March April May June July August September October November December"
)
WEEKDAYS = _split("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    title: str | None
    role: str


@dataclass(frozen=True, slots=True)
class Org:
    name: str
    acronym: str


class Zipf:
    """Draws ranks 0..n-1 with probability ~ 1/(rank+1)^s (a news archive's long tail)."""

    def __init__(self, n: int, s: float = 1.07) -> None:
        weights = [1.0 / (rank + 1) ** s for rank in range(n)]
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])


class World:
    """The recurring cast: people, organizations, places and tags, ordered by fame."""

    def __init__(self, rng: random.Random, people: int = 2500, orgs: int = 600) -> None:
        names = [f"{g} {s}" for g in GIVEN for s in SURNAMES]
        rng.shuffle(names)
        self.people = [
            Person(n, rng.choice(TITLES) if rng.random() < 0.4 else None, rng.choice(ROLES))
            for n in names[:people]
        ]
        org_names = [f"{p} {h}" for p in ORG_PREFIXES for h in ORG_HEADS]
        rng.shuffle(org_names)
        self.orgs = [Org(n, _acronym(n)) for n in org_names[:orgs]]
        towns = sorted({a + b for a in PLACE_PARTS_A for b in PLACE_PARTS_B})
        rng.shuffle(towns)
        self.places = CITIES + towns[:400]
        rng.shuffle(self.places)
        tags = TAG_WORDS + [f"{a} {b}" for a in TAG_WORDS[:20] for b in ("policy", "reform")]
        rng.shuffle(tags)
        self.tags = tags
        self.zipf_people = Zipf(len(self.people))
        self.zipf_orgs = Zipf(len(self.orgs))
        self.zipf_places = Zipf(len(self.places))
        self.zipf_tags = Zipf(len(self.tags), 1.2)


def _acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def _pick(rng: random.Random, items: list, zipf: Zipf, count: int) -> list:
    chosen: list = []
    for _ in range(count * 4):
        item = items[zipf.draw(rng)]
        if item not in chosen:
            chosen.append(item)
        if len(chosen) == count:
            break
    return chosen


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(slots=True)
class Story:
    headline: str
    day: date
    city: str
    paragraphs: list[str]
    tags: list[str]
    author: str


def make_story(rng: random.Random, world: World, day: date, serial: int) -> Story:
    people = _pick(rng, world.people, world.zipf_people, rng.randint(2, 5))
    orgs = _pick(rng, world.orgs, world.zipf_orgs, rng.randint(1, 3))
    places = _pick(rng, world.places, world.zipf_places, rng.randint(1, 3))
    lead, org, city = people[0], orgs[0], places[0]
    surname = lead.name.split()[-1]
    # The serial keeps headlines (and so URL slugs) unique within any month.
    headline = f"{surname} {rng.choice(VERBS)} {rng.choice(OBJECTS)} for {city} ({serial})"
    weekday = WEEKDAYS[day.weekday()]
    paragraphs = [
        f"The {org.name} ({org.acronym}) on {weekday} {_past(rng.choice(VERBS))} the "
        f"{rng.choice(OBJECTS)} for {city}, in a move that {_titled(lead)} said was overdue."
    ]
    target_words = rng.randint(300, 600)
    words = len(paragraphs[0].split())
    introduced = {org.name}
    while words < target_words:
        paragraph = _paragraph(rng, people, orgs, places, introduced)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    tags = sorted({world.tags[world.zipf_tags.draw(rng)] for _ in range(rng.randint(1, 4))})
    author = rng.choice(world.people).name
    return Story(headline, day, city.upper(), paragraphs, tags, author)


def _titled(person: Person) -> str:
    return f"{person.title} {person.name}" if person.title else person.name


def _past(verb: str) -> str:
    stem = verb[:-1]
    return stem + "d" if stem.endswith("e") else stem + "ed"


def _org_ref(org: Org, introduced: set[str]) -> str:
    """The acronym once the text has defined it, else the full name defining it."""
    if org.name in introduced:
        return org.acronym
    introduced.add(org.name)
    return f"{org.name} ({org.acronym})"


def _paragraph(
    rng: random.Random, people: list, orgs: list, places: list, introduced: set[str]
) -> str:
    person: Person = rng.choice(people)
    org: Org = rng.choice(orgs)
    place = rng.choice(places)
    kind = rng.randrange(4)
    if kind == 0:
        sentences = [
            f"{_titled(person)}, {person.role} of the {_org_ref(org, introduced)}, "
            f'said the {place} project would "change how the city works".',
            f'"We have waited long enough," {person.name.split()[-1]} told reporters.',
        ]
    elif kind == 1:
        ref = _org_ref(org, introduced)
        sentences = [f"The {ref} said work in {place} would begin within weeks."]
    elif kind == 2:
        sentences = [
            f"{person.name} of the {org.name} said officials from {place} had been consulted."
        ]
    else:
        sentences = []
    sentences += rng.sample(FILLER, rng.randint(2, 4))
    return " ".join(sentences)


def raw_text(rng: random.Random, story: Story) -> str:
    """The web-scrape layout: headline, stamp, dateline, body, share widget, teasers."""
    hour = rng.randint(1, 12)
    stamp = f"{story.day.day} {MONTHS[story.day.month - 1]} {story.day.year}"
    body = [f"{story.city}: {story.paragraphs[0]}", *story.paragraphs[1:]]
    junk = [
        "Share this:",
        "Facebook Twitter WhatsApp",
        rng.choice(JUNK_HEADS),
        "",
        *rng.sample(TEASERS, 2),
        f"© {story.day.year} Coastline Media Group. All rights reserved.",
    ]
    parts = [
        story.headline,
        f"Published: {stamp} {hour:02d}:{rng.randint(0, 59):02d} {rng.choice(('am', 'pm'))}",
        *body,
    ]
    return "\n\n".join(parts) + "\n\n" + "\n".join(junk) + "\n"


def markdown_text(story: Story) -> str:
    tags = ", ".join(story.tags)
    head = (
        f'---\ntitle: "{story.headline}"\ndate: {story.day.isoformat()}\n'
        f"tags: [{tags}]\nauthor: {story.author}\n---\n\n"
    )
    body = [f"**{story.city}:** {story.paragraphs[0]}", *story.paragraphs[1:]]
    if len(body) > 4:
        body.insert(3, "## Background")
    return head + "\n\n".join(body) + "\n"


CONFIG = """\
title: Benchmark Archive
description: A synthetic news archive for benchmarks.
base_url: https://example.org/archive/
timezone: UTC
search: false
per_page: 10
"""


def write_corpus(articles: int, out: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    world = World(rng)
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    (out / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    first = date(2000, 1, 1)
    span = (date(2025, 12, 31) - first).days
    for serial in range(1, articles + 1):
        day = first + timedelta(days=rng.randrange(span))
        story = make_story(rng, world, day, serial)
        slug = _slug(story.headline)
        folder = out / "content" / f"{day.year:04d}"
        folder.mkdir(exist_ok=True)
        if serial % 2:
            path = folder / f"{day.isoformat()}-{slug}.txt"
            path.write_text(raw_text(rng, story), encoding="utf-8")
        else:
            path = folder / f"{slug}.md"
            path.write_text(markdown_text(story), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.articles, args.out, args.seed)
    print(f"wrote {args.articles} articles to {args.out}")


if __name__ == "__main__":
    main()
