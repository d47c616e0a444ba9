"""The ``feeds`` table [io]: which feeds are polled, their validators, schedule and health.

A feed is keyed by the URL it was configured or imported with; ``url`` is where it is fetched now
(a 301/308 changes it). Feeds come from the config (``[[feeds]]`` and ``opml``) or from
``monitor feeds import-opml``; a feed dropped from the config keeps its row but is inactive: not
polled, not listed, not in digest footers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from monitor.config.load import FeedConfig
from monitor.sources.feeds.policy import FeedState
from monitor.store.sqlite import Store

CONFIG = "config"  # from [[feeds]] or the configured opml file
IMPORT = "import"  # from monitor feeds import-opml
_COLUMNS = (
    "key, url, name, category, interval, etag, last_modified, next_poll, last_poll,"
    " last_success, last_error, last_error_at, failures, gone"
)


def sync(store: Store, feeds: Sequence[FeedConfig], origin: str = CONFIG) -> None:
    """Add unknown feeds and activate them; name, category and interval follow ``feeds``.

    Syncing the configured feeds also deactivates configured feeds that are no longer listed.
    """
    with store.transaction() as db:
        if origin == CONFIG:
            db.execute("UPDATE feeds SET active = 0 WHERE origin = ?", (CONFIG,))
        for feed in feeds:
            db.execute(
                "INSERT INTO feeds (key, url, origin, name, category, interval)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET active = 1,"
                " name = coalesce(excluded.name, name),"
                " category = coalesce(excluded.category, category),"
                " interval = coalesce(excluded.interval, interval)",
                (feed.url, feed.url, origin, feed.name, feed.category, feed.interval),
            )


def active(store: Store) -> list[FeedState]:
    """The feeds polled: the configured ones (after ``sync``) and every imported one."""
    rows = store.db.execute(f"SELECT {_COLUMNS} FROM feeds WHERE active = 1 ORDER BY rowid")
    return [_state(row) for row in rows]


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
