import re
from html.parser import HTMLParser

import pytest

from newsgen.parse.markdown_body import html_paragraphs, paragraphs_html, render_markdown

# Every attribute the sanitiser may leave in Markdown output.
_ALLOWED = {"href", "title", "class", "src", "alt", "start", "id", "style", "rel"}
_SCHEMES = {"http", "https", "mailto", "tel"}


def test_markdown_renders_and_raw_html_is_escaped() -> None:
    html = render_markdown("Some *text*\n\n<script>alert(1)</script>\n\n<b onclick=x>hi</b>")
    assert "<em>text</em>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b " not in html


def test_unsafe_link_schemes_dropped() -> None:
    html = render_markdown("[a](javascript:alert(1)) [b](https://ok.example/) [c](/local/)")
    assert "javascript:" not in html
    assert 'href="https://ok.example/"' in html and 'href="/local/"' in html


def test_html_paragraphs_gives_block_text() -> None:
    html = render_markdown("## Head\n\nPara *one*.\n\n- item a\n- item b\n\n> quoted")
    assert html_paragraphs(html) == ["Head", "Para one.", "item a", "item b", "quoted"]


def test_raw_paragraphs_are_escaped_text() -> None:
    assert paragraphs_html(["a < b & <i>c</i>", "*not md*"]) == (
        "<p>a &lt; b &amp; &lt;i&gt;c&lt;/i&gt;</p>\n<p>*not md*</p>"
    )


# Each of these ran script (on load, focus, hover or click) before the sanitiser.
_SCRIPTED = [
    '![x](missing.png){: onerror="alert(1)" }',
    '## Heading {: tabindex="0" autofocus onfocus="alert(1)" }',
    'Hover me {: onmouseover="alert(1)" }',
    '[c](https://ok.example/){: onclick="alert(1)" }',
    "[c](javascript&#58;alert&#40;1&#41;)",
    "[c](&#x6A;avascript&#x3A;alert(1))",
    "[c](javascript&colon;alert(1))",
    "[c](java&#9;script:alert(1))",
    "[c](java&#x0A;script:alert(1))",
    "[c](JAVASCRIPT:alert(1))",
    "[c](  javascript:alert(1))",
    "[c](vbscript:msgbox(1))",
    "[c](data:text/html,<script>alert(1)</script>)",
    "![c](data:image/svg+xml,<svg onload=alert(1)>)",
    "[c][r]\n\n[r]: javascript&#58;alert(1)",
    '[c](https://ok.example/){: href="javascript:alert(1)" }',
    "<javascript:alert(1)>",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


@pytest.mark.parametrize("text", _SCRIPTED)
def test_no_script_capable_markup_survives(text: str) -> None:
    html = render_markdown(text)
    for tag, attrs in _tags(html):
        assert tag not in ("script", "svg", "iframe", "object", "embed"), html
        for name, value in attrs:
            assert name in _ALLOWED, html
            if name in ("href", "src"):
                # What a browser reads: entities decoded (by the parser), tabs and
                # newlines dropped, case ignored.
                url = re.sub(r"[\t\n\r]", "", value or "").strip().lower()
                scheme = re.match(r"([a-z][a-z0-9+.-]*):", url)
                assert scheme is None or scheme.group(1) in _SCHEMES, html


def test_style_and_ids_from_attribute_lists_are_dropped() -> None:
    html = render_markdown('## Head {: #main .skip style="position:fixed" }\n\nText\n{: #search }')
    assert html == "<h2>Head</h2>\n<p>Text</p>"


def test_footnotes_keep_their_links_and_targets() -> None:
    html = render_markdown("Claim[^1] and another[^src].\n\n[^1]: First.\n[^src]: Second.")
    assert 'href="#fn:1"' in html and 'id="fn:1"' in html
    assert 'href="#fnref:1"' in html and 'id="fnref:1"' in html
    assert 'href="#fn:src"' in html and 'id="fn:src"' in html
    assert html_paragraphs(html)[0] == "Claim1 and another2."


def test_tables_keep_column_alignment_only() -> None:
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert '<th style="text-align:left">a</th>' in html
    assert '<td style="text-align:right">2</td>' in html


def test_links_to_other_sites_get_rel_and_others_do_not() -> None:
    html = render_markdown(
        "[a](https://x.example/) [b](/local/) [c](#top) [d](mailto:a@x.example) [e](tel:+1)"
    )
    assert '<a href="https://x.example/" rel="noopener noreferrer">a</a>' in html
    for kept in ('<a href="/local/">b', '<a href="#top">c', '<a href="mailto:a@x.example">d'):
        assert kept in html
    assert '<a href="tel:+1">e</a>' in html


def test_news_markup_survives_the_sanitiser() -> None:
    text = (
        "Text with *em*, **strong**, `code` and an ABBR.\n\n"
        "> quoted\n\n1. one\n2. two\n\n- a\n- b\n\nTerm\n: Definition\n\n"
        '![alt](/img/a.png "title")\n\n```python\nx = 1 < 2\n```\n\n---\n\n'
        "*[ABBR]: An abbreviation"
    )
    html = render_markdown(text)
    for part in (
        "<em>em</em>", "<strong>strong</strong>", "<code>code</code>",
        '<abbr title="An abbreviation">ABBR</abbr>', "<blockquote>", "<ol>", "<ul>", "<dl>",
        '<img alt="alt" src="/img/a.png" title="title">', '<code class="language-python">',
        "x = 1 &lt; 2", "<hr>",
    ):  # fmt: skip
        assert part in html, part
