"""Pure polling decisions: interval and jitter, backoff, server hints, moves, gone, health."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.sources.feeds.policy import (
    BACKOFF_CAP,
    GONE_RECHECK,
    MAX_WAIT,
    FeedState,
    Outcome,
    after_poll,
    health,
    health_line,
    health_table,
    is_due,
    retry_after,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FEED = FeedState(key="https://a.example/feed", url="https://a.example/feed", interval=30)
OK = Outcome(200, {"etag": '"v1"', "last-modified": "Fri, 20 Nov 2026 11:00:00 GMT"})


def poll(state: FeedState, outcome: Outcome, jitter: float = 0.5) -> FeedState:
    return after_poll(state, outcome, NOW, default_interval=60, jitter=jitter)


def wait(state: FeedState) -> timedelta:
    assert state.next_poll is not None
    return state.next_poll - NOW


def test_success_schedules_the_interval_with_jitter_and_keeps_validators():
    state = poll(FEED, OK)
    assert wait(state) == timedelta(minutes=30)
    assert (state.etag, state.last_modified) == ('"v1"', OK.headers["last-modified"])
    assert state.last_success == NOW and state.failures == 0
    assert timedelta(minutes=27) <= wait(poll(FEED, OK, 0.0)) < wait(poll(FEED, OK, 0.99))
    assert wait(poll(FEED, OK, 0.99)) <= timedelta(minutes=33)


def test_not_modified_keeps_the_validators():
    state = poll(poll(FEED, OK), Outcome(304, {}))
    assert state.etag == '"v1"' and state.failures == 0 and health(state) == "ok"


def test_failures_back_off_exponentially_up_to_the_cap_and_never_stop():
    state, waits = FEED, []
    for _ in range(12):
        state = poll(state, Outcome(500, {}))
        waits.append(wait(state))
    assert waits[:4] == [timedelta(minutes=m) for m in (30, 60, 120, 240)]
    assert max(waits) == BACKOFF_CAP and state.failures == 12
    assert state.last_error == "HTTP 500 Internal Server Error" and health(state) == "failing"
    recovered = poll(state, OK)
    assert recovered.failures == 0 and wait(recovered) == timedelta(minutes=30)
    assert recovered.last_error == "HTTP 500 Internal Server Error"  # kept for `monitor feeds`


def test_fetch_errors_are_failures_with_their_message():
    state = poll(FEED, Outcome(None, {}, "timed out after 15 s"))
    assert state.failures == 1 and state.last_error == "timed out after 15 s"
    assert "timed out" in health_line(state)


def test_retry_after_seconds_is_honoured_and_capped():
    assert wait(poll(FEED, Outcome(429, {"retry-after": "7200"}))) == timedelta(hours=2)
    assert wait(poll(FEED, Outcome(429, {"retry-after": "99999999999"}))) == MAX_WAIT


def test_retry_after_http_date_far_ahead_is_capped():
    state = poll(FEED, Outcome(503, {"retry-after": "Wed, 21 Oct 2037 07:28:00 GMT"}))
    assert wait(state) == MAX_WAIT


@pytest.mark.parametrize("value", ["soon", "-5", "", "Mon, 99 Foo", "1.5"])
def test_retry_after_garbage_falls_back_to_backoff(value):
    assert retry_after(value, NOW) is None
    assert wait(poll(FEED, Outcome(429, {"retry-after": value}))) == timedelta(minutes=30)


def test_max_age_and_ttl_delay_the_next_poll():
    cached = Outcome(200, {"cache-control": "public, max-age=7200"})
    assert wait(poll(FEED, cached)) == timedelta(hours=2)
    assert wait(poll(FEED, Outcome(200, {}, ttl_minutes=180))) == timedelta(hours=3)
    assert wait(poll(FEED, Outcome(200, {}, ttl_minutes=5))) == timedelta(minutes=30)


def test_permanent_move_updates_the_url_only_on_success():
    moved = poll(FEED, Outcome(200, {}, moved_to="https://b.example/feed"))
    assert moved.url == "https://b.example/feed" and moved.key == FEED.key
    failed = poll(FEED, Outcome(500, {}, moved_to="https://b.example/feed"))
    assert failed.url == FEED.url


def test_gone_is_reported_and_rechecked_weekly():
    state = poll(FEED, Outcome(410, {}))
    assert state.gone and health(state) == "gone" and wait(state) == GONE_RECHECK
    assert "gone" in health_line(state)
    assert not poll(state, OK).gone


def test_due_and_the_health_table():
    assert is_due(FEED, NOW)
    state = poll(FEED, Outcome(500, {}))
    assert not is_due(state, NOW) and is_due(state, NOW + timedelta(minutes=31))
    header, row = health_table([state], as_json=False)
    assert header.startswith("health") and row.startswith("failing\t1\tnever")
    assert '"health": "failing"' in health_table([state], as_json=True)[0]


def test_http_errors_in_words():
    assert poll(FEED, Outcome(404, {})).last_error == "HTTP 404 Not Found"
    challenge = poll(FEED, Outcome(403, {"cf-mitigated": "challenge"}))
    assert "bot challenge" in (challenge.last_error or "")
    assert poll(FEED, Outcome(599, {})).last_error == "HTTP 599"


def test_a_success_keeps_the_feeds_own_title_and_a_failure_or_an_untitled_one_keeps_the_last():
    titled = poll(FEED, Outcome(200, {}, title="Steppe Review – Central Asia"))
    assert titled.title == "Steppe Review – Central Asia"
    assert poll(titled, Outcome(200, {})).title == titled.title  # a 304, or a feed without one
    assert poll(titled, Outcome(503, {})).title == titled.title
