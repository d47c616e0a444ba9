"""One psycopg 3 connection whose failures come out as the store's errors [io].

The shared table modules write ``?`` placeholders (SQLite's); they are rewritten to psycopg's
``%s`` once per statement text. The connection is in autocommit mode: a query outside a unit of
work is its own transaction, and ``PgStore.transaction`` opens an explicit one.

A lost connection (the server restarted, a fail-over) is opened again with a doubling wait, for
up to ``RECONNECT_FOR`` seconds: one log line when it is found lost, one when it is back. A
statement outside a unit of work (``PgStore.transaction`` starts each with one) is sent again on
the new connection; a unit of work cut off midway is ``StoreUnreachable``, rolled back by the
server, and run again by ``Storage.run``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors

from monitor.errors import StateError
from monitor.store.connection import Connection
from monitor.store.errors import StoreUnreachable
from monitor.store.interface import ReadOnlyStore, StoreConflict, StoreError, StoreFull
from monitor.store.postgres.articles import band_sets

log = logging.getLogger(__name__)

Row = tuple[Any, ...]
RECONNECT_FOR = 60.0  # seconds of trying to connect again before a unit of work fails
RECONNECT_WAIT = 0.25  # the first wait between tries, doubling up to RECONNECT_MAX_WAIT
RECONNECT_MAX_WAIT = 8.0
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


class DatabaseDown(StoreError):
    """The server could not be reached for ``RECONNECT_FOR`` seconds: this run stops here."""

    fatal = True


class PgConnection(Connection):
    """A psycopg connection (autocommit) standing in for the SQLite one: the same methods."""

    def __init__(self, db: psycopg.Connection, dsn: str) -> None:  # no super(): no sqlite3 here
        self.pg = db
        self.path = dsn  # type: ignore[assignment]  # how the store is named in messages
        self.damage = None
        self.in_transaction = False
        self.begun = False  # the server holds a transaction of ours: losing it loses its work
        self.lost_at: float | None = None  # when the connection was found lost (one log line)
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
        if isinstance(exc, psycopg.OperationalError) and self.is_lost():
            return StoreUnreachable(f"the connection to {self.path} was lost: {detail}", _HINT)
        if isinstance(exc, psycopg.OperationalError):
            return StoreError(f"the database {self.path} cannot be reached: {detail}", _HINT)
        return StoreError(f"the database {self.path} failed: {detail}",
                          "run again; if it persists, run again with --debug and report it")

    def is_lost(self) -> bool:
        """Whether the connection is gone; the first time, the one log line of the outage."""
        if not (self.pg.closed or self.pg.broken):
            return False
        if self.lost_at is None:
            self.lost_at = time.monotonic()
            log.warning("The connection to %s was lost; connecting again", self.path)
        return True

    def _cursor(self) -> psycopg.Cursor:
        if not self.begun and self.is_lost():
            self._reconnect()
        return self.pg.cursor()

    def _reconnect(self) -> None:
        """A new connection, tried with a doubling wait for up to ``RECONNECT_FOR`` seconds."""
        deadline, wait = time.monotonic() + RECONNECT_FOR, RECONNECT_WAIT
        with suppress(psycopg.Error):
            self.pg.close()  # the lost one: its socket is freed now, not when collected
        while True:
            try:
                self.pg = psycopg.connect(str(self.path), autocommit=True, connect_timeout=10)
                break
            except psycopg.Error as exc:
                if time.monotonic() + wait > deadline:
                    raise DatabaseDown(
                        f"the database {self.path} cannot be reached"
                        f" (for {RECONNECT_FOR:.0f} s): {' '.join(str(exc).split())}", _HINT
                    ) from exc  # fmt: skip
                time.sleep(wait)
                wait = min(wait * 2, RECONNECT_MAX_WAIT)
        if self.lost_at is not None:
            log.warning("The connection to %s is back (after %.1f s)", self.path,
                        time.monotonic() - self.lost_at)  # fmt: skip
            self.lost_at = None

    def _send(self, act: Callable[[psycopg.Cursor], Any]) -> Any:
        """``act`` on a cursor, errors translated; sent once more on a new connection if this
        one was lost (the server restarted while it was idle) and no transaction of ours had
        begun on it: outside a unit of work, or with the unit's first round trip, which carries
        its ``BEGIN`` (so a unit needs no round trip of its own to find a lost connection)."""
        with self.guard():
            try:
                found = act(self._cursor())
            except psycopg.OperationalError:
                if self.begun or not self.is_lost():
                    raise
                found = act(self._cursor())
            self.begun = self.in_transaction
            return found

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Any:  # a psycopg cursor
        self._send_ahead()
        return self._send(lambda cursor: cursor.execute(placeholders(sql), args))

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._send_ahead()
        batch = list(rows)
        if batch:
            self._send(lambda cursor: cursor.executemany(placeholders(sql), batch))

    def one(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        if self.ahead:
            return next(iter(self.pipelined([(sql, args)])[0]), None)
        row: Row | None = self._send(
            lambda cursor: cursor.execute(placeholders(sql), args).fetchone()
        )
        return row

    def all(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        if self.ahead:
            return self.pipelined([(sql, args)])[0]
        rows: list[Row] = self._send(
            lambda cursor: cursor.execute(placeholders(sql), args).fetchall()
        )
        return rows

    def insert_rows(self, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> None:
        """The rows sent with ``COPY``: a tenth of the time of as many INSERTs. Band keys
        (``lsh_bands``, a view here) are written as each article's set (``band_sets``)."""
        if table == "lsh_bands":
            table, columns, rows = "lsh_sets", "article_id, bands, hashes", band_sets(columns, rows)
        self._send_ahead()
        with self.guard(), self._cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def pipelined(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Row]]:
        """Each statement's rows (none for a write), all sent in one round trip (psycopg's
        pipeline mode) after the ``ahead`` ones: the server runs them in order, in the open
        transaction if any. Outside a unit of work they are sent again on a new connection if
        this one was lost, as every statement is (``_send``)."""
        ahead, self.ahead = self.ahead, []
        sent = [*ahead, *statements]

        def send_all(first: psycopg.Cursor) -> list[list[Row]]:
            cursors = [first, *(self.pg.cursor() for _ in sent[1:])]
            with self.pg.pipeline():
                for cursor, (sql, args) in zip(cursors, sent, strict=True):
                    cursor.execute(placeholders(sql), args)
            return [cursor.fetchall() if cursor.description else [] for cursor in cursors]

        found: list[list[Row]] = self._send(send_all) if sent else []
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
            self.in_transaction = self.begun = False

    def rows(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Row]:
        """The rows, fetched at once: another query may run while the caller iterates."""
        return iter(self.all(sql, args))

    def close(self) -> None:
        self.pg.close()
