"""The feeds to poll [io]: ``[[feeds]]`` of the config plus those of its ``opml`` file."""

from __future__ import annotations

import logging
from pathlib import Path

from monitor.config.load import Config, FeedConfig
from monitor.sources.feeds.opml import OpmlError, parse_opml

log = logging.getLogger(__name__)


def configured_feeds(config: Config) -> list[FeedConfig]:
    """``[[feeds]]`` plus the feeds of the ``opml`` file, if one is configured and readable."""
    found = {feed.url: feed for feed in config.feeds}
    if config.opml is not None:
        for feed in read_opml(config.opml):
            found.setdefault(feed.url, feed)
    return list(found.values())


def read_opml(path: Path) -> list[FeedConfig]:
    """The feeds of an OPML file; none (and one log line) if it cannot be read."""
    try:
        return parse_opml(path.read_bytes())
    except (OSError, OpmlError) as exc:
        log.error("%s: cannot read the OPML file (%s); its feeds are not polled", path, exc)
        return []
