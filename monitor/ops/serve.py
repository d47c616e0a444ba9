"""``/metrics`` and ``/healthz`` over HTTP for ``monitor run`` [io: a listening socket].

A small threaded HTTP server of the standard library: ``/metrics`` is the app's own registry in
Prometheus' text format; ``/healthz`` is 200 with "ok: ..." while the health check holds, else
503 with the reason. Bound to ``[metrics] listen`` (loopback unless an address is given).
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from monitor.errors import StateError
from monitor.ops.health import Health

log = logging.getLogger(__name__)


class _Ipv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class Endpoint:
    """Serves from ``start()`` (a thread) until ``stop()`` or the end of a ``with`` block."""

    def __init__(
        self, address: tuple[str, int], registry: CollectorRegistry, check: Callable[[], Health]
    ) -> None:
        server = _Ipv6Server if ":" in address[0] else ThreadingHTTPServer
        try:
            self.httpd = server(address, _handler(registry, check))
        except OSError as exc:
            raise StateError(
                f"cannot serve metrics on {address[0]}:{address[1]}: {exc.strerror or exc}",
                "choose another [metrics] listen address, or stop what uses that port",
            ) from exc
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = str(self.httpd.server_address[0]), int(self.httpd.server_address[1])
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def __enter__(self) -> Endpoint:
        self.thread.start()
        log.info("serving %s/metrics and %s/healthz", self.url, self.url)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def _handler(
    registry: CollectorRegistry, check: Callable[[], Health]
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._send(200, CONTENT_TYPE_LATEST, generate_latest(registry))
            elif path == "/healthz":
                verdict = check()
                body = (verdict.reason + "\n").encode()
                self._send(200 if verdict.ok else 503, "text/plain; charset=utf-8", body)
            else:
                self._send(404, "text/plain; charset=utf-8", b"try /metrics or /healthz\n")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            log.debug("metrics: " + format, *args)

    return Handler
