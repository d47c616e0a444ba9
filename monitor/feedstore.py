"""The ``feeds`` table [io]: which feeds are polled, their validators, schedule and health.

A feed is keyed by the URL it was configured or imported with; ``url`` is where it is fetched now
(a 301/308 changes it). Feeds come from the config (``[[feeds]]`` and ``opml``) or from
``monitor feeds import-opml``; a feed dropped from the config keeps its row but is not polled.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from monitor.config import FeedConfig
from monitor.polling import FeedState
from monitor.store import Store

CONFIG = "config"
IMPORT = "import"
_COLUMNS = (
    "key, url, name, category, interval, etag, last_modified, next_poll, last_poll,"
    " last_success, last_error, last_error_at, failures, gone"
)


def sync(store: Store, configured: Sequence[FeedConfig], origin: str = CONFIG) -> None:
    """Add unknown feeds; a known feed's name, category and interval follow the config."""
    with store.transaction() as db:
        for feed in configured:
            db.execute(
                "INSERT INTO feeds (key, url, origin, name, category, interval)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET"
                " name = coalesce(excluded.name, name),"
                " category = coalesce(excluded.category, category),"
                " interval = coalesce(excluded.interval, interval)",
                (feed.url, feed.url, origin, feed.name, feed.category, feed.interval),
            )


def active(store: Store, configured: Iterable[FeedConfig]) -> list[FeedState]:
    """The feeds to poll: the configured ones and every imported one."""
    keys = {feed.url for feed in configured}
    rows = store.db.execute(f"SELECT {_COLUMNS}, origin FROM feeds ORDER BY rowid").fetchall()
    return [_state(row[:-1]) for row in rows if row[0] in keys or row[-1] == IMPORT]


def all_feeds(store: Store) -> list[FeedState]:
    return [_state(row) for row in store.db.execute(f"SELECT {_COLUMNS} FROM feeds ORDER BY rowid")]


def save(db: sqlite3.Connection, state: FeedState) -> None:
    db.execute(
        "UPDATE feeds SET url = ?, etag = ?, last_modified = ?, next_poll = ?, last_poll = ?,"
        " last_success = ?, last_error = ?, last_error_at = ?, failures = ?, gone = ?"
        " WHERE key = ?",
        (
            state.url, state.etag, state.last_modified, _iso(state.next_poll),
            _iso(state.last_poll), _iso(state.last_success), state.last_error,
            _iso(state.last_error_at), state.failures, int(state.gone), state.key,
        ),
    )


def _state(row: Sequence) -> FeedState:
    (key, url, name, category, interval, etag, last_modified, next_poll, last_poll,
     last_success, last_error, last_error_at, failures, gone) = row
    state = FeedState(key=key, url=url, name=name, category=category, interval=interval)
    return replace(
        state, etag=etag, last_modified=last_modified, next_poll=_when(next_poll),
        last_poll=_when(last_poll), last_success=_when(last_success), last_error=last_error,
        last_error_at=_when(last_error_at), failures=failures, gone=bool(gone),
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
