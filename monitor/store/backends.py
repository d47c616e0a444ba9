"""Open the store a ``StoreUrl`` names [io]: the SQLite file, or a PostgreSQL database.

The PostgreSQL backend (and psycopg) is imported only when the URL names one, so the light
commands on SQLite stay light.
"""

from __future__ import annotations

from pathlib import Path

from monitor.errors import StateError
from monitor.store.interface import Storage
from monitor.store.url import POSTGRES, SQLITE, StoreUrl


def open_store(url: StoreUrl) -> Storage:
    """The store at ``url``, checked and migrated."""
    if url.kind == POSTGRES:
        try:
            from monitor.store.postgres.store import PgStore
        except ImportError as exc:
            raise StateError(
                f"the store {url.shown} needs the PostgreSQL driver ({exc})",
                "pip install 'monitor[postgresql]' (psycopg 3)",
            ) from exc
        return PgStore.open(str(url.dsn))
    from monitor.store.sqlite import Store

    assert url.path is not None
    return Store.open(url.path.parent, name=url.path.name)


def lock_folder(url: StoreUrl) -> Path | None:
    """Where the folder lock of a store is (an SQLite file's folder); None for PostgreSQL,
    whose commands the database coordinates."""
    return url.path.parent if url.kind == SQLITE and url.path is not None else None
