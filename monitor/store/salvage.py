"""Salvage a damaged SQLite store [io]: every row that can still be read, into a new store.

The damaged file is only read (opened read-only, never checked or migrated). Each table is read
one row at a time by rowid, so a damaged page loses the rows on it and no others; a row whose
article (or digest) was lost is left out too. The identity keys and band keys are made again
from the articles copied. The new store is a fresh one: its own checks pass.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from monitor.errors import StateError
from monitor.identity.keys import EXACT_KEYS
from monitor.store.sqlite import DB_NAME, Store

#: Copied in this order, so that what a row refers to is copied before it.
TABLES = (
    "files", "feeds", "articles", "digests", "digest_articles", "digest_renders", "deliveries",
    "sightings", "updates", "watch_hits", "alerts", "alert_articles", "alert_deliveries",
    "reader_digests", "readers", "reader_slots", "reader_articles", "reader_deliveries",
)  # fmt: skip
#: Rowids probed past the last one found, when the table cannot say its largest.
PROBE_PAST = 10_000


@dataclass(frozen=True)
class Salvaged:
    """Rows copied and rows lost, by table."""

    copied: dict[str, int]
    lost: dict[str, int]

    def line(self) -> str:
        copied, lost = sum(self.copied.values()), sum(self.lost.values())
        articles = self.copied.get("articles", 0)
        return f"Salvaged {copied} row(s), {articles} article(s); {lost} row(s) could not be read."


def salvage(state_dir: Path, into: Path) -> Salvaged:
    """Copy every readable row of ``state_dir``'s store into a new store in ``into``."""
    source_path, target_path = state_dir / DB_NAME, into / DB_NAME
    if target_path.exists():
        raise StateError(f"{target_path} exists already", "salvage into a new, empty folder")
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StateError(f"cannot read {source_path}: {exc}", "check the path") from exc
    source.text_factory = bytes  # copied as it is, whatever its encoding
    target = Store.open(into)
    copied, lost = {}, {}
    try:
        for table in TABLES:
            copied[table], lost[table] = _copy(source, target, table)
        _rebuild_keys(target)
    finally:
        source.close()
        target.close()
    return Salvaged(copied, lost)


def _copy(source: sqlite3.Connection, target: Store, table: str) -> tuple[int, int]:
    """The table's readable rows; of a store made by an earlier version, the columns it has
    (a column added since takes its default, a table added since is empty)."""
    columns = _shared_columns(source, target, table)
    if not columns:
        return 0, 0
    names = ", ".join(columns)
    insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in columns)})"
    copied = lost = 0
    with target.transaction():
        for rowid in _rowids(source, table):
            try:
                row = source.execute(
                    f"SELECT {names} FROM {table} WHERE rowid = ?", (rowid,)
                ).fetchone()
            except sqlite3.DatabaseError:
                lost += 1
                continue
            if row is None:
                continue
            try:
                target.conn.db.execute(insert, [_text(value) for value in row])
                copied += 1
            except sqlite3.Error:  # what it refers to was lost, or a value is unusable
                lost += 1
    return copied, lost


def _shared_columns(source: sqlite3.Connection, target: Store, table: str) -> list[str]:
    """The target table's columns that the source's table has too (all of them when the
    source cannot say: its schema is damaged)."""
    columns = [row[1] for row in target.conn.all(f"PRAGMA table_info({table})")]
    try:
        found = {row[1].decode() for row in source.execute(f"PRAGMA table_info({table})")}
    except sqlite3.DatabaseError:
        return columns
    return [column for column in columns if column in found]


def _rowids(source: sqlite3.Connection, table: str) -> range:
    try:
        largest = source.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:  # the table cannot say: probe
        largest = PROBE_PAST
    return range(1, largest + 1)


def _text(value: object) -> object:
    """TEXT read as bytes, back to text (undecodable bytes replaced: it stays readable)."""
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value


def _rebuild_keys(target: Store) -> None:
    with target.transaction():
        for kind in EXACT_KEYS:
            target.conn.execute(
                f"INSERT OR IGNORE INTO article_keys (kind, value, article_id)"
                f" SELECT '{kind}', {kind}, id FROM articles WHERE {kind} IS NOT NULL ORDER BY id"
            )
        target.index_texts()
        target.conn.execute(
            "INSERT INTO article_search (rowid, title, text) SELECT id, title, text FROM articles"
        )
