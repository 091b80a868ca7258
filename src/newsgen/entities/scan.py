"""Finding capitalised word sequences: one compiled regex over the whole text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsgen.entities import lexicon as lx

Tok = tuple[int, int, str]  # start, end (exclusive), word


def _upper_class() -> str:
    """A regex character class body for upper-case letters in Latin, Greek and Cyrillic."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x2000):
        if chr(cp).isupper():
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


_UP = _upper_class()
# A capitalised word: inner . ' ’ & - are allowed when a word character follows, so
# "U.S.", "A&M", "Udvar-Hazy" and "O'Brien" are one word; a final "." is decided later.
#
# Written as one character class, then the rest of "12Monkeys" when that was a
# digit: ``(?:[A-Z]|[0-9]+[A-Z])``, matching the same, would start the expression
# with a branch, and the search then tries it at every character of the text
# instead of skipping ahead to the next capital or digit.
_TOK = rf"[{_UP}0-9](?:(?<=[0-9])[0-9]*[{_UP}]|(?<![0-9]))\w*(?:[.'’&\-]\w+)*\.?"
_CONN = "|".join(re.escape(c) for c in sorted(lx.CONNECTORS, key=len, reverse=True))
SEQ_RE = re.compile(rf"{_TOK}(?:[ \t]+(?:(?:{_CONN})[ \t]+){{0,2}}{_TOK})*")
_WORD_RE = re.compile(r"\S+")

# Words whose final period belongs to the word, not to the end of a sentence.
_ABBREV = lx.words(
    "Inc Corp Co Ltd Jr Sr St Mt Ft Dr Mr Mrs Ms Prof Gen Col Capt Lt Sgt Rev Sen Rep "
    "Gov Bros No Dept Univ Ave Blvd Rd Hon Supt Insp Cmdr Adm Maj Pvt Cpl"
)
_POSSESSIVE = ("'s", "’s", "'", "’")
OPENERS = " \t\"“‘'(–—-*•["
SENTENCE_ENDS = ".!?\n:;|"


def sentence_initial(text: str, pos: int) -> bool:
    """True if the word at ``pos`` starts a sentence, line or heading."""
    j = pos - 1
    while j >= 0 and text[j] in OPENERS:
        j -= 1
    return j < 0 or text[j] in SENTENCE_ENDS


def pieces(text: str) -> Iterator[tuple[list[Tok], bool]]:
    """Capitalised sequences as word lists, split at sentence ends and possessives.

    Yields (words, sentence_initial). Possessive 's is dropped from the words; "Islam's
    holy site" gives "Islam", and "Smithsonian's National Air and Space Museum" gives
    two pieces.
    """
    for m in SEQ_RE.finditer(text):
        base = m.start()
        first = sentence_initial(text, base)
        for toks, initial in split_sequence(m.group()):
            shifted = [(a + base, b + base, w) for a, b, w in toks]
            yield shifted, first if initial is None else initial


def split_sequence(seq: str) -> list[tuple[list[Tok], bool | None]]:
    """The pieces of one ``SEQ_RE`` match, with offsets into ``seq``.

    The first piece's flag is None: whether it starts a sentence depends on the text
    before the match (``sentence_initial``). A later piece starts after a word that
    broke the sequence, and is sentence-initial when that word ended with a period.
    """
    out: list[tuple[list[Tok], bool | None]] = []
    cur: list[Tok] = []
    initial: bool | None = None
    for w_m in _WORD_RE.finditer(seq):
        a, b, w = w_m.start(), w_m.end(), w_m.group()
        brk = False
        if w.endswith(".") and len(w) > 1:
            core = w[:-1]
            if not (len(core) == 1 or "." in core or core in _ABBREV):
                b -= 1
                w = core
                brk = True
        if ("'" in w or "’" in w) and w[0].isupper():
            for suf in _POSSESSIVE:
                if w.endswith(suf) and len(w) > len(suf):
                    b -= len(suf)
                    w = w[: -len(suf)]
                    brk = True
                    break
        cur.append((a, b, w))
        if brk:
            out.append((cur, initial))
            cur = []
            initial = w_m.group().endswith(".") and not w_m.group().endswith("'s.")
    if cur:
        out.append((cur, initial))
    return out
