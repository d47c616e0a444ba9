"""The statements of the PostgreSQL store that differ from the shared ones [io], and the ones
that make concurrent processes safe.

- ``near_candidates``: the probe's band keys as two arrays (``unnest``), typed.
- ``record_identity``: keys are inserted with ``ON CONFLICT DO NOTHING``; a key that was not
  there before the insert and is not ours after it was stored by another process at the same
  moment (PostgreSQL waits for that one to commit): ``StoreConflict``, and the unit of work is
  run again (``Storage.run``), when the match finds the other's article. Two workers storing
  the same guid at once end as one article with both sightings.
- ``claim_feeds``: a due feed is leased (``lease_until``) with ``FOR UPDATE SKIP LOCKED``, so
  two workers never poll it at once, and a crashed worker's feeds come back when it ends.
- ``claim_delivery``: ``FOR UPDATE SKIP LOCKED``, so a delivery another process is claiming
  is passed over at once instead of waited for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

from monitor.identity.keys import EXACT_KEYS
from monitor.models import Identity
from monitor.records import PENDING, Delivery
from monitor.store.connection import Connection
from monitor.store.digests import delivery_table
from monitor.store.interface import StoreConflict


class PgArticleReads:
    conn: Connection

    def near_candidates(
        self, bands: Sequence[tuple[int, int]], min_shared: int, limit: int
    ) -> list[tuple[int, str]]:
        if not bands:
            return []
        found = self.conn.all(
            "SELECT l.article_id, a.fingerprint FROM unnest(?::int[], ?::bigint[])"
            " AS probe(band, hash)"
            " JOIN lsh_bands l ON l.band = probe.band AND l.hash = probe.hash"
            " JOIN articles a ON a.id = l.article_id"
            " GROUP BY l.article_id, a.fingerprint HAVING count(*) >= ?"
            " ORDER BY count(*) DESC, l.article_id LIMIT ?",
            ([b for b, _ in bands], [h for _, h in bands], min_shared, limit),
        )
        return [(int(article_id), fingerprint) for article_id, fingerprint in found]


class PgArticleWrites:
    conn: Connection

    def hold_keys(self, identity: Identity) -> None:
        """A transaction-level advisory lock per exact key (in one order: no deadlock between
        two processes holding keys of the same articles), so two workers storing one story at
        once do it one after the other: the second finds the first's article."""
        values = (identity.guid, identity.canonical_url, identity.fingerprint)
        held = sorted(_key_lock(k, v) for k, v in zip(EXACT_KEYS, values, strict=True) if v)
        for key in held:
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (key,))

    def record_identity(self, article_id: int, identity: Identity) -> None:
        values = (identity.guid, identity.canonical_url, identity.fingerprint)
        keys = [(k, v) for k, v in zip(EXACT_KEYS, values, strict=True) if v]
        kinds, texts = [k for k, _ in keys], [v for _, v in keys]
        pairs = "unnest(?::text[], ?::text[]) AS t(kind, value)"
        before = self.conn.all(
            f"SELECT k.kind, k.value FROM article_keys k JOIN {pairs}"
            " ON k.kind = t.kind AND k.value = t.value",
            (kinds, texts),
        )
        inserted = self.conn.all(
            f"INSERT INTO article_keys (kind, value, article_id) SELECT t.kind, t.value, ?"
            f" FROM {pairs} ON CONFLICT DO NOTHING RETURNING kind, value",
            (article_id, kinds, texts),
        )
        raced = set(keys) - set(map(tuple, before)) - set(map(tuple, inserted))
        if raced:
            kind, value = sorted(raced)[0]
            raise StoreConflict(
                f"another process stored an article with the {kind} {value!r} at the same moment",
                "run again: it is found then",
            )
        self.conn.many(
            "INSERT INTO lsh_bands (band, hash, article_id) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [(band, key, article_id) for band, key in identity.bands],
        )


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


def _key_lock(kind: str, value: str) -> int:
    """A signed 64-bit advisory lock key for one identity key."""
    digest = hashlib.blake2b(f"{kind}\0{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


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
