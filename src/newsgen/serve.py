"""Preview server: build, serve over HTTP, watch the sources, rebuild, live-reload.

An edge module (network, file system watcher, threads). Design:

* The site is built into one of two slot folders inside a temporary folder that
  serve creates and removes on exit. A rebuild goes into the slot that is *not*
  being served and the server switches over only when the build had no errors,
  so a broken save keeps the last good site on screen.
* One condition guards the served slot. While a rebuild runs, requests wait on
  it, so nobody sees a half-built site; files are read while holding it, so the
  switch never happens mid-read.
* Open pages hold a server-sent events connection (``/__newsgen/events``) through
  a small script added to HTML responses here, at serve time; the files on disk
  never contain it. A good build sends ``reload``; a failed one sends ``problems``,
  which the script shows as an overlay. Event streams are not held by request
  threads: once its headers are sent, a stream's socket is handed to one notifier
  thread (``EventStreams``) that writes to every open stream, so a hundred open
  tabs cost one thread and never starve page requests.
* Only requests whose ``Host`` names this server are answered (``HostPolicy``):
  a page on another site that rebinds its DNS name to 127.0.0.1 sends its own
  name as ``Host`` and gets a 403, so it cannot read the preview (drafts
  included).
* The port is bound before the first build, so a busy port is reported at once.
* Builds run in a separate build process (``Builder``), never in this
  multi-threaded one: forking a multi-threaded process for build workers can
  deadlock them (a lock held by another thread at fork time stays held in the
  child), and a build there could not be stopped. Ctrl-C or SIGTERM kills the
  build process group, so serve stops within a fraction of a second.
"""

from __future__ import annotations

import contextlib
import errno
import html
import ipaddress
import json
import mimetypes
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from urllib.parse import parse_qs, unquote, urlsplit

from newsgen.config import CONFIG_NAME, Config, load_config
from newsgen.errors import NewsgenError, Problem

EVENTS_PATH = "/__newsgen/events"
WAIT_SECONDS = 120.0  # longest a request waits for a rebuild before it is served anyway
KEEPALIVE_SECONDS = 15.0
BACKLOG = 1024  # connections waiting to be accepted (the kernel caps it at somaxconn)
REQUEST_TIMEOUT = 30.0  # a client that sends no request in this time is dropped
MAX_STREAMS = 512  # open event streams; past this the oldest is closed (it reconnects)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".woff2": "font/woff2",
}

# Added before </body> of every HTML response. Reconnects by itself (EventSource);
# `since` tells the server which build this page shows, so a build that finished
# between page load and connect still triggers a reload.
_CLIENT_SCRIPT = """<script data-newsgen-live>(function () {
  var since = %(since)s;
  var source = new EventSource(%(events)s + "?since=" + encodeURIComponent(since));
  source.addEventListener("reload", function () { window.location.reload(); });
  source.addEventListener("problems", function (event) {
    var old = document.getElementById("newsgen-overlay");
    if (old) old.remove();
    var box = document.createElement("div");
    box.id = "newsgen-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;" +
      "padding:2em;background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 monospace;";
    var title = document.createElement("h2");
    title.textContent = "newsgen: the site could not be rebuilt";
    var list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap";
    list.textContent = JSON.parse(event.data).join("\\n");
    var note = document.createElement("p");
    note.textContent = "Showing the last good build. Fix the file and save; this page reloads.";
    box.append(title, list, note);
    document.body.appendChild(box);
  });
})();</script>
"""


@dataclass
class SiteState:
    """What is served now; every field is read and written under ``cond``."""

    cond: threading.Condition = field(default_factory=threading.Condition)
    current: Path | None = None  # slot folder with the last good build
    base_path: str | None = None  # the base path of that build's config
    generation: str = ""  # names the last good build, sent to pages as `since`
    problems: tuple[str, ...] = ()  # errors of the last build if it failed
    building: bool = False
    changes: int = 0  # bumps on every finished build, wakes event streams
    stopping: bool = False
    on_change: Callable[[], None] = lambda: None  # called after each build, without the lock

    def wait_idle(self) -> None:
        """Hold the lock (caller does) until no rebuild runs."""
        self.cond.wait_for(lambda: not self.building or self.stopping, timeout=WAIT_SECONDS)


# -- HTTP ----------------------------------------------------------------------


class PreviewHandler(BaseHTTPRequestHandler):
    server_version = "newsgen-serve"
    timeout = REQUEST_TIMEOUT
    state: SiteState  # these three are set on the subclass made by make_server
    hosts: HostPolicy
    streams: EventStreams

    def do_GET(self) -> None:
        self._dispatch(send_body=True)

    def do_HEAD(self) -> None:
        self._dispatch(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        pass  # a preview server's access log is noise in the editor's terminal

    def _dispatch(self, send_body: bool) -> None:
        url = urlsplit(self.path)
        try:
            if not self.hosts.allows(self.headers.get_all("Host")):
                self._send(*refuse_host(self.headers.get("Host", "")), send_body)
                return
            if url.path == EVENTS_PATH:
                self._events(parse_qs(url.query).get("since", [""])[0], send_body)
                return
            with self.state.cond:
                self.state.wait_idle()
                status, headers, body = respond(self.state, url.path)
            self._send(status, headers, body, send_body)
        except OSError:
            pass  # the browser went away (reload, closed tab) or stopped reading for 30 s

    def _send(self, status: int, headers: dict[str, str], body: bytes, send_body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body and send_body:
            self.wfile.write(body)

    def _events(self, since: str, send_body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        if not send_body:  # HEAD: the headers of a stream, no stream
            return
        with self.state.cond:
            first, seen = event_for(self.state, since), self.state.changes
        self.wfile.write(f"retry: 500\n\n{first or KEEPALIVE}".encode())
        self.wfile.flush()
        # From here on the notifier thread owns the socket; this thread is free.
        self.streams.add(self.connection, since, seen)


KEEPALIVE = ": keepalive\n\n"


class EventStreams:
    """Every open live-reload stream, written by one thread.

    Sockets are non-blocking here: a client that stops reading loses its stream
    (the browser's EventSource reconnects) instead of stalling the others.
    """

    def __init__(self, state: SiteState) -> None:
        self.state = state
        self.selector = selectors.DefaultSelector()
        self.wake_read, self.wake_write = socket.socketpair()
        self.wake_read.setblocking(False)
        self.wake_write.setblocking(False)
        self.selector.register(self.wake_read, selectors.EVENT_READ)
        self.lock = threading.Lock()
        self.handed: set[socket.socket] = set()  # given to us, not yet let go by the server
        self.incoming: list[tuple[socket.socket, str, int]] = []
        self.streams: dict[socket.socket, tuple[str, int]] = {}  # socket -> (since, seen)
        self.stopped = False

    def add(self, sock: socket.socket, since: str, seen: int) -> None:
        with self.lock:
            self.handed.add(sock)
            if self.stopped:
                _close(sock)
                return
            self.incoming.append((sock, since, seen))
        self.wake()

    def claimed(self, sock: socket.socket) -> bool:
        """True (once) if ``sock`` was handed over here: the server must not close it."""
        with self.lock:
            if sock in self.handed:
                self.handed.discard(sock)
                return True
            return False

    def wake(self) -> None:
        with contextlib.suppress(OSError):  # already woken (buffer full), or closed
            self.wake_write.send(b"!")

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
        self.wake()

    def run(self) -> None:
        next_keepalive = time.monotonic() + KEEPALIVE_SECONDS
        try:
            while True:
                ready = self.selector.select(max(0.0, next_keepalive - time.monotonic()))
                with self.lock:
                    if self.stopped:
                        return
                    incoming, self.incoming = self.incoming, []
                for sock, since, seen in incoming:
                    self._hold(sock, since, seen)
                for key, _ in ready:
                    if key.fileobj is self.wake_read:
                        _drain(self.wake_read)
                    else:
                        self._read(key.fileobj)  # type: ignore[arg-type]
                self._notify()
                if time.monotonic() >= next_keepalive:
                    for sock in list(self.streams):
                        self._write(sock, KEEPALIVE)
                    next_keepalive = time.monotonic() + KEEPALIVE_SECONDS
        finally:
            for sock in list(self.streams):
                self._drop(sock)
            self.selector.close()
            self.wake_read.close()
            self.wake_write.close()
            with self.lock:
                for sock, _, _ in self.incoming:
                    _close(sock)
                self.incoming = []

    def _hold(self, sock: socket.socket, since: str, seen: int) -> None:
        if len(self.streams) >= MAX_STREAMS:
            self._drop(next(iter(self.streams)))  # the oldest
        try:
            sock.setblocking(False)
            self.selector.register(sock, selectors.EVENT_READ)
        except (OSError, ValueError):
            _close(sock)
            return
        self.streams[sock] = (since, seen)

    def _read(self, sock: socket.socket) -> None:
        # A stream's client sends nothing after its request: data or EOF ends it.
        try:
            data = sock.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._drop(sock)

    def _notify(self) -> None:
        with self.state.cond:
            changes = self.state.changes
            due = [s for s, (_, seen) in self.streams.items() if seen != changes]
            messages = {s: event_for(self.state, self.streams[s][0]) for s in due}
        for sock, message in messages.items():
            self.streams[sock] = (self.streams[sock][0], changes)
            if message:
                self._write(sock, message)

    def _write(self, sock: socket.socket, message: str) -> None:
        data = message.encode("utf-8")
        try:
            if sock.send(data) == len(data):
                return
        except OSError:
            pass
        self._drop(sock)  # gone, or not reading: it reconnects when it is back

    def _drop(self, sock: socket.socket) -> None:
        self.streams.pop(sock, None)
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(sock)
        _close(sock)


def _drain(sock: socket.socket) -> None:
    try:
        while sock.recv(4096):
            pass
    except OSError:
        pass


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


# -- which Host headers are answered (DNS rebinding) ------------------------------------


@dataclass(frozen=True)
class HostPolicy:
    """The ``Host`` header values the preview answers to.

    Always: ``localhost``, ``*.localhost`` and loopback addresses (127.0.0.0/8,
    ``[::1]``), with or without a port; the ``--host`` it is bound to; every
    ``--allow-host`` name (``.example.test`` also allows its subdomains). Bound to a
    non-loopback address (``0.0.0.0``, ``::``, a LAN address): also any IP address
    and this machine's host name. An IP address is safe to allow: DNS rebinding
    needs a name that the attacker's DNS answers for, and the browser sends that
    name. A request without ``Host`` (not a browser: they always send it) is
    answered; two ``Host`` headers are not.
    """

    names: frozenset[str]
    suffixes: tuple[str, ...] = ()
    any_address: bool = False

    @classmethod
    def for_bind(cls, host: str, allow: tuple[str, ...] = ()) -> HostPolicy:
        names = {_normal(host.strip("[]"))}
        suffixes = []
        for name in allow:
            name = _normal(name)
            if name.startswith("."):
                suffixes.append(name)
            names.add(name)
        wide = not is_loopback(host)
        if wide:
            machine = _normal(socket.gethostname())
            names.update({machine, machine + ".local"})
        names.discard("")
        return cls(frozenset(names), tuple(suffixes), wide)

    def allows(self, values: list[str] | None) -> bool:
        if not values:
            return True
        if len(values) != 1:
            return False
        host = host_name(values[0])
        if host is None:
            return False
        if host == "localhost" or host.endswith(".localhost") or host in self.names:
            return True
        if any(host.endswith(suffix) or host == suffix[1:] for suffix in self.suffixes):
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return address.is_loopback or self.any_address or str(address) in self.names


def host_name(value: str) -> str | None:
    """The host of a ``Host`` header value, lower case, without port; None if malformed."""
    value = value.strip()
    if value.startswith("["):
        inside, bracket, port = value[1:].partition("]")
        if not bracket or not _port_ok(port):
            return None
        try:
            return str(ipaddress.IPv6Address(inside))
        except ValueError:
            return None
    name, colon, port = value.partition(":")
    if colon and not _port_ok(colon + port):
        return None
    name = _normal(name)
    if not name or not all(c.isalnum() or c in "-._" for c in name):
        return None
    return name


def _port_ok(rest: str) -> bool:
    return rest == "" or (rest.startswith(":") and rest[1:].isdigit() and len(rest) <= 6)


def _normal(name: str) -> str:
    name = name.strip().lower()
    return name[:-1] if name.endswith(".") else name


def refuse_host(value: str) -> Response:
    shown = value if len(value) <= 80 and value.isprintable() else repr(value[:80])
    name = host_name(value) or "NAME"
    text = (
        f"403 Forbidden: this newsgen preview does not answer to the host {shown!r} "
        f"(a guard against DNS rebinding). To allow it, restart with --allow-host {name}\n"
    )
    body = text.encode("utf-8", "replace")
    return HTTPStatus.FORBIDDEN, _headers("text/plain; charset=utf-8", len(body)), body


def event_for(state: SiteState, since: str) -> str:
    """The SSE message a page showing build ``since`` needs now ("" for none)."""
    if state.problems:
        return f"event: problems\ndata: {json.dumps(list(state.problems))}\n\n"
    if state.generation and state.generation != since:
        return "event: reload\ndata: {}\n\n"
    return ""


Response = tuple[int, dict[str, str], bytes]


def respond(state: SiteState, raw_path: str) -> Response:
    """Status, headers and body for a GET of ``raw_path``; call under the lock."""
    if state.current is None or state.base_path is None:
        return _no_site(state)
    base = state.base_path
    if (raw_path in ("/", "") and base != "/") or raw_path + "/" == base:
        return _redirect(base)
    if not raw_path.startswith(base):
        return not_found(state)
    target = resolve_inside(state.current, unquote(raw_path[len(base) :]))
    if target is None:
        return not_found(state)
    if target.is_dir():
        if not raw_path.endswith("/"):
            return _redirect(raw_path + "/")
        target = target / "index.html"
        if not target.is_file():
            return not_found(state)  # never a directory listing
    return _file(state, target, HTTPStatus.OK)


def resolve_inside(root: Path, relative: str) -> Path | None:
    """The existing file or folder ``relative`` names inside ``root``, else None.

    Rejects ``..`` and hidden segments (the output marker), backslashes and NUL
    bytes, and anything whose resolved path (after symlinks) is outside ``root``.
    """
    if "\\" in relative or "\x00" in relative:
        return None
    parts = [p for p in relative.split("/") if p]
    if any(p.startswith(".") for p in parts):
        return None
    root = root.resolve()
    try:
        target = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if target != root and not target.is_relative_to(root):
        return None
    return target


def not_found(state: SiteState) -> Response:
    assert state.current is not None
    page = state.current / "404.html"
    if page.is_file():
        return _file(state, page, HTTPStatus.NOT_FOUND)
    return _html(state, HTTPStatus.NOT_FOUND, "<h1>Not found</h1>")


def _file(state: SiteState, path: Path, status: int) -> Response:
    body = path.read_bytes()
    kind = content_type(path)
    if kind.startswith("text/html"):
        body = inject(body, state.generation)
    return status, _headers(kind, len(body)), body


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def inject(html: bytes, generation: str) -> bytes:
    """Add the live-reload script before the last </body> (or at the end)."""
    script = _CLIENT_SCRIPT % {
        "since": json.dumps(generation),
        "events": json.dumps(EVENTS_PATH),
    }
    data = script.encode("utf-8")
    at = html.lower().rfind(b"</body>")
    return html + data if at < 0 else html[:at] + data + html[at:]


def _no_site(state: SiteState) -> Response:
    # The very first build failed: there is no last good site, only the errors.
    items = "".join(f"<li>{html.escape(p)}</li>" for p in state.problems) or "<li>building…</li>"
    heading = "<h1>The site could not be built</h1>"
    return _html(state, HTTPStatus.SERVICE_UNAVAILABLE, f"{heading}<ul>{items}</ul>")


def _html(state: SiteState, status: int, content: str) -> Response:
    page = f"<!doctype html><meta charset=utf-8><title>newsgen</title><body>{content}</body>"
    body = inject(page.encode("utf-8"), state.generation)
    return status, _headers("text/html; charset=utf-8", len(body)), body


def _redirect(location: str) -> Response:
    headers = _headers("text/plain; charset=utf-8", 0)
    headers["Location"] = location
    return HTTPStatus.FOUND, headers, b""


def _headers(kind: str, length: int) -> dict[str, str]:
    # no-store: a preview must never show a cached copy of the previous build.
    return {
        "Content-Type": kind,
        "Content-Length": str(length),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }


# -- building -------------------------------------------------------------------


class Builder:
    """Builds into alternating slots and publishes good builds to the state.

    The builds run in a build process of their own, started once (a fresh
    interpreter, not a fork of this multi-threaded one) and kept for the next
    rebuilds, so it stays warm. It is single-threaded, so it may fork build
    workers safely; it runs in its own session, so a Ctrl-C in the terminal
    reaches only serve, which then kills the build process group at once: a
    stop never waits for a build, and nothing writes into the temporary folder
    after it is removed.
    """

    def __init__(
        self,
        site_root: Path,
        workdir: Path,
        state: SiteState,
        drafts: bool,
        search: bool | None,
        say: Callable[[str], None],
    ) -> None:
        self.site_root = site_root.resolve()
        self.slots = (workdir / "a", workdir / "b")
        self.state = state
        self.drafts = drafts
        self.search = search
        self.say = say
        self.count = 0
        self.lock = threading.Lock()  # one build at a time
        self.spawn_lock = threading.Lock()  # no build process is started once stopped
        self.child: subprocess.Popen[str] | None = None
        self.stopped = False

    def rebuild(self) -> bool:
        """One build; True if it was good and is now served."""
        with self.lock:  # one at a time, and each chooses its slot once the last is served
            return self._rebuild()

    def _rebuild(self) -> bool:
        with self.state.cond:
            self.state.building = True
            slot = self.slots[1] if self.state.current == self.slots[0] else self.slots[0]
        started = time.perf_counter()
        try:
            reply = self._ask(slot)
        except BaseException:
            self._publish(None, None, [])
            raise
        if reply is None:  # stopped while building
            self._publish(None, None, [])
            return False
        built, base_path, problems = reply
        errors = [text for severity, text in problems if severity == "error"]
        for _, text in problems:
            self.say(text)
        seconds = time.perf_counter() - started
        self._publish(slot if built and not errors else None, base_path, errors)
        if errors:
            self.say(f"build failed ({len(errors)} error(s)); still serving the last good site")
        else:
            self.say(f"rebuilt in {seconds:.2f} s")
        return not errors

    def _ask(self, slot: Path) -> tuple[bool, str | None, list[tuple[str, str]]] | None:
        request: dict[str, object] = {"site": str(self.site_root), "output": str(slot)}
        request |= {"drafts": self.drafts, "search": self.search}
        with self.spawn_lock:
            if self.stopped:
                return None
            child = self._process()
        assert child.stdin is not None and child.stdout is not None
        try:
            child.stdin.write(json.dumps(request) + "\n")
            child.stdin.flush()
            line = child.stdout.readline()
        except OSError:
            line = ""
        if self.stopped:
            return None
        if not line:
            code = child.wait()
            self.child = None  # the next build starts a new one
            for stream in (child.stdin, child.stdout):  # its pipes too, not left to the GC
                with contextlib.suppress(OSError):
                    stream.close()
            text = f"error: internal error: the build process ended (exit code {code})"
            return False, None, [("error", text)]
        answer = json.loads(line)
        problems = [(str(severity), str(text)) for severity, text in answer["problems"]]
        return bool(answer["built"]), answer["base_path"], problems

    def _process(self) -> subprocess.Popen[str]:
        if self.child is None:
            package_parent = str(Path(__file__).resolve().parents[1])  # this newsgen, always
            path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)
            self.child = subprocess.Popen(
                [sys.executable, "-c", "from newsgen.serve import build_child; build_child()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                env={**os.environ, "PYTHONPATH": path},
                start_new_session=True,
            )
        return self.child

    def stop(self) -> None:
        """Kill the build process and its workers now; wait until they are gone."""
        with self.spawn_lock:
            self.stopped = True
            child = self.child
        if child is None:
            return
        if hasattr(os, "killpg"):  # its own session: the build process and its workers only
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()

    def _publish(self, slot: Path | None, base_path: str | None, errors: list[str]) -> None:
        with self.state.cond:
            if slot is not None:
                self.count += 1
                self.state.current = slot
                self.state.base_path = base_path
                self.state.generation = f"{uuid.uuid4().hex[:8]}.{self.count}"
                self.state.problems = ()
            elif errors:
                self.state.problems = tuple(errors)
            self.state.building = False
            self.state.changes += 1
            self.state.cond.notify_all()
        self.state.on_change()


def build_child() -> None:
    """The build process (see ``Builder``): a JSON request per line on stdin, a JSON
    reply per line on stdout. Runs until stdin closes or serve kills it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # serve decides when builds stop
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever a build prints goes to the terminal, not into the replies
    try:
        for line in sys.stdin:
            replies.write(json.dumps(_child_build(json.loads(line))) + "\n")
            replies.flush()
    except OSError:  # serve is gone (its end of the pipe closed): so are we, quietly
        os._exit(0)


def _child_build(request: dict[str, object]) -> dict[str, object]:
    built, base_path, problems = False, None, []
    try:
        from newsgen.pipeline import build  # here: a broken import shows in the overlay

        search = request["search"]
        result = build(
            Path(str(request["site"])),
            output=Path(str(request["output"])),
            drafts=bool(request["drafts"]),
            search=None if search is None else bool(search),
        )
        built, base_path, problems = True, result.config.base_path, list(result.problems)
    except NewsgenError as err:
        problems = list(err.problems)
    except Exception as err:  # noqa: BLE001 - a bug must not stop the preview; show it
        tail = traceback.format_exception_only(type(err), err)[-1].strip()
        problems = [Problem("error", f"internal error: {tail}")]
    return {
        "built": built,
        "base_path": base_path,
        "problems": [[p.severity, str(p)] for p in problems],
    }


def watch_filter(site_root: Path, config: Config) -> Callable[[object, str], bool]:
    """Accept changes to content, templates, static files and the config only."""
    from watchfiles import DefaultFilter

    default = DefaultFilter()
    roots = {config.content_dir.strip("/").split("/")[0], "templates", "static"}
    root = site_root.resolve()

    def accept(change: object, path: str) -> bool:
        try:
            rel = Path(path).resolve().relative_to(root)
        except ValueError:
            return False
        if not rel.parts or not default(change, path):  # type: ignore[arg-type]
            return False
        return rel.parts[0] in roots or rel.as_posix() == CONFIG_NAME

    return accept


def watch_loop(site_root: Path, builder: Builder, stop: threading.Event, config: Config) -> None:
    from watchfiles import watch

    # step: quiet time that ends a burst of saves (the debounce); one rebuild per burst.
    for changes in watch(
        site_root,
        watch_filter=watch_filter(site_root, config),
        step=150,
        stop_event=stop,
        raise_interrupt=False,
    ):
        names = sorted({Path(p).name for _, p in changes})
        builder.say(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
        builder.rebuild()


# -- the server as a whole ------------------------------------------------------------


class Preview:
    """A running preview: server thread, notifier and watcher threads, temporary build folder."""

    def __init__(
        self,
        site_root: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        drafts: bool = False,
        search: bool | None = None,
        say: Callable[[str], None] | None = None,
        allow_hosts: tuple[str, ...] = (),
    ) -> None:
        self.site_root = site_root.resolve()
        self.host = host
        self.port = port
        self.allow_hosts = allow_hosts
        self.say = say or (lambda text: print(text, file=sys.stderr, flush=True))
        self.state = SiteState()
        self.streams = EventStreams(self.state)
        self.state.on_change = self.streams.wake
        self.stop_event = threading.Event()
        self.workdir = Path(tempfile.mkdtemp(prefix="newsgen-serve-"))
        self.builder = Builder(site_root, self.workdir, self.state, drafts, search, self.say)
        self.httpd: ThreadingHTTPServer | None = None
        self.threads: list[threading.Thread] = []
        self.serving = False
        self.closed = False

    @property
    def url(self) -> str:
        assert self.httpd is not None
        host = self.host if ":" not in self.host else f"[{self.host}]"
        base = self.state.base_path or "/"
        return f"http://{host}:{self.httpd.server_address[1]}{base}"

    def start(self, watch: bool = True) -> str:
        """Bind, build once, start serving (and watching, unless told not to); return the URL.

        The port is bound first, so a busy one is reported before a long build;
        connections that arrive during the first build wait in the backlog.
        """
        try:
            config = load_config(self.site_root)  # fails early on a broken config
            policy = HostPolicy.for_bind(self.host, self.allow_hosts)
            self.httpd = make_server(self.host, self.port, self.state, policy, self.streams)
            if watch:  # watching while the first build runs: no edit made after it is missed
                self._thread(
                    lambda: watch_loop(self.site_root, self.builder, self.stop_event, config),
                    "newsgen-watch",
                )
            self.builder.rebuild()
        except BaseException:
            self.close()
            raise
        self._thread(self.streams.run, "newsgen-events")
        self._thread(lambda: self.httpd.serve_forever(poll_interval=0.1), "newsgen-http")  # type: ignore[union-attr]
        self.serving = True
        return self.url

    def _thread(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self.threads.append(thread)

    def close(self) -> None:
        """Stop everything and remove the temporary folder (only the one we made).

        Quick whatever runs: a build in progress is killed with its process, and
        the threads left are daemons that only read (the watcher may be waiting
        for its next batch of changes), so nothing writes into the folder after.
        """
        if self.closed:
            return
        self.closed = True
        self.stop_event.set()
        with self.state.cond:
            self.state.stopping = True
            self.state.cond.notify_all()
        self.streams.stop()
        self.builder.stop()
        if self.httpd is not None:
            if self.serving:
                self.httpd.shutdown()
            self.httpd.server_close()
        deadline = time.monotonic() + 0.5
        for thread in self.threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Preview:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PreviewServer(ThreadingHTTPServer):
    """One thread per request (daemon: nothing outlives the process), a deep backlog,
    and sockets handed to the event notifier are left open when the request ends."""

    daemon_threads = True
    request_queue_size = BACKLOG
    streams: EventStreams

    def handle_error(self, request: object, client_address: object) -> None:
        # One line, not socketserver's traceback: a bug answering one request is not fatal.
        kind, error, _ = sys.exc_info()
        name = kind.__name__ if kind else "error"
        print(f"error: internal error answering a request: {name}: {error}", file=sys.stderr)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        if self.streams.claimed(request):
            return  # the notifier holds it now
        super().shutdown_request(request)


class PreviewServer6(PreviewServer):
    address_family = socket.AF_INET6


def make_server(
    host: str,
    port: int,
    state: SiteState,
    policy: HostPolicy | None = None,
    streams: EventStreams | None = None,
) -> PreviewServer:
    """Bind and listen; a port or address that cannot be had is a NewsgenError."""
    streams = streams or EventStreams(state)
    policy = policy or HostPolicy.for_bind(host)
    attributes = {"state": state, "hosts": policy, "streams": streams}
    handler = type("BoundPreviewHandler", (PreviewHandler,), attributes)
    server_class = PreviewServer6 if ":" in host else PreviewServer
    try:
        httpd = server_class((host, port), handler)
    except OSError as err:
        raise NewsgenError(bind_message(host, port, err)) from None
    httpd.streams = streams
    return httpd


def bind_message(host: str, port: int, err: OSError) -> str:
    """One line for people: why ``host:port`` cannot be listened on, and what to do."""
    if err.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (another newsgen serve?); "
            f"choose another with --port, e.g. --port {port + 1 if port < 65535 else 8000}, "
            "or --port 0 for any free port"
        )
    if err.errno == errno.EACCES:
        return f"not allowed to listen on port {port} (below 1024 needs root); use --port 8000"
    if err.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}: not an address of this machine; check --host"
    if isinstance(err, socket.gaierror):
        return f"cannot listen on {host!r}: unknown host name; check --host"
    return f"cannot listen on {host}:{port}: {err.strerror or err}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Stopper:
    """SIGINT and SIGTERM handlers for ``serve``.

    During the first build a signal interrupts it (KeyboardInterrupt); once
    serving, it only sets ``stop``, which the main loop polls, so it never
    raises inside a lock or a cleanup. (No build worker inherits these: builds
    run in a process started afresh, see ``Builder``.)
    """

    def __init__(self) -> None:
        self.stop = False
        self.interrupting = True
        self.previous: dict[int, object] = {}

    def install(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            self.previous[sig] = signal.signal(sig, self.handle)

    def restore(self) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.interrupting:
            self.interrupting = False
            raise KeyboardInterrupt
        self.stop = True


def serve(
    site_root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    drafts: bool = False,
    open_browser: bool = False,
    search: bool | None = None,
    allow_hosts: tuple[str, ...] = (),
) -> int:
    """``newsgen serve``: run until Ctrl-C or SIGTERM, then clean up and return 0.

    Interrupted during the first build, it returns 130 (nothing was served).
    """
    if not is_loopback(host):
        print(
            f"warning: serving on {host}, not loopback: other machines can read this preview",
            file=sys.stderr,
        )
    stopper = _Stopper()
    stopper.install()
    preview = Preview(site_root, host, port, drafts, search, allow_hosts=allow_hosts)
    try:
        try:
            url = preview.start()
            stopper.interrupting = False
        except KeyboardInterrupt:
            stopper.interrupting = False
            preview.close()
            print("stopped before the first build finished", file=sys.stderr)
            return 130
        print(f"serving {url}  (Ctrl-C to stop)", flush=True)
        if open_browser:
            webbrowser.open(url)
        while not stopper.stop and not preview.stop_event.is_set():
            time.sleep(0.1)
        print("stopping", file=sys.stderr)
        preview.close()
    finally:
        stopper.interrupting = False
        preview.close()
        stopper.restore()
    return 0
