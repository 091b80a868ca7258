"""Political parties: one organization whatever a text calls it ("Tories", "Conservatives").

A party is named by its members' plural ("the Conservatives", "the Lib Dems"), by a
nickname ("the Tories") or by an adjective before a party word ("Tory leader",
"Liberal Democrat MP"). The tagger learned none of these (CoNLL-2003 files them
under MISC, and newsgen's word lists treat them as adjectives), so they are found
here, from a small table of facts: the names, short names and nicknames given in
the English Wikipedia articles on each party ("Conservative Party (UK)": "also
known as the Tories"; "Liberal Democrats (UK)": "Lib Dems"). It covers the parties
British and American national news names most; an editor adds others to
``content/entities.yaml``.

Pure: text in, (start, end, written, canonical) out.
"""

from __future__ import annotations

import re
from functools import cache

# canonical name -> (names that are the party wherever they stand, adjectives that
# are the party only before a party word: "Tory leader", not "Tory values").
PARTIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Labour Party": (("Labour Party", "Labour party", "New Labour", "Labour"), ()),
    "Conservative Party": (
        ("Conservative Party", "Conservative party", "Conservatives", "Tory Party",
         "Tory party", "Tories"),
        ("Conservative", "Tory"),
    ),
    "Liberal Democrats": (
        ("Liberal Democrats", "Liberal Democrat Party", "Lib Dems"),
        ("Liberal Democrat", "Lib Dem"),
    ),
    "Scottish National Party": (("Scottish National Party", "SNP"), ()),
    "Plaid Cymru": (("Plaid Cymru",), ()),
    "UK Independence Party": (("UK Independence Party", "UKIP", "Ukip"), ()),
    "Green Party": (("Green Party",), ()),
    "Democratic Party": (("Democratic Party", "Democrats"), ("Democratic",)),
    "Republican Party": (("Republican Party", "Republicans", "GOP"), ("Republican",)),
}  # fmt: skip
# Words after an adjective that make it the party: "Tory leader", "Lib Dem MPs".
PARTY_WORDS = (
    "leader|leadership|deputy leader|MP|MPs|MEP|MEPs|peer|peers|party|spokesman|"
    "spokeswoman|candidate|candidates|chairman|chairwoman|manifesto|conference|"
    "government|administration|frontbencher|frontbench|backbencher|backbenchers|"
    "councillor|councillors|senator|senators|congressman|congresswoman|lawmakers|"
    "campaign|headquarters|HQ|shadow|policy|policies|member|members|activists|voters|"
    "supporters|majority|minority|rebels|whip|nomination|nominee|primary|primaries|"
    "convention|gains|seats|vote|victory|defeat|win"
)


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    canonical: dict[str, str] = {}
    nouns: list[str] = []
    adjectives: list[str] = []
    for name, (names, adjs) in PARTIES.items():
        for n in names:
            canonical[n] = name
            nouns.append(n)
        for a in adjs:
            canonical[a] = name
            adjectives.append(a)
    alts = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    adj = "|".join(re.escape(a) for a in sorted(adjectives, key=len, reverse=True))
    # Not inside a longer capitalised name ("Christian Democrats", "Labour Day").
    pattern = re.compile(
        rf"(?<![\w-])(?:(?P<noun>{alts})|(?P<adj>{adj})(?= (?:{PARTY_WORDS})\b))"
        r"(?![\w-])(?! [A-Z][a-z])"
    )
    return pattern, canonical


def find_parties(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, written, canonical) for every party name in ``text``.

    A party name that only starts a sentence ("Labour costs rose") counts when the
    text also names it mid-sentence, where the capital is the name's own.
    """
    if not any(w in text for w in ("Labour", "Tor", "Conservative", "Lib", "Democrat",
                                   "Republican", "GOP", "SNP", "Plaid", "Ukip", "UKIP",
                                   "Green Party", "UK Independence")):  # fmt: skip
        return []
    pattern, canonical = _pattern()
    found: list[tuple[int, int, str, str, bool]] = []
    for m in pattern.finditer(text):
        written = m.group()
        if _after_name(text, m.start()) or _in_a_list(text, m.start(), m.end()):
            continue  # "Christian Democrats", "Scottish Conservatives": another name
        # An adjective before a party word ("Tory leader") is the party anywhere.
        initial = m.group("noun") is not None and _initial(text, m.start())
        found.append((m.start(), m.end(), written, canonical[written], initial))
    inside = {name for _, _, _, name, initial in found if not initial}
    return [(a, b, w, name) for a, b, w, name, initial in found if not initial or name in inside]


_WORD_BEFORE = re.compile(r"(?<![\w.'’-])([A-Z][\w'’-]*) $")


def _after_name(text: str, start: int) -> bool:
    """Is the word right before ``start`` a capitalised word that is not a sentence's first?"""
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return m is not None and not _initial(text, m.start())


_LIST_AFTER = re.compile(r"(?:,| and| &) [A-Z]")
_LIST_BEFORE = re.compile(r"[A-Z][\w'’-]*(?:,| and| &) $")


def _in_a_list(text: str, start: int, end: int) -> bool:
    """ "Public Service, Labour and Social Welfare Minister": a word of a list of
    capitalised words (a ministry's name), where its neighbours are no party."""
    after = _LIST_AFTER.match(text, end)
    if after is None or not _LIST_BEFORE.search(text, max(0, start - 40), start):
        return False
    pattern, _ = _pattern()
    return pattern.match(text, after.end() - 1) is None  # "Tories, Labour and Lib Dems"


def _initial(text: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and text[j] in " \t\"'“‘(":
        j -= 1
    return j < 0 or text[j] in ".!?\n:"
