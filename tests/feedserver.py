"""A real HTTP server on 127.0.0.1 (port 0, in a thread) that serves scripted replies.

Each path has a list of replies, used in turn (the last one repeats); a reply may be a function
of the request headers (conditional GET). Every request is recorded with its headers, and
``peak`` holds the most requests to one host (its ``Host`` header) in progress at once.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0  # seconds before the status line
    trickle: float = 0.0  # seconds between single body bytes (0: send at once)


Script = Reply | Callable[[Mapping[str, str]], Reply]


@dataclass(frozen=True)
class Request:
    path: str
    headers: Mapping[str, str]


class FeedServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, list[Script]] = {}
        self.requests: list[Request] = []
        self.active: dict[str, int] = {}  # host -> requests in progress
        self.peak: dict[str, int] = {}  # host -> the most in progress at once
        self.counting = threading.Lock()
        self.stopping = threading.Event()
        self.httpd = _QuietServer(("127.0.0.1", 0), _handler(self))
        self.scheme = "http"
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, *replies: Script) -> str:
        self.routes[path] = list(replies)
        return self.url(path)

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def next_reply(self, path: str, headers: Mapping[str, str]) -> Reply:
        replies = self.routes.get(path) or [Reply(404, body=b"not found")]
        script = replies.pop(0) if len(replies) > 1 else replies[0]
        return script(headers) if callable(script) else script

    @contextmanager
    def in_progress(self, host: str) -> Iterator[None]:
        with self.counting:
            self.active[host] = self.active.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), self.active[host])
        try:
            yield
        finally:
            with self.counting:
                self.active[host] -= 1

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-reply (size cap, deadline) is what the tests provoke


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.requests.append(Request(self.path, headers))
            with server.in_progress(headers.get("host", "").rsplit(":", 1)[0]):
                self._reply(headers)

        def _reply(self, headers: Mapping[str, str]) -> None:
            reply = server.next_reply(self.path, headers)
            if reply.delay and server.stopping.wait(reply.delay):
                return
            self.send_response(reply.status)
            names = {k.lower() for k in reply.headers}
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if "content-length" not in names:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            try:
                self._body(reply)
            except OSError:  # the client gave up (deadline, size cap): expected
                self.close_connection = True

        def _body(self, reply: Reply) -> None:
            if not reply.trickle:
                self.wfile.write(reply.body)
                return
            for byte in reply.body:
                if server.stopping.wait(reply.trickle):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler
