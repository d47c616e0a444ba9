"""The SQLite store [io]: one database file under the state directory.

``Store.open`` connects, checks the file quickly (its schema, and ``PRAGMA quick_check`` as far
as a small time budget allows), and migrates it; ``Store.transaction()`` is a unit of work
(``SqliteTransaction``) committed when its block ends. ``check()`` is the full integrity check.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from monitor.errors import StateError
from monitor.store.alerts import AlertReads, AlertWrites
from monitor.store.articles import ArticleReads, ArticleWrites
from monitor.store.connection import Connection
from monitor.store.digests import DigestReads, DigestWrites
from monitor.store.feeds import FeedReads, FeedWrites
from monitor.store.interface import DamagedStore, Storage, StoreError, UnitOfWork
from monitor.store.readers import ReaderReads, ReaderWrites
from monitor.store.schema import MIGRATIONS
from monitor.store.stats import IncidentWrites, StatsReads
from monitor.store.updates import UpdateReads, UpdateWrites
from monitor.store.url import DB_NAME
from monitor.store.watch import WatchReads, WatchWrites

#: How long the check at open may take (a big file is checked in full by ``check()``).
CHECK_BUDGET = 0.2
CHECK_STEPS = 10_000  # SQLite instructions between looks at the clock during that check


class _Reads(
    ArticleReads, FeedReads, DigestReads, UpdateReads, WatchReads, AlertReads, StatsReads,
    ReaderReads,
):
    """Every query of the SQLite store, on ``self.conn``."""

    conn: Connection


class SqliteTransaction(
    _Reads, ArticleWrites, FeedWrites, DigestWrites, UpdateWrites, WatchWrites, AlertWrites,
    IncidentWrites, ReaderWrites, UnitOfWork,
):
    """The writes of one transaction on the store's connection (it sees its own writes)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn


class Store(_Reads, Storage):
    """The SQLite database under a state directory."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.path = conn.path

    @classmethod
    def open(
        cls, state_dir: Path, *, uri_mode: str | None = None, name: str = DB_NAME
    ) -> Store:
        """The store of ``state_dir`` (the file ``name`` in it, made if need be), checked and
        migrated. ``uri_mode`` opens the file in an SQLite URI mode (``ro``: read-only)."""
        path = state_dir / name
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
            target = f"file:{path}?mode={uri_mode}" if uri_mode else str(path)
            db = sqlite3.connect(
                target, isolation_level=None, check_same_thread=False, uri=bool(uri_mode)
            )
        except (OSError, sqlite3.Error) as exc:
            raise StateError(
                f"cannot use the state directory {state_dir}: {exc}",
                "check it exists and is writable, or pass --state-dir",
            ) from exc
        store = cls(Connection(db, path))
        try:
            store._set_up()
        except BaseException:
            store.close()
            raise
        return store

    def _set_up(self) -> None:
        self.conn.execute("PRAGMA busy_timeout=10000")
        self._quick_check()
        if self.conn.one("PRAGMA journal_mode")[0] != "wal":  # type: ignore[index]
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.migrate()

    def _quick_check(self) -> None:
        """Raise ``DamagedStore`` if the schema cannot be read, or ``quick_check`` finds a
        problem before the budget runs out (a big file is then taken as it is)."""
        self.conn.one("SELECT count(*) FROM sqlite_master")
        deadline = time.monotonic() + CHECK_BUDGET
        self.conn.db.set_progress_handler(lambda: time.monotonic() > deadline, CHECK_STEPS)
        try:
            row = self.conn.db.execute("PRAGMA quick_check(1)").fetchone()
        except sqlite3.OperationalError as exc:
            if "interrupted" not in str(exc):
                raise self.conn.translate(exc) from exc
            row = None  # out of time: no sign of damage so far
        except sqlite3.Error as exc:
            raise self.conn.translate(exc) from exc
        finally:
            self.conn.db.set_progress_handler(None, 0)
        if row is not None and row[0] != "ok":
            self.conn.damage = str(row[0])
            raise self.conn.damaged()

    def check(self) -> list[str]:
        """``PRAGMA integrity_check`` in full: every problem found (none: the file is sound)."""
        try:
            found = [str(row[0]) for row in self.conn.all("PRAGMA integrity_check")]
        except DamagedStore as exc:  # too damaged to go on checking
            found = [str(exc.message)]
        problems = [] if found == ["ok"] else found
        if problems:
            self.conn.damage = self.conn.damage or problems[0]
        return problems

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[UnitOfWork]:
        if self.conn.damage is not None:
            raise self.conn.damaged()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield SqliteTransaction(self.conn)
        except BaseException:
            self._roll_back()
            raise
        try:
            self.conn.execute("COMMIT")
        except StoreError:
            self._roll_back()
            raise

    def _roll_back(self) -> None:
        with suppress(sqlite3.Error):  # else no transaction is open any more: SQLite ended it
            self.conn.db.execute("ROLLBACK")

    def migrate(self) -> None:
        version = self.conn.one("PRAGMA user_version")[0]  # type: ignore[index]
        if version > len(MIGRATIONS):
            raise StateError(
                f"{self.path} was written by a newer monitor (schema {version})",
                "upgrade monitor or use another --state-dir",
            )
        if version == len(MIGRATIONS):
            return
        had_band_index = self._has_band_index()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                for statement in script.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
        if version > 0 and not had_band_index:  # articles stored before the band index
            with self.transaction():
                self.index_texts()

    def _has_band_index(self) -> bool:
        row = self.conn.one("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'lsh_bands')")
        return row is not None and row[0] == 1

    def index_texts(self) -> None:
        """Band keys of every stored text, in the caller's transaction (for articles stored
        before the band index existed, or salvaged)."""
        from monitor.identity import neardup  # numpy: only for this rare upgrade

        for article_id, text in self.conn.all("SELECT id, text FROM articles ORDER BY id"):
            self.conn.many(
                "INSERT OR IGNORE INTO lsh_bands (band, hash, article_id) VALUES (?, ?, ?)",
                [(band, key, article_id) for band, key in neardup.band_keys(text)],
            )
