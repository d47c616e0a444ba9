"""The statements of the PostgreSQL store that differ from the shared ones [io], and the ones
that make concurrent processes safe (identity's: ``monitor.store.postgres.articles``).

- ``claim_feeds``: a due feed is leased (``lease_until``) with ``FOR UPDATE SKIP LOCKED``, so
  two workers never poll it at once, and a crashed worker's feeds come back when it ends.
- ``claim_delivery``: ``FOR UPDATE SKIP LOCKED``, so a delivery another process is claiming
  is passed over at once instead of waited for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from monitor.records import PENDING, Delivery
from monitor.store.connection import Connection
from monitor.store.digests import delivery_table


class PgFeedWrites:
    conn: Connection

    def claim_feeds(self, keys: Sequence[str], now: datetime, until: datetime) -> list[str]:
        found = self.conn.all(
            "UPDATE feeds SET lease_until = ? WHERE key IN (SELECT key FROM feeds"
            " WHERE key = ANY(?) AND (lease_until IS NULL OR lease_until <= ?)"
            " FOR UPDATE SKIP LOCKED) RETURNING key",
            (_utc(until), list(keys), _utc(now)),
        )
        return [key for (key,) in found]


def _utc(moment: datetime) -> str:
    """A lease time as text that orders as the times do (one offset: UTC)."""
    return moment.astimezone(UTC).isoformat()


class PgDigestWrites:
    conn: Connection

    def claim_delivery(self, delivery: Delivery, until: datetime) -> bool:
        table = delivery_table(delivery.channel)  # alerts' and readers' have their own
        found = self.conn.all(
            f"UPDATE {table} SET next_attempt = ? WHERE id = (SELECT id FROM {table}"
            " WHERE id = ? AND status = ? AND next_attempt = ? FOR UPDATE SKIP LOCKED)"
            " RETURNING id",
            (until.isoformat(), delivery.id, PENDING, delivery.next_attempt.isoformat()),
        )
        return bool(found)
