"""Articles, where they were seen, their identity keys and the files read: SQLite [io].

Exact keys (guid, canonical URL, fingerprint) of every version of an article are in
``article_keys``; its LSH band keys (``identity.neardup``) in ``lsh_bands``. Times are ISO 8601
UTC strings. The mixins work on ``self.conn`` (``monitor.store.connection.Connection``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime

from monitor.identity.keys import canonical_url, exact_keys
from monitor.models import Analysis, Article, Candidates, Identity, StoredArticle, StoredVersion
from monitor.records import FileStamp
from monitor.store import rows
from monitor.store.connection import Connection

#: A stored article's shown version (``StoredVersion``, after its id) in ``articles a``.
VERSION_COLUMNS = (
    "a.title, a.text, a.fingerprint, a.hints, a.published, a.url,"
    " EXISTS (SELECT 1 FROM digest_articles WHERE article_id = a.id)"
)
Statement = tuple[str, Sequence[object]]


class ArticleReads:
    conn: Connection

    def article_with_key(self, kind: str, value: str) -> int | None:
        row = self.conn.one(
            "SELECT article_id FROM article_keys WHERE kind = ? AND value = ?", (kind, value)
        )
        return int(row[0]) if row else None

    def near_candidates(
        self, bands: Sequence[tuple[int, int]], min_shared: int, limit: int
    ) -> list[tuple[int, str]]:
        if not bands:
            return []
        probe = ", ".join("(?, ?)" for _ in bands)
        found = self.conn.all(
            f"WITH probe(band, hash) AS (VALUES {probe})"
            " SELECT l.article_id, a.fingerprint FROM probe"
            " JOIN lsh_bands l ON l.band = probe.band AND l.hash = probe.hash"
            " JOIN articles a ON a.id = l.article_id"
            " GROUP BY l.article_id HAVING count(*) >= ?"
            " ORDER BY count(*) DESC, l.article_id LIMIT ?",
            [n for pair in bands for n in pair] + [min_shared, limit],
        )
        return [(int(article_id), fingerprint) for article_id, fingerprint in found]

    def stored_version(self, article_id: int) -> StoredVersion | None:
        row = self.conn.one(f"SELECT {VERSION_COLUMNS} FROM articles a WHERE id = ?", (article_id,))
        decoded = self.conn.decoded([(article_id, *row)] if row else [], version, "article")
        return next(decoded, None)

    def match_candidates(self, identity: Identity, min_shared: int, limit: int) -> Candidates:
        for kind, value in exact_keys(identity):  # strongest first: the first found wins
            article_id = self.article_with_key(kind, value)
            stored = self.stored_version(article_id) if article_id is not None else None
            if article_id is not None and stored is not None:
                return Candidates((kind, article_id, stored))
        return Candidates(None, tuple(self.near_candidates(identity.bands, min_shared, limit)))

    def known_keys(self) -> frozenset[str]:
        found = self.conn.rows(
            "SELECT guid FROM articles WHERE guid IS NOT NULL"
            " UNION SELECT canonical_url FROM articles WHERE canonical_url IS NOT NULL"
        )
        return frozenset(row[0] for row in found)

    def iter_articles(self, *, undigested_only: bool = False) -> Iterator[StoredArticle]:
        where = "WHERE d.digest_id IS NULL" if undigested_only else ""
        sightings = self._sightings(undigested_only)
        found = self.conn.rows(
            f"SELECT {rows.ARTICLE_COLUMNS} FROM articles a"
            f" LEFT JOIN digest_articles d ON d.article_id = a.id {where} ORDER BY a.id"
        )
        return self.conn.decoded(
            found, lambda row: rows.stored_article(row, sightings.get(row[0], ())), "article"
        )

    def articles_with_ids(self, article_ids: Sequence[int]) -> list[StoredArticle]:
        ids = sorted(set(article_ids))  # asked a chunk at a time, in id order
        found: dict[int, list[tuple[str, str]]] = {}
        for article_id, source, rule in self.conn.rows_for_ids(
            "SELECT article_id, source, rule FROM sightings WHERE article_id IN ({ids})"
            " ORDER BY seen_at, rowid",
            ids,
        ):
            found.setdefault(article_id, []).append((source, rule))
        rows_found = self.conn.rows_for_ids(
            f"SELECT {rows.ARTICLE_COLUMNS} FROM articles a LEFT JOIN digest_articles d"
            " ON d.article_id = a.id WHERE a.id IN ({ids}) ORDER BY a.id",
            ids,
        )
        decode = lambda row: rows.stored_article(row, tuple(found.get(row[0], ())))  # noqa: E731
        return list(self.conn.decoded(rows_found, decode, "article"))

    def digested_since(self, start: datetime) -> list[StoredArticle]:
        ends = self.conn.decoded(
            self.conn.rows("SELECT id, period_end FROM digests"),
            lambda row: (row[0], rows.moment(row[1])), "digest"
        )  # a digest a day is 365 rows a year: their times are compared here, whatever the zone
        digests = sorted(digest_id for digest_id, end in ends if end >= start)
        members = self.conn.rows_for_ids(
            "SELECT article_id FROM digest_articles WHERE digest_id IN ({ids})", digests
        )
        return self.articles_with_ids([article_id for (article_id,) in members])

    def _sightings(self, undigested_only: bool) -> dict[int, tuple[tuple[str, str], ...]]:
        where = (
            " WHERE NOT EXISTS (SELECT 1 FROM digest_articles d WHERE d.article_id = s.article_id)"
            if undigested_only
            else ""
        )
        found: dict[int, list[tuple[str, str]]] = {}
        for article_id, source, rule in self.conn.rows(
            f"SELECT s.article_id, s.source, s.rule FROM sightings s{where}"
            " ORDER BY s.seen_at, s.rowid"
        ):
            found.setdefault(article_id, []).append((source, rule))
        return {k: tuple(v) for k, v in found.items()}

    def file_stamp(self, path: str) -> FileStamp | None:
        row = self.conn.one("SELECT size, mtime_ns, sha256 FROM files WHERE path = ?", (path,))
        return FileStamp(*row) if row else None

    def file_publications(self) -> dict[str, str]:
        found = self.conn.rows("SELECT path, publication FROM files WHERE publication IS NOT NULL")
        return dict(found)


def version(row: Sequence) -> StoredVersion:
    """A ``StoredVersion`` from the article's id and its ``VERSION_COLUMNS``."""
    _, title, text, fingerprint, hints, published, url, digested = row
    hints = tuple(json.loads(hints))
    return StoredVersion(title, text, fingerprint, hints, rows.when(published), url, bool(digested))


class ArticleWrites:
    conn: Connection

    def add_article(self, article: Article, analysis: Analysis, now: datetime) -> int:
        (row,) = self.conn.all(*article_insert(article, analysis, now))  # finished at once
        article_id = int(row[0])
        self.index_text(article_id, article.title, article.text)
        self.add_sighting(article_id, article.source, "first", now)
        self.record_identity(article_id, analysis.identity)
        return article_id

    def add_sighting(self, article_id: int, source: str, rule: str, now: datetime) -> None:
        self.conn.execute(*sighting_insert(article_id, source, rule, now))

    def record_identity(self, article_id: int, identity: Identity) -> None:
        self.conn.many(
            "INSERT INTO article_keys (kind, value, article_id) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [(kind, value, article_id) for kind, value in exact_keys(identity)],
        )
        self.conn.many(
            "INSERT INTO lsh_bands (band, hash, article_id) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [(band, key, article_id) for band, key in identity.bands],
        )

    def update_article(
        self, article_id: int, article: Article, analysis: Analysis, now: datetime
    ) -> None:
        self.conn.execute(
            "UPDATE articles SET title = ?, author = coalesce(?, author), text = ?,"
            " fingerprint = ?, hints = ?, summary = ?, primary_region = ?, regions = ?,"
            " evidence = ?, words = ?, updated = ? WHERE id = ?",
            (
                article.title, article.author, article.text, analysis.identity.fingerprint,
                json.dumps(list(article.hints)), *rows.analysis_columns(analysis),
                now.isoformat(), article_id,
            ),
        )  # fmt: skip
        self.index_text(article_id, article.title, article.text)

    def index_text(self, article_id: int, title: str, text: str) -> None:
        """The full-text index of the article's shown title and text (``search_articles``)."""
        self.conn.execute("DELETE FROM article_search WHERE rowid = ?", (article_id,))
        self.conn.execute(*search_insert(article_id, title, text))

    def set_provenance(
        self, article_id: int, published: datetime | None, url: str | None, now: datetime
    ) -> None:
        self.conn.execute(
            "UPDATE articles SET published = ?, url = ?, canonical_url = ?, updated = ?"
            " WHERE id = ?",
            (rows.iso(published), url, canonical_url(url), now.isoformat(), article_id),
        )

    def record_file(
        self, path: str, stamp: FileStamp, now: datetime, publication: str | None = None
    ) -> None:
        self.conn.execute(
            "INSERT INTO files (path, size, mtime_ns, sha256, read_at, publication)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET size = excluded.size,"
            " mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256, read_at = excluded.read_at,"
            " publication = coalesce(excluded.publication, files.publication)",
            (path, stamp.size, stamp.mtime_ns, stamp.sha256, now.isoformat(), publication),
        )


def article_insert(article: Article, analysis: Analysis, now: datetime) -> Statement:
    """The new article's row; the statement returns its id."""
    key = analysis.identity
    return (
        "INSERT INTO articles (title, author, url, canonical_url, guid, fingerprint, published,"
        " text, note, layout, hints, summary, primary_region, regions, evidence, words,"
        " first_seen, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id",
        (
            article.title, article.author, article.url, key.canonical_url, key.guid,
            key.fingerprint, rows.iso(article.published), article.text, article.note,
            article.layout, json.dumps(list(article.hints)),
            *rows.analysis_columns(analysis), now.isoformat(), now.isoformat(),
        ),
    )  # fmt: skip


def sighting_insert(article_id: int, source: str, rule: str, now: datetime) -> Statement:
    return (
        "INSERT INTO sightings (article_id, source, rule, seen_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (article_id, source, rule, now.isoformat()),
    )


def search_insert(article_id: int, title: str, text: str) -> Statement:
    """The full-text index's row of a shown title and text (none there yet)."""
    return (
        "INSERT INTO article_search (rowid, title, text) VALUES (?, ?, ?)",
        (article_id, title, text),
    )
