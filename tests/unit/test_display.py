"""Display-only text: headline case for ALL-CAPS headlines, typographic quotes in raw text."""

from __future__ import annotations

import pytest

from newsgen.config import parse_config
from newsgen.display import headline, smarten
from newsgen.model import SourceFile
from newsgen.parse import parse_source
from newsgen.parse.markdown_body import paragraphs_html, render_markdown
from newsgen.views import lead_with_dateline


@pytest.mark.parametrize(
    ("shouted", "shown"),
    [
        ("KARACHI HARBOUR BOARD SEES RECORD TRAFFIC", "Karachi Harbour Board Sees Record Traffic"),
        ("PAKISTAN'S PM MEETS UN CHIEF IN NEW YORK", "Pakistan's PM Meets UN Chief in New York"),
        ("NATO AND US TALKS END: THE WAY AHEAD", "NATO and US Talks End: The Way Ahead"),
        (
            "G20 LEADERS MEET IN 1990 FOR COVID-19 TALKS",
            "G20 Leaders Meet in 1990 for COVID-19 Talks",
        ),
        ("PML-N WINS BY-ELECTION", "PML-N Wins By-Election"),
        ("MR BHUTTO GOES TO WASHINGTON", "Mr Bhutto Goes to Washington"),
        ("O'BRIEN SAYS HE WON'T RUN", "O'Brien Says He Won't Run"),
        ("WHAT IT IS FOR", "What It Is For"),  # first and last words capitalised
        ("FLOODS — A CITY WAITS", "Floods — A City Waits"),
        ("ÉTÉ À KARACHI", "Été À Karachi"),  # the small words are English ones
    ],
)
def test_shouted_headlines_are_title_cased(shouted: str, shown: str) -> None:
    assert headline(shouted) == shown


@pytest.mark.parametrize(
    "kept",
    [
        "Karachi harbour board sees record traffic",  # any lower case: as written
        "IVU lays foundation stone in Gwadar",
        "UN, US",  # nothing but acronyms
        "2025",
        "",
        "KSE: 42,000",
    ],
)
def test_other_headlines_are_kept(kept: str) -> None:
    assert headline(kept) == kept


@pytest.mark.parametrize(
    ("plain", "smart"),
    [
        ('He said "it\'s over".', "He said “it’s over”."),
        ("'Quoted' words", "‘Quoted’ words"),
        ("the '90s and the 1990s' end", "the ’90s and the 1990s’ end"),
        ("wait -- then --- go...", "wait – then — go…"),
        ("(\"nested 'one'\")", "(“nested ‘one’”)"),
        ('end"', "end”"),
        ("no quotes here", "no quotes here"),
    ],
)
def test_smarten_like_markdown_smarty(plain: str, smart: str) -> None:
    assert smarten(plain) == smart


def test_smarten_matches_markdown_on_common_text() -> None:
    text = "He said \"it's over\" -- and 'so it is'..."
    markdown = render_markdown(text)
    assert paragraphs_html([text]) == markdown.replace("&ndash;", "–").replace(
        "&hellip;", "…"
    ).replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&lsquo;", "‘").replace(
        "&rsquo;", "’"
    )


def test_raw_paragraphs_stay_escaped() -> None:
    html = paragraphs_html(['<b>"bold"</b> & \'x\' <script>alert("x")</script>'])
    assert "<b>" not in html and "<script>" not in html
    assert html == (
        "<p>&lt;b&gt;“bold”&lt;/b&gt; &amp; ‘x’ &lt;script&gt;alert(“x”)&lt;/script&gt;</p>"
    )


def test_text_for_entities_keeps_straight_quotes() -> None:
    source = SourceFile(
        "content/a.txt",
        b'QUOTES TEST HEADLINE\n\nKARACHI: Ali Khan said "the port\'s busy" -- twice.\n',
    )
    article = parse_source(source, parse_config("title: T\n"), need_date=False).article
    assert '"the port\'s busy" --' in article.text
    assert "“the port’s busy” –" in article.body_html
    assert article.title == "QUOTES TEST HEADLINE"  # the record keeps the original


def test_dateline_leads_into_the_first_paragraph() -> None:
    body, inline = lead_with_dateline("<p>Text.</p>\n<p>More.</p>", "BEIJING", "APP")
    assert inline and body == (
        '<p><span data-pagefind-ignore><span class="dateline">BEIJING (APP)</span> — </span>'
        "Text.</p>\n<p>More.</p>"
    )
    assert lead_with_dateline("<h2>H</h2>", "BEIJING", None) == ("<h2>H</h2>", False)
    assert lead_with_dateline("<p>Text.</p>", None, None) == ("<p>Text.</p>", False)
    body, _ = lead_with_dateline("<p>x</p>", "<A & B>", None)
    assert '<span class="dateline">&lt;A &amp; B&gt;</span>' in body
