"""Small text helpers shared by the raw reader's stages."""

from __future__ import annotations

import re

from newsgen.parse.raw.patterns import (
    _ELLIPSIS_END,
    _NAME_PARTICLES,
    _SENTENCE_END,
)
from newsgen.parse.raw.state import (
    _State,
)

# A site name after the headline in a page title: "Senate passes bill | The Express Tribune".
_TITLE_SITE = re.compile(r"^(.+?\S.*?\s\S.*?\s\S.*?)\s+\|\s+([^|]{2,40})$")

# HTML character references left by scrapers and SGML archives (&lt; &amp; &#3;),
# and control characters, which are never article text.
# SGML archives write the names in capitals too: "AT&AMP;T".
_CHAR_REF = re.compile(
    r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos|nbsp|LT|GT|AMP|QUOT));"
)

_NAMED_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'", "nbsp": " "}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _caps(word: str) -> bool:
    return not any(ch.islower() for ch in word)


def _join(parts: list[str]) -> str:
    out = parts[0]
    for p in parts[1:]:
        # "well-" + "known": a word hyphenated at the wrap keeps its hyphen, no space.
        if len(out) > 1 and out[-1] == "-" and out[-2].isalpha():
            out += p
        else:
            out += " " + p
    return out


def _body_like(text: str) -> bool:
    """A paragraph that reads as article prose rather than a headline or teaser."""
    if _ELLIPSIS_END.search(text):
        return False
    words = text.count(" ") + 1
    return (words >= 8 and _SENTENCE_END.search(text) is not None) or words >= 30


def _clean_chars(text: str) -> str:
    """Resolve HTML character references and drop control characters."""
    if "&" in text:
        text = _CHAR_REF.sub(_char_ref, text)
    return _CONTROL.sub("", text)


def _char_ref(m: re.Match[str]) -> str:
    if m.group(3):
        return _NAMED_REFS[m.group(3).lower()]
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return m.group()
    return chr(code)


def _title(line: str, n: int, state: _State) -> str:
    """The headline, without a site name a page title adds after '|'."""
    # The "|" test first: on a headline without one the expression still tries
    # every way of cutting it into three words (a fifth of reading a short file).
    m = _TITLE_SITE.match(line) if "|" in line else None
    if m is not None:
        site = m.group(2).split()
        if len(site) <= 5 and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in site):
            state.drop(m.group(2), "title: site name after '|'", n)
            return m.group(1)
    return line


def _flat(s: str) -> str:
    """Runs of white space as one space, none at the ends."""
    return " ".join(s.split())


def _key(s: str) -> str:
    """The letters and digits of ``s``, case-folded (``str.isalnum`` characters)."""
    return "".join(_ALNUM_RUN.findall(s.casefold()))


_ALNUM_RUN = re.compile(r"[^\W_]+")  # \w is isalnum() or "_", character by character
