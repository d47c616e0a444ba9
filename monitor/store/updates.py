"""Edits of digested articles awaiting the next digest's "Updated" list: SQLite [io]."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from monitor.records import PendingUpdate
from monitor.store import rows
from monitor.store.connection import Connection


class UpdateReads:
    conn: Connection

    def pending_updates(self) -> list[PendingUpdate]:
        found = self.conn.all(
            "SELECT id, article_id, changes, detected FROM updates"
            " WHERE digest_id IS NULL ORDER BY id"
        )
        return list(self.conn.decoded(found, lambda r: rows.pending_update(r[1:]), "update"))


class UpdateWrites:
    conn: Connection

    def add_update(self, article_id: int, changes: Sequence[str], now: datetime) -> None:
        self.conn.execute(
            "INSERT INTO updates (article_id, changes, detected) VALUES (?, ?, ?)",
            (article_id, json.dumps(list(changes), ensure_ascii=False), now.isoformat()),
        )

    def mark_updates(self, digest_id: int, article_ids: Sequence[int]) -> None:
        self.conn.many(
            "UPDATE updates SET digest_id = ? WHERE digest_id IS NULL AND article_id = ?",
            [(digest_id, article_id) for article_id in article_ids],
        )
