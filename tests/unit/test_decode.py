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


# Latin-1/cp1252 texts the detector alone read as another code page: cp932
# half-width katakana for "£" and "½", cp1250 "Ł", iso8859_15 "œ" for "½", cp437.
WESTERN_MISREAD = [
    "Title here\n\nthe ’s ½ £ £-.\n",
    "Rates\n\nthe bank’s ½ £ £-.\n",
    "Bid for Müller\n\nCity bid £15.8m for Müller, a ½ share of his £32m fee.\n",
    "Fares rise\n\nThe ½ price deal ends; a £5 ticket now costs £5.50.\n",
    "Fees\n\n-£15.8m ü ½ £.\n",
    "£15.8m\n",
    "Profits at the Cumbrian brewer rose to £15.8m, said chief executive Renée Dufresne.\n",
]


@pytest.mark.parametrize("text", WESTERN_MISREAD)
def test_a_western_reading_that_decodes_cleanly_wins(text: str) -> None:
    got = decode(text.encode("cp1252"), "a.txt")
    assert (got.text, got.encoding) == (text, "cp1252")


def test_latin1_texts_with_pounds_and_accents_long_and_short() -> None:
    import random

    rng = random.Random(5)
    words = [
        "the",
        "firm",
        "said",
        "profits",
        "rose",
        "to",
        "in",
        "year",
        "shares",
        "fell",
        "market",
        "deal",
    ]
    marks = ["£15.8m", "£600m", "£", "-£", "£-", "½", "é", "ü", "Süß", "«Ça»", "José", "°C"]
    for _ in range(300):
        tokens = [rng.choice(words) for _ in range(rng.randint(0, 80))]
        for _ in range(rng.randint(1, 10)):
            tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(marks))
        text = "Headline\n\n" + " ".join(tokens) + ".\n"
        assert decode(text.encode("latin-1"), "a.txt").text == text


@pytest.mark.parametrize(
    ("text", "encodings"),
    [
        (
            "東京都は、新型ウイルスの感染者が新たに確認されたと発表した。\n\n"
            "都によると、感染者はいずれも症状は軽いという。\n",
            ["cp932", "shift_jis", "euc_jp"],
        ),
        ("東京で地震\n", ["cp932"]),
        ("Sony results\n\nThe company, known as ソニー株式会社, said profits rose.\n", ["cp932"]),
        ("北京市政府今天宣布，将在明年开通三条新的地铁线路。\n", ["gbk"]),
        ("서울시는 오늘 새로운 지하철 노선을 발표했다.\n", ["euc_kr"]),
        ("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία.\n", ["cp1253"]),
        ("Правительство Москвы объявило о новых линиях метро.\n", ["cp1251"]),
    ],
)
def test_east_asian_and_other_scripts_still_decode(text: str, encodings: list[str]) -> None:
    for encoding in encodings:
        assert decode(text.encode(encoding), "a.txt").text == text


def test_utf8_mixed_with_latin1_is_repaired() -> None:
    data = "He said “profits rose” to ".encode() + "£15.8m at the café.\n".encode("latin-1")
    assert decode(data, "a.txt").text == "He said “profits rose” to £15.8m at the café.\n"


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
        decode("Москва".encode("cp1251"), "x.txt")
