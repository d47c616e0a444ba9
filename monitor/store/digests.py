"""Digests, their rendered bodies and their deliveries (the outbox): SQLite [io].

A digest, its membership, its rendered bodies and one pending delivery per target are written in
one unit of work before anything is sent; sending then only moves a delivery's status.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from monitor.records import (
    ALERT,
    OWN,
    PENDING,
    Bodies,
    Delivery,
    DigestHeader,
    StoredDigest,
    Target,
)
from monitor.store import rows
from monitor.store.connection import DECODE_ERRORS, Connection
from monitor.store.interface import StoreError

#: The table of each channel's deliveries (every other channel's: ``deliveries``).
DELIVERY_TABLES = {ALERT: "alert_deliveries", OWN: "reader_deliveries"}


def delivery_table(channel: str) -> str:
    return DELIVERY_TABLES.get(channel, "deliveries")


def mark_delivery_in(  # fmt: skip
    conn: Connection, table: str, delivery_id: int, status: str, error: str | None,
    next_attempt: datetime, sent_at: datetime | None,
) -> None:
    """A delivery's new status after one more attempt, in its ``table``."""
    conn.execute(
        f"UPDATE {table} SET status = ?, attempts = attempts + 1, last_error = ?,"
        " next_attempt = ?, sent_at = ? WHERE id = ?",
        (status, error, next_attempt.isoformat(), rows.iso(sent_at), delivery_id),
    )


class DigestReads:
    conn: Connection

    def last_digest_end(self) -> datetime | None:
        row = self.conn.one("SELECT id, period_end FROM digests ORDER BY period_end DESC LIMIT 1")
        found = self.conn.decoded([row] if row else [], lambda r: rows.when(r[1]), "digest")
        return next(found, None)

    def stored_digest(self, digest_id: int) -> StoredDigest:
        row = self.conn.one(
            f"SELECT {rows.DIGEST_COLUMNS} FROM digests d"
            " JOIN digest_renders r ON r.digest_id = d.id WHERE d.id = ?",
            (digest_id,),
        )
        if row is None:
            raise StoreError(f"no digest {digest_id} in {self.conn.path}", "see monitor deliveries")
        try:
            return rows.stored_digest(row)
        except DECODE_ERRORS as exc:
            raise StoreError(f"digest {digest_id} cannot be read from {self.conn.path} ({exc})",
                             "restore the store from a backup") from exc

    def digest_headers(self) -> list[DigestHeader]:
        found = self.conn.rows(
            "SELECT d.id, d.period_end, r.subject FROM digests d"
            " JOIN digest_renders r ON r.digest_id = d.id ORDER BY d.period_end DESC, d.id DESC"
        )
        decode = lambda row: DigestHeader(row[0], datetime.fromisoformat(row[1]), row[2])  # noqa: E731
        return list(self.conn.decoded(found, decode, "digest"))

    def deliveries(self, *, pending_only: bool = False) -> list[Delivery]:
        where = f"WHERE status = '{PENDING}'" if pending_only else ""
        found = self.conn.rows(
            f"SELECT {rows.DELIVERY_COLUMNS} FROM deliveries {where} ORDER BY digest_id, id"
        )
        return list(self.conn.decoded(found, rows.delivery, "delivery"))


    def reader_digest(self, digest_id: int, reader: str) -> StoredDigest:
        row = self.conn.one(
            "SELECT d.id, d.created, d.period_start, d.period_end, r.message_id, r.subject,"
            " r.article_count, r.html, '', r.text FROM digests d JOIN reader_digests r"
            " ON r.digest_id = d.id WHERE d.id = ? AND r.reader = ?",
            (digest_id, reader),
        )
        if row is None:
            raise StoreError(f"no digest {digest_id} for {reader} in {self.conn.path}",
                             "see monitor deliveries")  # fmt: skip
        return rows.stored_digest(row)


class DigestWrites:
    conn: Connection

    def add_digest(
        self, start: datetime | None, end: datetime, article_ids: Sequence[int], now: datetime
    ) -> int | None:
        if self.conn.one("SELECT 1 FROM digests WHERE period_end = ?", (end.isoformat(),)):
            return None  # a double fire: that digest is recorded already
        found = self.conn.all(  # all rows: the statement is finished at once
            "INSERT INTO digests (created, period_start, period_end) VALUES (?, ?, ?)"
            " ON CONFLICT (period_end) DO NOTHING RETURNING id",
            (now.isoformat(), rows.iso(start), end.isoformat()),
        )
        if not found:
            return None  # recorded at the same moment by another process
        digest_id = int(found[0][0])
        self.conn.many(
            "INSERT INTO digest_articles (digest_id, article_id) VALUES (?, ?)",
            [(digest_id, article_id) for article_id in article_ids],
        )
        return digest_id

    def add_outbox(
        self,
        digest_id: int,
        bodies: Bodies,
        message_id: str,
        targets: Sequence[Target],
        now: datetime,
    ) -> None:
        self.conn.execute(
            "INSERT INTO digest_renders (digest_id, subject, message_id, article_count, html,"
            " markdown, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (digest_id, bodies.subject, message_id, bodies.article_count, bodies.html,
             bodies.markdown, bodies.text),
        )  # fmt: skip
        self.conn.many(
            "INSERT INTO deliveries (digest_id, channel, target, next_attempt) VALUES (?, ?, ?, ?)",
            [(digest_id, t.channel, t.target, now.isoformat()) for t in targets],
        )

    def add_reader_digest(
        self, digest_id: int, reader: str, bodies: Bodies, message_id: str
    ) -> None:
        self.conn.execute(
            "INSERT INTO reader_digests (digest_id, reader, subject, message_id, article_count,"
            " html, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (digest_id, reader, bodies.subject, message_id, bodies.article_count, bodies.html,
             bodies.text),
        )  # fmt: skip

    def mark_delivery(
        self,
        delivery_id: int,
        status: str,
        error: str | None,
        next_attempt: datetime,
        sent_at: datetime | None,
    ) -> None:
        mark_delivery_in(self.conn, "deliveries", delivery_id, status, error, next_attempt, sent_at)

    def claim_delivery(self, delivery: Delivery, until: datetime) -> bool:
        """SQLite: always this process's. Every command that sends holds the state folder's
        lock, so no other process sends from this store, and a claim left by one that died is
        no claim (its delivery is retried at once, as before)."""
        return True

    def retry_pending(self, now: datetime) -> int:
        return sum(
            int(self.conn.execute(f"UPDATE {table} SET next_attempt = ? WHERE status = ?",
                                  (now.isoformat(), PENDING)).rowcount)
            for table in ("deliveries", *DELIVERY_TABLES.values())
        )  # fmt: skip
