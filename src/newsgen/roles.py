"""Roles written next to a person's name: "Pakistan Ambassador to China, Moin ul Haque".

Pure text rules, no model. Three shapes are read, each only when the phrase holds
a role word (ambassador, minister, director, chairman...), because a bare
capitalised phrase before a comma is as often a place or a time ("In Beijing,
...") as a title:

* a title-case phrase, then a comma, then the name:
  "Pakistan Ambassador to China, Moin ul Haque said";
* a title right before the name: "Federal Minister Sara Khan";
* an apposition after the name, up to the next comma or full stop:
  "Liu Jianxing, Director of International Cooperation, said".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Head words of roles; lower case, matched against lower-cased words.
ROLE_WORDS = frozenset((
    "adviser", "advisor", "ambassador", "administrator", "analyst", "attache", "attaché",
    "captain", "ceo", "chair", "chairman", "chairperson", "chairwoman", "chancellor", "chief",
    "commander", "commissioner", "consul", "coordinator", "counsellor", "counselor", "dean",
    "deputy", "director", "economist", "editor", "envoy", "executive", "founder", "general",
    "governor", "head", "inspector", "judge", "lawmaker", "leader", "manager", "mayor",
    "member", "minister", "mna", "mpa", "officer", "official", "premier", "president",
    "principal", "professor", "rector", "registrar", "representative", "secretary", "senator",
    "speaker", "spokesman", "spokesperson", "spokeswoman", "superintendent", "treasurer",
    "trustee", "vice-chancellor", "vice-president",
))  # fmt: skip
# Small words allowed inside a title-case role: "Minister of State for Ports".
_CONNECTORS = frozenset(["of", "to", "for", "the", "and", "on", "in", "at", "de", "al"])
_ARTICLES = ("the ", "a ", "an ")
_MAX_WORDS = 12
_HEAD_WITHIN = 4  # an apposition's role word comes early: "Pakistan's ambassador to ..."
_PAREN = re.compile(r"\s*\([^()\n]*\)")
_APPOSITION_END = re.compile(r"[,;:\n\"“”]|\.(?:\s|$)")
_WORD = re.compile(r"[\w’'.-]+$")


def find_roles(
    text: str, start: int, end: int, people: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """Roles written next to the name at ``text[start:end]``, in reading order.

    ``people`` are the spans of the text's person names: a phrase that holds another
    person's name is about that person ("Tony Blair, Gordon Brown's rival"), not a role.
    """
    found = [
        (_title_before_comma(text, start), start),
        (_title_before(text, start), start),
        (_apposition_after(text, end), end),
    ]
    roles = []
    for role, at in found:
        if not role:
            continue
        lo, hi = (at - len(role) - 2, at) if at == start else (at, at + 2 + len(role))
        if any(lo <= a < hi and (a, b) != (start, end) for a, b in people):
            continue
        roles.append(role)
    return roles


def _has_role_word(words: list[str], within: int = _MAX_WORDS) -> bool:
    return any(_bare(w).lower() in ROLE_WORDS for w in words[:within])


def _bare(word: str) -> str:
    """'Pakistan's' -> 'Pakistan', 'Director.' -> 'Director'."""
    word = word.strip(".")
    for suffix in ("'s", "’s"):
        word = word.removesuffix(suffix)
    return word


def _is_title_word(word: str) -> bool:
    return word[:1].isupper() or word.lower() in _CONNECTORS


def _title_words_before(text: str, stop: int) -> list[str]:
    """The run of title-case words ending right at ``stop``, earliest first."""
    words: list[str] = []
    position = stop
    while len(words) < _MAX_WORDS:
        # Indices, not slices: copying the text before every name made this
        # quadratic in the article's length.
        end = position
        while end and text[end - 1] == " ":
            end -= 1
        gap = position - end
        # Only single spaces join a title; a line break or punctuation ends it.
        if gap > 1 or (not gap and words):
            break
        match = _word_ending_at(text, end)
        if match is None:
            break
        word = match.group()
        if word.endswith(".") and len(word) > 3:
            break  # "... in 2024. Minister" : a full stop ends the sentence before
        if not _is_title_word(word):
            break
        words.insert(0, word)
        position = match.start()
    while words and words[0].lower() in _CONNECTORS:
        words.pop(0)
    # "But Prime Minister": a sentence's first word is capitalised whatever it is;
    # it belongs to the role only when it is a role word or a title of its own.
    if (
        len(words) > 1
        and _starts_sentence(text, position)
        and not _is_role_start(words[0])
        and not _qualifies(words[0], words[1])
    ):
        words.pop(0)
    return words


def _starts_sentence(text: str, position: int) -> bool:
    j = position - 1
    while j >= 0 and text[j] in " \t\"'“‘(":
        j -= 1
    return j < 0 or text[j] in ".!?\n"


def _is_role_start(word: str) -> bool:
    """Can a role start with ``word``? Role words and the title words of the shipped
    list ("Prime", "Foreign", "Federal") can; other words that start a sentence
    ("But", "Earlier", "Yesterday") cannot, unless a proper noun ("Pakistan")."""
    from newsgen.entities import lexicon
    from newsgen.entities.gazetteer import load

    bare = _bare(word)
    if bare.lower() in ROLE_WORDS or bare in lexicon.TITLES:
        return True
    g = load()
    return bare.lower() not in g.common_words or bare in g.places or bare in g.given_names


_OPENING_WORDS = frozenset(("earlier", "later", "then", "now", "today", "also", "meanwhile"))


def _qualifies(word: str, following: str) -> bool:
    """ "Home Secretary", "Shadow Chancellor": a word right before a role word names the
    office, unless it is a sentence's opener ("But", "Earlier", "Finally")."""
    from newsgen.entities import lexicon

    lower = word.lower()
    return (
        _bare(following).lower() in ROLE_WORDS
        and word not in lexicon.NEVER
        and lower not in _OPENING_WORDS
        and not lower.endswith("ly")
    )


def _word_ending_at(text: str, end: int) -> re.Match[str] | None:
    """``_WORD.search(text[:end])``, looking only at the last few characters.

    The search is anchored at ``end``, so a match in a window that does not touch the
    window's first character is the leftmost one; otherwise the window grows. (A width
    of at least 2 keeps ``$`` matching before a final newline exact.)
    """
    # The search tries every start in the window, and most words are shorter than
    # 12 characters: a window of 32 cost twice as much (longer words widen it).
    width = 12
    while True:
        begin = max(0, end - width)
        match = _WORD.search(text, begin, end)
        if match is None or match.start() > begin or begin == 0:
            return match
        width *= 4


def _title_before_comma(text: str, start: int) -> str:
    """'Pakistan Ambassador to China, Moin ul Haque' -> 'Pakistan Ambassador to China'."""
    if start < 2 or text[start - 2 : start] != ", ":
        return ""
    words = _title_words_before(text, start - 2)
    return " ".join(words) if words and _has_role_word(words) else ""


def _title_before(text: str, start: int) -> str:
    """'Federal Minister Sara Khan' -> 'Federal Minister': capitalised, ends in a role word."""
    # Exactly one space between title and name (indices, not a copy of the text).
    if text[start - 1 : start] != " " or (start >= 2 and text[start - 2] == " "):
        return ""
    words = _title_words_before(text, start)
    # The role word must touch the name: in "Pakistan Ambassador to China Moin ul Haque"
    # the words next to the name are a place, and the run is not a title of its own.
    if not words or _bare(words[-1]).lower() not in ROLE_WORDS:
        return ""
    return " ".join(words)


def _apposition_after(text: str, end: int) -> str:
    """'Liu Jianxing, Director of International Cooperation, said' -> the middle part."""
    if not text.startswith(", ", end):
        return ""
    rest = text[end + 2 : end + 2 + 200]
    # Most phrases hold no bracket; _PAREN, which opens with \s*, would be tried at
    # every character of them.
    flat = _PAREN.sub(lambda m: " " * len(m.group()), rest) if "(" in rest else rest
    stop = _APPOSITION_END.search(flat)
    phrase = rest[: stop.start()] if stop else rest
    if "(" in phrase:
        phrase = _PAREN.sub("", phrase)
    phrase = " ".join(phrase.split())
    for article in _ARTICLES:
        if phrase.lower().startswith(article):
            phrase = phrase[len(article) :]
            break
    words = phrase.split()
    if not words or len(words) > _MAX_WORDS or not _has_role_word(words, _HEAD_WITHIN):
        return ""
    if words[0].lower() in {"who", "which", "whose", "said", "says", "and", "but"}:
        return ""
    if _clause(words):
        return ""
    return phrase


# Words that make a phrase a clause about something else, not a noun phrase naming a
# role: "Tony Blair, speaking after his chancellor ...", "Mr Blair, whose ... has".
_VERBS = frozenset((
    "is", "was", "were", "are", "be", "been", "has", "had", "have", "will", "would",
    "could", "can", "should", "may", "might", "must", "said", "says", "told", "did",
    "does", "do", "while", "when", "after", "before", "because", "although", "as",
    "if", "since", "until", "amid",
))  # fmt: skip


def _clause(words: list[str]) -> bool:
    """Is the apposition a clause ("speaking after the chancellor's Budget"), not a role?"""
    first = words[0].lower()
    if (first.endswith("ing") and first not in ROLE_WORDS) or words[1:2] == ["by"]:
        return True  # "speaking after ...", "flanked by ..."
    return any(w.lower().strip(".,") in _VERBS for w in words)
