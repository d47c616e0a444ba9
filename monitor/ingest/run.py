"""One ingest pass [io]: the due feeds polled in the background while the folders are read,
then what the polls brought stored; the app's ``Monitor.ingest`` times and reports it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

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
    analyser = resources.analyser  # first: its workers fork while one thread runs
    matcher = resources.matcher
    if not poll:
        pages = folders.ingest(store, config, analyser, clock, progress, matcher)
        new = pages.articles_new
        return IngestReport((pages.line(),), new, pages.sources_failed, new)
    with feed_ingest.start_polls(
        store, config, resources.session, clock, resources.sandbox, every_feed
    ) as polls:
        pages = folders.ingest(store, config, analyser, clock, progress, matcher)
        polled = feed_ingest.store_polls(store, config, analyser, clock, polls, matcher)
    return IngestReport(
        (pages.line(), polled.line()),
        pages.articles_new + polled.articles_new,
        pages.sources_failed + polled.failed,
        pages.articles_new,
        polled,
    )
