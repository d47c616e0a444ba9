"""Whether a site's robots.txt lets monitor fetch one of its pages (RFC 9309).

Feeds are published to be polled, so only the article pages fetched for excerpt-only feed items
are checked. Each site's robots.txt is read once by a ``Robots`` (one lives as long as a poll)
and read as the RFC says: rules from a 2xx answer; no rules after a 4xx (any page may be
fetched); after a 5xx or no answer at all, no page of that site (the RFC's "complete
disallow"), until the next poll asks again. Rules are matched with the standard library's
``urllib.robotparser``, for the product token of monitor's User-Agent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from monitor.sources.http import FetchError, Response

log = logging.getLogger(__name__)

#: What is read of a robots.txt: the RFC's minimum parsing limit (500 KiB); the rest is ignored.
PARSED_BYTES = 500 * 1024

#: Fetches one URL (``monitor.fetch.fetch`` with the session and settings bound).
Get = Callable[[str], Response]


class Robots:
    """The robots.txt rules of each site asked about, read on first use."""

    def __init__(self, get: Get, user_agent: str) -> None:
        self._get = get
        self._agent = user_agent
        self._sites: dict[str, RobotFileParser | str] = {}  # rules, or why there are none
        self._locks: dict[str, threading.Lock] = {}

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or None when its site's robots.txt allows it."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        with self._locks.setdefault(site, threading.Lock()):  # one read per site
            if site not in self._sites:
                self._sites[site] = self._read(site)
        rules = self._sites[site]
        if isinstance(rules, str):
            return rules
        return None if rules.can_fetch(self._agent, url) else "its site's robots.txt disallows it"

    def _read(self, site: str) -> RobotFileParser | str:
        rules = RobotFileParser(site + "/robots.txt")
        try:
            response = self._get(site + "/robots.txt")
        except FetchError as exc:
            return _unreadable(site, str(exc))
        if response.status >= 500:
            return _unreadable(site, f"HTTP {response.status}")
        if 200 <= response.status < 300:
            text = response.body[:PARSED_BYTES].decode("utf-8", "replace")
            rules.parse(text.splitlines())
        else:  # 4xx (not there, or not for us): no rules
            rules.allow_all = True
        return rules


def _unreadable(site: str, reason: str) -> str:
    """The RFC's complete disallow, logged once per site."""
    log.warning("%s/robots.txt: %s; none of its pages is fetched", site, reason)
    return f"its site's robots.txt could not be read ({reason})"
