"""Bounded fetches against a real HTTP server on 127.0.0.1: validators, redirects, caps, deadlines.

The URL policy is switched to allow loopback explicitly (the test server lives there); the policy
itself is tested with literal addresses and an explicit resolver.
"""

from __future__ import annotations

import gzip
import shutil
import ssl
import subprocess
import time
import zlib

import pytest
import requests
from feedserver import FeedServer, Reply
from paths import FEEDS_CORPUS as CORPUS
from paths import require_shared

from monitor.config.load import FetchConfig
from monitor.sources.http import (
    FetchError,
    check_url,
    fetch,
    is_public_address,
    make_session,
)

BOMBS = CORPUS / "synthetic" / "bombs"
LOCAL = FetchConfig(timeout=2, deadline=3, max_bytes=256 * 1024, allow_private=True)
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


@pytest.fixture
def session():
    with requests.Session() as s:
        yield s


def test_user_agent_and_conditional_get(server, session):
    def conditional(headers):
        if headers.get("if-none-match") == '"v1"':
            return Reply(304, {"ETag": '"v1"'})
        return Reply(200, {"ETag": '"v1"', "Last-Modified": "Fri, 20 Nov 2026 10:00:00 GMT"}, FEED)

    url = server.route("/feed", conditional)
    first = fetch(session, url, LOCAL)
    assert first.status == 200 and first.body == FEED and first.moved_to is None
    second = fetch(session, url, LOCAL, first.validators)
    assert second.status == 304 and second.body == b""
    sent = server.hits("/feed")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Fri, 20 Nov 2026 10:00:00 GMT"
    assert sent["user-agent"].startswith("monitor/")


def test_gzip_body_is_decoded(server, session):
    url = server.route("/gz", Reply(200, {"Content-Encoding": "gzip"}, gzip.compress(FEED)))
    assert fetch(session, url, LOCAL).body == FEED


def test_permanent_redirects_report_the_new_address_temporary_ones_do_not(server, session):
    server.route("/new", Reply(200, {}, FEED))
    server.route("/old", Reply(301, {"Location": "/new"}))
    server.route("/tmp", Reply(302, {"Location": "/old"}))
    assert fetch(session, server.url("/old"), LOCAL).moved_to == server.url("/new")
    via_temporary = fetch(session, server.url("/tmp"), LOCAL)
    assert via_temporary.url == server.url("/new") and via_temporary.moved_to is None


def test_redirect_loop_stops(server, session):
    server.route("/a", Reply(301, {"Location": "/b"}))
    server.route("/b", Reply(308, {"Location": "/a"}))
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(session, server.url("/a"), LOCAL)


def test_every_redirect_hop_is_checked(server, session):
    server.route("/file", Reply(302, {"Location": "file:///etc/passwd"}))
    with pytest.raises(FetchError, match="only http and https"):
        fetch(session, server.url("/file"), LOCAL)


def test_loopback_is_refused_unless_allowed(server, session):
    url = server.route("/feed", Reply(200, {}, FEED))
    with pytest.raises(FetchError, match="allow_private"):
        fetch(session, url, FetchConfig())
    assert server.requests == []


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "::1",
     "fe80::1%eth0", "::ffff:127.0.0.1", "0.0.0.0", "100.64.0.1", "224.0.0.1", "fc00::1", "junk"],
)
def test_non_public_addresses(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses(address):
    assert is_public_address(address)


def test_host_names_are_checked_by_what_they_resolve_to():
    def resolver(host):
        return {"inside.example": ["10.0.0.5"], "outside.example": ["93.184.215.14"]}[host]

    assert check_url("https://outside.example/feed", False, resolver)
    with pytest.raises(FetchError, match="private"):
        check_url("https://inside.example/feed", False, resolver)
    for url in ("ftp://outside.example/", "https://u:p@outside.example/", "http:///x"):
        with pytest.raises(FetchError):
            check_url(url, False, resolver)


def test_huge_content_length_is_refused_before_reading(server, session):
    url = server.route("/huge", Reply(200, {"Content-Length": "10737418240"}, b""))
    with pytest.raises(FetchError, match="Content-Length"):
        fetch(session, url, LOCAL)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("gzip-1GiB.rss.gz", "gzip"),
        ("deflate-zlib-1GiB.rss.zz", "deflate"),
        ("gzip-of-gzip-8GiB.rss.gz.gz", "gzip, gzip"),
    ],
)
def test_decompression_bombs_stop_at_the_cap(server, session, name, encoding):
    bomb = require_shared(BOMBS / name).read_bytes()
    url = server.route("/bomb", Reply(200, {"Content-Encoding": encoding}, bomb))
    with pytest.raises(FetchError, match="too large"):
        fetch(session, url, LOCAL)


def test_endless_small_body_also_hits_the_cap(server, session):
    body = zlib.compress(b" " * 10**6)
    url = server.route("/big", Reply(200, {"Content-Encoding": "deflate"}, body))
    with pytest.raises(FetchError, match="too large"):
        fetch(session, url, LOCAL)


def test_a_trickling_server_is_cut_off_by_the_deadline(server, session):
    url = server.route("/slow", Reply(200, {}, FEED * 50, trickle=0.02))
    settings = FetchConfig(timeout=1, deadline=0.5, allow_private=True)
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline"):
        fetch(session, url, settings)
    assert time.monotonic() - started < 2


def test_a_silent_server_times_out(server, session):
    url = server.route("/silent", Reply(200, {}, FEED, delay=5))
    with pytest.raises(FetchError, match="timed out"):
        fetch(session, url, FetchConfig(timeout=0.3, deadline=2, allow_private=True))


def test_a_body_shorter_than_announced_is_an_error(server, session):
    url = server.route("/short", Reply(200, {"Content-Length": "5000"}, FEED))
    with pytest.raises(FetchError):
        fetch(session, url, FetchConfig(timeout=0.5, deadline=2, allow_private=True))


def test_the_connection_itself_refuses_a_non_public_peer(server):
    """DNS rebinding: the name looked public when checked but the socket reaches loopback."""
    url = server.route("/feed", Reply(200, {}, FEED))
    settings = FetchConfig(timeout=2, deadline=3)
    with make_session(settings) as guarded, pytest.raises(FetchError, match="not public"):
        fetch(guarded, url, settings, resolver=lambda host: ["93.184.215.14"])
    assert server.requests == []
    with make_session(LOCAL) as open_session:
        assert fetch(open_session, url, LOCAL).status == 200


def test_a_malformed_redirect_is_an_error(server, session):
    url = server.route("/bad", Reply(302, {"Location": "http://[::1"}))
    with pytest.raises(FetchError, match="malformed"):
        fetch(session, url, LOCAL)


def test_gzip_without_content_encoding_is_inflated_with_the_same_cap(server, session):
    url = server.route("/plain", Reply(200, {}, gzip.compress(FEED)))
    assert fetch(session, url, LOCAL).body == FEED
    server.route("/bomb", Reply(200, {}, gzip.compress(b" " * (LOCAL.max_bytes + 1))))
    with pytest.raises(FetchError, match="too large"):
        fetch(session, server.url("/bomb"), LOCAL)


def test_connection_refused_is_an_error(session):
    with pytest.raises(FetchError, match="request failed"):
        fetch(session, "http://127.0.0.1:1/feed", LOCAL)


def test_a_self_signed_certificate_is_refused(tmp_path, session):
    """Certificates are always verified; the error is one line."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    with FeedServer(tls) as server:
        url = server.route("/feed", Reply(200, {}, FEED))
        with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED|certificate verify"):
            fetch(session, url, LOCAL)
