"""The preview server's answers, without a socket: ``respond`` on a real folder,
the Host guard and the live-reload script."""

from __future__ import annotations

from pathlib import Path

from newsgen.serve import HostPolicy, SiteState, inject, respond


def _state(root: Path, problems: tuple[str, ...] = ()) -> SiteState:
    (root / "2024" / "ferry").mkdir(parents=True)
    (root / "index.html").write_text("<html><body>front</body></html>")
    (root / "2024" / "ferry" / "index.html").write_text("<body>ferry</body>")
    (root / "404.html").write_text("<body>missing</body>")
    (root / ".newsgen-output").write_text("marker")
    return SiteState(current=root, base_path="/", generation="g1", problems=problems)


def test_pages_folders_and_refusals(tmp_path: Path) -> None:
    state = _state(tmp_path)
    status, headers, body = respond(state, "/")
    assert status == 200 and body.startswith(b"<html><body>front")
    assert headers["Content-Type"].startswith("text/html")
    assert b'"g1"' in body  # the live-reload script names this build
    status, headers, _ = respond(state, "/2024/ferry")
    assert status in (301, 302, 307, 308) and headers["Location"] == "/2024/ferry/"
    assert respond(state, "/2024/ferry/")[2].startswith(b"<body>ferry")
    for path in ("/.newsgen-output", "/../etc/passwd", "/2024/", "/a\\b", "/none/"):
        status, _, body = respond(state, path)
        assert status == 404 and body.startswith(b"<body>missing"), path


def test_a_failed_first_build_shows_its_problems_escaped(tmp_path: Path) -> None:
    state = SiteState(problems=('error: content/a.md: bad <script>alert("x")</script>',))
    status, _, body = respond(state, "/")
    assert status == 503
    assert b"<script>alert" not in body
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_host_policy() -> None:
    local = HostPolicy.for_bind("127.0.0.1")
    assert local.allows(["localhost:8000"]) and local.allows(["127.0.0.1"])
    assert local.allows(["[::1]:8000"]) and local.allows(None)
    assert not local.allows(["evil.example"]) and not local.allows(["a", "b"])
    allowed = HostPolicy.for_bind("127.0.0.1", (".example.test",))
    assert allowed.allows(["news.example.test"]) and not allowed.allows(["example.org"])


def test_inject_before_the_last_body_end() -> None:
    page = inject(b"<p>a</p></BODY>tail", "g2")
    assert page.endswith(b"</BODY>tail") and b'"g2"' in page
    assert inject(b"no body", "g2").startswith(b"no body<script")
