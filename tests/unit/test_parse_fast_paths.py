"""The parse stage's shortcuts give exactly what the plain library calls give."""

import random

import ftfy
import markdown
import pytest
import yaml

from newsgen import safe_yaml
from newsgen.decode import _fix_mojibake, _ftfy_config
from newsgen.parse import markdown_body, md_shortcuts
from newsgen.parse.markdown_body import _UntrustedText, render_markdown
from newsgen.parse.raw import dates, furniture, patterns, text

_TOKENS = [
    "word", "Word", " ", "\n", "\n\n", "  \n", "*", "**", "_", "`", "\\", "[", "]", "(", ")",
    "![", "[^1]", "[^1]: note\n", "[a]: http://x.y\n", "<", ">", "<http://a.b/c>",
    "<me@x.org>", "&", "&amp;", "'", '"', "--", "---", "...", "- ", "# ", "> ", "ABBR",
    "*[ABBR]: Abbreviation\n", "'70s", "<b>", "javascript:x", "é", "“",
]  # fmt: skip
# Block-level starts: what must keep a block off the plain-paragraph shortcut.
_BLOCK_TOKENS = [
    "  ", "   ", "    ", "\t", "\n\n\n", "+ ", "* ", "1. ", "12. ", "1) ", "٣. ", "2024.",
    "## ", ": ", "=", "===", "___", "***", "- - -", "|", "| a | b |\n|---|---|\n", "Term\n: def\n",
    "```\n", "~~~\n", "{: .x}", "\r", "\x02", "\x03", "\u00a0", "**KARACHI:** ", "*[",
]  # fmt: skip
_PROSE = ["word", "Word", "said", " ", " ", "\n", "\n\n", "7", "x.", "A", '"', "'"]


def _plain_markdown(text: str) -> str:
    md = markdown.Markdown(
        extensions=["extra", "sane_lists", "smarty", _UntrustedText()], output_format="html"
    )
    return markdown_body.sanitize(md.convert(text))


def test_reused_skipping_converter_matches_a_fresh_plain_one() -> None:
    rng = random.Random(11)
    docs = ["Note[^1] on HTML.\n\n[^1]: Text.\n\n*[HTML]: Hyper Text", "No HTML[^1] here."]
    docs += ["".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 50))) for _ in range(400)]
    tokens = _TOKENS + _BLOCK_TOKENS
    docs += ["".join(rng.choice(tokens) for _ in range(rng.randint(1, 80))) for _ in range(400)]
    # Mostly prose, so that plain paragraphs sit among lists, quotes and tables.
    docs += [
        "".join(rng.choice(_PROSE if rng.random() < 0.8 else tokens) for _ in range(120))
        for _ in range(400)
    ]
    for doc in docs:
        assert render_markdown(doc) == _plain_markdown(doc), doc


_QUOTES = [
    '"', '"', "'", "'", " ", " ", "word", "Word", "s", "70s", "'70s", "--", "---", "----", "...",
    "....", ".", ",", "!", "?", "(", ")", "[", "]", "{", "}", "-", "–", "—", "&nbsp;", "&mdash;",
    "&ndash;", "&#8211;", "\t", "\n", "\n\n", "*em*", "`c`", "x_y", "1", "12", "é", "“", "’",
]  # fmt: skip


def test_smarty_substitution_matches_a_fresh_plain_converter() -> None:
    rng = random.Random(12)
    for _ in range(1500):
        doc = "".join(rng.choice(_QUOTES) for _ in range(rng.randint(1, 40)))
        assert render_markdown(doc) == _plain_markdown(doc), doc


def test_idle_steps_run_when_their_character_is_there() -> None:
    docs = [
        "Para {: .x}\n\n## Head {: #h}",
        "A \\*star\\* and `\\\\`",
        "```\ncode\n```\n\n~~~ python\nx\n~~~",
        "line\n   \nline",
        "plain text only",
    ]
    for doc in docs:
        assert render_markdown(doc) == _plain_markdown(doc), doc


@pytest.mark.parametrize(
    ("block", "plain"),
    [
        ("Plain words. More words.", True),
        ("**KARACHI:** The port", True),
        ("line one\nline two", True),
        ("line one\n**two**", True),
        ("12.5 percent", True),
        ("12. item", False),
        ("* item", False),
        ("*[HTML]: Hyper", False),
        ("***", False),
        ("line\n- item", False),
        ("line\n  indented", False),
        ("line\n", False),
        ("a | b", False),
        ("# Heading", False),
        ("Heading\n===", False),
        ("> quote", False),
        ("Term\n: definition", False),
        ("[a]: http://x", False),
        ("\x02wzxhzdk:0\x03", False),
        ("", False),
    ],
)
def test_plain_block(block: str, plain: bool) -> None:
    assert md_shortcuts.is_plain(block) is plain


_HTML_TOKENS = [
    "<p>", "</p>", "<P>", "</P >", "<br>", "<br />", "<br/>", "</br>", "<h2>", "</h2>", "<em>",
    "</em>", '<a href="x&amp;y">', "</a>", '<p class="a" id="b">', "<script>", "</script>",
    "<style>", "<!-- c -->", "<!x>", "<?pi>", "< p>", "<", ">", "&", "&amp;", "&amp", "&lt;",
    "&#39;", "&#x27", "&nbsp;", "&ldquo;", "&notin;", "&notit;", "word", " ", "  ", "\n", "\t",
    "\xa0", "é", "<li>", "</li>", "<td>", "<pre><code>", "</code></pre>", '<img alt="x" src="y">',
    "<p\xa0x>", '<a title="<">', "<div>", "</div>", "<dd/>", "<p/>",
]  # fmt: skip


def test_simple_html_paragraphs_match_html_parser() -> None:
    rng = random.Random(5)
    odd = ("</P >", "<script>", "</script>", "<style>", "<!-- c -->", "<!x>", "<?pi>", "< p>")
    simple = [t for t in _HTML_TOKENS if t not in (*odd, "<", "<p\xa0x>", '<a title="<">')]
    fragments = [
        "".join(rng.choice(tokens) for _ in range(rng.randint(0, 40)))
        for tokens in (_HTML_TOKENS, simple)
        for _ in range(1500)
    ]
    fragments += [
        render_markdown("".join(rng.choice(_TOKENS) for _ in range(40))) for _ in range(300)
    ]
    taken = 0
    for fragment in fragments:
        fast = markdown_body._simple_paragraphs(fragment)
        if fast is not None:
            taken += 1
            assert fast == markdown_body._parsed_paragraphs(fragment), fragment
        assert markdown_body.html_paragraphs(fragment) == markdown_body._parsed_paragraphs(fragment)
    assert taken > 1000


_MOJIBAKE = [
    "plain", " ", "\n", "\n\n", "Ã©", "Ã¼", "â€”", "â€œ", "Â", "Ã", "é", "“", "©", "\x85",
    "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x80", "\x93", "caf", "MÃ¼ller", "\t",
]  # fmt: skip


def test_mojibake_repair_matches_ftfy_on_random_text() -> None:
    rng = random.Random(3)
    for _ in range(1000):
        text = "".join(rng.choice(_MOJIBAKE) for _ in range(rng.randint(0, 30)))
        assert _fix_mojibake(text) == ftfy.fix_text(text, _ftfy_config()), text


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii\n",
        "MÃ¼ller said â€” hi\nplain line\n",
        "Ã \nÂ x\nlast",
        "curly “quotes” © 2024\n",
        "\x80\x93 c1 controls\n",
        "caf\u00c3\u00a9\r\nno newline at end",
    ],
)
def test_mojibake_repair_matches_ftfy(text: str) -> None:
    assert _fix_mojibake(text) == ftfy.fix_text(text, _ftfy_config())


@pytest.mark.parametrize(
    "block",
    [
        "title: x\ndate: 2024-01-02\ntags: [a, b]",
        "a:\tb",  # libyaml accepts the tab, PyYAML does not
        "k: |#",
        "k: [a?, b]",
        "- !",
        "k: '\u2028'",
        "bad: [",
        "t: 2024-99-01",
    ],
)
def test_front_matter_loader_matches_pyyaml(block: str) -> None:
    def run(load):  # type: ignore[no-untyped-def]
        try:
            return ("ok", load(block))
        except Exception as exc:  # noqa: BLE001 - comparing failures too
            return ("error", type(exc), str(exc))

    assert run(lambda text: safe_yaml.load(text, 10_000)[0]) == run(yaml.safe_load)


_FURNITURE_TOKENS = [
    "photo", "Photo", "PHOTOS", "picture", "image", "ımage", "file", "File ", " ", "  ", "\t",
    "\n", ":", "courtesy", "credit", "credit:", "by", "By", ".", "!", "?", "(", ")", "/",
    "Xinhua", "Li Ming", "AFP", "—", "–", "-", "--", "follow", "Follow", "follow-up", "like us",
    "join us", "join our", "subscribe", "download the", "sign up", "stay tuned", "please ", ",",
    ";", "words", "x" * 70, "é", "’", "'", "A.B", "\u212a", "ſubscribe",
]  # fmt: skip


def test_split_furniture_searches_match_the_whole_expressions() -> None:
    rng = random.Random(4)
    found = 0
    for _ in range(20000):
        line = "".join(rng.choice(_FURNITURE_TOKENS) for _ in range(rng.randint(0, 14)))
        caption = patterns._CAPTION.search(line) is not None
        assert furniture._is_caption(line) is caption, line
        call = patterns._CALL_TO_ACTION.search(line) is not None
        assert furniture._calls_to_action(line) is call, line
        found += caption + call
    assert found > 1000


def test_alnum_key_is_isalnum() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert text._key(every) == "".join(ch for ch in every.casefold() if ch.isalnum())


def _line_junk_one_by_one(s: str) -> str | None:
    """furniture._line_junk as it was written before the combined line-start test."""
    if patterns._WIRE_STAMP.match(s):
        return "wire tail: transmission stamp"
    if furniture._DESK_CODES.match(s):
        return "wire tail: desk initials"
    if furniture._MORE_MARKER.match(s):
        return "wire: continuation or end marker"
    if patterns._COPYRIGHT.match(s):
        return "site junk: copyright line"
    if patterns._STAMP.match(s) and dates._stamp_date(s) is not None:
        return "site junk: publication stamp"
    if patterns._SECTION_MARKER.match(s):
        return f"site junk: link list heading '{s}'"
    if furniture._INLINE_LINK.match(s) and len(s) <= 200:
        return "site junk: inline link"
    if furniture._is_social(s):
        return "site junk: share or follow line"
    if furniture._FURNITURE.match(s):
        return "site junk: page furniture"
    if len(s) <= 200 and patterns._CALL_TO_ACTION.search(s) and furniture._CTA_PLACE.search(s):
        return "site junk: call to follow or subscribe"
    if len(s) <= 300 and patterns._CAPTION.search(s):
        return "site junk: photo caption or credit"
    return None


_LINE_TOKENS = [
    *_FURNITURE_TOKENS, "APX-NY-11-26-26 0924EDT", "bur-ach/js", "(rmb)", "MORE", "-0-", "END",
    "© 2019", "(c) 2024", "Copyright 2020", "Published: 26 Nov 2026 10:14 am", "Updated",
    "Must Read", "Related", "Also Read: Port", "Read more -", "Share this:", "Facebook",
    "Twitter", "WhatsApp", "Advertisement", "Tags: a, b", "3 min read", "click here",
    "#", "@dawn_com", "Instagram", "on", "channel", "The", "said", "2026", "November 26",
]  # fmt: skip


def test_line_junk_matches_one_test_at_a_time() -> None:
    rng = random.Random(6)
    reasons = set()
    for _ in range(20000):
        line = " ".join(rng.choice(_LINE_TOKENS) for _ in range(rng.randint(1, 10)))
        expected = _line_junk_one_by_one(line)
        assert furniture._line_junk(line) == expected, line
        reasons.add(expected)
    assert len(reasons) > 10
