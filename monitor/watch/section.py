"""The Watchlist section that opens a digest (pure): each rule's hits among the digest's articles,
with the matched terms marked in the title and an excerpt of the text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from monitor.models import StoredArticle
from monitor.records import WatchHit
from monitor.watch.highlight import Span, excerpt, spans
from monitor.watch.rules import WatchRule


@dataclass(frozen=True)
class WatchEntry:
    """One hit as the digest shows it."""

    article: StoredArticle
    terms: tuple[str, ...]
    title: tuple[Span, ...]
    excerpt: tuple[Span, ...]
    number: int = 0  # the article's entry in this digest; 0: not listed in it

    @property
    def anchor(self) -> str:
        return f"a{self.article.id}"


@dataclass(frozen=True)
class WatchSection:
    """A rule and its hits in this digest (none: the digest says so)."""

    rule: str
    entries: tuple[WatchEntry, ...]


def watch_sections(
    rules: Sequence[WatchRule],
    hits: Iterable[WatchHit],
    articles: Mapping[int, StoredArticle],
    numbers: Mapping[int, int],
) -> tuple[WatchSection, ...]:
    """One section per rule, its hits in the order of ``articles``; ``numbers``: the entry
    number of each article listed in the digest."""
    by_rule: dict[str, dict[int, tuple[str, ...]]] = {rule.name: {} for rule in rules}
    for hit in hits:
        if hit.rule in by_rule and hit.article_id in articles:
            by_rule[hit.rule][hit.article_id] = hit.terms
    order = {article_id: i for i, article_id in enumerate(articles)}
    return tuple(
        WatchSection(
            name,
            tuple(
                entry(articles[article_id], terms, numbers.get(article_id, 0))
                for article_id, terms in sorted(found.items(), key=lambda kv: order[kv[0]])
            ),
        )
        for name, found in by_rule.items()
    )


def entry(article: StoredArticle, terms: tuple[str, ...], number: int = 0) -> WatchEntry:
    return WatchEntry(
        article=article,
        terms=terms,
        title=spans(article.title, terms),
        excerpt=spans(excerpt(article.text, terms), terms),
        number=number,
    )
