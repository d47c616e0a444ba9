"""A digest put together from the store [io: the store's queries]: every article not yet in a
digest, grouped (``select.build_digest``), with the feeds' notes and the Watchlist section; and
each reader's own digest (``[[subscribers]]``) cut from the same articles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from monitor.config.load import Config
from monitor.config.subscribers import Subscriber
from monitor.digest.select import Context, Digest, build_digest
from monitor.models import Region, StoredArticle
from monitor.records import FeedState
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
    feeds = feedstore.active(store)
    recent, edited = earlier(store, now)
    folders = {str(folder): name for folder, name in config.seeds.names.items()}
    context = Context(
        feed_names(feeds), ZoneInfo(config.digest.timezone), recent, edited, folders,
        store.file_publications(),
    )  # fmt: skip
    digest = build_digest(store.iter_articles(undigested_only=True), since, now, preview, context)
    articles, numbers = digest.listed()
    sections = watchlist(store, config, articles, numbers, [rule.name for rule in config.watch])
    return replace(digest, notes=feed_notes(feeds), watchlist=sections, context=context)


def feed_names(feeds: Iterable[FeedState]) -> dict[str, str]:
    """Each feed's publication name by its addresses: its configured ``name``, else its own
    title as last polled."""
    named = ((feed, feed.name or feed.title) for feed in feeds)
    return {url: name for feed, name in named if name for url in (feed.key, feed.url)}


def earlier(store: Queries, now: datetime) -> tuple[list[StoredArticle], list[Edited]]:
    """Articles of earlier digests: those of the last ``FOLLOW_DAYS`` (a story may continue
    them), and those edited since their digest, with what changed (one pass)."""
    changes: dict[int, tuple[str, ...]] = {}
    for update in store.pending_updates():
        said = changes.get(update.article_id, ())
        changes[update.article_id] = tuple(dict.fromkeys(said + update.changes))
    start = now - timedelta(days=FOLLOW_DAYS)
    recent, edited = [], []
    for article in store.iter_articles():
        if article.digest_id is None:
            continue
        if (article.published or article.first_seen) >= start:
            recent.append(article)
        if article.id in changes:
            edited.append((article, changes[article.id]))
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
    everything, _ = digest.listed()
    mine = [a for a in everything.values() if in_regions(a, reader.regions)]
    updated = [
        (a, changes) for a, changes in digest.context.updated if in_regions(a, reader.regions)
    ]
    context = replace(digest.context, tz=ZoneInfo(reader.timezone), updated=updated)
    own = build_digest(mine, digest.since, digest.created, digest.preview, context)
    articles, numbers = own.listed()
    sections = watchlist(store, config, {**everything, **articles}, numbers, reader.watch)
    return replace(own, notes=digest.notes, watchlist=sections, context=context)
