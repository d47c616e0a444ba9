"""One ingest pass [io]: the due feeds polled in the background while the folders are read,
then what the polls brought stored, all in one stream of units (a batch of pages, a feed), each
drafted while the one before is stored; the app's ``Monitor.ingest`` times and reports it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import chain

from monitor.analysis.analyser import one_ahead
from monitor.config.load import Config
from monitor.ingest import feeds as feed_ingest
from monitor.ingest import folders
from monitor.reports import IngestReport
from monitor.resources import Resources
from monitor.store.interface import Storage


def ingest_pass(
    store: Storage,
    config: Config,
    resources: Resources,
    clock: Callable[[], datetime],
    progress: folders.Progress,
    poll: bool,
    every_feed: bool,
) -> IngestReport:
    """Read the folders, and poll the due feeds if ``poll`` (``every_feed``: all of them, but
    those a server asked to wait): no feed to poll, no session and no parser sandbox."""
    resources.start(feeds=poll)
    analyser, matcher = resources.analyser, resources.matcher
    if not poll:
        pages = folders.ingest(store, config, analyser, clock, progress, matcher)
        new = pages.articles_new
        return IngestReport((pages.line(),), new, pages.sources_failed, new)
    with feed_ingest.start_polls(
        store, config, resources.session, clock, resources.sandbox, every_feed
    ) as polls:
        on_pages, on_feeds = folders.Tally(), feed_ingest.Tally.of(polls)
        # one stream: the first feed is drafted while the folders' last batch is stored
        for unit in one_ahead(chain(
            folders.units(store, config, analyser, clock, on_pages, progress, matcher),
            feed_ingest.units(store, config, analyser, clock, polls, on_feeds, matcher),
        )):  # fmt: skip
            unit()
    pages, polled = on_pages.report(), on_feeds.report
    return IngestReport(
        (pages.line(), polled.line()),
        pages.articles_new + polled.articles_new,
        pages.sources_failed + polled.failed,
        pages.articles_new,
        polled,
    )
