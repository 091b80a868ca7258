"""What the words around a name say about its type, decided over the whole article.

The tagger types a name from a few words either side; a news story says what a name
is many times over: "shares in Nintendo", "Nintendo said it", "the chairman of Time
Warner", "Newcastle manager Graeme Souness", "Liverpool beat Chelsea 2-1", "the
centre of Liverpool", "her second Oscar". ``retype_by_context`` reads those cues
(general patterns of English news, no names) for every candidate, then gives each
name one type per article where its cued mentions agree, so a club and the city it
is named after stay apart when the article is about one of them, and a company the
tagger took for a person ("Time Warner", "Nintendo") is an organization. A count
noun ("an Oscar", "her second Oscar") is a thing, not a name: dropped. Per article
and pure; the archive-wide vote in ``identity.py`` settles the rest.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from newsgen.entities.gazetteer import Gazetteer
from newsgen.entities.parties import find_parties
from newsgen.entities.resolve import STRONG, Cand
from newsgen.model import ORG, PERSON, PLACE

DROP = "-"  # a count noun: "an Oscar", no entity
NOT_PERSON = "~"  # "president of X": an organization, or a place if X is one
SPORT = "sport"  # "beat X 2-1": a team; CoNLL and entity pages make a city's club an ORG
NEAR = "near"  # "in X": a place, unless something says it is an organization

_ORG_NOUNS = (
    r"firm|company|group|giant|conglomerate|club|side|team|party|rivals|champions|"
    r"holders|chain|maker|makers|retailer|bank|broadcaster|airline|carrier|network|"
    r"studio|label|publisher|insurer|operator|brewer|supermarket|manufacturer|"
    r"developer|corporation|outfit|squad|leaders"
)
_OFFICES = (
    r"chairman|chairwoman|chief executive|chief|boss|bosses|owner|owners|head|"
    r"president|director|founder|manager|shareholders|board|members|fans|supporters|"
    r"players|coach|captain|striker|midfielder|defender|goalkeeper|spokesman|"
    r"spokeswoman|shares|stake|profits|division|unit|subsidiary|staff|workers"
)
_BEFORE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:shares|stake|stakes|investors|investment) in (?:the )?$", re.I), ORG),
    (re.compile(rf"\b(?:{_ORG_NOUNS}) $"), ORG),
    (re.compile(rf"\b(?:{_OFFICES}) (?:of|at) (?:the )?$"), NOT_PERSON),
    (
        re.compile(
            r"\b(?:beat|beats|beating|against|face|faces|facing|host|hosts|hosting|"
            r"drew with|draw with|lost to|losing to|defeat to|defeat by|win over|wins over|"
            r"victory over|win against|victory against|trail|trailing|joined|joins|"
            r"signed for|sold to|moved to|play for|plays for|played for|playing for|"
            r"scored for|scoring for|at home to|away to|away at) $"
        ),
        SPORT,
    ),
    (
        re.compile(
            r"\b(?:city|town|village|county|centre|center|outskirts|streets|suburbs|"
            r"heart|people|residents|mayor|council) of $"
        ),
        PLACE,
    ),
    (
        re.compile(
            r"\b(?:visitors to|visit to|trip to|flights to|flight to|based in|born in|"
            r"lives in|living in|travelled to|moved from|holiday in|streets of) $",
            re.I,
        ),
        PLACE,
    ),
    (re.compile(r"\b(?:in|near|outside|across|around) $"), NEAR),
    (re.compile(r"\b(?:an|another|second|third|fourth|fifth|first|her|his|their) $"), DROP),
)
_AFTER: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^(?:'s|’s)? (?:shares|share price|shareholders|profits?|pre-tax profits|"
            r"sales|revenues?|turnover|chairman|chairwoman|chief executive|boss|manager|"
            r"board|fans|supporters|striker|midfielder|defender|goalkeeper|keeper|"
            r"players|squad|coach|stake|subsidiary|unit|division|headquarters|"
            r"film studio|studio|shares)\b"
        ),
        ORG,
    ),
    (re.compile(r"^(?: has| have)? said (?:it|its)\b"), ORG),
    (
        re.compile(
            r"^ (?:has |have |had )?(?:reported|posted|announced|unveiled|made)"
            r" (?:a |an |its |their )?(?:\S+ ){0,2}(?:profits?|loss|losses|sales|results)\b"
        ),
        ORG,
    ),
    (
        re.compile(
            r"^ (?:beat|beats|drew|draw|lost|lose|win|won|thrashed|edged|eased past|"
            r"moved into|moved up|remain top|go top|went top|are top|extend(?:ed)? (?:their|its) lead)\b"
        ),
        SPORT,
    ),
    (re.compile(r"^ (?:city centre|city council|city's|council|residents|airport)\b"), PLACE),
)
_SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")
# Most names have no cue at all: the word right before a name says whether any
# pattern of _BEFORE can match (each ends in one of these words), in one lookup.
_LAST_WORDS = frozenset(
    [
        "in",
        "the",
        "of",
        "at",
        "to",
        "by",
        "over",
        "with",
        "for",
        "from",
        "near",
        "outside",
        "across",
        "around",
        "an",
        "another",
        "second",
        "third",
        "fourth",
        "fifth",
        "first",
        "her",
        "his",
        "their",
        "beat",
        "beats",
        "beating",
        "against",
        "face",
        "faces",
        "facing",
        "host",
        "hosts",
        "hosting",
        "trail",
        "trailing",
        "joined",
        "joins",
    ]
) | frozenset(_ORG_NOUNS.split("|"))
# The patterns that can end in each such word (those whose source holds it).
_BY_LAST = {
    w: tuple((p, k) for p, k in _BEFORE if re.search(rf"(?<![a-z]){w}(?![a-z])", p.pattern))
    for w in _LAST_WORDS
}
_ANY_AFTER = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _AFTER))


def cue(text: str, start: int, end: int) -> str | None:
    """What the words right around ``text[start:end]`` say it is, if anything."""
    if text[end : end + 1].isalpha():
        return None
    before = text[max(0, start - 40) : start]
    after = text[end : end + 60]
    possessive = after.startswith(("'s", "’s"))
    last = before[before.rstrip().rfind(" ") + 1 :].strip().lower()
    for pattern, kind in _BY_LAST.get(last, ()):
        if pattern.search(before):
            if kind == NOT_PERSON and possessive:
                continue  # "members of Suu Kyi's party"
            if kind == DROP and not _count_noun(after):
                continue
            if kind == SPORT and not _sporting(text, start):
                continue
            return kind
    for pattern, kind in _AFTER if _ANY_AFTER.match(after) else ():
        if pattern.search(after):
            if kind == SPORT and not _sporting(text, start):
                continue
            return kind
    return None


def _count_noun(after: str) -> bool:
    """ "an Oscar for ...", "her second Oscar." but not "a Chelsea fan" or "his Labour colleagues"."""
    return not re.match(r"^(?:'s|’s)? [a-z]", after) or after.startswith(
        (" for ", " this ", " in ")
    )


def _sporting(text: str, start: int) -> bool:
    """Is the sentence around ``start`` a match report (a score or a results verb)?"""
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    hi = len(text)
    for stop in (".", "\n"):
        j = text.find(stop, start)
        if j != -1:
            hi = min(hi, j)
    sentence = text[lo:hi]
    return bool(
        _SCORE.search(sentence)
        or re.search(r"\b(?:beat|drew|draw|goal|match|league|cup|Cup|Premiership|"
                     r"tie|points|win|won|lost|victory|defeat|striker|side)\b", sentence)
    )  # fmt: skip


def _surface(c: Cand) -> str:
    return " ".join(c.words)


def _retypable(c: Cand, g: Gazetteer) -> bool:
    """A person's full name ("Keith Gillespie") is left alone; one word or a name with no
    given name first ("Time Warner") may be anything."""
    if c.strength > STRONG:
        return False  # a party, named from the table
    return c.type != PERSON or len(c.words) == 1 or c.words[0] not in g.given_names


def retype_by_context(text: str, cands: list[Cand], g: Gazetteer) -> list[Cand]:
    """``cands`` with parties named, names extended and types set by context; see above."""
    cands = _with_parties(text, cands)
    _extend(text, cands)
    cues: dict[str, Counter[str]] = defaultdict(Counter)
    own: list[str | None] = []
    surfaces = [_surface(c) for c in cands]
    open_ = [c.type is not None and _retypable(c, g) for c in cands]
    for c, surface, retypable in zip(cands, surfaces, open_, strict=True):
        found = _settle(cue(text, c.start, c.end), c, g) if retypable else None
        if found == DROP and len(c.words) > 1:
            found = None  # "his World Boxing Council (WBC) title": a name used as an adjective
        own.append(found)
        if found is not None:
            cues[surface][found] += 1
    if not cues:
        _majority(cands, g)
        return cands
    counts = Counter(s for s, c in zip(surfaces, cands, strict=True) if c.type is not None)
    out: list[Cand] = []
    for c, found, surface, retypable in zip(cands, own, surfaces, open_, strict=True):
        kinds = cues.get(surface)
        if not kinds or not retypable:
            out.append(c)
            continue
        if found is None and 3 * sum(kinds.values()) >= counts[surface]:
            # An uncued mention follows the cued ones when they agree and are not
            # a stray few among many ("members of Suu Kyi's party").
            typed = [k for k in kinds if k != DROP]
            if len(kinds) == 1 or (len(typed) == 1 and kinds[typed[0]] > kinds[DROP]):
                found = typed[0] if typed else DROP
        if found == DROP:
            if kinds[DROP] > sum(kinds.values()) - kinds[DROP]:
                continue
            found = None
        if found == NOT_PERSON:
            found = PLACE if surface in g.places and c.type == PLACE else ORG
        if found is not None and found != c.type:
            c.type, c.strength = found, STRONG
            if c.name == surface or not c.name:
                c.name = text[c.start : c.end]
        out.append(c)
    _majority(out, g)
    return out


def _majority(cands: list[Cand], g: Gazetteer) -> None:
    """One word typed two ways in one article ("Charlton" a person in the headline, a
    club twice below) takes the type most of its mentions have."""
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cands:
        if c.type is not None and len(c.words) == 1 and c.name == c.words[0]:
            types[c.words[0]][c.type] += 1
    for word, counts in types.items():
        if len(counts) < 2 or word in g.given_names:
            continue
        (top, n), (_, m) = counts.most_common(2)
        if n <= m:
            continue
        for c in cands:
            if (
                c.words == [word]
                and c.name == word
                and c.type not in (None, top)
                and PERSON in (c.type, top)  # a club and its city may share an article
                and c.strength < STRONG
            ):
                c.type = top


def _settle(found: str | None, c: Cand, g: Gazetteer) -> str | None:
    """A cue's type for this candidate, or None where the cue is too weak to say.

    People beat people too (tennis results), and national sides share their
    country's page, so a sports cue only makes a city or county's name its club.
    "In X" only tells a place from a person: "in NFL history".
    """
    land = g.places.get(_surface(c)) in ("country", "region")
    if found == SPORT:
        # "Liverpool drew with Newcastle": a city's name (the tagger may take it
        # for a person's) in a match report is its club.
        city = c.type == PLACE or (len(c.words) == 1 and _surface(c) in g.places)
        return ORG if city and not land else None
    if found in (ORG, NOT_PERSON) and c.type == PLACE and land:
        return None  # "Azerbaijan has said it": a country's government, on its page
    if found == NEAR:
        return PLACE if c.type == PERSON else None
    return found


def _with_parties(text: str, cands: list[Cand]) -> list[Cand]:
    parties = find_parties(text)
    if not parties:
        return cands
    out = list(cands)
    for start, end, written, name in parties:
        hit = [c for c in out if c.start < end and start < c.end]
        if hit and not all(c.start >= start and c.end <= end for c in hit):
            continue  # inside a longer name the tagger found
        for c in hit:
            out.remove(c)
        out.append(Cand(start, end, written.split(), ORG, STRONG + 1, name))
    out.sort(key=lambda c: c.start)
    return out


def _extend(text: str, cands: list[Cand]) -> None:
    """ "Warner" where the article names "Time Warner": a sentence's first word the
    tagger left out ("Time" in a headline) is the name's, when the text names the
    longer whole elsewhere."""
    # Each longer name under every shorter tail of it: one lookup per candidate.
    tails: dict[str, list[str]] = defaultdict(list)
    for full in sorted({_surface(c) for c in cands if len(c.words) > 1 and c.type is not None}):
        words = full.split()
        for i in range(1, len(words)):
            tails[" ".join(words[i:])].append(full)
    if not tails:
        return
    for c in cands:
        if c.type is None or c.start < 2 or text[c.start - 1] != " ":
            continue
        surface = _surface(c)
        for full in tails.get(surface, ()):
            head = full[: len(full) - len(surface)]
            if text.endswith(head, 0, c.start):
                if not c.name or c.name == text[c.start : c.end]:
                    c.name = full
                c.start -= len(head)
                c.words = full.split()
                break
