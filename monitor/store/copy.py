"""Copy a whole store into an empty one, on either backend [io]: ``monitor store copy``.

Every table is copied row for row with its ids (articles, sightings, identity keys and band
keys, files read, feeds and their state, digests with their members and bodies, deliveries), in
one unit of work on the target: all of it or none. The target must be empty; the counts of
every table are compared at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from monitor.errors import StateError
from monitor.store.connection import Connection
from monitor.store.interface import Storage

#: Tables in the order their references need, and their columns (``rowid``: the order rows
#: were added in, which feeds and sightings are listed in).
TABLES: tuple[tuple[str, str], ...] = (
    ("files", "path, size, mtime_ns, sha256, read_at, publication"),
    ("articles", "id, title, author, url, canonical_url, guid, fingerprint, published, text,"
                 " note, layout, hints, summary, primary_region, regions, evidence, first_seen,"
                 " updated, words"),
    ("sightings", "rowid, article_id, source, rule, seen_at"),
    ("feeds", "rowid, key, url, origin, name, category, interval, etag, last_modified,"
              " next_poll, last_poll, last_success, last_error, last_error_at, failures, gone,"
              " active, title"),
    ("article_keys", "kind, value, article_id"),
    ("lsh_bands", "article_id, band, hash"),  # by article: its keys arrive together
    ("digests", "id, created, period_start, period_end"),
    ("digest_articles", "digest_id, article_id"),
    ("digest_renders", "digest_id, subject, message_id, article_count, html, markdown, text"),
    ("deliveries", "id, digest_id, channel, target, status, attempts, last_error, next_attempt,"
                   " sent_at"),
    ("updates", "id, article_id, changes, detected, digest_id"),
    ("watch_hits", "article_id, rule, terms, found_at"),
    ("alerts", "id, created, subject, message_id, html, text"),
    ("alert_articles", "alert_id, article_id, rule"),
    ("alert_deliveries", "id, alert_id, target, status, attempts, last_error, next_attempt,"
                         " sent_at"),
    ("reader_digests", "digest_id, reader, subject, message_id, article_count, html, text"),
    ("readers", "reader, joined, last_end, after_digest, last_update"),
    ("reader_slots", "id, reader, created, period_start, period_end, subject, message_id,"
                     " article_count, html, text"),
    ("reader_articles", "reader, article_id, slot_id"),
    ("reader_deliveries", "id, slot_id, target, status, attempts, last_error, next_attempt,"
                          " sent_at"),
    ("article_search", "rowid, title, text"),  # the index of the shown texts, made again
)  # fmt: skip
BATCH = 5000  # rows written at once (one COPY on PostgreSQL)

#: Told how many more rows were copied (a progress bar on a terminal).
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Copied:
    counts: dict[str, int]

    def line(self) -> str:
        c = self.counts
        return (
            f"Copied {c['articles']} article(s), {c['feeds']} feed(s), {c['digests']} digest(s)"
            f" and {c['deliveries']} deliveries; {sum(c.values())} rows, counts checked."
        )


def _conn(store: Storage) -> Connection:
    conn = getattr(store, "conn", None)
    if not isinstance(conn, Connection):
        raise StateError(f"cannot copy from or into {store!r}")
    return conn


def counts(store: Storage) -> dict[str, int]:
    conn = _conn(store)
    found = {}
    for table, _ in TABLES:
        row = conn.one(f"SELECT count(*) FROM {table}")
        found[table] = int(row[0]) if row else 0
    return found


def copy_store(source: Storage, target: Storage, progress: Progress = lambda rows: None) -> Copied:
    """Every row of ``source`` into ``target``, which must be empty."""
    wanted, there = counts(source), counts(target)
    if any(there.values()):
        raise StateError(
            f"the target store {_conn(target).path} is not empty"
            f" ({there['articles']} article(s), {there['feeds']} feed(s))",
            "copy into a new, empty database or file",
        )
    with target.transaction():
        for table, columns in TABLES:
            _copy_table(_conn(source), _conn(target), table, columns, progress)
        target.ids_taken()
    copied = counts(target)
    if copied != wanted:
        differ = ", ".join(f"{t} {n} → {copied[t]}" for t, n in wanted.items() if n != copied[t])
        raise StateError(f"the copy's counts differ ({differ})", "run the copy again")
    return Copied(copied)


def _copy_table(
    source: Connection, target: Connection, table: str, columns: str, progress: Progress
) -> None:
    batch: list[tuple] = []
    for row in source.rows(f"SELECT {columns} FROM {table} ORDER BY 1"):
        batch.append(tuple(row))
        if len(batch) >= BATCH:
            target.insert_rows(table, columns, batch)
            progress(len(batch))
            batch = []
    target.insert_rows(table, columns, batch)
    progress(len(batch))
