"""The database: schema, migrations and transactions (SQLite by default, under the state dir).

Every write method is one transaction. Times are stored as ISO 8601 UTC strings.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from monitor.errors import StateError
from monitor.models import Article, Classification, Evidence, Region, StoredArticle
from monitor.store.identity import Identity, IdentityIndex
from monitor.store.identity import Match as Match  # re-exported: Store.find_match returns it
from monitor.store.schema import MIGRATIONS

DB_NAME = "monitor.sqlite3"


@dataclass(frozen=True)
class FileStamp:
    """What is remembered of a file so an unchanged one is not read again."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class Analysis:
    """What ingest computed for a new article before storing it."""

    identity: Identity
    summary: tuple[str, ...]
    classification: Classification


class Store(IdentityIndex):
    """The SQLite database under a state directory (its identity index: IdentityIndex)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path

    @classmethod
    def open(cls, state_dir: Path) -> Store:
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
            path = state_dir / DB_NAME
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=10000")
            store = cls(db, path)
            store.migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StateError(
                f"cannot use the state directory {state_dir}: {exc}",
                "check it exists and is writable, or pass --state-dir",
            ) from exc
        return store

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StateError(
                f"{self.path} was written by a newer monitor (schema {version})",
                "upgrade monitor or use another --state-dir",
            )
        had_band_index = self.has_band_index()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as db:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")
        if not had_band_index:
            with self.transaction() as db:
                self.index_stored_texts(db)

    # -- files ---------------------------------------------------------------------------------

    def file_stamp(self, path: str) -> FileStamp | None:
        row = self.db.execute(
            "SELECT size, mtime_ns, sha256 FROM files WHERE path = ?", (path,)
        ).fetchone()
        return FileStamp(*row) if row else None

    def record_file(
        self, db: sqlite3.Connection, path: str, stamp: FileStamp, now: datetime
    ) -> None:
        db.execute(
            "INSERT INTO files (path, size, mtime_ns, sha256, read_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,"
            " sha256 = excluded.sha256, read_at = excluded.read_at",
            (path, stamp.size, stamp.mtime_ns, stamp.sha256, now.isoformat()),
        )

    # -- articles ------------------------------------------------------------------------------

    def add_article(
        self, db: sqlite3.Connection, article: Article, analysis: Analysis, now: datetime
    ) -> int:
        key = analysis.identity
        cursor = db.execute(
            "INSERT INTO articles (title, author, url, canonical_url, guid, fingerprint, published,"
            " text, note, layout, hints, summary, primary_region, regions, evidence, first_seen,"
            " updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.title,
                article.author,
                article.url,
                key.canonical_url,
                key.guid,
                key.fingerprint,
                _iso(article.published),
                article.text,
                article.note,
                article.layout,
                json.dumps(list(article.hints)),
                *_analysis_columns(analysis),
                now.isoformat(),
                now.isoformat(),
            ),
        )
        article_id = int(cursor.lastrowid or 0)
        self.add_sighting(db, article_id, article.source, "first", now)
        self.record_identity(db, article_id, key)
        return article_id

    def add_sighting(
        self, db: sqlite3.Connection, article_id: int, source: str, rule: str, now: datetime
    ) -> None:
        db.execute(
            "INSERT OR IGNORE INTO sightings (article_id, source, rule, seen_at)"
            " VALUES (?, ?, ?, ?)",
            (article_id, source, rule, now.isoformat()),
        )

    def article_content(self, article_id: int) -> tuple[str, str, str, tuple[str, ...]]:
        """(title, text, fingerprint, hints) of a stored article, to compare a feed update with."""
        title, text, fingerprint, hints = self.db.execute(
            "SELECT title, text, fingerprint, hints FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return title, text, fingerprint, tuple(json.loads(hints))

    def update_article(
        self,
        db: sqlite3.Connection,
        article_id: int,
        article: Article,
        analysis: Analysis,
        now: datetime,
    ) -> None:
        """Replace a stored article's content (an edited feed post not yet in a digest)."""
        db.execute(
            "UPDATE articles SET title = ?, author = coalesce(?, author), text = ?,"
            " fingerprint = ?, hints = ?, summary = ?, primary_region = ?, regions = ?,"
            " evidence = ?, updated = ?"
            " WHERE id = ?",
            (
                article.title,
                article.author,
                article.text,
                analysis.identity.fingerprint,
                json.dumps(list(article.hints)),
                *_analysis_columns(analysis),
                now.isoformat(),
                article_id,
            ),
        )

    def known_keys(self) -> frozenset[str]:
        """Every stored guid and canonical URL (to fetch an article page at most once)."""
        rows = self.db.execute(
            "SELECT guid FROM articles WHERE guid IS NOT NULL"
            " UNION SELECT canonical_url FROM articles WHERE canonical_url IS NOT NULL"
        )
        return frozenset(row[0] for row in rows)

    def articles(self, *, undigested_only: bool = False) -> list[StoredArticle]:
        return list(self.iter_articles(undigested_only=undigested_only))

    def iter_articles(self, *, undigested_only: bool = False) -> Iterator[StoredArticle]:
        """The stored articles in id order, one row at a time (memory stays flat)."""
        where = "WHERE d.digest_id IS NULL" if undigested_only else ""
        sightings = self._sightings(undigested_only)
        cursor = self.db.execute(
            "SELECT a.id, a.title, a.text, a.layout, a.author, a.url, a.published, a.first_seen,"
            " a.summary, a.primary_region, a.regions, a.evidence, a.note, d.digest_id"
            " FROM articles a LEFT JOIN digest_articles d ON d.article_id = a.id"
            f" {where} ORDER BY a.id"
        )
        for row in cursor:
            yield _stored_article(row, sightings.get(row[0], ()))

    def _sightings(self, undigested_only: bool) -> dict[int, tuple[tuple[str, str], ...]]:
        where = (
            " WHERE NOT EXISTS (SELECT 1 FROM digest_articles d WHERE d.article_id = s.article_id)"
            if undigested_only
            else ""
        )
        found: dict[int, list[tuple[str, str]]] = {}
        for article_id, source, rule in self.db.execute(
            f"SELECT s.article_id, s.source, s.rule FROM sightings s{where}"
            " ORDER BY s.seen_at, s.rowid"
        ):
            found.setdefault(article_id, []).append((source, rule))
        return {k: tuple(v) for k, v in found.items()}

    # -- digests -------------------------------------------------------------------------------

    def last_digest_end(self) -> datetime | None:
        row = self.db.execute("SELECT max(period_end) FROM digests").fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def record_digest(
        self, start: datetime | None, end: datetime, article_ids: Sequence[int], now: datetime
    ) -> int:
        """Store a digest and its membership in one transaction; returns the digest id."""
        with self.transaction() as db:
            return self.insert_digest(db, start, end, article_ids, now)

    def insert_digest(
        self,
        db: sqlite3.Connection,
        start: datetime | None,
        end: datetime,
        article_ids: Sequence[int],
        now: datetime,
    ) -> int:
        """Add a digest and its membership inside the caller's transaction."""
        cursor = db.execute(
            "INSERT INTO digests (created, period_start, period_end) VALUES (?, ?, ?)",
            (now.isoformat(), _iso(start), end.isoformat()),
        )
        digest_id = int(cursor.lastrowid or 0)
        db.executemany(
            "INSERT INTO digest_articles (digest_id, article_id) VALUES (?, ?)",
            [(digest_id, article_id) for article_id in article_ids],
        )
        return digest_id


def _analysis_columns(analysis: Analysis) -> tuple[str, str, str, str]:
    """The summary, primary_region, regions and evidence columns of an analysed article."""
    cls = analysis.classification
    return (
        json.dumps(list(analysis.summary)),
        cls.primary.value,
        json.dumps([r.value for r in cls.regions]),
        json.dumps(cls.evidence_by_region()),
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _stored_article(row: Sequence, sightings: tuple[tuple[str, str], ...]) -> StoredArticle:
    (
        article_id,
        title,
        text,
        layout,
        author,
        url,
        published,
        first_seen,
        summary,
        primary,
        regions,
        evidence,
        note,
        digest_id,
    ) = row
    return StoredArticle(
        id=article_id,
        title=title,
        text=text,
        layout=layout,
        author=author,
        url=url,
        published=datetime.fromisoformat(published) if published else None,
        first_seen=datetime.fromisoformat(first_seen),
        sources=tuple(source for source, _ in sightings),
        summary=tuple(json.loads(summary)),
        classification=_classification(primary, regions, evidence),
        note=note,
        digest_id=digest_id,
        duplicate_rules={source: rule for source, rule in sightings if rule != "first"},
    )


def _classification(primary: str, regions: str, evidence: str) -> Classification:
    items = tuple(
        Evidence(term=term, region=Region(region), count=int(v["count"]), weight=float(v["weight"]))
        for region, terms in json.loads(evidence).items()
        for term, v in terms.items()
    )
    return Classification(
        primary=Region(primary),
        regions=tuple(Region(r) for r in json.loads(regions)),
        evidence=items,
    )
