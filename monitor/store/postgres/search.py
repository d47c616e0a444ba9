"""Full-text search on PostgreSQL [io]: the same question as SQLite's FTS5 index answers.

``article_search.document`` is a tsvector PostgreSQL keeps from the shown title (weighted A) and
text; each term (a word or a "quoted phrase") must be in the article, in its order for a phrase
(``phraseto_tsquery``), and articles are ranked by ``ts_rank``.
"""

from __future__ import annotations

from collections.abc import Sequence

from monitor.store.connection import Connection
from monitor.store.watch import narrowed


class PgSearchReads:
    conn: Connection

    def search_articles(
        self, terms: Sequence[str], *, region: str | None = None, watch: str | None = None
    ) -> list[tuple[int, float]]:
        if not terms:
            return []
        query = " && ".join("phraseto_tsquery('simple', ?)" for _ in terms)
        where, args = narrowed([f"s.document @@ ({query})"], list(terms), region, watch)
        found = self.conn.all(
            f"SELECT a.id, ts_rank(s.document, {query}) AS rank FROM article_search s"
            f" JOIN articles a ON a.id = s.rowid WHERE {' AND '.join(where)}"
            " ORDER BY rank DESC, a.id",
            [*terms, *args],
        )
        return [(int(article_id), float(score)) for article_id, score in found]
