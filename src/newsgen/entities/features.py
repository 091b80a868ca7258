"""Tokens and per-word features for the statistical tagger (``tagger.py``).

Every feature is a function of one word type (the token string plus the case mode of
its line), so the tagger can sum a type's feature weights once per offset and reuse
the result for every later occurrence. Training (``bench/train_tagger.py``) and
tagging share this module, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

import numpy as np

from newsgen.entities import lexicon as lx
from newsgen.entities.gazetteer import Gazetteer

# A token: dotted initials ("U.S.", "J."), a few abbreviations with their period, a
# possessive "'s", a word with inner hyphens, "&" or apostrophes ("O'Brien", "AT&T"),
# or any other single non-space character. The lookahead keeps the abbreviations'
# alternatives from being tried at every word.
_ABBREV = "Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Co|Ltd|Gen|Col|Lt|Sgt|Rev|Sen|Rep|Gov|Prof|Mt|Ft|No|Bros"
_TOKEN = (
    rf"(?=[A-Za-z]{{1,4}}\.)(?:(?:[A-Za-z]\.){{2,}}|(?:{_ABBREV}|[A-Z])\.(?!\w))"
    r"|\w+(?:[&\-]\w+|['’](?!s\b)\w+)*|['’]s\b|\S"
)
TOKEN_RE = re.compile(_TOKEN)
# One pass over the whole text: each token or line break with the white space before
# it, so the lengths of the matches add up to the offsets.
_SPACED_RE = re.compile(rf"[^\S\n]*(?:\n|{_TOKEN})")
# Lines that might be in capitals (no ASCII lower case): checked with ``caps_line``.
_MAYBE_CAPS_RE = re.compile(r"^[^a-z\n]{4,}$", re.MULTILINE)
# Type keys of the pseudo-tokens: the edges of the text (padding) and a line break
# (what ``str.lstrip`` leaves of a line break's match: no real token is empty). Their
# features keep the names they had before the one-pass tokens (``features``).
PAD = "\x00PAD"
NEWLINE = ""
_NEWLINE_FEATURE = "\x00NL"
CAPS_PREFIX = "\x01"  # type key prefix for words of an all-capitals line
_SHAPE_TABLE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "X" * 26 + "x" * 26 + "d" * 10
)
# The repeats in a run of one class (deleted: a literal "" replacement is the fast path).
_SHAPE_REPEATS_RE = re.compile(r"(?<=X)X+|(?<=x)x+|(?<=d)d+")
_LETTERS_RE = re.compile(r"[^\W\d_]")


def caps_line(line: str) -> bool:
    """A line in capitals only ("SOCCER - JAPAN GET LUCKY WIN"): case says nothing there."""
    return line.upper() == line and len(_LETTERS_RE.findall(line[:200])) >= 4


def tokens(text: str) -> tuple[list[str], list[int]]:
    """The type keys of the tokens of ``text`` (a NEWLINE after every line, the last
    one too), and the length of each token with the white space before it: the
    cumulative sum of the lengths is each token's end offset (the last NEWLINE ends
    one past the text)."""
    raw = _SPACED_RE.findall(text)
    keys = list(map(str.lstrip, raw))
    lens = list(map(len, raw))
    # The text's end acts as a line break: its trailing white space and one more.
    keys.append(NEWLINE)
    lens.append(len(text) - sum(lens) + 1)
    ends: list[int] | None = None
    for m in _MAYBE_CAPS_RE.finditer(text):
        if not caps_line(m.group()):
            continue
        if ends is None:
            ends = list(accumulate(lens))
        # The tokens that end inside the line (its line break ends past it).
        for i in range(bisect_right(ends, m.start()), bisect_left(ends, m.end() + 1)):
            if keys[i] != NEWLINE:
                keys[i] = CAPS_PREFIX + keys[i]
    return keys, lens


def token_length(key: str) -> int:
    """The length in the text of the token a type key stands for."""
    if key in (NEWLINE, PAD):
        return 0
    # A text's own control character "\x01" is a one-character key (tokens are
    # words or single characters), so only longer keys carry the prefix.
    return len(key) - 1 if key[0] == CAPS_PREFIX and len(key) > 1 else len(key)


def shape(w: str) -> str:
    """ "Xx" for "Karachi", "X.X." for "U.S.", "d-d" for "1-0" (ASCII letters and digits)."""
    return _SHAPE_REPEATS_RE.sub("", w.translate(_SHAPE_TABLE))[:6]


def features(key: str, g: Gazetteer) -> list[str]:
    """The feature names of one type key (see ``tokens``)."""
    if key == NEWLINE:
        return ["bias", _NEWLINE_FEATURE]
    if key == PAD:
        return ["bias", PAD]
    caps = key.startswith(CAPS_PREFIX)
    w = key[1:] if caps else key
    low = w.lower()
    feats = ["bias", "l=" + low, "s3=" + low[-3:], "s4=" + low[-4:], "p3=" + low[:3]]
    if caps:
        # A headline in capitals: judge the word as if it were written "Title Case".
        w = w.title() if len(w) > 3 or w.lower() in g.common_words else w
        feats.append("CAPSLINE")
        feats.append("C:cw" if low in g.common_words else "C:ncw")
    else:
        feats += ["w=" + w, "sh=" + shape(w), "s2=" + low[-2:]]
    first = w[:1]
    upper = first.isupper()
    if upper:
        feats.append("Up")
        if low in g.common_words:
            feats.append("Up+cw")
        if w.isupper() and len(w) > 1:
            feats.append("ALLCAP")
    elif first.isdigit():
        feats.append("digit")
    elif not first.isalpha():
        feats.append("punct")
    if len(w) == 1:
        feats.append("len1")
    if "-" in w:
        feats.append("hyphen")
    if "." in w:
        feats.append("period")
    if w in g.given_names:
        feats.append("G:given")
    if w in g.surnames:
        feats.append("G:surname")
    kind = g.places.get(w)
    if kind is not None:
        feats.append("G:place=" + kind)
    if w in g.known_orgs:
        feats.append("G:org")
    if w in lx.TITLES:
        feats.append("G:title")
    if w in lx.ORG_HEADS:
        feats.append("G:orghead")
    if w in lx.PLACE_HEADS:
        feats.append("G:placehead")
    if w in lx.DEMONYMS:
        feats.append("G:demonym")
    if w in lx.NEVER:
        feats.append("G:never")
    if w in lx.CONNECTORS:
        feats.append("G:conn")
    return feats


RULE_TYPES = ("PERSON", "ORG", "PLACE", "NONE")
# What the capitalised-sequence rules (builtin.find_candidates) say about a token:
# its place in a candidate (B, I, L, U), the candidate's type and strength 0-3.
RULE_LABELS = ["O"] + [f"{p}-{t}-{s}" for p in "BILU" for t in RULE_TYPES for s in range(4)]
_TYPE_CODE = {"PERSON": 0, "ORG": 1, "PLACE": 2, None: 3}
RuleCand = tuple[int, int, str | None, int]  # start, end, type, strength


def rule_tags(cands: list[RuleCand], ends: np.ndarray) -> np.ndarray:
    """Per token, the index in RULE_LABELS of what the rules say (``ends``: token ends)."""
    out = np.zeros(len(ends), dtype=np.intp)
    if not cands:
        return out
    arr = np.array(
        [(a, b, 4 * _TYPE_CODE.get(t, 3) + min(max(s, 0), 3)) for a, b, t, s in cands],
        dtype=np.intp,
    )
    first = np.searchsorted(ends, arr[:, 0], side="right")
    last = np.searchsorted(ends, arr[:, 1], side="left")
    ok = (last < len(ends)) & (last >= first)
    first, last, code = first[ok], last[ok], arr[ok, 2] + 1
    one = first == last
    out[first] = code  # B
    out[last[~one]] = code[~one] + 2 * 16  # L
    out[first[one]] = code[one] + 3 * 16  # U
    for a, b, c in zip(first[~one].tolist(), last[~one].tolist(), code[~one].tolist(), strict=True):
        if b > a + 1:
            out[a + 1 : b] = c + 16  # I
    return out
