"""A digest put together from the store [io: the store's queries]: every article not yet in a
digest, grouped (``select.build_digest``), with the feeds' notes and the Watchlist section; and
each reader's own digest (``[[subscribers]]``) cut from the same articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from monitor.config.load import Config
from monitor.config.subscribers import Subscriber
from monitor.digest.select import Context, Digest, build_digest
from monitor.models import Region, StoredArticle
from monitor.names import feed_publication
from monitor.records import FeedState, PendingUpdate, ReaderMark
from monitor.sources.feeds.policy import feed_notes
from monitor.store import feeds as feedstore
from monitor.store.interface import Queries, Storage
from monitor.watch.section import WatchSection, watch_sections

#: How far back a story of an earlier digest may be continued ("follows: ...").
FOLLOW_DAYS = 14
#: An article of an earlier digest that changed since, and what changed.
Edited = tuple[StoredArticle, tuple[str, ...]]


def select(store: Storage, config: Config, now: datetime, preview: bool) -> Digest:
    """Every stored article not yet in a digest, grouped, with the feed notes and the
    Watchlist section; records nothing."""
    since = store.last_digest_end()
    context, notes = _context(store, config, now, config.digest.timezone)
    digest = build_digest(store.iter_articles(undigested_only=True), since, now, preview, context)
    articles, numbers = digest.listed()
    sections = watchlist(store, config, articles, numbers, [rule.name for rule in config.watch])
    return replace(digest, notes=notes, watchlist=sections, context=context)


def for_own_slot(  # fmt: skip
    store: Storage, config: Config, reader: Subscriber, mark: ReaderMark, now: datetime,
    edits: Sequence[PendingUpdate] = (),
) -> Digest:
    """A reader's digest at a slot of their own schedule: the articles none of their digests
    reached yet (of the main digests made since they joined, and those in none yet) in their
    regions, and their rules' hits among all of those articles. A story may follow an earlier
    digest's article of their regions. "Updated" lists the edits, since their last digest, of
    articles their digests reached (``edits``: from ``Queries.reader_edits``)."""
    offered = {a.id: a for a in store.reader_candidates(reader_key(reader), mark.after)}
    context, notes = _context(store, config, now, reader.timezone)
    earlier = [a for a in context.earlier
               if a.id not in offered and in_regions(a, reader.regions)]  # fmt: skip
    context = replace(context, earlier=earlier, updated=_edited(store, edits))
    mine = [a for a in offered.values() if in_regions(a, reader.regions)]
    own = build_digest(mine, mark.last_end, now, False, context)
    articles, numbers = own.listed()
    sections = watchlist(store, config, {**offered, **articles}, numbers, reader.watch)
    return replace(own, notes=notes, watchlist=sections, context=context)


def reader_key(reader: Subscriber) -> str:
    """How the store knows a reader: their address, in lower case."""
    return reader.to.lower()


def _context(
    store: Storage, config: Config, now: datetime, timezone: str
) -> tuple[Context, tuple[str, ...]]:
    """What a digest made ``now`` needs to know besides its articles (feed and folder names,
    earlier digests' articles and edits, the time zone shown), and the feeds' notes."""
    feeds = feedstore.active(store)
    recent, edited = earlier(store, now)
    folders = {str(folder): name for folder, name in config.seeds.names.items()}
    context = Context(
        feed_names(feeds), ZoneInfo(timezone), recent, edited, folders, store.file_publications()
    )
    return context, feed_notes(feeds)


def feed_names(feeds: Iterable[FeedState]) -> dict[str, str]:
    """Each feed's publication name by its addresses: its configured ``name``, else the
    publication its own title as last polled names (a category feed's without the category)."""
    named = ((feed, feed.name or (feed.title and feed_publication(feed.title, feed.url)))
             for feed in feeds)  # fmt: skip
    return {url: name for feed, name in named if name for url in (feed.key, feed.url)}


def _edited(store: Queries, edits: Sequence[PendingUpdate]) -> list[Edited]:
    """The articles of ``edits``, each with what changed in all of its edits."""
    changes = _changes_by_article(edits)
    return [(a, changes[a.id]) for a in store.articles_with_ids(list(changes))]


def _changes_by_article(edits: Iterable[PendingUpdate]) -> dict[int, tuple[str, ...]]:
    changes: dict[int, tuple[str, ...]] = {}
    for update in edits:
        said = changes.get(update.article_id, ())
        changes[update.article_id] = tuple(dict.fromkeys(said + update.changes))
    return changes


def earlier(store: Queries, now: datetime) -> tuple[list[StoredArticle], list[Edited]]:
    """Articles of earlier digests: those of the digests of the last ``FOLLOW_DAYS`` dated in
    those days (a story may continue them), and those edited since their digest, with what
    changed. Read by digest and by id: never the whole store."""
    start = now - timedelta(days=FOLLOW_DAYS)
    recent = [
        article for article in store.digested_since(start)
        if (article.published or article.first_seen) >= start
    ]  # fmt: skip
    changes = _changes_by_article(store.pending_updates())
    edited = [
        (article, changes[article.id]) for article in store.articles_with_ids(list(changes))
        if article.digest_id is not None
    ]  # fmt: skip
    return recent, edited


def watchlist(
    store: Queries,
    config: Config,
    articles: dict[int, StoredArticle],
    numbers: dict[int, int],
    names: Iterable[str],
) -> tuple[WatchSection, ...]:
    """The hits of the rules ``names`` among ``articles`` (``numbers``: their entries)."""
    rules = [rule for rule in config.watch if rule.name in set(names)]
    if not (rules and articles):
        return tuple(watch_sections(rules, [], {}, {}))
    return watch_sections(rules, store.watch_hits(list(articles)), articles, numbers)


def in_regions(article: StoredArticle, regions: Iterable[Region]) -> bool:
    """An article of one of ``regions`` (one in none is in "other"); empty: every region."""
    wanted = set(regions)
    return not wanted or bool(wanted & (set(article.classification.regions) or {Region.OTHER}))


def for_reader(store: Queries, config: Config, digest: Digest, reader: Subscriber) -> Digest:
    """The reader's own digest: the articles of ``digest`` in their regions, in their time
    zone, and a Watchlist of their rules' hits among all of ``digest``'s articles."""
    listed, _ = digest.listed()
    reached = store.reached(reader_key(reader), list(listed))  # on their own schedule before
    everything = {i: a for i, a in listed.items() if i not in reached}
    mine = [a for a in everything.values() if in_regions(a, reader.regions)]
    updated = [
        (a, changes) for a, changes in digest.context.updated if in_regions(a, reader.regions)
    ]
    context = replace(digest.context, tz=ZoneInfo(reader.timezone), updated=updated)
    own = build_digest(mine, digest.since, digest.created, digest.preview, context)
    articles, numbers = own.listed()
    sections = watchlist(store, config, {**everything, **articles}, numbers, reader.watch)
    return replace(own, notes=digest.notes, watchlist=sections, context=context)
