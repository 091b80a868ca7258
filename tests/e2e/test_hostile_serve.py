"""`newsgen serve` against hostile clients and hostile conditions, as a user runs it.

Every test starts the real command (``python -m newsgen serve``) as a subprocess and
talks to it over HTTP on 127.0.0.1 only: a busy port, bad flags, DNS rebinding
(``Host`` headers), HEAD on the event stream, 200 concurrent connections with event
streams held open, Ctrl-C and SIGTERM (also in the middle of a rebuild), and the
things that already held and must keep holding: loopback by default, no path
traversal, no drafts without ``--drafts``.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

EVENTS = "/__newsgen/events"
BASE = "/news/"
CONFIG = "title: Hostile Times\nbase_url: https://example.org/news/\ntimezone: UTC\nsearch: false\n"
ARTICLE = """---
title: "{title}"
date: 2025-0{month}-03T10:00:00+00:00
tags: [harbour]
{extra}---

{body}

Second paragraph of the article about the harbour and its boats.
"""
DRAFT_WORD = "draftsecretword"
START_SECONDS = 60  # the first build of a small site, on a loaded two-core machine


def write_site(root: Path, articles: int = 3) -> Path:
    (root / "content" / "2025").mkdir(parents=True)
    (root / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    for number in range(articles):
        text = ARTICLE.format(
            title=f"Harbour story {number}",
            month=1 + number % 9,
            extra="",
            body=f"The harbour board met on day {number} to discuss the new pier.",
        )
        (root / "content" / "2025" / f"story-{number}.md").write_text(text, encoding="utf-8")
    draft = ARTICLE.format(title="Unpublished", month=2, extra="draft: true\n", body=DRAFT_WORD)
    (root / "content" / "2025" / "draft.md").write_text(draft, encoding="utf-8")
    return root


@dataclass
class Server:
    proc: subprocess.Popen[str]
    port: int
    url: str
    root: Path
    errors: list[str] = field(default_factory=list)  # stderr lines so far
    reader: threading.Thread | None = None

    def __post_init__(self) -> None:
        stream = self.proc.stderr
        assert stream is not None
        self.reader = threading.Thread(target=lambda: self.errors.extend(stream), daemon=True)
        self.reader.start()

    def request(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        return request(self.port, path, method, headers)

    def stop(self, sig: int = signal.SIGINT, within: float = 3.0) -> tuple[int, float, str]:
        """Send ``sig`` to its process group, as a terminal's Ctrl-C does (build workers
        included); return the exit code, the seconds it took and stderr."""
        started = time.monotonic()
        os.killpg(self.proc.pid, sig)
        try:
            code = self.proc.wait(timeout=within)
        except subprocess.TimeoutExpired:
            _kill(self)
            pytest.fail(f"newsgen serve still running {within} s after signal {sig}")
        took = time.monotonic() - started
        assert self.reader is not None
        self.reader.join(10)
        return code, took, "".join(self.errors)


def request(
    port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def start(root: Path, tmp: Path, *args: str) -> Server:
    """``newsgen serve --port 0 ARGS`` on ``root``; returns once it answers."""
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "--site", str(root), "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # a signal meant for pytest never reaches it by accident
    )
    assert proc.stdout is not None
    line = _readline(proc, START_SECONDS)
    if not line.startswith("serving http://"):
        proc.kill()
        assert proc.stderr is not None
        pytest.fail(f"newsgen serve did not start: {line!r}\n{proc.stderr.read()}")  # type: ignore[union-attr]
    url = line.split()[1]
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    return Server(proc, port, url, root)


def _readline(proc: subprocess.Popen[str], seconds: float) -> str:
    """One stdout line, or "" when none comes within ``seconds`` (never hangs)."""
    lines: list[str] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(seconds)
    return lines[0] if lines else ""


def _kill(server: Server) -> None:
    """Kill it and its build workers (its own process group), if still running."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.proc.pid, signal.SIGKILL)
    server.proc.wait(timeout=10)
    if server.reader is not None:
        server.reader.join(10)  # its stderr ends with the process
    for stream in (server.proc.stdout, server.proc.stderr):  # -W error: no unclosed pipe
        if stream is not None:
            stream.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("hostile-serve")
    running = start(write_site(base / "site"), base / "tmp")
    try:
        yield running
    finally:
        _kill(running)


# -- 13: a busy port, bad flags -----------------------------------------------------


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsgen", "--site", str(root), "serve", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_busy_port_says_so_and_suggests_port(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _run(root, "--port", str(port))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "in use" in result.stderr and "--port" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--port", "70000"), "--port"),
        (("--port", "-1"), "--port"),
        (("--port", "eighty"), "--port"),
        (("--host", "192.0.2.1", "--port", "0"), "192.0.2.1"),  # TEST-NET: not this machine's
    ],
)
def test_bad_port_or_host_is_one_clear_line(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    root = write_site(tmp_path / "site")
    result = _run(root, *args)
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert says in result.stderr


# -- 19: DNS rebinding: the Host header -----------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "localhost.evil.example",
        "127.0.0.1.nip.io:{port}",
        "attacker.localhost.evil.example",
        "",
        "127.0.0.1:{port}:{port}",
        "[::1",
        "localhost:abc",
        "10.0.0.5",  # bound to loopback: no other address reaches it
        "user@localhost",
    ],
)
def test_foreign_host_header_is_refused(server: Server, host: str) -> None:
    header = host.format(port=server.port)
    for path in (BASE, BASE + "2025/", EVENTS):
        status, headers, body = server.request(path, headers={"Host": header})
        assert status == 403, (header, path)
        assert headers["Content-Type"].startswith("text/plain")
        assert len(body) < 400 and b"Hostile Times" not in body and b"retry:" not in body


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "localhost:{port}",
        "LOCALHOST:{port}",
        "localhost.:{port}",
        "127.0.0.1:{port}",
        "127.0.0.1",
        "127.5.6.7:{port}",
        "[::1]:{port}",
        "[::1]",
        "preview.localhost:{port}",
    ],
)
def test_loopback_host_headers_are_served(server: Server, host: str) -> None:
    status, _, body = server.request(BASE, headers={"Host": host.format(port=server.port)})
    assert status == 200 and b"Hostile Times" in body


def test_two_host_headers_are_refused(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            f"GET {BASE} HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        reply = _recv_all(sock)
    assert reply.startswith(b"HTTP/1.0 403") or reply.startswith(b"HTTP/1.1 403"), reply[:80]


def _recv_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_wildcard_bind_allows_addresses_and_its_own_names_only(tmp_path: Path) -> None:
    running = start(write_site(tmp_path / "site"), tmp_path / "tmp", "--host", "0.0.0.0",
                    "--allow-host", "preview.example.test")  # fmt: skip
    try:
        port = running.port
        for host in ("127.0.0.1", f"192.168.1.20:{port}", socket.gethostname(),
                     f"preview.example.test:{port}", "localhost"):  # fmt: skip
            status, _, _ = running.request(BASE, headers={"Host": host})
            assert status == 200, host
        for host in ("evil.example", f"sub.preview.example.test:{port}"):
            status, _, _ = running.request(BASE, headers={"Host": host})
            assert status == 403, host
        code, _, err = running.stop(signal.SIGTERM)
        assert code == 0 and "Traceback" not in err
        assert "not loopback" in err
    finally:
        _kill(running)


# -- 19: HEAD ------------------------------------------------------------------------


def test_head_on_the_event_stream_has_no_body(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"HEAD {EVENTS} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        sock.settimeout(5)
        reply = _recv_all(sock)  # must end: HEAD gets headers, then the connection closes
    head, _, body = reply.partition(b"\r\n\r\n")
    assert b" 200 " in head.split(b"\r\n")[0] and b"text/event-stream" in head
    assert body == b""


@pytest.mark.parametrize("path", [BASE, BASE + "theme/style.css", BASE + "no/such/page/"])
def test_head_on_pages_has_headers_and_no_body(server: Server, path: str) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"HEAD {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        sock.settimeout(5)
        reply = _recv_all(sock)
    head, _, body = reply.partition(b"\r\n\r\n")
    assert body == b"" and b"Content-Length: " in head


# -- 19: load: 200 concurrent connections, 50 of them event streams ---------------------


def test_200_concurrent_connections_all_answered(server: Server) -> None:
    plain, streams, limit = 150, 50, 5.0
    paths = [BASE, BASE + "theme/style.css", BASE + "2025/", BASE + "atom.xml", BASE + "tags/"]
    barrier = threading.Barrier(plain + streams, timeout=20)
    release = threading.Event()  # event streams stay open until every request is answered
    waits: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def one(number: int) -> None:
        path = f"{EVENTS}?since=x" if number < streams else paths[number % len(paths)]
        try:
            barrier.wait()
            started = time.monotonic()
            with socket.create_connection(("127.0.0.1", server.port), timeout=limit) as sock:
                sock.settimeout(limit)
                sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
                first = sock.recv(64)
                took = time.monotonic() - started
                if not first.startswith(b"HTTP/1.") or b" 200 " not in first:
                    raise AssertionError(f"{path}: {first!r}")
                with lock:
                    waits.append(took)
                if number < streams:
                    release.wait(30)
        except Exception as err:  # noqa: BLE001 - every failure is collected and asserted
            with lock:
                failures.append(f"{path}: {type(err).__name__}: {err}")

    threads = [threading.Thread(target=one, args=(n,), daemon=True) for n in range(200)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and len(waits) + len(failures) < len(threads):
        time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not failures, f"{len(failures)} of 200 failed, e.g. {failures[:3]}"
    assert len(waits) == 200 and max(waits) < limit
    status, _, _ = server.request(BASE)  # and it still serves afterwards
    assert status == 200


def test_every_open_stream_hears_the_reload(server: Server) -> None:
    """Fan-out from the one notifier thread: 30 streams, 10 of them closed by their tab."""
    _, _, page = server.request(BASE)
    found = re.search(rb'var since = "([^"]+)"', page)
    assert found, "the live-reload script names the build it shows"
    since = found.group(1).decode()
    streams = []
    for _ in range(30):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        sock.sendall(f"GET {EVENTS}?since={since} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        assert b"retry: 500" in _until(sock, b"retry: 500\n\n")
        streams.append(sock)
    for sock in streams[:10]:
        sock.close()  # closed tabs: the notifier must drop them and carry on
    edit_until_seen(server, server.root / "content" / "2025" / "story-0.md")
    try:
        for sock in streams[10:]:
            assert b"event: reload" in _until(sock, b"event: reload")
    finally:
        for sock in streams[10:]:
            sock.close()
    assert server.request(BASE + "2025/")[0] == 200


def test_an_edit_right_after_start_is_not_missed(tmp_path: Path) -> None:
    running = start(write_site(tmp_path / "site"), tmp_path / "tmp")
    try:
        story = running.root / "content" / "2025" / "story-2.md"
        story.write_text(story.read_text("utf-8") + "\nJust in.\n", "utf-8")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not any("changed:" in e for e in running.errors):
            time.sleep(0.05)
        assert any("changed: story-2.md" in line for line in running.errors), running.errors
        code, _, err = running.stop()
        assert code == 0 and "Traceback" not in err
    finally:
        _kill(running)


def edit_until_seen(server: Server, story: Path) -> None:
    """Append to ``story`` until serve says it saw the change (its watcher starts
    watching a moment after the server answers, and an edit before that is missed)."""
    seen = sum("changed: " + story.name in line for line in server.errors)
    for edit in range(60):
        story.write_text(story.read_text("utf-8") + f"\nEdit {edit}.\n", "utf-8")
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            if sum("changed: " + story.name in line for line in list(server.errors)) > seen:
                return
            time.sleep(0.02)
    pytest.fail(f"serve never saw an edit of {story.name}")


def _until(sock: socket.socket, marker: bytes) -> bytes:
    """Read until ``marker`` has arrived; the socket's timeout bounds each read."""
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def test_past_512_streams_the_oldest_is_closed(server: Server) -> None:
    """A page that opens streams without end cannot make the server hold sockets without end."""
    streams: list[socket.socket] = []
    try:
        for _ in range(520):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sock.sendall(f"GET {EVENTS}?since=x HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
            assert b"retry: 500" in _until(sock, b"retry: 500\n\n")
            streams.append(sock)
        streams[0].settimeout(10)
        _until(streams[0], b"never sent")  # returns only at EOF: the server ended it (or times out)
        streams[-1].settimeout(0.3)
        with pytest.raises(TimeoutError):
            streams[-1].recv(4096)  # the newest is still open, and quiet
        assert server.request(BASE)[0] == 200
    finally:
        for sock in streams:
            sock.close()


def test_a_silent_connection_does_not_block_others(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10):
        started = time.monotonic()
        status, _, _ = server.request(BASE)
        assert status == 200 and time.monotonic() - started < 5


# -- regressions: loopback, traversal, drafts ---------------------------------------------


def test_binds_loopback_only_by_default(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    with pytest.raises(OSError), socket.create_connection(("127.0.0.2", server.port), timeout=5):
        pass


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        BASE + "../../../../etc/passwd",
        BASE + "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        BASE + "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        BASE + "..%2f..%2fnewsgen.yaml",
        BASE + "/etc/passwd",
        BASE + "//etc/passwd",
        "//etc/passwd",
        BASE + "%00/etc/passwd",
        BASE + "..\\..\\etc\\passwd",
    ],
)
def test_traversal_is_refused(server: Server, path: str) -> None:
    status, _, body = server.request(path)
    assert status in (302, 400, 404), (path, status)
    assert b"root:" not in body and b"base_url" not in body


def test_drafts_only_with_drafts_flag(server: Server, tmp_path: Path) -> None:
    assert DRAFT_WORD.encode() not in _crawl(server)
    running = start(write_site(tmp_path / "site"), tmp_path / "tmp", "--drafts")
    try:
        assert DRAFT_WORD.encode() in _crawl(running)
        code, _, err = running.stop()
        assert code == 0 and "Traceback" not in err
    finally:
        _kill(running)


def _crawl(server: Server) -> bytes:
    """Every page the 2025 archive and the front page link to, concatenated."""
    seen: set[str] = set()
    todo = [BASE, BASE + "2025/"]
    out = []
    while todo and len(seen) < 60:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        status, _, body = server.request(path)
        if status != 200:
            continue
        out.append(body)
        for link in re.findall(rb'href="(/news/2025/[^"#?]*)"', body):
            todo.append(link.decode())
    return b"".join(out)


# -- 20: Ctrl-C and SIGTERM ---------------------------------------------------------------


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 0), (signal.SIGTERM, 0)])
def test_signal_stops_it_quietly_and_quickly(tmp_path: Path, sig: int, code: int) -> None:
    tmp = tmp_path / "tmp"
    running = start(write_site(tmp_path / "site"), tmp)
    try:
        assert running.request(BASE)[0] == 200
        stream = socket.create_connection(("127.0.0.1", running.port), timeout=5)
        stream.sendall(f"GET {EVENTS} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        stream.recv(64)  # an open tab's event stream must not hold the shutdown up
        got, took, err = running.stop(sig)
        stream.close()
        assert got == code and took < 3.0
        assert "Traceback" not in err and "Error" not in err, err
    finally:
        _kill(running)
    assert list(tmp.iterdir()) == []


def test_ctrl_c_in_the_middle_of_a_rebuild_is_quiet_and_prompt(tmp_path: Path) -> None:
    """An edit starts a rebuild; Ctrl-C while it runs: quiet, prompt, nothing left behind."""
    tmp = tmp_path / "tmp"
    root = write_site(tmp_path / "site", articles=60)
    running = start(root, tmp)
    try:
        edit_until_seen(running, root / "content" / "2025" / "story-1.md")
        time.sleep(0.2)  # into the build (it takes seconds for 60 articles here)
        got, took, err = running.stop(signal.SIGINT, within=5.0)
        assert got == 0 and took < 5.0
        assert "Traceback" not in err and "Error" not in err, err
    finally:
        _kill(running)
    assert list(tmp.iterdir()) == []


def test_ctrl_c_during_the_first_build_is_quiet(tmp_path: Path) -> None:
    """Exit 130 if the first build had not finished (0 if it had), quiet, nothing left."""
    root = write_site(tmp_path / "site", articles=60)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "--site", str(root), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while not list(tmp.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.02)  # its temporary folder exists: the first build is starting
        time.sleep(0.3)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == (0 if out.startswith("serving") else 130), (out, err)
    assert "Traceback" not in err, err
    assert list(tmp.iterdir()) == []
