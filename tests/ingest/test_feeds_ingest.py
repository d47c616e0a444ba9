"""Polling feeds into a real store from a real local HTTP server, through the sandboxed parser."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import requests
from builders import digest_of
from feedserver import FeedServer, Reply
from feedtexts import DAM, GULF, RAIL, SITE, article_page, excerpt_rss, wordpress_rss
from store_helpers import sql

from monitor.analysis.analyser import Analyser
from monitor.config.load import Config, FeedConfig, FetchConfig
from monitor.ingest.feeds import ingest_feeds
from monitor.sources.feeds.policy import FeedState, feed_notes, health
from monitor.sources.feeds.poller import Poller, Polls, host_lanes
from monitor.sources.sandbox import Sandbox
from monitor.store import feeds as feedstore
from monitor.store.sqlite import Store

START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FETCH = FetchConfig(timeout=2, deadline=3, max_bytes=512 * 1024, allow_private=True, interval=30)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, hours: float) -> None:
        self.now += timedelta(hours=hours)


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(size=2, time_limit=10) as box:
        yield box


@pytest.fixture
def env(tmp_path, sandbox):
    with FeedServer() as server, requests.Session() as session:
        store = Store.open(tmp_path / "state")
        clock = Clock()

        def run(*urls: str, **fetch_changes):
            config = Config(
                feeds=tuple(FeedConfig(url) for url in urls),
                fetch=replace(FETCH, **fetch_changes),
            )
            return ingest_feeds(store, config, Analyser(config), session, clock, sandbox)

        yield server, store, clock, run
        store.close()


def test_same_post_in_two_category_feeds_is_one_article_with_every_category(env):
    server, store, _, run = env
    in_central = replace(RAIL, categories=("Central Asia",))
    in_south = replace(RAIL, categories=("South Asia",))
    central = server.route("/central/feed", Reply(200, {}, wordpress_rss("C", (in_central, DAM))))
    south = server.route("/south/feed", Reply(200, {}, wordpress_rss("South", (in_south,))))
    report = run(central, south)
    assert (report.polled, report.failed, report.articles_new) == (2, 0, 2)
    articles = {a.title: a for a in store.articles()}
    assert set(articles) == {RAIL.title, DAM.title}
    assert set(articles[RAIL.title].sources) == {central, south}
    hints = store.stored_version(articles[RAIL.title].id).hints
    assert set(hints) == {"Central Asia", "South Asia"}
    assert "<" not in articles[RAIL.title].text


def test_second_poll_sends_validators_and_a_304_changes_nothing(env):
    server, store, clock, run = env

    def conditional(headers):
        if headers.get("if-none-match") == '"v1"':
            return Reply(304, {"ETag": '"v1"'})
        return Reply(200, {"ETag": '"v1"'}, wordpress_rss("Central", (DAM,)))

    url = server.route("/feed", conditional)
    run(url)
    assert run(url).polled == 0  # not due yet: nothing is fetched
    clock.advance(1)
    report = run(url)
    assert (report.polled, report.unchanged, report.failed) == (1, 1, 0)
    assert server.hits("/feed")[-1].headers["if-none-match"] == '"v1"'
    assert len(server.hits("/feed")) == 2 and len(store.articles()) == 1


def test_edited_post_updates_the_article_until_it_is_digested(env):
    server, store, clock, run = env
    edited = DAM.edited(DAM.title + " (Updated)", "A correction was added on the next day.")
    url = server.route(
        "/feed",
        Reply(200, {}, wordpress_rss("C", (DAM,))),
        Reply(200, {}, wordpress_rss("C", (edited,))),
        Reply(200, {}, wordpress_rss("C", (edited.edited(edited.title, "Again."),))),
    )
    run(url)
    clock.advance(1)
    assert run(url).articles_updated == 1
    [article] = store.articles()
    assert article.title == edited.title and article.text.endswith("on the next day.")
    digest_of(store, clock())
    clock.advance(1)
    report = run(url)
    assert (report.articles_new, report.articles_updated) == (0, 0)
    assert digest_of(store, clock()).count == 0  # not sent again


def test_a_broken_feed_is_one_log_line_and_the_others_go_on(env, caplog):
    server, store, _, run = env
    good = server.route("/good", Reply(200, {}, wordpress_rss("G", (GULF,))))
    bad = server.route("/bad", Reply(200, {}, b"<html><body>Temporarily down</body></html>"))
    with caplog.at_level(logging.INFO, logger="monitor"):
        report = run(good, bad)
    assert (report.polled, report.failed, report.articles_new) == (2, 1, 1)
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(errors) == 1 and bad in errors[0].getMessage()
    states = {s.url: s for s in feedstore.all_feeds(store)}
    assert states[bad].failures == 1 and states[good].failures == 0


def test_server_errors_back_off_and_the_feed_recovers(env):
    server, store, clock, run = env
    url = server.route(
        "/feed", Reply(500), Reply(500), Reply(500), Reply(200, {}, wordpress_rss("C", (DAM,)))
    )
    waits = []
    for _ in range(4):
        run(url)
        [state] = feedstore.all_feeds(store)
        waits.append(state.next_poll - clock())
        clock.now = state.next_poll
    assert waits[0] < waits[1] < waits[2]
    assert state.failures == 0 and state.last_success is not None
    assert len(store.articles()) == 1


def test_legacy_encoding_and_ill_formed_feeds_are_read(env):
    server, store, _, run = env
    legacy = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Лента</title><item>'
        "<title>Новости из Бишкека</title><guid>https://kg.example/1</guid><description>"
        "Парламент Кыргызстана обсудил бюджет. Депутаты Кыргызстана приняли бюджет на год. "
        "Бюджет Кыргызстана вырос.</description></item></channel></rss>"
    ).encode("cp1251")
    cut = wordpress_rss("C", (DAM, GULF)).split(b"<item>")
    ill_formed = b"<item>".join(cut[:2]) + b"<item><title>Half an it"
    report = run(
        server.route("/cp1251", Reply(200, {"Content-Type": "text/xml; charset=windows-1251"},
                                      legacy)),
        server.route("/cut", Reply(200, {}, ill_formed)),
    )  # fmt: skip
    assert report.failed == 0
    titles = {a.title for a in store.articles()}
    assert {"Новости из Бишкека", DAM.title} <= titles


def test_rate_limit_is_honoured(env):
    server, store, clock, run = env
    url = server.route("/feed", Reply(429, {"Retry-After": "7200"}))
    run(url)
    clock.advance(1.5)
    assert run(url).polled == 0
    clock.advance(1)
    assert run(url).polled == 1
    assert len(server.hits("/feed")) == 2


def test_moved_feed_is_stored_under_its_new_address(env):
    server, store, clock, run = env
    server.route("/new", Reply(200, {}, wordpress_rss("C", (DAM,))))
    old = server.route("/old", Reply(301, {"Location": "/new"}))
    run(old)
    [state] = feedstore.all_feeds(store)
    assert state.url == server.url("/new") and state.key == old
    clock.advance(1)
    run(old)
    assert len(server.hits("/old")) == 1 and len(server.hits("/new")) == 2


def test_gone_feed_is_marked_and_its_articles_kept(env, caplog):
    server, store, clock, run = env
    url = server.route("/feed", Reply(200, {}, wordpress_rss("C", (DAM,))), Reply(410))
    run(url)
    clock.advance(1)
    with caplog.at_level(logging.WARNING, logger="monitor"):
        run(url)
    [state] = feedstore.all_feeds(store)
    assert state.gone and "gone" in caplog.text
    assert len(store.articles()) == 1


def test_slow_and_huge_feeds_fail_without_holding_the_others(env):
    server, _, _, run = env
    slow = server.route("/slow", Reply(200, {}, wordpress_rss("S", (DAM,)), trickle=0.01))
    huge = server.route("/huge", Reply(200, {}, b" " * 600_000))
    good = server.route("/good", Reply(200, {}, wordpress_rss("G", (GULF,))))
    report = run(slow, huge, good, deadline=0.5)
    assert (report.polled, report.failed, report.articles_new) == (3, 2, 1)


def test_excerpt_only_feed_gets_the_page_text_once(env):
    server, store, clock, run = env
    feed = server.route("/blog/feed", Reply(200, {}, excerpt_rss((RAIL,))))
    server.route("/2026/11/02/post-501/", Reply(200, {}, article_page(RAIL)))
    host = server.url("")
    # the post links to the invented site: point it at the local server instead
    server.routes["/blog/feed"] = [
        Reply(200, {}, excerpt_rss((RAIL,)).replace(b"https://news.example", host.encode()))
    ]
    run(feed)
    [article] = store.articles()
    assert article.text.split("\n\n")[-1] == RAIL.paragraphs[-1]
    clock.advance(1)
    run(feed)
    assert len(server.hits("/2026/11/02/post-501/")) == 1


def excerpt_feed_on(server, *posts):
    """An excerpt-only feed whose posts link to pages on the local server (each page served)."""
    for post in posts:
        server.route(post.link.removeprefix(SITE), Reply(200, {}, article_page(post)))
    body = excerpt_rss(posts).replace(SITE.encode(), server.base.encode())
    return server.route("/blog/feed", Reply(200, {}, body))


@pytest.mark.parametrize(
    ("robots", "dam_page_fetched"),
    [
        ("User-agent: *\nDisallow: /2026/11/03/\n", False),
        ("User-agent: monitor\nDisallow: /2026/11/03/\n\nUser-agent: *\nAllow: /\n", False),
        ("User-agent: otherbot\nDisallow: /\n", True),
        ("#" * 520_000 + "\nUser-agent: *\nDisallow: /\n", True),  # past what is parsed
    ],
    ids=["all agents", "monitor by name", "another bot", "past 500 KiB"],
)
def test_robots_txt_is_asked_once_before_article_pages(env, robots, dam_page_fetched):
    server, store, _, run = env
    server.route("/robots.txt", Reply(200, {"Content-Type": "text/plain"}, robots.encode()))
    run(excerpt_feed_on(server, RAIL, DAM))
    texts = {a.title: a.text for a in store.articles()}
    assert texts[RAIL.title].endswith(RAIL.paragraphs[-1])  # allowed: the page's full text
    assert texts[DAM.title].endswith(DAM.paragraphs[-1]) == dam_page_fetched  # else the excerpt
    assert len(server.hits(DAM.link.removeprefix(SITE))) == dam_page_fetched
    assert len(server.hits("/robots.txt")) == 1


def test_unreachable_robots_txt_fetches_none_of_the_sites_pages(env, caplog):
    server, store, _, run = env
    server.route("/robots.txt", Reply(503, {}, b"busy"))
    with caplog.at_level(logging.WARNING, logger="monitor.sources.robots"):
        report = run(excerpt_feed_on(server, RAIL, DAM))
    assert report.articles_new == 2 and report.failed == 0  # the excerpts are stored
    assert not any(server.hits(post.link.removeprefix(SITE)) for post in (RAIL, DAM))
    [line] = [r.getMessage() for r in caplog.records if r.name == "monitor.sources.robots"]
    assert "robots.txt: HTTP 503; none of its pages is fetched" in line


@contextmanager
def dead_site_feed(server) -> Iterator[tuple[str, str]]:
    """(feed URL, site): an excerpt-only feed whose posts live on a site nobody answers for."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # a port nobody listens on
        dead_site = f"http://127.0.0.1:{closed.getsockname()[1]}"
        body = excerpt_rss((RAIL, DAM)).replace(SITE.encode(), dead_site.encode())
        yield server.route("/blog/feed", Reply(200, {}, body)), dead_site


def test_a_site_that_does_not_answer_costs_one_line_for_all_its_pages(env, caplog):
    server, store, _, run = env
    with dead_site_feed(server) as (feed, dead_site), caplog.at_level(logging.INFO):
        report = run(feed)
    assert report.articles_new == 2  # the excerpts
    [line] = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert line.startswith(f"{dead_site}/robots.txt: request failed: ")
    assert line.endswith("Connection refused; none of its pages is fetched")
    kept = [r.getMessage() for r in caplog.records if "excerpt is kept" in r.getMessage()]
    assert len(kept) == 2 and all("robots.txt could not be read" in line for line in kept)


def test_a_feed_whose_pages_cannot_be_fetched_is_degraded_with_the_reason(env):
    server, store, _, run = env
    with dead_site_feed(server) as (feed, _):
        report = run(feed)
    assert (report.failed, report.degraded, report.results["ok"]) == (0, 1, 1)
    [state] = store.feeds()
    assert health(state) == "degraded" and state.failures == 0
    assert state.last_error.startswith("2 of 2 article page(s) not fetched, the excerpts kept")
    assert "robots.txt could not be read" in state.last_error
    head, line = feed_notes([state])
    assert head == "Feeds: 1 polled (1 degraded)." and "degraded: 2 of 2" in line
    assert "(1 ok, 0 unchanged, 0 failed, 1 degraded; 0 not due)" in report.line()


def test_realistic_wordpress_feeds_match_the_ground_truth(env, realistic_dir):
    REALISTIC = realistic_dir
    server, store, clock, run = env
    truth = json.loads((REALISTIC / "expected.json").read_text(encoding="utf-8"))
    urls = {}
    for name in ("central-asia", "south-asia", "middle-east"):
        body = (REALISTIC / "magazine" / f"{name}.rss").read_bytes()
        urls[name] = server.route(f"/category/{name}/feed/", Reply(200, {}, body))
    blog = (REALISTIC / "blog" / "tag-central-asia.rss").read_bytes()
    # the blog's links point at the local server (whose article pages answer 404)
    blog = blog.replace(b"https://fieldnotes.example", server.base.encode())
    urls["blog"] = server.route("/tag/central-asia/feed/", Reply(200, {}, blog))
    report = run(*urls.values())
    assert report.articles_new == truth["unique_articles_v1_snapshot"] and report.failed == 0
    sources = {a.id: a.sources for a in store.articles()}
    for guid in truth["in_two_category_feeds"]:
        rows = sql(store, "SELECT id FROM articles WHERE guid = ?", (guid,))
        assert len(rows) == 1 and len(sources[rows[0][0]]) == 2
    edited = truth["edited_in_place"]
    v2 = (REALISTIC / edited["v2_file"]).read_bytes()
    server.routes["/category/middle-east/feed/"] = [Reply(200, {}, v2)]
    clock.advance(1)
    report = run(*urls.values())
    assert (report.articles_new, report.articles_updated) == (1, 1)
    assert len(store.articles()) == truth["unique_articles_all_files"]
    titles = {a.title for a in store.articles()}
    assert edited["v2_title"] in titles and edited["v1_title"] not in titles


def test_a_slow_host_does_not_hold_the_others(sandbox):
    """127.0.0.1 and localhost are two hosts. Two workers, one per host: the quick host's feed
    is done first although it is listed last (a plain pool would start both slow feeds first)."""
    with FeedServer() as server, requests.Session() as session:
        slow = Reply(200, {}, wordpress_rss("S", (DAM,)), delay=0.4)
        slow_urls = [server.route(f"/slow{i}", slow) for i in range(2)]
        quick = server.route("/quick", Reply(200, {}, wordpress_rss("Q", (GULF,))))
        quick = quick.replace("127.0.0.1", "localhost")
        states = [FeedState(key=u, url=u) for u in [*slow_urls, quick]]
        settings = replace(FETCH, workers=2, per_host=1)
        poller = Poller(session, settings, sandbox, frozenset())
        order = [p.state.url for p in Polls(poller, states)]
    assert order[0] == quick and set(order[1:]) == set(slow_urls)


def test_per_host_lanes():
    states = [FeedState(key=u, url=u) for u in
              ["https://a.example/1", "https://a.example/2", "https://a.example/3",
               "https://b.example/1"]]  # fmt: skip
    lanes = host_lanes(states, per_host=2)
    assert sorted(len(lane) for lane in lanes) == [1, 1, 2]
    assert all(len({s.url.split("/")[2] for s in lane}) == 1 for lane in lanes)


def test_a_feed_that_cannot_be_stored_is_one_failure_and_the_others_go_on(env, caplog):
    server, store, clock, run = env
    broken = server.route("/broken/feed", Reply(200, {}, wordpress_rss("B", (RAIL,))))
    fine = server.route("/fine/feed", Reply(200, {}, wordpress_rss("F", (DAM,))))
    sql(  # a real SQLite failure on the broken feed's item
        store,
        f"CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.title = '{RAIL.title}'"
        " BEGIN SELECT RAISE(ABORT, 'disk is full'); END",
    )
    with caplog.at_level(logging.ERROR, logger="monitor"):
        report = run(broken, fine)
    assert (report.polled, report.failed, report.articles_new) == (2, 1, 1)
    assert [a.title for a in store.articles()] == [DAM.title]
    states = {s.url: s for s in feedstore.all_feeds(store)}
    assert states[broken].last_poll is None  # its items and its state are one transaction
    assert states[fine].last_poll == START
    lines = [r.getMessage() for r in caplog.records]
    assert any(broken in line and "disk is full" in line for line in lines)


def test_an_item_dated_in_the_future_is_dated_when_it_was_seen(env):
    """A wrong clock or a typo on the feed's side (the 28th, seen on the 20th) must not keep
    an item at the top of every digest; a date within a day ahead (time zones) stands."""
    server, store, clock, run = env
    ahead = replace(DAM, day=28)
    tomorrow = replace(RAIL, day=21)  # 08:30 on the 21st: 20.5 hours ahead of the clock
    url = server.route("/feed", Reply(200, {}, wordpress_rss("Central", (ahead, tomorrow))))
    run(url)
    published = {a.title: a.published for a in store.articles()}
    assert published[DAM.title] == START
    assert published[RAIL.title] == datetime(2026, 11, 21, 8, 30, tzinfo=UTC)
