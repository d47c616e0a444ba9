"""Feeds are polled from the start, but ahead of storing only a little: memory stays flat."""

from __future__ import annotations

import time
from dataclasses import replace

import requests
from feedserver import FeedServer, Reply

from monitor.config.load import FetchConfig
from monitor.sources.feeds.policy import FeedState
from monitor.sources.feeds.poller import Poller, Polls
from monitor.sources.sandbox import Sandbox

FEEDS = 20
SETTINGS = FetchConfig(timeout=2, deadline=3, allow_private=True, workers=2, per_host=2)


def rss(n: int) -> bytes:
    body = (
        "<p>The Caspian ferry from Aktau to Baku now sails twice a week.</p>"
        "<p>Hauliers in Kazakhstan say the crossing saves three days on the road.</p>"
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Feed {n}</title>'
        '<item><title>Ferry timetable {n}</title><guid isPermaLink="false">ferry-{n}</guid>'
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    ).replace("{n}", str(n)).encode()


def test_polling_stays_a_bounded_step_ahead_and_stops_with_its_caller():
    with FeedServer() as server, requests.Session() as session, Sandbox(size=1) as sandbox:
        urls = [server.route(f"/feed{n}", Reply(200, {}, rss(n))) for n in range(FEEDS)]
        states = [FeedState(key=url, url=url) for url in urls]
        polled = Polls(Poller(session, SETTINGS, sandbox, frozenset()), states)
        first = next(polled)
        polled.close()  # the caller stops after one feed: this must return, not hang
    assert first.outcome.ok and first.items
    lanes = len({tuple(s) for s in [states[0::2], states[1::2]]})  # per_host=2: two lanes
    # one taken, at most `workers` waiting in the hand-off, one in hand per lane
    fetched = [r for r in server.requests if r.path.startswith("/feed")]
    assert len(fetched) <= 1 + SETTINGS.workers + lanes < FEEDS


def test_every_feed_is_yielded_once_when_the_caller_takes_them_all():
    with FeedServer() as server, requests.Session() as session, Sandbox(size=1) as sandbox:
        urls = [server.route(f"/feed{n}", Reply(200, {}, rss(n))) for n in range(FEEDS)]
        states = [FeedState(key=url, url=url) for url in urls]
        settings = replace(SETTINGS, workers=1)
        got = [p.state.url for p in Polls(Poller(session, settings, sandbox, frozenset()), states)]
    assert sorted(got) == sorted(urls)


def test_polling_starts_at_once_so_it_overlaps_the_callers_other_work():
    with FeedServer() as server, requests.Session() as session, Sandbox(size=1) as sandbox:
        urls = [server.route(f"/feed{n}", Reply(200, {}, rss(n))) for n in range(2)]
        states = [FeedState(key=url, url=url) for url in urls]
        with Polls(Poller(session, SETTINGS, sandbox, frozenset()), states) as polls:
            deadline = time.monotonic() + 10
            while len(server.requests) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)  # nothing taken from ``polls`` yet
            assert {r.path for r in server.requests} == {"/feed0", "/feed1"}
            assert sorted(p.state.url for p in polls) == sorted(urls)
