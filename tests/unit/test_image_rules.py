"""The pure parts of newsgen.images: where an image is found, which derivatives it
gets, and how a picture reaches page signatures."""

from __future__ import annotations

import dataclasses

import pytest

from newsgen.images import ImageRefused, picture_of, plan_widths, resolve, with_picture
from newsgen.index import build_index
from newsgen.model import ImageSpec
from newsgen.parse.metadata import image_spec
from newsgen.views import Views, picture_view


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("photo.jpg", "content/2024/photo.jpg"),
        ("pics/photo.jpg", "content/2024/pics/photo.jpg"),
        ("../pictures/photo.jpg", "content/pictures/photo.jpg"),
        ("./photo.jpg", "content/2024/photo.jpg"),
        ("/photos/harbour.jpg", "static/photos/harbour.jpg"),
        ("//photos/harbour.jpg", None),
        ("../../photo.jpg", None),
        ("../../../../etc/passwd", None),
        ("/../newsgen.yaml", None),
        ("/../../x.jpg", None),
        ("https://example.com/x.jpg", None),
        ("data:image/png;base64,AAAA", None),
        ("a\\b.jpg", None),
    ],
)
def test_resolve(src: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ImageRefused):
            resolve(src, "content/2024/story.md", "content")
    else:
        assert resolve(src, "content/2024/story.md", "content") == expected


def test_widths_never_upscale() -> None:
    assert plan_widths(4000) == (480, 800, 1200)
    assert plan_widths(1000) == (480, 800, 1000)
    assert plan_widths(800) == (480, 800)
    assert plan_widths(300) == (300,)


def test_picture_lists_webp_and_jpeg_for_each_width() -> None:
    picture = picture_of(ImageSpec("a.jpg", "Alt", "Cap", "Cred"), "abc", 1000, 500)
    assert [(r.width, r.height, r.format) for r in picture.renditions] == [
        (480, 240, "webp"), (480, 240, "jpeg"),
        (800, 400, "webp"), (800, 400, "jpeg"),
        (1000, 500, "webp"), (1000, 500, "jpeg"),
    ]  # fmt: skip
    assert picture.renditions[0].path == "images/abc-480.webp"
    assert (picture.width, picture.height) == (1000, 500)
    view = picture_view(picture)
    assert view is not None and view.src == "images/abc-1000.jpg"


@pytest.mark.parametrize(
    ("value", "spec", "severities"),
    [
        (None, None, []),
        ("a.jpg", ImageSpec("a.jpg"), ["warning"]),
        ({"src": "a.jpg", "alt": "x"}, ImageSpec("a.jpg", "x"), []),
        ({"src": "a.jpg", "alt": ""}, ImageSpec("a.jpg", ""), []),
        ({"src": "a.jpg", "alt": "x", "size": 3}, ImageSpec("a.jpg", "x"), ["warning"]),
        ({"alt": "x"}, None, ["error"]),
        ({"src": ["a"], "alt": "x"}, None, ["error"]),
        (42, None, ["error"]),
        (["a.jpg"], None, ["error"]),
        (True, None, ["error"]),
    ],
)
def test_image_front_matter(value: object, spec: ImageSpec | None, severities: list[str]) -> None:
    found, problems = image_spec(value, "content/a.md")
    assert found == spec
    assert [p.severity for p in problems] == severities
    assert all(p.path == "content/a.md" and "image" in p.message for p in problems)


def test_a_picture_changes_the_page_and_card_fingerprints(tmp_path: object) -> None:
    from datetime import UTC, datetime

    from newsgen.config import Config
    from newsgen.model import Article

    article = Article(
        source_path="content/a.md", title="T", slug="t",
        date=datetime(2025, 1, 1, tzinfo=UTC), text="T", body_html="<p>x</p>", summary="s",
        image=ImageSpec("a.jpg", "alt"),
    )  # fmt: skip
    head = build_index([article]).by_id["content/a.md"]
    one = with_picture(head, picture_of(head.image, "one", 800, 600))  # type: ignore[arg-type]
    two = with_picture(head, picture_of(head.image, "two", 800, 600))  # type: ignore[arg-type]
    assert len({head.shown, one.shown, two.shown}) == 3
    assert len({head.card, one.card, two.card}) == 3
    assert one.frame == head.frame  # an image does not move any article between pages
    index = build_index([one])
    views = Views(index, Config(), datetime(2026, 1, 1, tzinfo=UTC), {"content/a.md": "<p>x</p>"})
    page = next(p for p in views.pages() if p.kind == "article")
    view = views.view(page)
    assert view.image is not None and view.head.image_url.endswith("images/one-800.jpg")  # type: ignore[attr-defined]
    assert view.head.jsonld["image"]["width"] == 800  # type: ignore[attr-defined]
    assert views.signature(page) != Views(
        build_index([two]), Config(), datetime(2026, 1, 1, tzinfo=UTC)
    ).signature(page)
    assert dataclasses.replace(one, picture=None).picture is None
