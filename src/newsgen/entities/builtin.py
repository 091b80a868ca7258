"""The built-in extractor: a statistical tagger, fed by capitalised-sequence rules.

``extract`` tags the text with ``tagger.py`` (trained on CoNLL-2003), one of whose
inputs is what the rules below say about each capitalised sequence (``find_candidates``:
one compiled regex for the sequences, a handful of set lookups to type each, plans
cached by sequence). ``spans.py`` then applies newsgen's conventions to the tagged
spans and ``resolve.py`` links the mentions of one article. The spaCy backend uses
the same rules and resolution.
"""

from __future__ import annotations

import re
import sys

from newsgen.entities import lexicon as lx
from newsgen.entities.acronyms import find_definitions
from newsgen.entities.classify import (
    MEDIUM,
    STRONG,
    WEAK,
    head_type,
    is_acronym,
    is_demonym,
    split_connectors,
    type_words,
)
from newsgen.entities.gazetteer import Gazetteer, load
from newsgen.entities.resolve import Cand, resolve
from newsgen.entities.scan import OPENERS, SENTENCE_ENDS, SEQ_RE, Tok, split_sequence
from newsgen.entities.spans import candidate
from newsgen.entities.tagger import Tagger, get_tagger
from newsgen.model import ORG, PERSON, PLACE, Mention

_DIRECTIONAL = frozenset(("New", "North", "South", "East", "West"))
_SAID_RE = re.compile(r",? (?:said|says|told|added|explained|stated)\b")
_LOWER_SUFFIX_RE = re.compile(r"\w-[a-z]+$")
_PLACE_BEFORE_RE = re.compile(
    r"(?:town|city|village|province|district|region|state|capital|suburb|island) of $"
)
_ROLE_AFTER_RE = re.compile(
    r", (?:the |a |an |who |former |senior |chief |deputy |acting )?(?:[a-z-]+ )?"
    r"(?:director|president|minister|spokes(?:man|woman|person)|chair(?:man|woman)?|"
    r"professor|ambassador|secretary|governor|mayor|senator|founder|analyst|official|"
    r"lawyer|researcher|scientist|student|resident|executive|editor|author|actor|"
    r"actress|singer|artist|player|coach|captain|teacher|doctor|mother|father|son|"
    r"daughter|wife|husband)\b"
)
_COMPLEMENTS = frozenset(("of", "for", "on", "and", "&"))
_PARTICLE_RE = re.compile(
    r" (?:ul|ur|al|el|bin|ibn|bint|van|von|der|den|de|del|della|di|da|dos|du|zu)"
    r"(?: (?:der|den|de|la))? [A-Z][\w'’-]*"
)


def _known(w: str, g: Gazetteer) -> bool:
    return (
        w in g.places
        or w in g.known_orgs
        or w in g.given_names
        or w in lx.SURNAME_FIRST
        or w in lx.DEMONYMS
    )


def title_prefix(words: list[str]) -> int:
    """Number of leading title words, if they include a real title ("Ambassador")."""
    n = 0
    core = False
    while n < len(words) and words[n] in lx.TITLES:
        core = core or words[n] not in lx.TITLE_MODIFIERS
        n += 1
    return n if core or n > 1 else 0  # "Major General" is a title, "General" alone not


# One planned candidate: start, end (offsets into the sequence), words, type,
# strength, and whether the text around it still has a say (hashtags, "said").
_Planned = tuple[int, int, list[str], str | None, int, bool]


class _Planner:
    """Types the pieces of one capitalised sequence from its words alone.

    Nothing here reads the text around the sequence, so the plan of a sequence is
    the same wherever it stands; ``_Finder`` applies what the context decides.
    """

    def __init__(self, g: Gazetteer) -> None:
        self.g = g
        self.cands: list[_Planned] = []

    def plan(self, seq: str, initial: bool) -> tuple[_Planned, ...]:
        for toks, flag in split_sequence(seq):
            self._piece(toks, initial if flag is None else flag, False)
        return tuple(self.cands)

    def _piece(
        self, toks: list[Tok], initial: bool, person_hint: bool, before_title: bool = False
    ) -> None:
        g = self.g
        # A word that never belongs to a name splits the sequence ("Image", "April").
        for i, t in enumerate(toks):
            if _LOWER_SUFFIX_RE.search(t[2]):
                # "Pakistan-administered Kashmir", "NASA T-shirt": not part of a name.
                self._piece(toks[:i], initial, person_hint)
                self._piece(toks[i + 1 :], False, False)
                return
            if i and t[2] in lx.NEVER:
                self._piece(toks[:i], initial, person_hint)
                self._piece(toks[i + 1 :], False, False)
                return
        while toks:
            w = toks[0][2]
            if w in lx.CONNECTORS or w in lx.NEVER:
                toks = toks[1:]
                initial = False
                continue
            last = toks[-1][2]
            if last in lx.CONNECTORS or (
                len(toks) > 1
                and (
                    (last in lx.TITLES and last not in lx.TITLE_MODIFIERS)
                    or is_demonym(last, g)
                    or last in _DIRECTIONAL
                )
            ):
                # "Museum of Flight CEO", "Ottawa New Democrat": a role after a name.
                toks = toks[:-1]
                while len(toks) > 1 and toks[-1][2] in _DIRECTIONAL:
                    toks = toks[:-1]  # "South Korean"
                if len(toks) == 1 and toks[0][2] in _DIRECTIONAL:
                    return
                continue
            words = [t[2] for t in toks]
            if len(words) > 1 and " ".join(words[:2]) in g.places:
                break  # "Saudi Arabia", "New Zealand": not a demonym or common word
            if is_demonym(w, g):
                if len(toks) == 1:
                    return
                upto = next((i for i, x in enumerate(words) if x in ("and", "&")), len(words))
                if head_type(words[:upto], g) is None or toks[1][2] in lx.CONNECTORS:
                    toks = toks[1:]
                    initial = False
                    continue
            n = title_prefix(words)
            if n:
                rest = words[n:]
                if not rest:
                    return
                if rest[0] == "of":
                    toks = toks[n + 1 :]
                    initial = False
                    continue
                cut = next((i for i, x in enumerate(rest) if x in _COMPLEMENTS), len(rest))
                if head_type(rest[:cut], g) is None:
                    toks = toks[n:]
                    person_hint = not is_acronym(rest[0])
                    initial = False
                    continue
            if initial and w.lower() in g.common_words and not _known(w, g):
                if len(toks) == 1:
                    self.cands.append((toks[0][0], toks[0][1], words, None, 0, False))
                    return
                typ, strength = type_words(words, False, g)
                if typ is None or strength < MEDIUM:
                    toks = toks[1:]
                    initial = False
                    continue
            break
        if not toks:
            return
        if self._split_inner(toks, initial, person_hint):
            return
        for part in split_connectors(toks, g):
            self._add(part, person_hint and part[0] is toks[0], before_title)

    def _split_inner(self, toks: list[Tok], initial: bool, person_hint: bool) -> bool:
        """Split "NASA Administrator Charles Bolden" and "Texas Arlington Amneh Jafari"."""
        g = self.g
        words = [t[2] for t in toks]
        if len(words) < 2:
            return False
        headless = head_type(words, g) is None
        for i in range(1, len(words)):
            w = words[i]
            if headless and w in lx.TITLES and w not in lx.TITLE_MODIFIERS:
                j = i
                while j < len(words) and words[j] in lx.TITLES:
                    j += 1
                self._piece(toks[:i], initial, person_hint, before_title=True)
                if j < len(words):
                    if words[j] == "of":
                        self._piece(toks[j + 1 :], False, False)
                    else:
                        self._piece(toks[j:], False, True)
                return True
            if i + 1 < len(words) and self._name_starts(words, i):
                self._piece(toks[:i], initial, person_hint)
                self._piece(toks[i:], False, False)
                return True
        if (
            headless
            and words[0] in g.places
            and type_words(words, False, g)[1] < STRONG  # not "Toronto Star"
        ):
            # "North America Politics": a place, then words that are no name.
            k = max(k for k in range(1, len(words)) if " ".join(words[:k]) in g.places)
            if all(w.lower() in g.common_words for w in words[k:]):
                self._piece(toks[:k], initial, person_hint)
                return True
        return False

    def _name_starts(self, words: list[str], i: int) -> bool:
        """Does a person's name start at word ``i``, after an organization or place?"""
        g = self.g
        w, nxt = words[i], words[i + 1]
        if w not in g.given_names or w in g.places or words[i - 1] in lx.CONNECTORS:
            return False
        if not nxt[0].isupper() or nxt in lx.CONNECTORS:
            return False
        if w.lower() in g.common_words and (nxt not in g.surnames or nxt.lower() in g.common_words):
            return False  # "Art Center", "Will Power"
        return type_words(words[:i], False, g)[1] >= STRONG

    def _add(self, toks: list[Tok], person_hint: bool, before_title: bool = False) -> None:
        words = [t[2] for t in toks]
        typ, strength = type_words(words, person_hint, self.g)
        if before_title and typ == PERSON and strength <= WEAK:
            # What stands before a title qualifies it ("Bavarian Interior Minister").
            typ, strength = None, 0
        self.cands.append((toks[0][0], toks[-1][1], words, typ, strength, True))


# Plans by sequence, one table for sequences that start a sentence and one for the
# rest: news copy repeats its names, and an archive its people, places and bodies,
# so most sequences were seen before.
_PLANS: tuple[dict[str, tuple[_Planned, ...]], ...] = ({}, {})  # [sentence-initial]
_PLANS_FOR: list[Gazetteer] = []  # the gazetteer the plans were made with
_MAX_PLANS = 100_000  # per table


def _plans(g: Gazetteer) -> tuple[dict[str, tuple[_Planned, ...]], ...]:
    if not _PLANS_FOR or _PLANS_FOR[0] is not g:
        _PLANS_FOR[:] = [g]
        for table in _PLANS:
            table.clear()
    for table in _PLANS:
        if len(table) > _MAX_PLANS:
            table.clear()
    return _PLANS


class _Finder:
    """Turns the capitalised sequences of one text into typed candidates."""

    def __init__(self, text: str, g: Gazetteer) -> None:
        self.text = text
        self.g = g

    def run(self) -> list[Cand]:
        text = self.text
        tables = _plans(self.g)
        cands: list[Cand] = []
        for m in SEQ_RE.finditer(text):
            base = m.start()
            # sentence_initial(text, base), inline: it runs for every sequence.
            j = base - 1
            while j >= 0 and text[j] in OPENERS:
                j -= 1
            initial = j < 0 or text[j] in SENTENCE_ENDS
            table = tables[initial]
            seq = m.group()
            plan = table.get(seq)
            if plan is None:
                plan = table[seq] = _Planner(self.g).plan(seq, initial)
            for start, end, words, typ, strength, in_context in plan:
                start += base
                end += base
                if in_context:
                    if start and text[start - 1] in "#@":
                        continue  # hashtags and user handles
                    if strength <= WEAK:
                        typ, strength = self._context(words, typ, strength, start, end)
                cands.append(Cand(start, end, list(words), typ, strength))
        return cands

    def _context(
        self, words: list[str], typ: str | None, strength: int, start: int, end: int
    ) -> tuple[str | None, int]:
        """Retype a name with no lexical evidence from the words around it."""
        text = self.text
        if typ == PERSON and text.endswith(("the ", "The "), max(0, start - 6), start):
            return ORG, WEAK  # "the Velvet Underground": people take no article
        if typ in (None, PERSON) and (_SAID_RE.match(text, end) or _ROLE_AFTER_RE.match(text, end)):
            return PERSON, MEDIUM  # "Okonjo said", "Raisinghani, a spokeswoman for"
        if typ != PLACE and _PLACE_BEFORE_RE.search(text, max(0, start - 12), start):
            return PLACE, MEDIUM  # "the town of Mirpur"
        return typ, strength


class Reserved:
    """Acronyms with a meaning of their own: places ("US") and well-known bodies."""

    def __init__(self, g: Gazetteer) -> None:
        self.g = g

    def __contains__(self, w: object) -> bool:
        return isinstance(w, str) and (w in self.g.places or w in self.g.known_orgs)


def find_candidates(text: str, g: Gazetteer) -> list[Cand]:
    """Typed (or not yet typed) name candidates of ``text``, in text order."""
    cands = _Finder(text, g).run()
    cands.sort(key=lambda c: c.start)
    return cands


def extract(text: str, tagger: Tagger | None = None) -> list[Mention]:
    """Find PERSON, ORG and PLACE mentions in ``text``, in text order (``tagger``: the
    shipped model unless given, as ``bench/ner_crossval.py`` does)."""
    g = load()
    cands = tagged_candidates(text, g, tagger)
    defs = find_definitions(text, cands, Reserved(g))
    return resolve(text, cands, defs, g)


def tagged_candidates(text: str, g: Gazetteer, tagger: Tagger | None = None) -> list[Cand]:
    """The tagger's names in ``text`` with newsgen's span conventions, before resolution."""
    cands: list[Cand] = []
    # The capitalised-sequence rules are one more input of the tagger ("rule features").
    rules = [(c.start, c.end, c.type, c.strength) for c in find_candidates(text, g)]
    skip_to = 0
    for start, end, typ in (tagger or get_tagger()).tag_text(text, rules):
        if start < skip_to or (start and text[start - 1] in "#@"):
            continue  # hashtags and user handles, or the end of a name joined below
        if typ == PERSON:
            # "Moin ul Haque": CoNLL has few lower-case name particles to learn from.
            m = _PARTICLE_RE.match(text, end)
            if m:
                end = skip_to = m.end()
        cands.extend(candidate(text, start, end, typ, g))
    return cands


__all__ = ["Reserved", "extract", "find_candidates", "tagged_candidates", "title_prefix"]

if __name__ == "__main__":  # quick look: python -m newsgen.entities.builtin FILE
    with open(sys.argv[1], encoding="utf-8") as f:
        for mention in extract(f.read()):
            print(mention.type, mention.text, "->", mention.name)
