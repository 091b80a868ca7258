"""Turn a content file's bytes into text with "\\n" line endings, or refuse it.

Pure: takes bytes and the path (for messages only), returns a ``Decoded`` record.
Every refusal is a ``ContentError`` naming the file; nothing else escapes.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgen.errors import ContentError

# ftfy and charset_normalizer (~0.1 s to import) are imported where they are
# needed: most files are UTF-8, and an ASCII one needs neither (a rebuild after an
# edit often parses just such a file).
if TYPE_CHECKING:
    import ftfy

__all__ = ["Decoded", "decode"]


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, the encoding it was read with, and what had to be repaired."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


# Magic numbers of the binary formats most likely to land in a content folder by
# mistake (images, archives, documents, executables).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/ODT)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Controls other than tab, newline, carriage return and form feed: text files have
# next to none, binary files have many. C1 controls are counted only after the
# mojibake repair, which turns them back into the quotes they came from.
_C0 = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_C0_C1 = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05
_NEWLINES = re.compile(r"\r\n?")

# An English-language archive's legacy files are overwhelmingly Windows-1252 or
# Latin-1; on short texts the detector cannot tell cp1252 from cp1250 and the like,
# so a Western reading that is no more chaotic than the best guess wins.
_WESTERN = ["cp1252", "latin_1", "iso8859_15"]
_CHAOS_MARGIN = 0.02


@functools.cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def decode(data: bytes, path: str, max_bytes: int = 2_000_000) -> Decoded:
    """Decode a content file, refusing empty, oversized, binary and NUL-bearing files."""
    try:
        return _decode(bytes(data), path, max_bytes)
    except ContentError:
        raise
    except Exception as exc:
        # The promise is "only ContentError": a decoder library bug must not crash a build.
        raise ContentError(f"cannot decode the file: {exc}", path) from exc


def _decode(data: bytes, path: str, max_bytes: int) -> Decoded:
    if not data:
        raise ContentError("empty file", path)
    if len(data) > max_bytes:
        raise ContentError(f"file too large: {len(data)} bytes (limit {max_bytes})", path)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ContentError(f"binary file ({kind}), not text", path)

    warnings: list[str] = []
    text, encoding = _to_text(data, path, warnings)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ContentError("empty file (only white space)", path)
    _refuse_binary(text, _C0, path)
    text = _NEWLINES.sub("\n", text)
    fixed = _fix_mojibake(text)
    if fixed != text:
        warnings.append("repaired mis-decoded characters (mojibake) with ftfy")
        text = fixed
    _refuse_binary(text, _C0_C1, path)
    return Decoded(text=text, encoding=encoding, warnings=tuple(warnings))


# ftfy.fix_text repairs a text line by line (each line with its "\n" is a segment
# fixed on its own), and leaves an ASCII line as it is: ASCII holds no mojibake, no
# C1 control and no surrogate. So handing it only the lines with a non-ASCII
# character gives the same text, while skipping its per-line overhead on the rest
# (most files are ASCII but for a few quotes, dashes or a copyright sign).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fix_mojibake(text: str) -> str:
    """``ftfy.fix_text(text, _ftfy_config())``, skipping the lines it cannot change.

    Each line holding a non-ASCII character is found by searching for that
    character, then for the line's ends (a regular expression for whole such lines
    backtracked over every line), and fixed with its "\\n" as ftfy would.
    """
    if text.isascii():
        return text
    pieces: list[str] = []
    done = 0
    found = _NON_ASCII.search(text)
    while found is not None:
        start = text.rfind("\n", done, found.start()) + 1 or done
        end = text.find("\n", found.end())
        end = len(text) if end < 0 else end + 1
        pieces.append(text[done:start])
        line = text[start:end]
        pieces.append(_fix_short_line(line) if len(line) <= 200 else _fix_line(line))
        done = end
        found = _NON_ASCII.search(text, end)
    pieces.append(text[done:])
    return "".join(pieces)


def _fix_line(line: str) -> str:
    import ftfy

    return ftfy.fix_text(line, _ftfy_config())


# Short lines with a non-ASCII character come back in file after file (copyright
# footers, bylines, share bars, datelines), and ftfy takes ~0.1 ms over one.
_fix_short_line = functools.lru_cache(maxsize=4096)(_fix_line)


def _refuse_binary(text: str, controls: re.Pattern[str], path: str) -> None:
    count = len(controls.findall(text))
    if count > _MAX_CONTROL_SHARE * len(text):
        raise ContentError(f"binary file: {count} control characters in {len(text)}", path)


def _to_text(data: bytes, path: str, warnings: list[str]) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError as exc:
                raise ContentError(
                    f"file starts with a {encoding} byte order mark but is not valid "
                    f"{encoding} (byte {exc.start + len(bom)})",
                    path,
                ) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            encoding, text = utf16
            if text is None:
                raise ContentError(
                    f"looks like {encoding.upper()} without a byte-order mark, but is not "
                    "valid UTF-16; re-save it as UTF-8",
                    path,
                )
            warnings.append(
                f"no byte-order mark: decoded as {encoding.upper()} (guessed from the "
                "NUL bytes); re-save it as UTF-8"
            )
            return text, encoding
        raise ContentError(f"binary file: NUL byte at offset {nul}", path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    detected = _detect(data)
    if detected is None:
        raise ContentError("not text: no character encoding fits the bytes", path)
    warnings.append(f"not UTF-8: decoded as {detected} (detected)")
    return data.decode(detected, errors="replace"), detected


# UTF-16 text with no byte-order mark (Notepad's "Unicode" without one, some
# exporters): Latin text is then half NUL bytes, all at odd offsets (little-endian)
# or all at even ones (big-endian). Binary files have NULs on both.
_UTF16_NUL_SHARE = 0.3
_UTF16_STRAY_SHARE = 0.01


def _utf16_without_bom(data: bytes) -> tuple[str, str | None] | None:
    """("utf-16-le" or "utf-16-be", the text or None when it does not decode)
    when the NUL bytes say UTF-16 without a BOM; None when they do not."""
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    pairs = len(data) // 2 or 1
    if odd >= _UTF16_NUL_SHARE * pairs and even <= _UTF16_STRAY_SHARE * odd:
        encoding = "utf-16-le"
    elif even >= _UTF16_NUL_SHARE * pairs and odd <= _UTF16_STRAY_SHARE * even:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return encoding, None
    return encoding, (None if "\x00" in text else text)


# Latin-script text in a single-byte code page has its non-ASCII letters one at a
# time between ASCII ones (café, £15.8m, Müller); Japanese, Chinese and Korean
# double-byte text, and Cyrillic or Greek in a single-byte page, have runs of them.
# The detector weighs the other way on short texts: "£15.8m" reads as cp932
# half-width katakana as cleanly as Latin-1, so the runs decide first. UTF-8
# sequences (a file mixing UTF-8 with Latin-1) are set aside: ftfy repairs them.
_HIGH_RUN = re.compile(rb"[\x80-\xff]{3,}")
_HIGH = re.compile(rb"[\x80-\xff]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_RUN_SHARE = 0.3
_LATIN_PAGES = ["cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1257", "cp1254"]


def _latin_script(data: bytes) -> bool:
    """The non-ASCII bytes stand mostly alone: a Latin-script text."""
    rest = _UTF8_SEQUENCE.sub(b"", data)
    high = len(_HIGH.findall(rest))
    in_runs = sum(len(run) for run in _HIGH_RUN.findall(rest))
    return in_runs <= _RUN_SHARE * high


# Half-width katakana (U+FF61-U+FF9F) is all but unused in Japanese prose: a
# reading made mostly of it is single-byte text (KOI8-R, Latin) taken for cp932.
_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]")


def _plausible(text: str) -> bool:
    non_ascii = len(_NON_ASCII.findall(text))
    return len(_HALF_WIDTH_KANA.findall(text)) <= 0.3 * non_ascii


def _detect(data: bytes) -> str | None:
    import charset_normalizer

    if _latin_script(data):
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            # One of the five bytes cp1252 leaves undefined: another Latin page.
            latin = charset_normalizer.from_bytes(data, cp_isolation=_LATIN_PAGES).best()
            return "latin_1" if latin is None else latin.encoding
    matches = charset_normalizer.from_bytes(data)
    best = next((m for m in matches if _plausible(str(m))), matches.best())
    western = charset_normalizer.from_bytes(data, cp_isolation=_WESTERN).best()
    if western is not None and (best is None or western.chaos <= best.chaos + _CHAOS_MARGIN):
        return western.encoding
    return None if best is None else best.encoding
