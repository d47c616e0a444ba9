"""When to poll each feed next, and how healthy it is (pure: values in, values out).

Polling as the careful feed readers do it: a per-feed interval with jitter; never before the
server's ``Retry-After``, ``Cache-Control: max-age`` or the feed's ``<ttl>`` allow; exponential
backoff on errors, capped, and the feed is *always* polled again; a 301/308 moves the feed; a 410
marks it gone (rechecked weekly, and reported in every run and digest until it is removed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http import HTTPStatus

from monitor.names import json_line, tsv
from monitor.records import FeedState

MAX_WAIT = timedelta(hours=24)  # no server hint pushes a poll further than this
BACKOFF_CAP = timedelta(hours=6)  # the longest wait between retries of a failing feed
GONE_RECHECK = timedelta(days=7)  # a 410 feed is asked again this often
JITTER = 0.1  # +-10% of the interval, so feeds of one host spread out
_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*\"?(\d{1,10})", re.IGNORECASE)


@dataclass(frozen=True)
class Outcome:
    """What one poll produced: a status (None when no response), headers and any error."""

    status: int | None
    headers: Mapping[str, str]
    error: str | None = None
    moved_to: str | None = None
    ttl_minutes: int | None = None  # the feed's <ttl>
    degraded: str | None = None  # why its article pages could not be fetched
    title: str | None = None  # the feed's own title, when it gives one

    @property
    def ok(self) -> bool:
        return self.error is None and self.status in {200, 203, 226, 304}


def is_due(state: FeedState, now: datetime) -> bool:
    return state.next_poll is None or state.next_poll <= now


def backoff(interval: timedelta, failures: int) -> timedelta:
    """The wait after ``failures`` failed polls in a row, before jitter: doubling, capped (the
    exponent too: a feed failing for weeks must not overflow a timedelta)."""
    return min(interval * 2 ** min(max(failures - 1, 0), 16), BACKOFF_CAP)


def held_by_server(state: FeedState, now: datetime, default_interval: int) -> datetime | None:
    """Until when the server asked not to be polled (``Retry-After``), if it still does: a
    failing feed whose next poll lies further than any backoff could put it (``--now`` polls
    every other feed at once, whatever its interval or backoff)."""
    if state.gone or not state.failures or state.next_poll is None or state.last_poll is None:
        return None
    if state.next_poll <= now:
        return None
    interval = timedelta(minutes=state.interval or default_interval)
    longest = backoff(interval, state.failures) * (1 + JITTER)
    return state.next_poll if state.next_poll - state.last_poll > longest else None


def after_poll(
    state: FeedState, outcome: Outcome, now: datetime, default_interval: int, jitter: float
) -> FeedState:
    """The state after ``outcome``; ``jitter`` is a random number in [0, 1)."""
    interval = timedelta(minutes=state.interval or default_interval)
    spread = 1 + JITTER * (2 * jitter - 1)
    if outcome.status == 410:
        return replace(
            state, gone=True, last_poll=now, next_poll=now + GONE_RECHECK,
            last_error="HTTP 410 Gone: the feed was removed", last_error_at=now,
            failures=state.failures + 1,
        )
    if outcome.ok:
        wait = max(interval * spread, server_wait(outcome, now) or timedelta(0))
        return replace(
            state, url=outcome.moved_to or state.url, gone=False, failures=0, last_poll=now,
            last_success=now, next_poll=now + min(wait, MAX_WAIT),
            title=outcome.title or state.title,  # the channel's own title, as last seen
            etag=outcome.headers.get("etag", state.etag),
            last_modified=outcome.headers.get("last-modified", state.last_modified),
            # degraded: a success with an error of the same moment (see ``health``)
            last_error=outcome.degraded or state.last_error,
            last_error_at=now if outcome.degraded else state.last_error_at,
        )
    failures = state.failures + 1
    asked = retry_after(outcome.headers.get("retry-after"), now) or timedelta(0)
    wait = max(backoff(interval, failures) * spread, asked)
    error = outcome.error or http_error(outcome.status, outcome.headers)
    return replace(
        state, failures=failures, last_poll=now, last_error=error, last_error_at=now,
        next_poll=now + min(wait, MAX_WAIT),
    )


def http_error(status: int | None, headers: Mapping[str, str]) -> str:
    """A failed response in words: ``HTTP 404 Not Found``, or a bot challenge said plainly."""
    if status == 403 and headers.get("cf-mitigated") == "challenge":
        return "HTTP 403: blocked by a bot challenge (the site wants a browser)"
    try:
        return f"HTTP {status} {HTTPStatus(status or 0).phrase}"
    except ValueError:
        return f"HTTP {status}"


def server_wait(outcome: Outcome, now: datetime) -> timedelta | None:
    """The longest of the server's and the feed's own "not before" hints, if any."""
    hints = [
        retry_after(outcome.headers.get("retry-after"), now),
        max_age(outcome.headers.get("cache-control")),
        timedelta(minutes=outcome.ttl_minutes) if outcome.ttl_minutes else None,
    ]
    found = [h for h in hints if h is not None]
    return min(max(found), MAX_WAIT) if found else None


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """``Retry-After`` as seconds or an HTTP date; None when absent, garbage or in the past."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return min(timedelta(seconds=int(text[:12])), MAX_WAIT)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(when - now, MAX_WAIT) if when > now else None


def max_age(cache_control: str | None) -> timedelta | None:
    match = _MAX_AGE.search(cache_control or "")
    return min(timedelta(seconds=int(match.group(1))), MAX_WAIT) if match else None


def health(state: FeedState) -> str:
    """One word: ok, degraded (polled, but its article pages could not be fetched: the last
    error came with the last success), new, failing or gone."""
    if state.gone:
        return "gone"
    if state.failures:
        return "failing"
    if state.last_success is None:
        return "new"
    return "degraded" if degraded(state) else "ok"


def degraded(state: FeedState) -> bool:
    if state.failures or state.last_error_at is None or state.last_success is None:
        return False
    return state.last_error_at >= state.last_success


def health_line(state: FeedState) -> str:
    """A sentence about the feed's health, for logs, ``monitor feeds`` and digest footers."""
    label = state.name or state.url
    if state.gone:
        return f"{label}: gone (HTTP 410); remove it from the config or the OPML list"
    if state.failures:
        since = _short(state.last_success) if state.last_success else "never"
        return (
            f"{label}: failing, {state.failures} poll(s) in a row (last success {since};"
            f" last error: {state.last_error})"
        )
    if state.last_success and degraded(state):
        return f"{label}: degraded: {state.last_error}"
    if state.last_success:
        return f"{label}: ok (last success {_short(state.last_success)})"
    return f"{label}: not polled yet"


def feed_notes(states: Sequence[FeedState]) -> tuple[str, ...]:
    """A digest footer: how many feeds are healthy, then a line per degraded, failing or gone
    feed."""
    if not states:
        return ()
    words = ("ok", "degraded", "failing", "gone")
    counts = {word: sum(health(s) == word for s in states) for word in words}
    summary = ", ".join(f"{n} {word}" for word, n in counts.items() if n)
    head = f"Feeds: {len(states)} polled" + (f" ({summary})" if summary else "") + "."
    return (head,) + tuple(health_line(s) for s in states if health(s) in words[1:])


def health_table(states: Sequence[FeedState], as_json: bool) -> list[str]:
    """``monitor feeds`` output: a tab-separated table with a header, or one JSON object a line."""
    if as_json:
        return [json_line(_health_json(state)) for state in states]
    rows = ["health\tfailures\tlast success\tnext poll\tfeed\tlast error"]
    for s in states:
        success = _short(s.last_success) if s.last_success else "never"
        next_poll = _short(s.next_poll) if s.next_poll else "now"
        error = (s.last_error or "-") if health(s) in ("degraded", "failing", "gone") else "-"
        rows.append(tsv(health(s), s.failures, success, next_poll, s.url, error))
    return rows


def _health_json(state: FeedState) -> dict[str, object]:
    def iso(moment: datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    return {
        "url": state.url,
        "configured_url": state.key,
        "name": state.name,
        "category": state.category,
        "health": health(state),
        "failures": state.failures,
        "last_success": iso(state.last_success),
        "last_error": state.last_error,
        "last_error_at": iso(state.last_error_at),
        "last_poll": iso(state.last_poll),
        "next_poll": iso(state.next_poll),
        "gone": state.gone,
    }


def _short(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%d %b %Y %H:%M UTC")
