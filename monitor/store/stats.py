"""What an operator asks of the store (``monitor status``, the metrics): SQLite [io].

Counts and latest times only, each one query; the ``StatsReads`` mixin works on ``self.conn``.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from datetime import datetime

from monitor.records import Incident, StoreInfo
from monitor.store import rows
from monitor.store.connection import Connection


class StatsReads:
    conn: Connection

    def info(self) -> StoreInfo:
        size = 0
        for suffix in ("", "-wal"):  # the write-ahead log holds pages not yet checkpointed
            with suppress(OSError):
                size += self.conn.path.with_name(self.conn.path.name + suffix).stat().st_size
        return StoreInfo("sqlite", str(self.conn.path), size)

    def answers(self) -> str | None:
        """None when the database answers a query on a connection of its own (so any thread
        may ask); else why not."""
        try:
            db = sqlite3.connect(f"file:{self.conn.path}?mode=ro", uri=True, timeout=2)
        except sqlite3.Error as exc:
            return f"{self.conn.path}: {exc}"
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            return f"{self.conn.path}: {exc}"
        finally:
            db.close()
        return None

    def article_count(self) -> int:
        return self._count("SELECT count(*) FROM articles")

    def digest_count(self) -> int:
        return self._count("SELECT count(*) FROM digests")

    def delivery_counts(self) -> dict[str, int]:
        return self._counts("SELECT status, count(*) FROM deliveries GROUP BY status")

    def region_counts(self) -> dict[str, int]:
        return self._counts("SELECT primary_region, count(*) FROM articles GROUP BY 1")

    def rule_counts(self) -> dict[str, int]:
        return self._counts("SELECT rule, count(*) FROM sightings GROUP BY rule")

    def last_file_read(self, folder: str) -> datetime | None:
        prefix = folder.rstrip("/") + "/"
        row = self.conn.one(
            "SELECT max(read_at) FROM files WHERE substr(path, 1, length(?)) = ?",
            (prefix, prefix),
        )
        return rows.when(row[0]) if row and row[0] else None

    def incidents(self) -> list[Incident]:
        found = self.conn.rows("SELECT kind, since, detail, notified FROM incidents ORDER BY kind")
        decode = lambda r: Incident(r[0], datetime.fromisoformat(r[1]), r[2], bool(r[3]))  # noqa: E731
        return list(self.conn.decoded(found, decode, "incident"))

    def _count(self, sql: str) -> int:
        row = self.conn.one(sql)
        return int(row[0]) if row else 0

    def _counts(self, sql: str) -> dict[str, int]:
        return {str(key): int(n) for key, n in self.conn.all(sql)}


class IncidentWrites:
    conn: Connection

    def save_incident(self, incident: Incident) -> None:
        self.conn.execute(
            "INSERT INTO incidents (kind, since, detail, notified) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(kind) DO UPDATE SET detail = excluded.detail,"
            " notified = excluded.notified",
            (incident.kind, incident.since.isoformat(), incident.detail, int(incident.notified)),
        )

    def drop_incident(self, kind: str) -> None:
        self.conn.execute("DELETE FROM incidents WHERE kind = ?", (kind,))
