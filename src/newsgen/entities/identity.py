"""Entity identity across the archive: which mentions are one real-world entity.

Pure (no I/O). Two stages, both here so the index and the registry share them:

* per article, ``clean_mentions`` tidies what the extractor wrote before any key is
  made: a sentence-initial word that is no part of the name ("Earlier Tony Blair"),
  a title ("Mr", "President": kept as evidence, see ``title_before``), "John Terry
  and Wayne Bridge" as two people, "Prince Harry" kept whole (a royal title goes
  with a given name, so it is part of how the person is named);
* across the archive, ``resolve_identity`` maps every in-article key to its entity:
  the editors' registry first, then acronyms, titles, bare surnames (only when the
  archive makes them unambiguous and no title contradicts), countries (one page per
  country, typed PLACE, from ``countries.py``), and a vote on the type of a name the
  extractor typed differently in different articles.

The rules and the confidence given to each entity are documented in docs/entities.md.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass

from newsgen.entities import countries
from newsgen.entities.keys import HONORIFICS, entity_key, fold, untitled
from newsgen.model import ORG, PERSON, PLACE, ArticleDigest, Mention
from newsgen.registry import Registry, RegistryEntry, claimed_names

# Titles that go with a given name ("Prince Harry", "Pope John Paul"), where the others
# go with a surname ("Mr Blair") or a full name: they are part of how the person is
# named, so "Prince Charles" is never "Charles Kennedy".
ROYAL = frozenset(("king", "queen", "prince", "princess", "pope", "emperor", "empress"))
# Titles that say which sex a person is: "Mrs Blair" is not "Mr Blair".
_MALE = frozenset(("mr", "mister", "sir", "lord", "king", "prince", "emperor", "duke"))
_FEMALE = frozenset(("mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess"))
# A type must win this share of the articles that name it to absorb the others: a
# name used as much for two things (a city and its football club) keeps both.
TYPE_MAJORITY = 2 / 3
METONYMY_MAJORITY = 0.9
_SENTENCE_END = frozenset(".!?\n")
_OPENERS = frozenset(" \t\"'“‘(")


def country(key: str) -> str | None:
    """The country a key names, as its display name ("US", "America" -> "United States")."""
    return countries.table(fold).get(key.partition(":")[2])


# -- per article --------------------------------------------------------------------


def _sentence_initial(text: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and text[j] in _OPENERS:
        j -= 1
    return j < 0 or text[j] in _SENTENCE_END


def title_before(text: str, start: int) -> str:
    """The title word right before a name ("Mr", "Prince"), lower case, or ""."""
    from newsgen.entities import lexicon

    if start < 2 or text[start - 1] != " ":
        return ""
    j = start - 1
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j : start - 1]
    if word in lexicon.TITLES and word not in lexicon.TITLE_MODIFIERS:
        return word.rstrip(".").lower()
    return ""


def _no_name_word(
    word: str, rest: str, initial: bool, kind: str, names: Set[tuple[str, str]]
) -> bool:
    """Is the first word of a name a sentence-initial word that names nothing?

    A capitalised word that starts a sentence and is a common English word (or is
    written in lower case elsewhere in the same text), but is no given name, place,
    organization or title, belongs to the sentence, not the name: "Earlier Tony
    Blair", "Making Michael Howard", "But Labour". A person's name keeps two words
    (a nickname: "Dizzy Gillespie"); another name loses the word only when the text
    names the rest alone elsewhere, as the same type ("But Labour" where "Labour" the
    party is named too), since "New Zealand", "Radio Red" or "Statistics Canada"
    start with common words.
    """
    from newsgen.entities import lexicon
    from newsgen.entities.gazetteer import load

    if not initial or not word.isalpha() or not word[:1].isupper() or word.isupper():
        return False
    g = load()
    lower = word.lower()
    if (
        word in g.given_names
        or word in g.places
        or word in g.known_orgs
        or word in lexicon.TITLES
        or word in lexicon.PLACE_PREFIXES
        or lower not in g.common_words
    ):
        return False
    return kind == PERSON or (rest, kind) in names


def clean_mentions(text: str, mentions: Sequence[Mention]) -> list[tuple[Mention, str]]:
    """The mentions as entity pages want them, each with the title written before it.

    See the module docstring; a mention that names nothing once cleaned is dropped.
    """
    out: list[tuple[Mention, str]] = []
    names = {(m.text, m.type) for m in mentions}
    for mention in mentions:
        if not mention.text:
            out.append((mention, ""))
            continue
        for part in _split_pair(text, mention):
            cleaned = _strip_front(text, part, names)
            if cleaned is not None:
                out.append(cleaned)
    return _unlink_contradicted(_royal_given_names(out))


def _royal_given_names(found: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """ "Charles" in an article about Prince Charles is the prince, even where the
    extractor linked the given name to a commoner the article also names (Charles
    Kennedy): a royal is called by given name, anyone else by surname."""
    royals: dict[str, set[str]] = defaultdict(set)
    for mention, _ in found:
        words = mention.name.split()
        if mention.type == PERSON and len(words) == 2 and words[0].lower() in ROYAL:
            royals[words[1]].add(mention.name)
    if not royals:
        return found
    out = []
    for mention, title in found:
        named = royals.get(mention.text, set())
        if mention.type == PERSON and not title and len(named) == 1 and mention.name not in named:
            (name,) = named
            mention = Mention(mention.start, mention.end, mention.text, PERSON, name)
        out.append((mention, title))
    return out


def _unlink_contradicted(found: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """A bare name whose title contradicts the title the article most often gives the
    person it was linked to ("Mrs Blair" where "Mr Blair" is Tony Blair) is not him."""
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    for mention, title in found:
        if mention.type == PERSON and title:
            titles[mention.name][title] += 1
    usual = {name: counts.most_common(1)[0][0] for name, counts in titles.items()}
    if not any(_contradicts({usual[n]}, set(c)) for n, c in titles.items()):
        return found
    out = []
    for mention, title in found:
        if (
            mention.type == PERSON
            and title
            and " " not in mention.text
            and mention.text != mention.name
            and _contradicts({title}, {usual[mention.name]})
        ):
            mention = Mention(mention.start, mention.end, mention.text, PERSON, mention.text)
        out.append((mention, title))
    return out


_AND = re.compile(r" (?:and|&) ")


def _split_pair(text: str, mention: Mention) -> list[Mention]:
    """'John Terry and Wayne Bridge' -> two people, when each side is a full name."""
    from newsgen.entities.gazetteer import load

    if mention.type == ORG and mention.name != mention.text:
        return [mention]
    found = _AND.search(mention.text)
    if found is None:
        return [mention]
    left, right = mention.text[: found.start()], mention.text[found.end() :]
    g = load()
    sides = (left.split(), right.split())
    if not all(
        len(words) >= 2
        and words[0] in g.given_names
        and all(w[:1].isupper() for w in words)
        and " ".join(words) not in g.known_orgs
        for words in sides
    ):
        return [mention]
    a = mention.start
    b = mention.start + found.end()
    return [
        Mention(a, a + len(left), left, PERSON, left),
        Mention(b, b + len(right), right, PERSON, right),
    ]


def _strip_front(
    text: str, mention: Mention, names: Set[tuple[str, str]]
) -> tuple[Mention, str] | None:
    from newsgen.entities import lexicon

    words = mention.text.split(" ")
    start = mention.start
    title = ""
    while len(words) > 1:
        first = words[0]
        if mention.type == PERSON and first in lexicon.TITLES:
            if first.rstrip(".").lower() in ROYAL and len(words) == 2:
                break  # "Prince Harry": the title is part of the name
            if first not in lexicon.TITLE_MODIFIERS:
                title = first.rstrip(".").lower()
        elif (mention.type == PERSON and len(words) < 3) or not _no_name_word(
            first, " ".join(words[1:]), _sentence_initial(text, start), mention.type, names
        ):
            # A person keeps two words at least: "Dizzy Gillespie", "Magic Johnson".
            break
        start += len(first) + 1
        words = words[1:]
    if start != mention.start:
        written = " ".join(words)
        name = mention.name
        if name == mention.text or name.endswith(written) or written in name:
            name = written if name == mention.text else name
        mention = Mention(start, mention.end, written, mention.type, name)
    if mention.type != PERSON:
        return mention, ""
    before = title_before(text, mention.start)
    title = before or title
    if before and " " not in mention.text and _given_name(text, mention.start, before):
        # "Dean Palmer", "Earl Hunt": a title that is also a given name, before a
        # surname alone, is read as the given name (else "Dean Palmer" joins the
        # one other Palmer of the archive).
        start = mention.start - len(before) - 1
        written = text[start : mention.end]
        return Mention(start, mention.end, written, PERSON, written), ""
    if before in ROYAL and " " not in mention.text:
        # "Prince Charles" where the article also names Charles Kennedy: the royal
        # is named by title and given name, never the other man's surname.
        named = f"{text[mention.start - len(before) - 1 : mention.start - 1]} {mention.text}"
        mention = Mention(mention.start, mention.end, mention.text, PERSON, named)
    return mention, title


def _given_name(text: str, start: int, title: str) -> bool:
    """Is the title word before ``start`` a given name ("Dean Palmer" but not "Mr Palmer")?"""
    from newsgen.entities.gazetteer import load

    if title in ROYAL:
        return False
    word = text[start - len(title) - 1 : start - 1]
    return word in load().given_names and word.istitle()


# -- across the archive ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identity:
    resolve: Mapping[str, str]  # raw key -> entity key; "" drops a hidden entity
    curated: Mapping[str, RegistryEntry]  # entity key -> the editors' entry
    moved: tuple[tuple[str, str], ...]  # (old key, entity key): old URLs to redirect
    countries: Mapping[str, str]  # entity key -> the country's display name
    low: frozenset[str]  # entity keys the archive leaves ambiguous (see confidence)


def resolve_identity(
    found: Iterable[str], digests: Sequence[ArticleDigest], registry: Registry
) -> Identity:
    """Archive-wide identity for the in-article entity keys ``found``."""
    resolve: dict[str, str] = {}
    curated: dict[str, RegistryEntry] = {}
    moved: list[tuple[str, str]] = []
    for entry in registry.entries:
        final = entity_key(entry.type, entry.canonical)
        if not entry.hide:
            curated[final] = entry
        for kind, name in claimed_names(entry):
            resolve[entity_key(kind, name)] = "" if entry.hide else final
    raw = set(found)
    for entry in registry.entries:
        if entry.hide:
            continue
        final = entity_key(entry.type, entry.canonical)
        # A rename or merge always redirects (the old page existed); an alias only
        # when the archive used it as a name of its own, so had a page to move.
        moved.append((entity_key(entry.type, entry.name), final))
        moved.extend((entity_key(kind, name), final) for kind, name in entry.merge)
        aliases = (entity_key(entry.type, alias) for alias in entry.aliases)
        moved.extend((key, final) for key in aliases if key in raw)
    articles = Counter(key for d in digests for key in d.keys)
    titles: dict[str, set[str]] = defaultdict(set)
    for digest in digests:
        for key, title in digest.titles:
            titles[key].add(title)
    acronyms = _acronym_definitions(digests, resolve)
    surnames = _surname_owners(raw | set(resolve), resolve)
    low: set[str] = set()
    nations: dict[str, str] = {}
    retyped = _vote_types(raw - set(resolve), articles)
    for key in raw - set(resolve):
        # "Liberal Democrat" beside "Liberal Democrats": a body's name in the singular
        # (as an adjective: "the Liberal Democrat leader") is the body.
        voted = retyped.get(key, key)
        plural = f"{voted}s"
        if voted.startswith(f"{ORG}:") and plural in raw and plural not in resolve:
            retyped[key] = retyped.get(plural, plural)
    context = _Context(digests)
    for key in sorted(raw - set(resolve)):
        voted = retyped.get(key, key)
        target = _automatic_target(
            voted, acronyms, surnames, resolve, articles, titles, context.strangers
        )
        if target is None:
            target = _country_target(voted, surnames, nations)
        target = target or (voted if voted != key else "")
        resolve[key] = target or key
        if target:
            moved.append((key, target))
        elif _ambiguous(key, surnames):
            low.add(key)
    return Identity(resolve, curated, tuple(moved), nations, frozenset(low))


class _Context:
    """Which entities each key is named with, worked out only for the keys asked about."""

    def __init__(self, digests: Sequence[ArticleDigest]) -> None:
        self.digests = digests
        self._articles: dict[str, list[int]] | None = None

    def _around(self, key: str) -> set[str]:
        if self._articles is None:
            self._articles = defaultdict(list)
            for number, digest in enumerate(self.digests):
                for k in digest.keys:
                    self._articles[k].append(number)
        found: set[str] = set()
        for number in self._articles.get(key, ()):
            found.update(self.digests[number].keys)
        return found

    def strangers(self, bare: str, full: str) -> bool:
        """Do the bare name's articles name other entities, none of them with ``full``'s?"""
        mine = self._around(bare) - {bare, full}
        return bool(mine) and not mine & (self._around(full) - {bare, full})


def _country_target(key: str, surnames: Mapping[str, set[str]], nations: dict[str, str]) -> str:
    """The country's PLACE key, for any variant of its name typed anything but a person
    who is named by it ("Jordan" the surname stays a person)."""
    name = country(key)
    if name is None or (key.startswith(f"{PERSON}:") and surnames.get(key)):
        return ""
    target = entity_key(PLACE, name)
    nations[target] = name
    return "" if target == key else target


def _ambiguous(key: str, surnames: Mapping[str, set[str]]) -> bool:
    """A bare one-word person name two full names in the archive end in."""
    return key.startswith(f"{PERSON}:") and len(surnames.get(untitled(key), ())) > 1


def _vote_types(keys: Iterable[str], articles: Mapping[str, int]) -> dict[str, str]:
    """Key -> the key of the type most articles give its name, where that type wins.

    A name the extractor typed differently in different articles ("Chelsea" a
    PERSON in one sentence, an ORG in thirty; "Jordan" a person in one results table,
    a place in ten articles) takes the type that has ``TYPE_MAJORITY`` of the
    articles naming it. Between ORG and PLACE the winner needs ``METONYMY_MAJORITY``:
    a city and its football club, a country and its government or team, are both
    real, so only a stray article joins the other type.
    """
    by_name: dict[str, Counter[str]] = defaultdict(Counter)
    for key in keys:
        kind, _, name = key.partition(":")
        by_name[name][kind] += articles.get(key, 0)
    found: dict[str, str] = {}
    for name, counts in by_name.items():
        if len(counts) < 2:
            continue
        (winner, top), *_ = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        total = sum(counts.values())
        for kind, count in counts.items():
            if kind == winner:
                continue
            needed = METONYMY_MAJORITY if {kind, winner} == {ORG, PLACE} else TYPE_MAJORITY
            if top >= needed * (top + count) and top * 3 >= total * 2:
                found[f"{kind}:{name}"] = f"{winner}:{name}"
    return found


def type_votes(raw: Iterable[str], articles: Mapping[str, int]) -> dict[str, Counter[str]]:
    """Folded name -> articles per type, over the in-article keys ``raw``."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for key in raw:
        kind, _, name = key.partition(":")
        votes[name][kind] += articles.get(key, 0)
    return votes


def _acronym_definitions(
    digests: Sequence[ArticleDigest], resolve: Mapping[str, str]
) -> dict[str, set[str]]:
    """Acronym key -> entity keys of the full names articles define it as."""
    found: dict[str, set[str]] = defaultdict(set)
    for digest in digests:
        for short, full in digest.acronyms:
            target = resolve.get(full, full)
            if target:
                found[short].add(target)
    return found


def _surname_owners(keys: Iterable[str], resolve: Mapping[str, str]) -> dict[str, set[str]]:
    """'PERSON:surname' -> entity keys of the full names ending in that surname."""
    found: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        kind, _, name = key.partition(":")
        words = name.split()
        if kind != PERSON or len(words) < 2 or words[0] in HONORIFICS or words[0] in ROYAL:
            continue
        target = resolve.get(key, key)
        if target:
            found[f"{PERSON}:{words[-1]}"].add(target)
    return found


def _contradicts(mine: set[str], theirs: set[str]) -> bool:
    """Titles that cannot name one person: "Mrs" and "Mr", "Prince" and "Mr"."""
    return bool(
        (mine & _MALE and theirs & _FEMALE)
        or (mine & _FEMALE and theirs & _MALE)
        or (mine & ROYAL) != (theirs & ROYAL)
    )


def _automatic_target(
    key: str,
    acronyms: Mapping[str, set[str]],
    surnames: Mapping[str, set[str]],
    resolve: Mapping[str, str],
    articles: Mapping[str, int],
    titles: Mapping[str, set[str]],
    strangers: Callable[[str, str], bool],
) -> str | None:
    candidates = acronyms.get(key)
    plain = untitled(key)
    if not candidates and plain != key and len(plain.split()) > 1:
        target = resolve.get(plain, plain)  # "Minister Sara Khan" is Sara Khan
        return target or None
    if not candidates and len(plain.split()) == 1:
        # "Haque", "Mayor Qureshi": a bare surname, joined to the one full name ending
        # in it unless a title contradicts, the bare word is in far more articles
        # than the full name (then it is mostly someone else: a footballer called
        # Gillespie is not the Dizzy Gillespie of one jazz obituary), or the two share
        # nothing else (Hanson the building-materials group is no pitcher's).
        owners = surnames.get(plain)
        if owners and len(owners) == 1:
            (owner,) = owners
            bare = articles.get(key, 0)
            if (
                (bare >= 3 and bare > 2 * articles.get(owner, 0))
                or _contradicts(titles.get(key, set()), titles.get(owner, set()))
                or strangers(key, owner)
            ):
                return None
        candidates = owners
    # Two candidates means two real-world entities share the short form: keep apart.
    if candidates and len(candidates) == 1:
        (target,) = candidates
        return None if target == key else target
    return None


__all__ = [
    "HONORIFICS",
    "ROYAL",
    "Identity",
    "clean_mentions",
    "country",
    "entity_key",
    "fold",
    "resolve_identity",
    "title_before",
    "untitled",
]
