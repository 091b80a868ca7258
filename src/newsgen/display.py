"""How text is shown, never how it is stored: pure functions of a string.

``headline`` turns a teleprinter's ALL-CAPS headline into title case for pages
(the record keeps the original, as do feeds); ``smarten`` gives raw-text
paragraphs the curly quotes and dashes Python-Markdown's ``smarty`` gives
Markdown, before they are escaped.
"""

from __future__ import annotations

import re

# Month names from a table, never from the process locale: output is the same everywhere.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Kept in capitals: a title-cased "Nato" or "Us" reads as a different word.
ACRONYMS = frozenset(
    """
    UN US USA UK EU NATO IMF OPEC ASEAN SAARC UAE USSR UNSC UNICEF UNESCO UNHCR WHO WTO
    ILO OIC PM MP MPS MNA MPA CEO GDP AIDS HIV PIA PPP PML PTI MQM ANP JUI KSE WAPDA
    APP AP AFP BBC CNN FBI CIA KGB NASA ICC PCB IAEA OECD G7 G8 G20 TV II III IV VI VII
    VIII IX XI XII ID UNGA SEATO CENTO ADB IDB NWFP FATA ISI RAW GHQ PAF PN UNDP
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Abbreviations without vowels that are not acronyms.
_ABBREVIATIONS = frozenset(("MR", "MRS", "MS", "DR", "ST", "JR", "SR", "LTD", "MT", "FT", "VS"))
# Lower case inside a title (Chicago style), capitalised first and last.
_SMALL = frozenset(
    "a an the and but or nor for of in on at to by as from with into onto upon via vs per".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Between two words, a break after which the next word starts a new phrase.
_PHRASE_BREAK = re.compile(r"[:;.!?—–]|\s-{1,2}\s")
_VOWELS = frozenset("AEIOUY")


def headline(title: str) -> str:
    """``title`` in title case when it is written in capitals, else unchanged.

    Acronyms (a known list, or a word of ASCII consonants only) and words with
    digits keep their capitals; small words are lower case but for the first and
    last word and after a colon or dash."""
    if not _shouted(title):
        return title
    words = list(_WORD.finditer(title))
    out: list[str] = []
    at = 0
    for n, match in enumerate(words):
        gap = title[at : match.start()]
        out.append(gap)
        starts = n == 0 or n == len(words) - 1 or bool(_PHRASE_BREAK.search(gap))
        out.append(_word_case(match.group(), starts))
        at = match.end()
    out.append(title[at:])
    return "".join(out)


def _shouted(title: str) -> bool:
    """Whether the title has no lower-case letter and a word of four letters or more
    that is not an acronym (so "UN, US" is left alone)."""
    if any(c.islower() for c in title):
        return False
    return any(len(w) >= 4 and w.isalpha() and w not in ACRONYMS for w in _WORD.findall(title))


def _word_case(word: str, starts: bool) -> str:
    if any(c.isdigit() for c in word):
        return word  # G20, COVID-19, 1990S
    if "-" in word:  # each part of a compound as a word of its own: PML-N, By-Election
        return "-".join(_word_case(part, True) for part in word.split("-"))
    if word in ACRONYMS:
        return word
    consonants = len(word) >= 2 and word.isascii() and word.isalpha() and not set(word) & _VOWELS
    if consonants and word not in _ABBREVIATIONS:
        return word
    lower = word.lower()
    if lower in _SMALL and not starts:
        return lower
    parts = re.split(r"(['’])", lower)
    # "PAKISTAN'S" -> "Pakistan's", "O'BRIEN" -> "O'Brien": a part after an
    # apostrophe is capitalised only when it is a word of its own.
    cased = [parts[0][:1].upper() + parts[0][1:]]
    for i in range(1, len(parts), 2):
        rest = parts[i + 1]
        cased.append(parts[i])
        cased.append(rest[:1].upper() + rest[1:] if len(rest) >= 3 else rest)
    return "".join(cased)


# -- typographic quotes and dashes ---------------------------------------------------

# A quote opens after no word and no closing mark, and before something other than
# a space or a closing mark; any other quote closes. Regular expressions, not a loop
# over characters: this runs on every paragraph of every raw-text article.
_CLOSERS = r".,;:!?)\]}…’”'\""
_OPEN_DOUBLE = re.compile(rf'(?<![\w{_CLOSERS}])"(?=[^\s{_CLOSERS}])')
_OPEN_SINGLE = re.compile(rf"(?<![\w{_CLOSERS}])'(?=[^\s{_CLOSERS}])")
_YEAR = re.compile(r"'(?=\d\d)")  # '90s


def smarten(text: str) -> str:
    """Plain text with typographic dashes, ellipses and quotes, as Python-Markdown's
    ``smarty`` extension makes them: "---" an em dash, "--" an en dash, "..." an
    ellipsis, straight quotes curly (opening at the start or after a space, bracket
    or dash and before a word; an apostrophe between letters, or before a year's
    digits, closing).
    Plain text in, plain text out: escape it afterwards."""
    if "--" in text:
        text = text.replace("---", "—").replace("--", "–")
    if "..." in text:
        text = text.replace("...", "…")
    if '"' in text:
        text = _OPEN_DOUBLE.sub("“", text).replace('"', "”")
    if "'" in text:
        text = _OPEN_SINGLE.sub("‘", _YEAR.sub("’", text)).replace("'", "’")
    return text
