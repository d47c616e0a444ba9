"""Choose, order and group the items of a digest (pure).

Each story is one item (threads.py: distinct articles about one event are one entry, led by the
best of them), filed in the section of its lead's primary region and ordered there by importance
(rank.py); an article with secondary regions is also listed, as a one-line reference to its full
entry, in each of those regions' sections. "Top stories" names the few items that
matter most across sections. Items are numbered in reading order, so every format can refer to
one ("see [4]").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo

from monitor.digest.provenance import Provenance, outlet_of, provenance
from monitor.digest.rank import importance
from monitor.digest.threads import Also, Follows, Thread, threads
from monitor.models import REGION_ORDER, Region, StoredArticle
from monitor.watch.section import WatchSection

#: Top stories: one for every ``TOP_PER`` items, at most ``TOP_STORIES``, for a digest of at
#: least ``TOP_FROM`` items.
TOP_STORIES = 5
TOP_PER = 4
TOP_FROM = 6


@dataclass(frozen=True)
class Item:
    """One entry of a digest: a story's lead article, where it comes from, its rank, its
    number, the other articles of the story and the earlier story it follows."""

    article: StoredArticle
    source: Provenance
    score: float
    number: int = 0  # in reading order, from 1
    also: tuple[Also, ...] = ()
    follows: Follows | None = None

    @property
    def anchor(self) -> str:
        return f"a{self.article.id}"

    @property
    def article_ids(self) -> tuple[int, ...]:
        return (self.article.id, *(other.article.id for other in self.also))


@dataclass(frozen=True)
class Reference:
    """A one-line entry in a secondary region's section, pointing at the full entry."""

    item: Item
    filed_under: Region


@dataclass(frozen=True)
class Updated:
    """An article of an earlier digest that changed materially since: listed once, with what
    changed, under "Updated"."""

    article: StoredArticle
    source: Provenance
    changes: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return f"u{self.article.id}"


@dataclass(frozen=True)
class Section:
    region: Region
    items: tuple[Item, ...]
    references: tuple[Reference, ...] = ()

    @property
    def articles(self) -> tuple[StoredArticle, ...]:
        """The lead article of each entry."""
        return tuple(item.article for item in self.items)

    @property
    def article_count(self) -> int:
        """Every article filed here, the other articles of its stories included."""
        return sum(len(item.article_ids) for item in self.items)

    @property
    def anchor(self) -> str:
        return self.region.value


@dataclass(frozen=True)
class Context:
    """What the digest needs besides the articles: publication names (of feeds by URL, of
    folders, of saved pages by path), the time zone, and the earlier digests' articles."""

    feed_names: Mapping[str, str] = field(default_factory=dict)
    tz: tzinfo = UTC
    earlier: Sequence[StoredArticle] = ()  # articles of recent digests a story may follow
    updated: Sequence[tuple[StoredArticle, tuple[str, ...]]] = ()  # edited since their digest
    folder_names: Mapping[str, str] = field(default_factory=dict)  # [seeds] names
    page_names: Mapping[str, str] = field(default_factory=dict)  # what each saved page names

    def source_of(self, article: StoredArticle) -> Provenance:
        return provenance(article, self.feed_names, self.folder_names, self.page_names)


@dataclass(frozen=True)
class Digest:
    """The items of one digest, grouped by primary region in the digest's section order."""

    created: datetime
    since: datetime | None  # end of the previous digest; None for the first one
    sections: tuple[Section, ...]
    preview: bool = False
    notes: tuple[str, ...] = ()  # footer lines about the sources (feed health)
    top: tuple[Item, ...] = ()
    updated: tuple[Updated, ...] = ()  # not counted: their articles were in earlier digests
    tz: tzinfo = UTC  # every time is shown in this zone
    view_online: str | None = None  # where the archive shows it, when known
    watchlist: tuple[WatchSection, ...] = ()  # the Watchlist section: each rule's hits
    context: Context = field(default_factory=lambda: Context(), compare=False, repr=False)

    @property
    def count(self) -> int:
        return sum(section.article_count for section in self.sections)

    def counts(self) -> dict[Region, int]:
        return {s.region: s.article_count for s in self.sections if s.article_count}

    def article_ids(self) -> tuple[int, ...]:
        return tuple(i for section in self.sections for item in section.items
                     for i in item.article_ids)  # fmt: skip

    def listed(self) -> tuple[dict[int, StoredArticle], dict[int, int]]:
        """Every article of the digest by id, in reading order, and its entry's number."""
        articles: dict[int, StoredArticle] = {}
        numbers: dict[int, int] = {}
        for section in self.sections:
            for item in section.items:
                for article in (item.article, *(other.article for other in item.also)):
                    articles[article.id] = article
                    numbers[article.id] = item.number
        return articles, numbers


def build_digest(
    articles: Iterable[StoredArticle],
    since: datetime | None,
    now: datetime,
    preview: bool = False,
    context: Context = Context(),  # noqa: B008 (frozen, never changed)
) -> Digest:
    """Group ``articles`` under their primary region, most important first.

    A clock set back (``now`` before ``since``) never gives a digest that ends before it starts:
    the digest is made as of ``since``."""
    now = max(now, since) if since is not None else now
    items = [_item(thread, context, now) for thread in threads(list(articles), context.earlier)]
    by_region: dict[Region, list[Item]] = {region: [] for region in REGION_ORDER}
    for item in items:
        by_region[item.article.classification.primary].append(item)
    ordered = {region: sorted(found, key=_rank) for region, found in by_region.items()}
    numbered = _numbered(ordered)
    references = {region: _references(region, numbered) for region in REGION_ORDER}
    sections = tuple(
        Section(region, tuple(numbered[region]), references[region])
        for region in REGION_ORDER
        if numbered[region] or references[region]
    )
    updated = tuple(
        Updated(article, context.source_of(article), changes)
        for article, changes in context.updated
    )
    return Digest(
        created=now, since=since, sections=sections, preview=preview,
        top=_top(numbered), updated=updated, tz=context.tz,
    )  # fmt: skip


def _item(thread: Thread, context: Context, now: datetime) -> Item:
    """An entry for a story: the outlets of all its articles count for its importance."""
    source = context.source_of(thread.lead)
    also = tuple(Also(other, context.source_of(other)) for other in thread.others)
    outlets = len({outlet_of(s) for a in (thread.lead, *thread.others) for s in a.sources})
    score = importance(thread.lead, outlets, now)
    return Item(thread.lead, source, score, also=also, follows=thread.follows)


def _rank(item: Item) -> tuple[bool, float, float, int]:
    """Dated items first (an undated saved page may be years old: it never leads), then by
    importance, then newest first."""
    moment = item.article.published or item.article.first_seen
    undated = item.article.published is None
    return (undated, -item.score, -moment.timestamp(), item.article.id)


def _numbered(ordered: Mapping[Region, list[Item]]) -> dict[Region, list[Item]]:
    numbered: dict[Region, list[Item]] = {}
    number = 0
    for region, items in ordered.items():
        numbered[region] = []
        for item in items:
            number += 1
            numbered[region].append(replace(item, number=number))
    return numbered


def _references(region: Region, numbered: Mapping[Region, list[Item]]) -> tuple[Reference, ...]:
    """Items filed elsewhere that also concern ``region`` (one of their secondary regions)."""
    return tuple(
        Reference(item, primary)
        for primary, items in numbered.items()
        if primary is not region
        for item in items
        if region in item.article.classification.regions
    )


def _top(numbered: Mapping[Region, list[Item]]) -> tuple[Item, ...]:
    items = [item for found in numbered.values() for item in found]
    if len(items) < TOP_FROM:
        return ()
    best = sorted((i for i in items if i.article.published is not None), key=_rank)
    return tuple(best[: min(TOP_STORIES, max(2, len(items) // TOP_PER))])
