"""One psycopg 3 connection whose failures come out as the store's errors [io].

The shared table modules write ``?`` placeholders (SQLite's); they are rewritten to psycopg's
``%s`` once per statement text. The connection is in autocommit mode: a query outside a unit of
work is its own transaction, and ``PgStore.transaction`` opens an explicit one. A connection
lost between units of work (the server restarted) is opened again, with one log line.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors

from monitor.errors import StateError
from monitor.store.connection import Connection
from monitor.store.interface import ReadOnlyStore, StoreConflict, StoreError, StoreFull

log = logging.getLogger(__name__)

Row = tuple[Any, ...]
RECONNECT_TRIES = 5  # attempts, with a doubling wait from RECONNECT_WAIT seconds
RECONNECT_WAIT = 0.5
_HINT = "check that the PostgreSQL server is running and [store] url / $MONITOR_STORE_URL"


@lru_cache(maxsize=512)
def placeholders(sql: str) -> str:
    """``sql`` with psycopg's placeholders for SQLite's."""
    return sql.replace("%", "%%").replace("?", "%s")


def connect(dsn: str) -> psycopg.Connection:
    try:
        return psycopg.connect(dsn, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        detail = " ".join(str(exc).split())
        raise StateError(f"cannot connect to the database {dsn}: {detail}", _HINT) from exc


class PgConnection(Connection):
    """A psycopg connection (autocommit) standing in for the SQLite one: the same methods."""

    def __init__(self, db: psycopg.Connection, dsn: str) -> None:  # no super(): no sqlite3 here
        self.pg = db
        self.path = dsn  # type: ignore[assignment]  # how the store is named in messages
        self.damage = None
        self.in_transaction = False
        self.ahead: list[tuple[str, Sequence[Any]]] = []  # sent with the next statement

    @contextmanager
    def guard(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            raise self.translate(exc) from exc

    def translate(self, exc: Exception) -> Exception:  # type: ignore[override]
        detail = " ".join(str(exc).split())
        if isinstance(exc, errors.SerializationFailure | errors.DeadlockDetected):
            return StoreConflict(f"the database {self.path}: {detail}", "run again")
        if isinstance(exc, errors.InsufficientPrivilege | errors.ReadOnlySqlTransaction):
            return ReadOnlyStore(f"the database {self.path} cannot be written ({detail})",
                                 "grant the user the rights on its tables, or use another URL")
        if isinstance(exc, errors.DiskFull):
            return StoreFull(f"cannot write into {self.path}: the disk is full", "free some space")
        if isinstance(exc, psycopg.OperationalError):
            return StoreError(f"the database {self.path} cannot be reached: {detail}", _HINT)
        return StoreError(f"the database {self.path} failed: {detail}",
                          "run again; if it persists, run again with --debug and report it")

    def _cursor(self) -> psycopg.Cursor:
        if (self.pg.closed or self.pg.broken) and not self.in_transaction:
            self._reconnect()
        return self.pg.cursor()

    def _reconnect(self) -> None:
        log.warning("The connection to %s was lost; connecting again", self.path)
        wait = RECONNECT_WAIT
        for attempt in range(RECONNECT_TRIES):
            try:
                self.pg = psycopg.connect(str(self.path), autocommit=True, connect_timeout=10)
                return
            except psycopg.Error as exc:
                if attempt == RECONNECT_TRIES - 1:
                    raise self.translate(exc) from exc
                time.sleep(wait)
                wait *= 2

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Any:  # a psycopg cursor
        self._send_ahead()
        with self.guard():
            return self._cursor().execute(placeholders(sql), args)

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._send_ahead()
        batch = list(rows)
        if batch:
            with self.guard():
                self._cursor().executemany(placeholders(sql), batch)

    def one(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        if self.ahead:
            return next(iter(self.pipelined([(sql, args)])[0]), None)
        with self.guard():
            row: Row | None = self._cursor().execute(placeholders(sql), args).fetchone()
        return row

    def all(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        if self.ahead:
            return self.pipelined([(sql, args)])[0]
        with self.guard():
            return self._cursor().execute(placeholders(sql), args).fetchall()

    def insert_rows(self, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> None:
        """The rows sent with ``COPY``: a tenth of the time of as many INSERTs."""
        self._send_ahead()
        with self.guard(), self._cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def pipelined(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Row]]:
        """Each statement's rows (none for a write), all sent in one round trip (psycopg's
        pipeline mode) after the ``ahead`` ones: the server runs them in order, in the open
        transaction if any."""
        ahead, self.ahead = self.ahead, []
        sent = [*ahead, *statements]
        with self.guard():
            cursors = [self._cursor() for _ in sent]
            with self.pg.pipeline():
                for cursor, (sql, args) in zip(cursors, sent, strict=True):
                    cursor.execute(placeholders(sql), args)
            found = [cursor.fetchall() if cursor.description else [] for cursor in cursors]
        return found[len(ahead) :]

    def send_ahead(self, sql: str, args: Sequence[Any] = ()) -> None:
        """A statement whose rows nobody reads (taking a lock), sent with the next one."""
        self.ahead.append((sql, args))

    def _send_ahead(self) -> None:
        if self.ahead:
            self.pipelined([])

    @contextmanager
    def unit(self) -> Iterator[None]:
        """A transaction whose ``BEGIN`` goes with its first statement, committed when the block
        ends, rolled back when it raises."""
        self.ahead = [("BEGIN", ())]  # what an earlier unit left unsent protects nothing now
        self.in_transaction = True
        try:
            yield
            self.execute("COMMIT")
        except BaseException:
            self.ahead = []
            if not (self.pg.closed or self.pg.broken):
                with suppress(psycopg.Error):
                    self.pg.execute("ROLLBACK")
            raise
        finally:
            self.in_transaction = False

    def rows(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Row]:
        """The rows, fetched at once: another query may run while the caller iterates."""
        return iter(self.all(sql, args))

    def close(self) -> None:
        self.pg.close()
