"""Story threads in a digest (pure): the articles of one story become one entry, led by the
best of them, with "also: source — title" for the others and "follows: title, day" when the story
continued from an earlier digest. The grouping itself is ``monitor.digest.stories``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.digest.provenance import Provenance
from monitor.digest.stories import StoryItem, find_follows, group_stories
from monitor.models import StoredArticle


@dataclass(frozen=True)
class Also:
    """Another article of an entry's story: shown as one line under it."""

    article: StoredArticle
    source: Provenance


@dataclass(frozen=True)
class Follows:
    """The article of an earlier digest that this story continues."""

    title: str
    day: datetime


@dataclass(frozen=True)
class Thread:
    """One story: its lead article, the others, and what it follows."""

    lead: StoredArticle
    others: tuple[StoredArticle, ...]
    follows: Follows | None


def story_item(article: StoredArticle) -> StoryItem:
    return StoryItem(
        id=article.id,
        title=article.title,
        text=article.text,
        published=article.published or article.first_seen,
        sources=len(article.sources),
        words=article.words,
        length=article.length,
    )


def threads(
    articles: Sequence[StoredArticle], earlier: Sequence[StoredArticle] = ()
) -> list[Thread]:
    """The stories of ``articles`` (each article in exactly one), in the order of their first
    article; ``earlier``: articles of recent digests a story may continue."""
    by_id = {article.id: article for article in articles}
    items = [story_item(article) for article in articles]
    groups = group_stories(items)
    follows = find_follows(groups, items, [story_item(a) for a in earlier]) if earlier else {}
    earlier_by_id = {article.id: article for article in earlier}
    found = []
    for group in groups:
        lead, *others = (by_id[int(i)] for i in group)
        before = earlier_by_id.get(int(follows[group[0]])) if group[0] in follows else None
        followed = Follows(before.title, before.published or before.first_seen) if before else None
        found.append(Thread(lead, tuple(others), followed))
    return found
