"""`newsgen serve` over plain HTTP: a real server on 127.0.0.1, a free port, real requests.

The browser tests (test_browser.py) cover what a page does; these cover what the
server answers: content types, 404s, traversal, listings, base path, the
injected script, and that requests wait for a rebuild.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgen.serve import EVENTS_PATH, Preview

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "content"
BASE = "/archive/"
UNIQUE_WORD = "zephyrquokka"  # occurs in exactly one article of the test site
CONFIG = (
    "title: Serve Test Times\n"
    "base_url: https://example.org/archive/\n"
    "timezone: UTC\n"
    "per_page: 5\n"
    "search: {search}\n"
)
DEMO_ARTICLES = (
    "2026/climate-early-warning-sirens-for-coastal-towns.md",
    "2024/cda-chairman-omar-baig-on-mangroves-and-reclamation.md",
    "2024/2024-04-06-manora-lighthouse-reopens-as-maritime-museum.txt",
)
OWN_ARTICLE = """---
title: "Harbour choir sings at the lighthouse"
date: 2025-02-03T10:00:00+00:00
tags: [culture]
---

The harbour choir performed a new song called {word} on Sunday, said Omar Baig of the CDA.

Original paragraph text.
"""


def write_site(root: Path, search: bool = True) -> Path:
    """A small site: three demo articles (copied, never edited) and one of our own."""
    (root / "content").mkdir(parents=True)
    (root / "newsgen.yaml").write_text(
        CONFIG.format(search="true" if search else "false"), encoding="utf-8"
    )
    for rel in DEMO_ARTICLES:
        target = root / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEMO / rel, target)
    own_article(root).parent.mkdir(parents=True, exist_ok=True)
    own_article(root).write_text(OWN_ARTICLE.format(word=UNIQUE_WORD), encoding="utf-8")
    return root


def own_article(root: Path) -> Path:
    return root / "content" / "2025" / "harbour-choir.md"


class Client:
    """Raw HTTP against the preview: http.client sends paths exactly as given."""

    def __init__(self, port: int) -> None:
        self.port = port

    def get(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Preview, Path]]:
    root = write_site(tmp_path_factory.mktemp("serve-http") / "site")
    preview = Preview(root, port=0, say=lambda text: None)
    preview.start(watch=False)  # these tests rebuild by hand, when they choose
    try:
        yield preview, root
    finally:
        preview.close()


@pytest.fixture(scope="module")
def client(served: tuple[Preview, Path]) -> Client:
    assert served[0].httpd is not None
    return Client(served[0].httpd.server_address[1])


def article_path(preview: Preview) -> str:
    """The served URL path of our own article."""
    assert preview.state.current is not None
    found = next(preview.state.current.glob("2025/02/*/index.html"))
    return BASE + found.parent.relative_to(preview.state.current).as_posix() + "/"


def test_root_redirects_to_base_path(client: Client) -> None:
    status, headers, _ = client.get("/")
    assert status == 302 and headers["Location"] == BASE
    status, headers, _ = client.get("/archive")
    assert status == 302 and headers["Location"] == BASE


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (BASE, "text/html; charset=utf-8"),
        (BASE + "theme/style.css", "text/css; charset=utf-8"),
        (BASE + "theme/filter.js", "text/javascript; charset=utf-8"),
        (BASE + "atom.xml", "application/xml; charset=utf-8"),
        (BASE + "sitemap.xml", "application/xml; charset=utf-8"),
        (BASE + "robots.txt", "text/plain; charset=utf-8"),
        (BASE + "pagefind/pagefind-ui.js", "text/javascript; charset=utf-8"),
        (BASE + "pagefind/shards.json", "application/json"),
    ],
)
def test_content_types(client: Client, path: str, kind: str) -> None:
    status, headers, body = client.get(path)
    assert status == 200, path
    assert headers["Content-Type"] == kind
    assert int(headers["Content-Length"]) == len(body)
    assert headers["Cache-Control"] == "no-store"


def test_head_has_headers_and_no_body(client: Client) -> None:
    status, headers, body = client.get(BASE, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize(
    "path",
    [
        BASE + "no/such/page/",
        BASE + "missing.css",
        "/elsewhere/index.html",  # outside the base path
        BASE + "../newsgen.yaml",
        BASE + "../../../../etc/passwd",
        BASE + "%2e%2e/%2e%2e/etc/passwd",
        BASE + "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        BASE + "..%5c..%5cetc%5cpasswd",
        BASE + "theme/..%2f..%2fnewsgen.yaml",
        BASE + ".newsgen-output",  # the marker file is not part of the site
        BASE + "escape/passwd",  # a symlink to a folder outside the output
        BASE + "escape-file",  # a symlink to a file outside the output
    ],
)
def test_missing_and_escaping_paths_get_the_sites_404(
    served: tuple[Preview, Path], client: Client, path: str
) -> None:
    current = served[0].state.current
    assert current is not None
    if "escape" in path and not (current / "escape").is_symlink():
        outside = current.parent.parent / "outside"
        outside.mkdir(exist_ok=True)
        (outside / "passwd").write_text("secret\n", encoding="utf-8")
        (current / "escape").symlink_to(outside, target_is_directory=True)
        (current / "escape-file").symlink_to(outside / "passwd")
    status, headers, body = client.get(path)
    assert status == 404, path
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Page not found" in body  # the site's own 404.html
    assert b"secret" not in body and b"base_url" not in body


def test_folder_without_index_is_404_not_a_listing(client: Client) -> None:
    status, _, body = client.get(BASE + "theme/")
    assert status == 404 and b"Page not found" in body and b"filter.js" not in body
    status, _, body = client.get(BASE + "pagefind/")
    assert status == 404 and b"pagefind-ui.js" not in body


def test_folder_without_slash_redirects(served: tuple[Preview, Path], client: Client) -> None:
    path = article_path(served[0])
    status, headers, _ = client.get(path.rstrip("/"))
    assert status == 302 and headers["Location"] == path


def test_reload_script_is_injected_but_not_on_disk(
    served: tuple[Preview, Path], client: Client
) -> None:
    preview, _ = served
    path = article_path(preview)
    _, _, body = client.get(path)
    assert b"data-newsgen-live" in body and EVENTS_PATH.encode() in body
    assert body.index(b"data-newsgen-live") < body.rindex(b"</body>")
    assert preview.state.current is not None
    on_disk = [p.read_bytes() for p in preview.state.current.rglob("*.html")]
    assert on_disk and not any(b"newsgen-live" in data or b"__newsgen" in data for data in on_disk)
    _, _, css = client.get(BASE + "theme/style.css")
    assert b"newsgen-live" not in css


def test_event_stream_tells_an_old_page_to_reload(served: tuple[Preview, Path]) -> None:
    preview, _ = served
    assert preview.httpd is not None
    conn = http.client.HTTPConnection("127.0.0.1", preview.httpd.server_address[1], timeout=10)
    conn.request("GET", EVENTS_PATH + "?since=some-old-build")
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.readline() == b"retry: 500\n"
    response.readline()
    assert response.readline() == b"event: reload\n"
    conn.close()


def test_requests_wait_for_a_running_rebuild(served: tuple[Preview, Path], client: Client) -> None:
    preview, root = served
    path = article_path(preview)
    child = preview.builder.child
    assert child is not None and child.poll() is None  # builds run in their own process
    text = own_article(root).read_text(encoding="utf-8")
    own_article(root).write_text(text.replace("Original paragraph", "Rebuilt paragraph"), "utf-8")
    os.kill(child.pid, signal.SIGSTOP)  # the build process holds still until we let it go
    try:
        rebuild = threading.Thread(target=preview.builder.rebuild)
        rebuild.start()
        deadline = time.monotonic() + 5
        while not preview.state.building and time.monotonic() < deadline:
            time.sleep(0.01)
        assert preview.state.building
        answers: list[tuple[int, bytes, float]] = []

        def get() -> None:
            started = time.monotonic()
            status, _, body = client.get(path)
            answers.append((status, body, time.monotonic() - started))

        reader = threading.Thread(target=get)
        reader.start()
        time.sleep(1.0)
        assert not answers  # still waiting: the build is not done
    finally:
        os.kill(child.pid, signal.SIGCONT)
    reader.join(60)
    rebuild.join(60)
    status, body, waited = answers[0]
    assert status == 200
    assert b"Rebuilt paragraph" in body  # the new build, never the old or a half-built one
    assert waited > 0.9


def test_failed_rebuild_keeps_the_last_good_site(
    served: tuple[Preview, Path], client: Client
) -> None:
    preview, root = served
    path = article_path(preview)
    good = own_article(root).read_text(encoding="utf-8")
    own_article(root).write_text("---\ntitle: [unclosed\ndate: 2025-02-03\n---\nBody\n", "utf-8")
    try:
        assert preview.builder.rebuild() is False
        assert preview.state.problems
        assert any("harbour-choir.md" in p for p in preview.state.problems)
        status, _, body = client.get(path)
        assert status == 200 and UNIQUE_WORD.encode() in body
    finally:
        own_article(root).write_text(good, encoding="utf-8")
    assert preview.builder.rebuild() is True
    assert preview.state.problems == ()


def _start_cli(root: Path, tmp: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "--site", str(root), "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # "serving http://127.0.0.1:PORT/archive/  (Ctrl-C to stop)"
    assert line.startswith("serving http://127.0.0.1:"), line + proc.stderr.read()  # type: ignore[union-attr]
    return proc, line.split()[1]


def test_cli_ctrl_c_leaves_no_temporary_folders(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", search=False)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc, url = _start_cli(root, tmp)
    with proc:  # its pipes closed on the way out (-W error: an unclosed file fails)
        try:
            port = int(url.split(":")[2].split("/")[0])
            assert url.endswith(BASE)
            assert list(tmp.iterdir()), "serve builds into a temporary folder of its own"
            status, _, body = Client(port).get(BASE)
            assert status == 200 and b"Serve Test Times" in body
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
    assert list(tmp.iterdir()) == []
    assert not (root / "public").exists()  # serve never writes the site's output folder


def test_cli_warns_when_not_bound_to_loopback(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", search=False)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "--site", str(root), "serve", "--host", "0.0.0.0",
         "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    with proc:
        try:
            assert proc.stdout is not None and proc.stderr is not None
            assert proc.stdout.readline().startswith("serving http://0.0.0.0:")
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=20) == 0
            assert "warning: serving on 0.0.0.0, not loopback" in proc.stderr.read()
        finally:
            if proc.poll() is None:
                proc.kill()
    assert list(tmp.iterdir()) == []


def test_a_dead_build_process_is_reported_and_replaced(
    served: tuple[Preview, Path], client: Client
) -> None:
    preview, _ = served
    child = preview.builder.child
    assert child is not None
    os.kill(child.pid, signal.SIGKILL)  # as the kernel's OOM killer would
    child.wait(timeout=10)
    assert preview.builder.rebuild() is False
    assert any("build process ended" in p for p in preview.state.problems)
    assert client.get(BASE)[0] == 200  # the last good site is still served
    assert preview.builder.rebuild() is True  # a new build process
    assert preview.builder.child is not None and preview.builder.child.pid != child.pid
    assert preview.state.problems == ()
