from newsgen.parse.markdown_body import html_paragraphs, paragraphs_html, render_markdown


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
