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
  which the script shows as an overlay.
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import shutil
import signal
import socket
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
    config: Config | None = None
    generation: str = ""  # names the last good build, sent to pages as `since`
    problems: tuple[str, ...] = ()  # errors of the last build if it failed
    building: bool = False
    changes: int = 0  # bumps on every finished build, wakes event streams
    stopping: bool = False

    def wait_idle(self) -> None:
        """Hold the lock (caller does) until no rebuild runs."""
        self.cond.wait_for(lambda: not self.building or self.stopping, timeout=WAIT_SECONDS)


# -- HTTP ----------------------------------------------------------------------


class PreviewHandler(BaseHTTPRequestHandler):
    server_version = "newsgen-serve"
    state: SiteState  # set on the subclass made by make_server

    def do_GET(self) -> None:
        self._dispatch(send_body=True)

    def do_HEAD(self) -> None:
        self._dispatch(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        pass  # a preview server's access log is noise in the editor's terminal

    def _dispatch(self, send_body: bool) -> None:
        url = urlsplit(self.path)
        try:
            if url.path == EVENTS_PATH:
                self._events(parse_qs(url.query).get("since", [""])[0])
                return
            with self.state.cond:
                self.state.wait_idle()
                status, headers, body = respond(self.state, url.path)
            self._send(status, headers, body if send_body else b"")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (reload, closed tab)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _events(self, since: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(b"retry: 500\n\n")
        self.wfile.flush()
        state, seen = self.state, -1
        while True:
            with state.cond:
                state.cond.wait_for(
                    lambda seen=seen: state.changes != seen or state.stopping,
                    timeout=KEEPALIVE_SECONDS,
                )
                if state.stopping:
                    return
                message = event_for(state, since) if state.changes != seen else ""
                seen = state.changes
            self.wfile.write((message or ": keepalive\n\n").encode("utf-8"))
            self.wfile.flush()


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
    if state.current is None or state.config is None:
        return _no_site(state)
    base = state.config.base_path
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
    items = "".join(f"<li>{_escape(p)}</li>" for p in state.problems) or "<li>building…</li>"
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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- building -------------------------------------------------------------------


class Builder:
    """Builds into alternating slots and publishes good builds to the state."""

    def __init__(
        self,
        site_root: Path,
        workdir: Path,
        state: SiteState,
        drafts: bool,
        search: bool | None,
        say: Callable[[str], None],
    ) -> None:
        self.site_root = site_root
        self.slots = (workdir / "a", workdir / "b")
        self.state = state
        self.drafts = drafts
        self.search = search
        self.say = say
        self.count = 0

    def rebuild(self) -> bool:
        """One build; True if it was good and is now served."""
        with self.state.cond:
            self.state.building = True
            slot = self.slots[1] if self.state.current == self.slots[0] else self.slots[0]
        started = time.perf_counter()
        result = None
        problems: list[Problem] = []
        try:
            from newsgen.pipeline import build  # here: a broken import shows in the overlay

            result = build(self.site_root, output=slot, drafts=self.drafts, search=self.search)
            problems = list(result.problems)
        except NewsgenError as err:
            problems = list(err.problems)
        except Exception as err:  # noqa: BLE001 - a bug must not stop the preview; show it
            tail = traceback.format_exception_only(type(err), err)[-1].strip()
            problems = [Problem("error", f"internal error: {tail}")]
        errors = [p for p in problems if p.severity == "error"]
        for problem in problems:
            self.say(str(problem))
        seconds = time.perf_counter() - started
        self._publish(slot if result is not None and not errors else None, result, errors)
        if errors:
            self.say(f"build failed ({len(errors)} error(s)); still serving the last good site")
        else:
            self.say(f"rebuilt in {seconds:.2f} s")
        return not errors

    def _publish(self, slot: Path | None, result: object, errors: list[Problem]) -> None:
        with self.state.cond:
            if slot is not None:
                self.count += 1
                self.state.current = slot
                self.state.config = getattr(result, "config", None)
                self.state.generation = f"{uuid.uuid4().hex[:8]}.{self.count}"
                self.state.problems = ()
            else:
                self.state.problems = tuple(str(p) for p in errors)
            self.state.building = False
            self.state.changes += 1
            self.state.cond.notify_all()


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
        watch_filter=watch_filter(site_root, config),  # type: ignore[arg-type]
        step=150,
        stop_event=stop,
        raise_interrupt=False,
    ):
        names = sorted({Path(p).name for _, p in changes})
        builder.say(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
        builder.rebuild()


# -- the server as a whole ------------------------------------------------------------


class Preview:
    """A running preview: server thread, watcher thread, temporary build folder."""

    def __init__(
        self,
        site_root: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        drafts: bool = False,
        search: bool | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.site_root = site_root.resolve()
        self.host = host
        self.port = port
        self.say = say or (lambda text: print(text, file=sys.stderr, flush=True))
        self.state = SiteState()
        self.stop_event = threading.Event()
        self.workdir = Path(tempfile.mkdtemp(prefix="newsgen-serve-"))
        self.builder = Builder(site_root, self.workdir, self.state, drafts, search, self.say)
        self.httpd: ThreadingHTTPServer | None = None
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        assert self.httpd is not None
        host = self.host if ":" not in self.host else f"[{self.host}]"
        base = self.state.config.base_path if self.state.config else "/"
        return f"http://{host}:{self.httpd.server_address[1]}{base}"

    def start(self, watch: bool = True) -> str:
        """Build once, start serving (and watching, unless told not to); return the URL."""
        try:
            config = load_config(self.site_root)  # fails early on a broken config
            self.builder.rebuild()
            self.httpd = make_server(self.host, self.port, self.state)
        except BaseException:
            self.close()
            raise
        self._thread(self.httpd.serve_forever, "newsgen-http")
        if watch:
            self._thread(
                lambda: watch_loop(self.site_root, self.builder, self.stop_event, config),
                "newsgen-watch",
            )
        return self.url

    def _thread(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self.threads.append(thread)

    def close(self) -> None:
        """Stop everything and remove the temporary folder (only the one we made)."""
        self.stop_event.set()
        with self.state.cond:
            self.state.stopping = True
            self.state.cond.notify_all()
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
        for thread in self.threads:
            thread.join(timeout=30)  # the watcher may be finishing a build into workdir
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Preview:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_server(host: str, port: int, state: SiteState) -> ThreadingHTTPServer:
    handler = type("BoundPreviewHandler", (PreviewHandler,), {"state": state})
    server_class = ThreadingHTTPServer
    if ":" in host:
        server_class = type("V6Server", (ThreadingHTTPServer,), {"address_family": socket.AF_INET6})
    httpd = server_class((host, port), handler)
    httpd.daemon_threads = True  # open event streams must not keep the process alive
    return httpd


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    site_root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    drafts: bool = False,
    open_browser: bool = False,
    search: bool | None = None,
) -> int:
    """``newsgen serve``: run until Ctrl-C (or SIGTERM), then clean up."""
    if not is_loopback(host):
        print(
            f"warning: serving on {host}, not loopback: other machines can read this preview",
            file=sys.stderr,
        )
    preview = Preview(site_root, host, port, drafts, search)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        url = preview.start()
        print(f"serving {url}  (Ctrl-C to stop)", flush=True)
        if open_browser:
            webbrowser.open(url)
        while not preview.stop_event.wait(0.5):
            pass
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
    finally:
        preview.close()
        signal.signal(signal.SIGTERM, previous)
    return 0


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
