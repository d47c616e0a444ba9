"""``monitor articles --search``: stored articles found by words and "quoted phrases" [io: the
store's queries]. The store ranks (SQLite: FTS5's bm25, the title weighing double); this module
reads the query, filters by date and says which words each article matched."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.models import Region, StoredArticle
from monitor.store.interface import Queries
from monitor.watch.rules import Term, clean_term

_WORD = re.compile(r"\w")
_PART = re.compile(r'"([^"]*)"?|([^\s"]+)')


@dataclass(frozen=True)
class Found:
    article: StoredArticle
    matched: tuple[str, ...]  # the query's terms found in the title or the text
    score: float = 0.0  # higher is better; 0 when not searching by text


def query_terms(text: str) -> tuple[str, ...]:
    """Words and "quoted phrases" of a query (an unclosed quote runs to the end)."""
    parts = (phrase or word for phrase, word in _PART.findall(text))
    return tuple(dict.fromkeys(t for p in parts if _WORD.search(t := clean_term(p))))


def matched(terms: Sequence[str], article: StoredArticle) -> tuple[str, ...]:
    """The terms in the article's title or text, whatever their case."""
    where = f"{article.title}\n\n{article.text}"
    return tuple(t for t in terms if Term(t.lower()).pattern.search(where))


def search(  # fmt: skip
    store: Queries,
    text: str | None,
    region: Region | None = None,
    since: datetime | None = None,
    watch: str | None = None,
) -> list[Found]:
    """The stored articles holding every term of ``text`` (best first), or every article when
    there is no text; only those of ``region``, seen or published since ``since``, matched by
    the watch rule ``watch``."""
    terms = query_terms(text or "")
    if text is not None:
        ranked = store.search_articles(terms, region=region.value if region else None, watch=watch)
        scores = dict(ranked)
        articles = store.articles_with_ids(list(scores))
        articles.sort(key=lambda a: (-scores[a.id], a.id))
    else:
        articles, scores = _listed(store, region, watch), {}
    if since is not None:
        articles = [a for a in articles if (a.published or a.first_seen) >= since]
    return [Found(a, matched(terms, a), scores.get(a.id, 0.0)) for a in articles]


def _listed(store: Queries, region: Region | None, watch: str | None) -> list[StoredArticle]:
    """Every stored article (of ``region``, matched by ``watch``), in id order."""
    articles = list(store.iter_articles())
    if region is not None:
        articles = [a for a in articles if region in _regions(a)]
    if watch is not None:
        hits = store.watch_hits([a.id for a in articles])
        hit = {h.article_id for h in hits if h.rule == watch}
        articles = [a for a in articles if a.id in hit]
    return articles


def _regions(article: StoredArticle) -> set[Region]:
    return set(article.classification.regions) or {Region.OTHER}
