"""Looking into a store from the outside, as another process would (plain sqlite3 or psycopg)."""

from __future__ import annotations

import sqlite3
from typing import Any

from monitor.store.interface import Storage


def sql(store: Storage, statement: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run one statement on the store's database in a connection of its own, committed
    (``?`` placeholders, on either backend)."""
    where = str(store.path)  # type: ignore[attr-defined]
    if where.startswith(("postgresql://", "postgres://")):
        import psycopg

        with psycopg.connect(where, autocommit=True) as db:
            cursor = db.execute(statement.replace("?", "%s"), args)
            return cursor.fetchall() if cursor.description else []
    db = sqlite3.connect(where)
    try:
        rows = db.execute(statement, args).fetchall()
        db.commit()
    finally:
        db.close()
    return rows
