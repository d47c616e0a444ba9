"""Readers with their own schedule: where each stands, their digests, the articles each reached
and the digests' deliveries, on either backend (the same SQL) [io].

A reader's digest, its articles and its delivery are written in one unit of work before anything
is sent; the primary key (reader, article) of ``reader_articles`` is what makes an article
reach a reader at most once, and the unique (reader, period end) of ``reader_slots`` what makes
one digest per reader and slot.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from monitor.models import StoredArticle
from monitor.records import (
    OWN,
    PENDING,
    Bodies,
    Delivery,
    PendingUpdate,
    ReaderMark,
    StoredDigest,
)
from monitor.store import rows
from monitor.store.connection import Connection
from monitor.store.digests import mark_delivery_in
from monitor.store.interface import StoreError

#: The articles a reader is offered: reached by none of their digests yet, and in a main digest
#: after their mark or in none yet (on ``articles a LEFT JOIN digest_articles d``).
_OFFERED = (
    "(d.digest_id IS NULL OR d.digest_id > ?) AND NOT EXISTS (SELECT 1 FROM reader_articles r"
    " WHERE r.reader = ? AND r.article_id = a.id)"
)
_DELIVERY_COLUMNS = (
    f"id, slot_id, '{OWN}', target, status, attempts, last_error, next_attempt, sent_at"
)


class ReaderReads:
    conn: Connection

    def reader_mark(self, reader: str) -> ReaderMark | None:
        row = self.conn.one(
            "SELECT reader, last_end, after_digest, last_update FROM readers WHERE reader = ?",
            (reader,),
        )
        decode = lambda r: ReaderMark(r[0], datetime.fromisoformat(r[1]), int(r[2]), int(r[3]))  # noqa: E731
        return next(self.conn.decoded([row] if row else [], decode, "reader"), None)

    def reader_candidates(self, reader: str, after: int) -> list[StoredArticle]:
        joined = "articles a LEFT JOIN digest_articles d ON d.article_id = a.id"
        seen: dict[int, list[tuple[str, str]]] = {}
        for article_id, source, rule in self.conn.rows(
            "SELECT s.article_id, s.source, s.rule FROM sightings s JOIN articles a"
            " ON a.id = s.article_id LEFT JOIN digest_articles d ON d.article_id = a.id"
            f" WHERE {_OFFERED} ORDER BY s.seen_at, s.rowid",
            (after, reader),
        ):
            seen.setdefault(article_id, []).append((source, rule))
        found = self.conn.rows(
            f"SELECT {rows.ARTICLE_COLUMNS} FROM {joined} WHERE {_OFFERED} ORDER BY a.id",
            (after, reader),
        )
        decode = lambda row: rows.stored_article(row, tuple(seen.get(row[0], ())))  # noqa: E731
        return list(self.conn.decoded(found, decode, "article"))

    def reached(self, reader: str, article_ids: Sequence[int]) -> set[int]:
        found = self.conn.rows_for_ids(
            "SELECT article_id FROM reader_articles WHERE reader = ? AND article_id IN ({ids})",
            article_ids,
            before=[reader],
        )
        return {int(row[0]) for row in found}

    def reader_edits(self, reader: str, after: int) -> tuple[list[PendingUpdate], int]:
        found = self.conn.all(
            "SELECT u.id, u.article_id, u.changes, u.detected FROM updates u WHERE u.id > ?"
            " AND EXISTS (SELECT 1 FROM reader_articles r WHERE r.reader = ?"
            " AND r.article_id = u.article_id) ORDER BY u.id",
            (after, reader),
        )
        (last,) = self.conn.one("SELECT coalesce(max(id), 0) FROM updates") or (0,)
        edits = self.conn.decoded(found, lambda r: rows.pending_update(r[1:]), "update")
        return list(edits), int(last)

    def reader_slot(self, slot_id: int) -> StoredDigest:
        row = self.conn.one(
            "SELECT id, created, period_start, period_end, message_id, subject, article_count,"
            " html, '', text FROM reader_slots WHERE id = ?",
            (slot_id,),
        )
        if row is None:
            raise StoreError(f"no reader digest {slot_id} in {self.conn.path}",
                             "restore the store from a backup")  # fmt: skip
        return rows.stored_digest(row)

    def reader_slot_deliveries(self, *, pending_only: bool = False) -> list[Delivery]:
        where = f"WHERE status = '{PENDING}'" if pending_only else ""
        found = self.conn.rows(
            f"SELECT {_DELIVERY_COLUMNS} FROM reader_deliveries {where} ORDER BY slot_id, id"
        )
        return list(self.conn.decoded(found, rows.delivery, "reader delivery"))


class ReaderWrites:
    conn: Connection

    def join_reader(self, reader: str, now: datetime) -> None:
        self.conn.execute(
            "INSERT INTO readers (reader, joined, last_end, after_digest, last_update)"
            " VALUES (?, ?, ?, (SELECT coalesce(max(id), 0) FROM digests),"
            " (SELECT coalesce(max(id), 0) FROM updates)) ON CONFLICT (reader) DO NOTHING",
            (reader, now.isoformat(), now.isoformat()),
        )

    def add_reader_slot(  # fmt: skip
        self, reader: str, period: tuple[datetime, datetime], article_ids: Sequence[int],
        bodies: Bodies, message_id: str, to: str | None, now: datetime, last_update: int = 0,
    ) -> int | None:
        start, end = period
        found = self.conn.all(  # all rows: the statement is finished at once
            "INSERT INTO reader_slots (reader, created, period_start, period_end, subject,"
            " message_id, article_count, html, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (reader, period_end) DO NOTHING RETURNING id",
            (reader, now.isoformat(), start.isoformat(), end.isoformat(), bodies.subject,
             message_id, bodies.article_count, bodies.html, bodies.text),
        )  # fmt: skip
        if not found:
            return None  # recorded already, by this process or another
        slot_id = int(found[0][0])
        self.conn.many(
            "INSERT INTO reader_articles (reader, article_id, slot_id) VALUES (?, ?, ?)",
            [(reader, article_id, slot_id) for article_id in article_ids],
        )
        if to is not None:
            self.conn.execute(
                "INSERT INTO reader_deliveries (slot_id, target, next_attempt) VALUES (?, ?, ?)",
                (slot_id, to, now.isoformat()),
            )
        self.conn.execute(
            "UPDATE readers SET last_end = ?, after_digest = (SELECT coalesce(max(id), 0)"
            " FROM digests), last_update = CASE WHEN last_update > ? THEN last_update ELSE ?"
            " END WHERE reader = ?",
            (end.isoformat(), last_update, last_update, reader),
        )
        return slot_id

    def mark_reader_delivery(  # fmt: skip
        self, delivery_id: int, status: str, error: str | None, next_attempt: datetime,
        sent_at: datetime | None,
    ) -> None:
        mark_delivery_in(self.conn, "reader_deliveries", delivery_id, status, error, next_attempt,
                         sent_at)  # fmt: skip
