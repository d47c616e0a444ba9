"""The PostgreSQL store [io]: one database shared by any number of monitor processes.

``PgStore.open(dsn)`` connects (the password from libpq's ``PGPASSWORD`` or ``~/.pgpass``) and
migrates under a transaction-level advisory lock: two workers starting at once never migrate
twice. ``transaction()`` is a unit of work (``PgTransaction``) committed when its block ends;
``digest_lock()`` is a session advisory lock held while a digest is made; ``host_slot()`` one
of a host's request slots (``hostslots``: ``[fetch] per_host`` across every process).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from monitor.errors import StateError
from monitor.store.alerts import AlertReads, AlertWrites
from monitor.store.articles import ArticleReads, ArticleWrites
from monitor.store.connection import Connection
from monitor.store.digests import DigestReads, DigestWrites
from monitor.store.feeds import FeedReads, FeedWrites
from monitor.store.interface import Storage, UnitOfWork
from monitor.store.postgres.articles import PgArticleReads, PgArticleWrites
from monitor.store.postgres.connection import PgConnection, connect
from monitor.store.postgres.hostslots import HostSlots
from monitor.store.postgres.schema import MIGRATIONS
from monitor.store.postgres.search import PgSearchReads
from monitor.store.postgres.stats import PgStatsReads
from monitor.store.postgres.tables import PgDigestWrites, PgFeedWrites
from monitor.store.readers import ReaderReads, ReaderWrites
from monitor.store.stats import IncidentWrites, StatsReads
from monitor.store.updates import UpdateReads, UpdateWrites
from monitor.store.watch import WatchReads, WatchWrites

#: Advisory lock keys (any bigint unique to monitor): migrations, and making a digest.
MIGRATE_LOCK = 0x6D6F6E69746F7201
DIGEST_LOCK = 0x6D6F6E69746F7202
#: The columns numbered by a sequence (set past the copied rows by ``ids_taken``).
SERIALS = (("articles", "id"), ("digests", "id"), ("deliveries", "id"), ("feeds", "rowid"),
           ("sightings", "rowid"), ("updates", "id"), ("alerts", "id"),
           ("alert_deliveries", "id"), ("reader_slots", "id"),
           ("reader_deliveries", "id"))  # fmt: skip


class _Reads(
    PgArticleReads, PgSearchReads, PgStatsReads, ArticleReads, FeedReads, DigestReads,
    UpdateReads, WatchReads, AlertReads, StatsReads, ReaderReads,
):
    conn: Connection  # a PgConnection


class PgTransaction(
    _Reads,
    PgArticleWrites,
    PgDigestWrites,
    PgFeedWrites,
    ArticleWrites,
    FeedWrites,
    DigestWrites,
    UpdateWrites,
    WatchWrites,
    AlertWrites,
    IncidentWrites,
    ReaderWrites,
    UnitOfWork,
):
    """The writes of one transaction on the store's connection (it sees its own writes)."""

    def __init__(self, conn: PgConnection) -> None:
        self.conn = conn


class PgStore(_Reads, Storage):
    """A PostgreSQL database named by a libpq URL."""

    def __init__(self, conn: PgConnection) -> None:
        self.conn = conn
        self.pg = conn
        self.path = conn.path
        self.slots = HostSlots(str(conn.path))  # connects when a feed is first fetched

    @classmethod
    def open(cls, dsn: str) -> PgStore:
        store = cls(PgConnection(connect(dsn), dsn))
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
        return store

    def migrate(self) -> None:
        with self.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATE_LOCK,))
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
            row = self.conn.one("SELECT max(version) FROM schema_version")
            version = int(row[0] or 0) if row else 0
            if version > len(MIGRATIONS):
                raise StateError(
                    f"{self.path} was written by a newer monitor (schema {version})",
                    "upgrade monitor, or use another [store] url",
                )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                self.conn.execute(script)
                self.conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))

    def check(self) -> list[str]:
        """PostgreSQL checks its own pages; this checks the schema is the one expected."""
        row = self.conn.one("SELECT max(version) FROM schema_version")
        version = row[0] if row else None
        return [] if version == len(MIGRATIONS) else [f"schema version {version}"]

    def close(self) -> None:
        self.slots.close()
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[UnitOfWork]:
        with self.pg.guard(), self.pg.unit():  # its first round trip connects again if lost
            yield PgTransaction(self.pg)

    def ids_taken(self) -> None:
        for table, column in SERIALS:
            self.conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                f" coalesce(max({column}), 0) + 1, false) FROM {table}"
            )

    def host_slot(self, host: str, per_host: int) -> AbstractContextManager[object]:
        return self.slots.hold(host, per_host)

    @contextmanager
    def digest_lock(self) -> Iterator[object]:
        self.conn.execute("SELECT pg_advisory_lock(?)", (DIGEST_LOCK,))
        try:
            yield self
        finally:
            self.conn.execute("SELECT pg_advisory_unlock(?)", (DIGEST_LOCK,))
