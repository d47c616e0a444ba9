"""What an operator asks of the PostgreSQL store where SQLite's answer does not fit [io]: its
size (``pg_database_size``) and whether it answers, on a connection of its own."""

from __future__ import annotations

import re

import psycopg

from monitor.records import StoreInfo
from monitor.store.connection import Connection

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@|(password\s*=\s*)\S+")


class PgStatsReads:
    conn: Connection  # a PgConnection: ``path`` is the libpq URL

    def info(self) -> StoreInfo:
        row = self.conn.one("SELECT pg_database_size(current_database())")
        return StoreInfo("postgresql", shown_url(str(self.conn.path)), int(row[0]) if row else 0)

    def answers(self) -> str | None:
        """None when the database answers a query on a connection of its own (any thread)."""
        try:
            with psycopg.connect(str(self.conn.path), autocommit=True, connect_timeout=2) as db:
                db.execute("SELECT 1").fetchone()
        except psycopg.Error as exc:
            return f"{shown_url(str(self.conn.path))}: {' '.join(str(exc).split())}"
        return None


def shown_url(dsn: str) -> str:
    """The URL without its password."""
    return _PASSWORD.sub(lambda m: (m.group(1) + "***@") if m.group(1) else m.group(2) + "***", dsn)
