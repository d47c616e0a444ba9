"""The ``feeds`` table [io]: which feeds are polled, their validators, schedule and health.

A feed is keyed by the URL it was configured or imported with; ``url`` is where it is fetched now
(a 301/308 changes it). Feeds come from the config (``[[feeds]]`` and ``opml``) or from
``monitor feeds import-opml``; a feed dropped from the config keeps its row but is inactive: not
polled, not listed, not in digest footers. ``FeedReads``/``FeedWrites`` are the SQLite store's;
``sync``, ``active`` and ``all_feeds`` are the same through any ``Storage``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from monitor.records import FeedEntry, FeedState
from monitor.store import rows
from monitor.store.connection import Connection
from monitor.store.interface import CONFIG, IMPORT, Storage

__all__ = ["CONFIG", "IMPORT", "FeedReads", "FeedWrites", "active", "all_feeds", "claim", "sync"]


def sync(store: Storage, feeds: Sequence[FeedEntry], origin: str = CONFIG) -> None:
    """``UnitOfWork.sync_feeds`` in a transaction of its own."""
    store.run(lambda tx: tx.sync_feeds(feeds, origin))


def claim(
    store: Storage, due: Sequence[FeedState], now: datetime, until: datetime
) -> list[FeedState]:
    """The due feeds this process may poll: leased to it until ``until``."""
    mine = set(store.run(lambda tx: tx.claim_feeds([state.key for state in due], now, until)))
    return [state for state in due if state.key in mine]


def active(store: Storage) -> list[FeedState]:
    """The feeds polled: the configured ones (after ``sync``) and every imported one."""
    return store.feeds(active_only=True)


def all_feeds(store: Storage) -> list[FeedState]:
    return store.feeds(active_only=False)


class FeedReads:
    conn: Connection

    def feeds(self, *, active_only: bool = True) -> list[FeedState]:
        where = "WHERE active = 1" if active_only else ""
        found = self.conn.rows(f"SELECT {rows.FEED_COLUMNS} FROM feeds {where} ORDER BY rowid")
        return list(self.conn.decoded(found, rows.feed_state, "feed"))


class FeedWrites:
    conn: Connection

    def sync_feeds(self, feeds: Sequence[FeedEntry], origin: str) -> None:
        if origin == CONFIG:
            self.conn.execute("UPDATE feeds SET active = 0 WHERE origin = ?", (CONFIG,))
        for feed in feeds:
            self.conn.execute(
                "INSERT INTO feeds (key, url, origin, name, category, interval)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET active = 1,"
                " name = coalesce(excluded.name, feeds.name),"
                " category = coalesce(excluded.category, feeds.category),"
                " interval = coalesce(excluded.interval, feeds.interval)",
                (feed.url, feed.url, origin, feed.name, feed.category, feed.interval),
            )

    def claim_feeds(self, keys: Sequence[str], now: datetime, until: datetime) -> list[str]:
        """SQLite: every one; one host polls from one file."""
        return list(keys)

    def save_feed(self, state: FeedState) -> None:
        self.conn.execute(
            "UPDATE feeds SET url = ?, etag = ?, last_modified = ?, next_poll = ?, last_poll = ?,"
            " last_success = ?, last_error = ?, last_error_at = ?, failures = ?, gone = ?,"
            " title = ? WHERE key = ?",
            (
                state.url, state.etag, state.last_modified, rows.iso(state.next_poll),
                rows.iso(state.last_poll), rows.iso(state.last_success), state.last_error,
                rows.iso(state.last_error_at), state.failures, int(state.gone), state.title,
                state.key,
            ),
        )  # fmt: skip
