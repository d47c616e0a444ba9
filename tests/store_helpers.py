"""Looking into a store's file from the outside, as another process would (plain sqlite3)."""

from __future__ import annotations

import sqlite3
from typing import Any

from monitor.store.sqlite import Store


def sql(store: Store, statement: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run one statement on the store's file in a connection of its own, committed."""
    db = sqlite3.connect(store.path)
    try:
        rows = db.execute(statement, args).fetchall()
        db.commit()
    finally:
        db.close()
    return rows
