"""decode(): bytes in, text with "\\n" line endings out, or a ContentError naming the file."""

from __future__ import annotations

import codecs

import pytest

from newsgen.decode import Decoded, decode
from newsgen.errors import ContentError

TEXT = "Café owners say “no” – it’s final\n\nMULTAN: They met.\n"


def test_plain_utf8() -> None:
    assert decode(TEXT.encode(), "a.txt") == Decoded(TEXT, "utf-8", ())


def test_utf8_bom_is_removed() -> None:
    got = decode(codecs.BOM_UTF8 + TEXT.encode(), "a.txt")
    assert got.text == TEXT
    assert got.encoding == "utf-8-sig"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_utf16_with_bom(bom: bytes, encoding: str) -> None:
    got = decode(bom + TEXT.replace("\n", "\r\n").encode(encoding), "a.txt")
    assert (got.text, got.encoding) == (TEXT, encoding)


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_endings_become_lf(eol: str) -> None:
    assert decode(TEXT.replace("\n", eol).encode(), "a.txt").text == TEXT


def test_mixed_line_endings() -> None:
    assert decode(b"a\r\nb\rc\nd\r\r\ne", "a.txt").text == "a\nb\nc\nd\n\ne"


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "The mayor’s office said “yes” — and the café opened.\n",
        "Père Noël visited the town’s school on Monday.\n",
        "Zürich’s choir sang Fauré.\n",
    ],
)
def test_cp1252_is_detected_with_a_warning(text: str) -> None:
    got = decode(text.encode("cp1252"), "a.txt")
    assert got.text == text
    assert got.encoding == "cp1252"
    assert got.warnings == ("not UTF-8: decoded as cp1252 (detected)",)


def test_latin1_is_read_as_western() -> None:
    got = decode("Zürich Straße über Öl\n".encode("latin-1"), "a.txt")
    assert got.text == "Zürich Straße über Öl\n"
    assert "not UTF-8" in got.warnings[0]


def test_non_western_single_byte_text_still_decodes() -> None:
    text = "Привет мир, как дела? Всё хорошо, спасибо.\n"
    got = decode(text.encode("cp1251"), "a.txt")
    assert got.text == text
    assert got.warnings


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("the governmentâ€™s vision", "the government’s vision"),
        ("cafÃ© culture", "café culture"),
        ("â€œQuotedâ€\x9d words", "“Quoted” words"),
    ],
)
def test_mojibake_is_repaired_with_a_warning(broken: str, fixed: str) -> None:
    got = decode(broken.encode(), "a.txt")
    assert got.text == fixed
    assert any("mojibake" in w for w in got.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "“Curly” quotes, ‘single’ ones — dashes – and … stay.",
        "Ligatures ﬁne, full-width ＡＢＣ, &amp; entities stay too.",
        "Naïve façade in São Paulo.",
    ],
)
def test_good_text_is_not_touched(text: str) -> None:
    assert decode(text.encode(), "a.txt") == Decoded(text, "utf-8", ())


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b" \n\r\n\t ", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (b"Headline\n\x00\x00body", "NUL"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (bytes(range(1, 32)) * 20, "binary"),
        (codecs.BOM_UTF16_LE + b"a", "utf-16"),
        # UTF-16 without a byte-order mark, cut short: named as such, not "binary".
        ("Hello".encode("utf-16-le") + b"!", "looks like UTF-16-LE without a byte-order mark"),
        ("Hello".encode("utf-16-be")[1:], "looks like UTF-16-LE without a byte-order mark"),
    ],
)
def test_refused(data: bytes, words: str) -> None:
    with pytest.raises(ContentError) as err:
        decode(data, "content/x.txt")
    assert err.value.path == "content/x.txt"
    assert words.lower() in err.value.message.lower()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded_with_a_warning(encoding: str) -> None:
    text = "Port strike ends\n\nDockers in Karachi went back to work — café owners cheered.\n"
    decoded = decode(text.encode(encoding), "content/x.txt")
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert any("no byte-order mark" in w and "UTF-8" in w for w in decoded.warnings)


def test_nul_bytes_on_both_offsets_are_still_binary() -> None:
    with pytest.raises(ContentError, match="NUL byte"):
        decode(b"Head\x00\x00line text with a few NUL bytes here", "x.txt")


def test_too_large() -> None:
    with pytest.raises(ContentError, match="too large"):
        decode(b"a" * 101, "x.txt", max_bytes=100)
    assert decode(b"a" * 100, "x.txt", max_bytes=100).text == "a" * 100


def test_only_content_error_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("detector exploded")

    monkeypatch.setattr(charset_normalizer, "from_bytes", boom)
    with pytest.raises(ContentError, match="detector exploded"):
        decode("Père".encode("cp1252"), "x.txt")
