"""``[fetch] per_host`` across the cluster: workers sharing one PostgreSQL store together send at
most ``per_host`` requests at once to one host (each request holds one of the host's slots, an
advisory lock on the worker's own connection), on the tests' own cluster and a real HTTP server
on 127.0.0.1 that counts the requests in progress per host."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import requests
from feedserver import FeedServer, Reply
from mailserver import free_port

from monitor.config.load import FetchConfig
from monitor.records import FeedState
from monitor.sources.feeds.poller import Poller, Polls
from monitor.sources.sandbox import Sandbox
from monitor.store.postgres.hostslots import HostSlots
from monitor.store.postgres.store import PgStore

PER_HOST = 2
FEEDS = 8  # per host
SETTINGS = FetchConfig(timeout=5, deadline=10, allow_private=True, workers=4, per_host=PER_HOST)
HOSTS = ("127.0.0.1", "localhost")  # two host names of the one loopback server


def _rss(n: int) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
        f"<item><title>Item {n}</title><guid>item-{n}</guid>"
        f"<description>Text of item {n}.</description></item></channel></rss>"
    ).encode()


def _poll_all(store: PgStore, states: list[FeedState]) -> list[str]:
    """One worker's pass over ``states``: its own session, sandbox and lanes."""
    with requests.Session() as session, Sandbox(size=1) as sandbox:
        poller = Poller(session, SETTINGS, sandbox, frozenset(), store.host_slot)
        return [polled.state.url for polled in Polls(poller, states) if polled.outcome.ok]


def test_two_workers_together_send_at_most_per_host_requests_to_a_host(pg_url):
    workers = [PgStore.open(pg_url), PgStore.open(pg_url)]
    with FeedServer() as server:
        port = server.httpd.server_address[1]
        urls = []
        for host in HOSTS:
            for n in range(FEEDS):
                server.route(f"/{host}/{n}", Reply(200, {}, _rss(n), delay=0.1))
                urls.append(f"http://{host}:{port}/{host}/{n}")
        states = [FeedState(key=url, url=url) for url in urls]
        with ThreadPoolExecutor(2) as pool:  # each alone would send per_host to each host
            polled = list(pool.map(lambda store: _poll_all(store, states), workers))
    assert [sorted(urls)] * 2 == [sorted(done) for done in polled]
    assert set(server.peak) == set(HOSTS)
    assert all(peak <= PER_HOST for peak in server.peak.values()), server.peak
    for store in workers:
        store.close()


def test_a_host_s_slots_are_shared_by_the_workers_and_freed_when_one_dies(pg_url):
    first, second = HostSlots(pg_url), HostSlots(pg_url, patience=0)
    with first.hold("news.example", 2) as a, first.hold("news.example", 2) as b:
        assert {a, b} == {0, 1}  # one process's requests take different slots
        with second.hold("news.example", 2) as none_free, second.hold("other.example", 2) as c:
            assert none_free is None and c == 0  # held elsewhere; another host is free
        assert first.db is not None
        with psycopg.connect(pg_url, autocommit=True) as admin:  # the worker dies: its session
            pid = first.db.info.backend_pid
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            _wait_until_gone(admin, pid)  # terminate only asks: the session ends a moment later
        with second.hold("news.example", 2) as freed:
            assert freed == 0
    first.close()
    second.close()


def _wait_until_gone(admin: psycopg.Connection, pid: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
        assert time.monotonic() < deadline, f"session {pid} still there after {seconds} s"
        time.sleep(0.02)


def test_without_the_database_a_request_goes_ahead_without_a_slot():
    slots = HostSlots(f"postgresql://monitor@127.0.0.1:{free_port()}/none")
    with slots.hold("news.example", 1) as slot:
        assert slot is None
    slots.close()
