"""Backoff that cannot overflow, and which waits ``--now`` still honours (pure policy)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from monitor.records import FeedState
from monitor.sources.feeds.policy import BACKOFF_CAP, Outcome, after_poll, backoff, held_by_server

NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)


def failed(state: FeedState, headers: dict[str, str] | None = None) -> FeedState:
    return after_poll(state, Outcome(503, headers or {}), NOW, 30, 0.5)


def test_a_feed_failing_for_weeks_keeps_its_capped_backoff():
    assert backoff(timedelta(minutes=30), 1) == timedelta(minutes=30)
    assert backoff(timedelta(minutes=30), 1000) == BACKOFF_CAP
    state = failed(FeedState("u", "u", failures=500))
    assert state.failures == 501 and state.next_poll == NOW + BACKOFF_CAP


def test_a_backoff_alone_does_not_hold_a_feed_but_a_longer_retry_after_does():
    backed_off = failed(FeedState("u", "u"))
    assert held_by_server(backed_off, NOW + timedelta(minutes=1), 30) is None
    asked = failed(FeedState("u", "u"), {"retry-after": "7200"})
    assert held_by_server(asked, NOW + timedelta(minutes=1), 30) == NOW + timedelta(hours=2)
    assert held_by_server(asked, NOW + timedelta(hours=2), 30) is None  # the wait is over


def test_a_gone_or_healthy_feed_is_never_held():
    gone = after_poll(FeedState("u", "u"), Outcome(410, {}), NOW, 30, 0.5)
    assert held_by_server(gone, NOW + timedelta(minutes=1), 30) is None
    ok = after_poll(FeedState("u", "u"), Outcome(200, {"retry-after": "7200"}), NOW, 30, 0.5)
    assert held_by_server(ok, NOW + timedelta(minutes=1), 30) is None
