"""Choose and group the articles of a digest (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from monitor.models import REGION_ORDER, Region, StoredArticle


@dataclass(frozen=True)
class Section:
    region: Region
    articles: tuple[StoredArticle, ...]


@dataclass(frozen=True)
class Digest:
    """The articles of one digest, grouped by primary region in the digest's section order."""

    created: datetime
    since: datetime | None  # end of the previous digest; None for the first one
    sections: tuple[Section, ...]
    preview: bool = False
    notes: tuple[str, ...] = ()  # footer lines about the sources (feed health)

    @property
    def count(self) -> int:
        return sum(len(section.articles) for section in self.sections)

    def counts(self) -> dict[Region, int]:
        return {section.region: len(section.articles) for section in self.sections}

    def article_ids(self) -> tuple[int, ...]:
        return tuple(a.id for section in self.sections for a in section.articles)


def build_digest(
    articles: Iterable[StoredArticle], since: datetime | None, now: datetime, preview: bool = False
) -> Digest:
    """Group ``articles`` under their primary region; newest first within a region.

    A clock set back (``now`` before ``since``) never gives a digest that ends before it starts:
    the digest is made as of ``since``."""
    by_region: dict[Region, list[StoredArticle]] = {region: [] for region in REGION_ORDER}
    for article in articles:
        by_region[article.classification.primary].append(article)
    sections = tuple(
        Section(region, tuple(sorted(items, key=_newest_first)))
        for region, items in by_region.items()
        if items
    )
    created = max(now, since) if since is not None else now
    return Digest(created=created, since=since, sections=sections, preview=preview)


def _newest_first(article: StoredArticle) -> tuple[float, int]:
    moment = article.published or article.first_seen
    return (-moment.timestamp(), article.id)
