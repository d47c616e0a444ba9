"""Watch hits: which rules each article matched, and on which terms: SQLite [io]."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from monitor.records import WatchHit
from monitor.store.connection import Connection


def hit_row(row: tuple) -> WatchHit:
    article_id, rule, terms = row
    return WatchHit(int(article_id), rule, tuple(json.loads(terms)))


def narrowed(
    where: list[str], args: list, region: str | None, watch: str | None
) -> tuple[list[str], list]:
    """A search's conditions narrowed to a region (primary or secondary) and a rule's hits, on
    ``articles a`` (the same SQL on every backend)."""
    if region is not None:
        where = [*where, "(a.primary_region = ? OR a.regions LIKE ?)"]
        args = [*args, region, f'%"{region}"%']
    if watch is not None:
        where = [*where, "EXISTS (SELECT 1 FROM watch_hits h WHERE h.article_id = a.id"
                         " AND h.rule = ?)"]  # fmt: skip
        args = [*args, watch]
    return where, args


class WatchReads:
    conn: Connection

    def watch_hits(self, article_ids: Sequence[int]) -> list[WatchHit]:
        rows = self.conn.rows_for_ids(
            "SELECT article_id, rule, terms FROM watch_hits"
            " WHERE article_id IN ({ids}) ORDER BY article_id, rule",
            article_ids,
        )
        return list(self.conn.decoded(rows, hit_row, "watch hit"))

    def watch_hit_counts(self) -> dict[str, int]:
        rows = self.conn.all("SELECT rule, count(*) FROM watch_hits GROUP BY rule")
        return {rule: int(count) for rule, count in rows}

    def search_articles(
        self, terms: Sequence[str], *, region: str | None = None, watch: str | None = None
    ) -> list[tuple[int, float]]:
        if not terms:
            return []
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        where, args = narrowed(["article_search MATCH ?"], [match], region, watch)
        found = self.conn.all(
            "SELECT a.id, bm25(article_search, 2.0, 1.0) FROM article_search"
            " JOIN articles a ON a.id = article_search.rowid"
            f" WHERE {' AND '.join(where)} ORDER BY 2, a.id",
            args,
        )
        return [(int(article_id), -float(score)) for article_id, score in found]


class WatchWrites:
    conn: Connection

    def set_watch_hits(self, article_id: int, hits: Sequence[WatchHit], now: datetime) -> None:
        self.conn.execute("DELETE FROM watch_hits WHERE article_id = ?", (article_id,))
        self.conn.many(
            "INSERT INTO watch_hits (article_id, rule, terms, found_at) VALUES (?, ?, ?, ?)",
            [(article_id, h.rule, json.dumps(list(h.terms)), now.isoformat()) for h in hits],
        )
