"""One SQLite connection whose failures come out as the store's errors [io].

Every statement of the SQLite backend runs through ``Connection``: a driver error becomes a
``StoreError`` saying which file and what to do, and a sign of damage (a malformed page, a file
that is not a database) marks the store damaged, so that nothing more is written into it. Text
that is not valid UTF-8 does not stop a query: the value comes back as ``Undecodable`` and the
row holding it is skipped by ``decoded`` with one log line.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from monitor.store.interface import (
    DamagedStore,
    ReadOnlyStore,
    StoreBusy,
    StoreError,
    StoreFull,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
Row = tuple[Any, ...]
#: Ids asked about in one query (SQLite's limit on parameters is far above).
CHUNK = 500
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_RESTORE = (
    "restore it from a backup, or move it aside to start a new store;"
    " nothing more is written into it"
)
#: What a row that cannot be decoded raises, besides an ``Undecodable`` column.
DECODE_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


class Undecodable(str):
    """A TEXT value whose bytes are not UTF-8 (shown with replacement characters)."""


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return Undecodable(raw.decode("utf-8", errors="replace"))


class Connection:
    """A sqlite3 connection (autocommit: transactions are explicit) and what is known of its
    file's health."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        db.text_factory = _text
        self.db = db
        self.path = path
        self.damage: str | None = None  # why the file is known to be damaged

    @contextmanager
    def guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise self.translate(exc) from exc

    def translate(self, exc: sqlite3.Error) -> Exception:
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        if primary in _DAMAGED or "malformed" in str(exc):
            self.damage = self.damage or str(exc)
            return self.damaged()
        if primary == sqlite3.SQLITE_READONLY:
            return ReadOnlyStore(
                f"the database {self.path} cannot be written ({exc})",
                "check the file's and its folder's permissions, or pass another --state-dir",
            )
        if primary in _BUSY:
            return StoreBusy(
                f"the database {self.path} is busy ({exc})",
                "another monitor is writing into it: try again when it has finished",
            )
        if primary == sqlite3.SQLITE_FULL:
            return StoreFull(f"cannot write into {self.path}: the disk is full", "free some space")
        return StoreError(f"the database {self.path} failed: {exc}", "run again; if it persists,"
                          " run again with --debug and report it")

    def damaged(self) -> DamagedStore:
        detail = " ".join(str(self.damage).replace("*** in database main ***", "").split())
        return DamagedStore(f"the database {self.path} is damaged ({detail})", _RESTORE)

    def execute(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self.guard():
            return self.db.execute(sql, args)

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.guard():
            self.db.executemany(sql, rows)

    def one(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        with self.guard():
            row: Row | None = self.db.execute(sql, args).fetchone()
        return row

    def all(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        with self.guard():
            return self.db.execute(sql, args).fetchall()

    def insert_rows(self, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> None:
        """Rows of ``columns`` (names, comma-separated) added to ``table`` as they are."""
        marks = ", ".join("?" for _ in columns.split(","))
        self.many(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

    def pipelined(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Row]]:
        """Each statement's rows (none for a write), in order: a database server is sent them
        all in one round trip."""
        return [self.all(sql, args) for sql, args in statements]

    def send_ahead(self, sql: str, args: Sequence[Any] = ()) -> None:
        """A statement whose rows nobody reads: a database server is sent it with the next."""
        self.execute(sql, args)

    def rows(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Row]:
        """The rows one at a time (the memory stays flat), errors translated."""
        with self.guard():
            cursor = self.db.execute(sql, args)
            yield from cursor

    def rows_for_ids(
        self, sql: str, ids: Sequence[int], before: Sequence[Any] = ()
    ) -> Iterator[Row]:
        """The rows of ``sql`` for all of ``ids``, asked a chunk at a time: its ``{ids}`` becomes
        one placeholder per id of the chunk, after the ``before`` arguments."""
        for start in range(0, len(ids), CHUNK):
            chunk = list(ids[start : start + CHUNK])
            marks = ", ".join("?" for _ in chunk)
            yield from self.rows(sql.format(ids=marks), [*before, *chunk])

    def decoded(self, rows: Iterable[Row], decode: Callable[[Row], T], what: str) -> Iterator[T]:
        """``decode`` of each row; a row that cannot be decoded is one log line, left out."""
        for row in rows:
            try:
                if any(isinstance(value, Undecodable) for value in row):
                    raise ValueError("text that is not UTF-8")
                yield decode(row)
            except DECODE_ERRORS as exc:
                log.error("%s: %s %s cannot be read (%s); left out", self.path, what, row[0], exc)

    def close(self) -> None:
        self.db.close()
