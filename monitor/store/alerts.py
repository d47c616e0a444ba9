"""Immediate alerts: what each one mailed, once per article and rule, and its outbox: SQLite [io].

An alert, the (article, rule) pairs it tells of and one pending delivery per recipient are
written in one unit of work before anything is sent; the primary key of ``alert_articles`` is
what makes an article alerted at most once per rule, ever.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from monitor.records import ALERT, PENDING, Bodies, Delivery, StoredDigest, WatchHit
from monitor.store import rows
from monitor.store.connection import Connection
from monitor.store.digests import mark_delivery_in
from monitor.store.interface import StoreError
from monitor.store.watch import hit_row

_DELIVERY_COLUMNS = (
    f"id, alert_id, '{ALERT}', target, status, attempts, last_error, next_attempt, sent_at"
)


class AlertReads:
    conn: Connection

    def unalerted_hits(self, rules: Sequence[str]) -> list[WatchHit]:
        marks = ", ".join("?" for _ in rules)
        found = self.conn.rows(
            "SELECT h.article_id, h.rule, h.terms FROM watch_hits h"
            f" WHERE h.rule IN ({marks}) AND NOT EXISTS (SELECT 1 FROM alert_articles a"
            " WHERE a.article_id = h.article_id AND a.rule = h.rule)"
            " ORDER BY h.article_id, h.rule",
            list(rules),
        )
        return list(self.conn.decoded(found, hit_row, "watch hit"))

    def alert_deliveries(self, *, pending_only: bool = False) -> list[Delivery]:
        where = f"WHERE status = '{PENDING}'" if pending_only else ""
        found = self.conn.rows(
            f"SELECT {_DELIVERY_COLUMNS} FROM alert_deliveries {where} ORDER BY alert_id, id"
        )
        return list(self.conn.decoded(found, rows.delivery, "alert delivery"))

    def stored_alert(self, alert_id: int) -> StoredDigest:
        row = self.conn.one(
            "SELECT id, created, subject, message_id, html, text FROM alerts WHERE id = ?",
            (alert_id,),
        )
        if row is None:
            raise StoreError(f"no alert {alert_id} in {self.conn.path}", "see monitor watch list")
        alert_id, created, subject, message_id, html, text = row
        moment = datetime.fromisoformat(created)
        count = self.conn.one("SELECT count(*) FROM alert_articles WHERE alert_id = ?", (alert_id,))
        bodies = Bodies(subject, int(count[0]) if count else 0, html, "", text)
        return StoredDigest(alert_id, moment, None, moment, message_id, bodies)


class AlertWrites:
    conn: Connection

    def add_alert(  # fmt: skip
        self, hits: Sequence[WatchHit], bodies: Bodies, message_id: str,
        recipients: Sequence[str], now: datetime,
    ) -> int:
        (row,) = self.conn.all(  # all rows: the statement is finished at once
            "INSERT INTO alerts (created, subject, message_id, html, text) VALUES (?, ?, ?, ?, ?)"
            " RETURNING id",
            (now.isoformat(), bodies.subject, message_id, bodies.html, bodies.text),
        )
        alert_id = int(row[0])
        self.conn.many(
            "INSERT INTO alert_articles (alert_id, article_id, rule) VALUES (?, ?, ?)",
            [(alert_id, hit.article_id, hit.rule) for hit in hits],
        )
        self.conn.many(
            "INSERT INTO alert_deliveries (alert_id, target, next_attempt) VALUES (?, ?, ?)",
            [(alert_id, to, now.isoformat()) for to in recipients],
        )
        return alert_id

    def mark_alert_delivery(  # fmt: skip
        self, delivery_id: int, status: str, error: str | None, next_attempt: datetime,
        sent_at: datetime | None,
    ) -> None:
        mark_delivery_in(self.conn, "alert_deliveries", delivery_id, status, error, next_attempt,
                         sent_at)  # fmt: skip
