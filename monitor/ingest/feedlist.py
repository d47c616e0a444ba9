"""Which feeds are configured [io]: ``[[feeds]]`` and the OPML files (read from disk).

Light on purpose: ``monitor feeds`` and ``monitor status`` list the feeds without importing the
analysis (sumy, numpy) that an ingest needs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from monitor.config.load import Config, FeedConfig
from monitor.sources.feeds.opml import OpmlError, parse_opml

__all__ = ["configured_feeds", "read_opml"]

log = logging.getLogger(__name__)


def configured_feeds(config: Config) -> list[FeedConfig]:
    """``[[feeds]]`` plus the feeds of the ``opml`` file, if one is configured and readable."""
    found = {feed.url: feed for feed in config.feeds}
    if config.opml is not None:
        for feed in read_opml(config.opml):
            found.setdefault(feed.url, feed)
    return list(found.values())


def read_opml(path: Path) -> list[FeedConfig]:
    try:
        return parse_opml(path.read_bytes())
    except (OSError, OpmlError) as exc:
        log.error("%s: cannot read the OPML file (%s); its feeds are not polled", path, exc)
        return []
