"""Fetch one URL with bounded cost [io]: the only module that talks HTTP.

One ``requests.Session`` is passed in. Every fetch has connect/read timeouts and a total wall-clock
deadline, streams the body and caps it *after* decompression (gzip bombs), sends the stored
validators (conditional GET), and follows redirects by hand so that every hop's address is checked
against the URL policy: no loopback, private, link-local or non-http(s) target unless allowed.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import requests.adapters
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from monitor.config.load import FetchConfig

MAX_REDIRECTS = 5
_CHUNK = 16 * 1024
_GZIP_MAGIC = b"\x1f\x8b\x08"
_PERMANENT = {301, 308}
_REDIRECTS = {301, 302, 303, 307, 308}

Resolver = Callable[[str], list[str]]


class FetchError(Exception):
    """A fetch that produced no usable response; the message is one log line."""


@dataclass(frozen=True)
class Validators:
    """What the server said last time, sent back so an unchanged feed costs a 304."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Response:
    """A complete, size-capped response. ``headers`` keys are lower-case."""

    url: str  # the address that answered, after any redirects
    status: int
    headers: Mapping[str, str]
    body: bytes
    moved_to: str | None = None  # set when every redirect hop was permanent (301/308)

    @property
    def validators(self) -> Validators:
        return Validators(self.headers.get("etag"), self.headers.get("last-modified"))


def make_session(settings: FetchConfig) -> requests.Session:
    """The one session of a run. Unless private addresses are allowed, its connections refuse a
    peer that is not public even when the name resolved differently a moment before (DNS
    rebinding): the address policy holds at connect time, not only at ``check_url`` time."""
    session = requests.Session()
    if not settings.allow_private:
        for prefix in ("http://", "https://"):
            session.mount(prefix, _PublicOnlyAdapter())
    return session


class _PublicOnly:
    host: str

    def _new_conn(self):  # type: ignore[no-untyped-def]
        sock = super()._new_conn()  # type: ignore[misc]
        peer = str(sock.getpeername()[0])
        if not is_public_address(peer):
            sock.close()
            raise NewConnectionError(self, f"refused: {self.host} connected to {peer}, not public")
        return sock


class _PublicHTTPConnection(_PublicOnly, HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicOnly, HTTPSConnection):
    pass


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class _PublicOnlyAdapter(requests.adapters.HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PublicHTTPPool,
            "https": _PublicHTTPSPool,
        }


def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (the default resolver)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host!r}: {exc}") from exc
    return [str(info[4][0]) for info in infos]


def is_public_address(address: str) -> bool:
    """True for a global unicast address; False for loopback, private, link-local and the like."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, allow_private: bool, resolver: Resolver = resolve) -> str:
    """``url`` if the policy allows fetching it, else FetchError saying why."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise FetchError(f"malformed URL {url[:200]!r}: {exc}") from exc
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"refused URL {url[:200]!r}: only http and https are fetched")
    if not host:
        raise FetchError(f"refused URL {url[:200]!r}: no host")
    if parts.username or parts.password:
        raise FetchError(f"refused URL {url[:200]!r}: credentials in the address")
    if allow_private:
        return url
    blocked = [a for a in resolver(host) if not is_public_address(a)]
    if blocked:
        raise FetchError(
            f"refused URL {url[:200]!r}: {host} is a loopback, private or link-local address"
            f" ({blocked[0]}); set [fetch] allow_private = true to allow it"
        )
    return url


def fetch(
    session: requests.Session,
    url: str,
    settings: FetchConfig,
    validators: Validators = Validators(),
    resolver: Resolver = resolve,
) -> Response:
    """GET ``url`` within ``settings``' bounds; FetchError for anything without a response."""
    deadline = time.monotonic() + settings.deadline
    permanent = True
    for hops in range(MAX_REDIRECTS + 1):
        check_url(url, settings.allow_private, resolver)
        response = _get(session, url, settings, validators, deadline)
        location = response.headers.get("location")
        if response.status_code in _REDIRECTS and location:
            response.close()
            permanent = permanent and response.status_code in _PERMANENT
            url = _follow(url, location)
            continue
        with response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            body = _read_body(response, headers, settings, deadline)
        moved = url if permanent and hops else None
        return Response(url, response.status_code, headers, body, moved_to=moved)
    raise FetchError(f"redirect loop: more than {MAX_REDIRECTS} redirects")


def _follow(url: str, location: str) -> str:
    try:
        return urljoin(url, location.strip())
    except ValueError as exc:
        raise FetchError(f"malformed redirect to {location[:200]!r}: {exc}") from exc


def _get(
    session: requests.Session,
    url: str,
    settings: FetchConfig,
    validators: Validators,
    deadline: float,
) -> requests.Response:
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    timeout = min(settings.timeout, max(deadline - time.monotonic(), 0.1))
    try:
        return session.get(
            url, headers=headers, timeout=timeout, stream=True, allow_redirects=False
        )
    except requests.Timeout as exc:
        raise FetchError(f"timed out after {timeout:g} s") from exc
    except requests.RequestException as exc:
        raise FetchError(f"request failed: {_reason(exc)}") from exc
    except ValueError as exc:  # requests parses a redirect's Location even when not following
        raise FetchError(f"malformed response from {url[:200]!r}: {exc}") from exc


def _read_body(
    response: requests.Response,
    headers: Mapping[str, str],
    settings: FetchConfig,
    deadline: float,
) -> bytes:
    limit = settings.max_bytes
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"response too large: Content-Length {declared} > {limit} bytes")
    decoder = _Decoder(headers.get("content-encoding", ""), limit)
    try:
        while chunk := response.raw.read1(_CHUNK, decode_content=False):
            decoder.feed(chunk)
            if time.monotonic() > deadline:
                raise FetchError(f"deadline of {settings.deadline:g} s passed while reading")
    except FetchError:
        raise
    except Exception as exc:  # urllib3 protocol errors, socket timeouts, resets mid-body
        raise FetchError(f"reading the body failed: {_reason(exc)}") from exc
    body = decoder.result()
    if body.startswith(_GZIP_MAGIC):  # gzip sent without Content-Encoding: same cap
        sniffed = _Decoder("gzip", limit)
        sniffed.feed(body)
        return sniffed.result()
    return body


class _Decoder:
    """Undo Content-Encoding (gzip/deflate, possibly stacked), never past ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        unknown = [c for c in codings if c not in {"gzip", "x-gzip", "deflate"}]
        if unknown:
            raise FetchError(f"unsupported Content-Encoding {unknown[0]!r}")
        # gzip or zlib header auto-detected (wbits 32 + 15); applied last-encoding-first
        self.stages = [zlib.decompressobj(47) for _ in codings]
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def feed(self, data: bytes) -> None:
        for stage in self.stages[::-1]:
            try:
                data = stage.decompress(data, self.limit + 1)
            except zlib.error as exc:
                raise FetchError(f"cannot decompress the body: {exc}") from exc
            if len(data) > self.limit:
                break
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(f"response too large: over {self.limit} bytes after decompression")
        self.parts.append(data)

    def result(self) -> bytes:
        return b"".join(self.parts)


def _reason(exc: BaseException) -> str:
    """A short message: the underlying cause of requests' "Max retries exceeded" wrappers."""
    cause = getattr(exc.args[0] if exc.args else None, "reason", None)
    if isinstance(cause, BaseException):
        exc = cause
    text = str(exc) or type(exc).__name__
    return text if len(text) < 200 else text[:197] + "..."
