"""The parse stage's shortcuts give exactly what the plain library calls give."""

import random

import ftfy
import markdown
import pytest
import yaml

from newsgen.decode import _FTFY_CONFIG, _fix_mojibake
from newsgen.parse import frontmatter
from newsgen.parse.markdown_body import _UntrustedText, render_markdown

_TOKENS = [
    "word", "Word", " ", "\n", "\n\n", "  \n", "*", "**", "_", "`", "\\", "[", "]", "(", ")",
    "![", "[^1]", "[^1]: note\n", "[a]: http://x.y\n", "<", ">", "<http://a.b/c>",
    "<me@x.org>", "&", "&amp;", "'", '"', "--", "---", "...", "- ", "# ", "> ", "ABBR",
    "*[ABBR]: Abbreviation\n", "'70s", "<b>", "javascript:x", "é", "“",
]  # fmt: skip


def _plain_markdown(text: str) -> str:
    md = markdown.Markdown(
        extensions=["extra", "sane_lists", "smarty", _UntrustedText()], output_format="html"
    )
    return md.convert(text)


def test_reused_skipping_converter_matches_a_fresh_plain_one() -> None:
    rng = random.Random(11)
    docs = ["Note[^1] on HTML.\n\n[^1]: Text.\n\n*[HTML]: Hyper Text", "No HTML[^1] here."]
    docs += ["".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 50))) for _ in range(400)]
    for doc in docs:
        assert render_markdown(doc) == _plain_markdown(doc), doc


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
    assert _fix_mojibake(text) == ftfy.fix_text(text, _FTFY_CONFIG)


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

    assert run(frontmatter._safe_load) == run(yaml.safe_load)
