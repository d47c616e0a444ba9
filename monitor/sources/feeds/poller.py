"""Poll due feeds concurrently in the background [io]: fetch, parse in the sandbox, and fetch
the article pages of excerpt-only items. Nothing here touches the store; ``ingest.feeds``
stores what the polls bring. At most ``per_host`` lanes of one process poll one host; each request
also holds a slot of its host from ``Poller.gate`` (the store's: on PostgreSQL, the limit holds
across every process).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import requests

from monitor.config.load import FetchConfig
from monitor.identity import keys as dedupe
from monitor.names import publication_name
from monitor.records import FeedState
from monitor.sources.feeds import parse as feeds
from monitor.sources.feeds.policy import Outcome
from monitor.sources.http import FetchError, Response, Validators, fetch
from monitor.sources.robots import Robots
from monitor.sources.sandbox import Sandbox, SandboxError

log = logging.getLogger(__name__)

PAGES_PER_POLL = 10  # excerpt-only feeds: article pages fetched per feed per poll, at most


@dataclass(frozen=True)
class Polled:
    state: FeedState
    outcome: Outcome
    items: tuple[feeds.FeedItem, ...] = ()
    seconds: float = 0.0  # how long the poll took: fetch, parse and article pages


#: Held while one request goes to a host: (host, per_host) -> a context manager.
Gate = Callable[[str, int], AbstractContextManager[object]]


def no_gate(_host: str, _per_host: int) -> AbstractContextManager[object]:
    return nullcontext()


@dataclass(frozen=True)
class Poller:
    """What polling a feed needs: the HTTP session, the fetch settings, the parser sandbox, the
    keys of the stored articles (their pages are not fetched again), and the hosts' gate."""

    session: requests.Session
    settings: FetchConfig
    sandbox: Sandbox
    known: frozenset[str]
    gate: Gate = no_gate
    robots: Robots = field(init=False)  # each site's robots.txt, read once per poll

    def __post_init__(self) -> None:
        object.__setattr__(self, "robots", Robots(self.fetch, self.settings.user_agent))

    def fetch(self, url: str, validators: Validators | None = None) -> Response:
        """One request, holding a slot of its host meanwhile."""
        with self.gate(urlsplit(url).hostname or "", self.settings.per_host):
            return fetch(self.session, url, self.settings, validators or Validators())

    def poll(self, state: FeedState) -> Polled:
        """Fetch and parse one feed, timed; never raises: any failure is the outcome's error."""
        start = time.monotonic()
        polled = self._guarded(state)
        return replace(polled, seconds=time.monotonic() - start)

    def _guarded(self, state: FeedState) -> Polled:
        try:
            return self._poll(state)
        except FetchError as exc:
            return Polled(state, Outcome(None, {}, str(exc)))
        except (SandboxError, ValueError) as exc:
            return Polled(state, Outcome(200, {}, f"cannot use the feed: {exc}"))
        except Exception as exc:  # a bug must not stop the other feeds; logged with its type
            log.exception("%s: unexpected error while polling", state.url)
            return Polled(state, Outcome(None, {}, f"unexpected error: {exc!r}"))

    def _poll(self, state: FeedState) -> Polled:
        validators = Validators(state.etag, state.last_modified)
        response = self.fetch(state.url, validators)
        if response.status == 304 or not 200 <= response.status < 300:
            return Polled(state, Outcome(response.status, response.headers))
        parsed = self.sandbox.run(
            feeds.parse_feed, response.body, response.headers, response.url, state.category
        )
        items, problems = self.full_texts(parsed.items)
        outcome = Outcome(
            response.status, response.headers, moved_to=response.moved_to,
            ttl_minutes=parsed.ttl_minutes, degraded=pages_problem(problems),
            title=publication_name(parsed.title),
        )
        return Polled(state, outcome, items)

    def full_texts(
        self, items: Sequence[feeds.FeedItem]
    ) -> tuple[tuple[feeds.FeedItem, ...], list[tuple[str, str | None]]]:
        """Excerpt-only items not stored yet get their page's text, fetched at most once each;
        with (url, why it could not be fetched or None) of each page tried."""
        out: list[feeds.FeedItem] = []
        tried: list[tuple[str, str | None]] = []
        for item in items:
            article = item.article
            keys = {article.guid, dedupe.canonical_url(article.url)}
            new = not keys & self.known
            if item.excerpt_only and article.url and new and len(tried) < PAGES_PER_POLL:
                text, problem = self.page_text(article.url)
                tried.append((article.url, problem))
                if text and len(text) > len(article.text):
                    item = replace(item, article=replace(article, text=text), excerpt_only=False)
            out.append(item)
        return tuple(out), tried

    def page_text(self, url: str) -> tuple[str | None, str | None]:
        """The page's text, or None and why it could not be fetched (None: it was, but held
        no better text)."""
        refusal = self.robots.refusal(url)
        if refusal:
            log.info("%s: not fetched: %s; the feed's excerpt is kept", url, refusal)
            return None, refusal
        try:
            response = self.fetch(url)
            if response.status != 200:
                raise FetchError(f"HTTP {response.status}")
            return self.sandbox.run(feeds.page_text, response.body, response.url), None
        except (FetchError, SandboxError, ValueError) as exc:
            log.warning("%s: cannot fetch the article page for its full text (%s)", url, exc)
            return None, str(exc)


def pages_problem(tried: Sequence[tuple[str, str | None]]) -> str | None:
    """Why a feed is degraded: its article pages could not be fetched (the first reason)."""
    failed = [(url, why) for url, why in tried if why is not None]
    if not failed:
        return None
    url, why = failed[0]
    return (
        f"{len(failed)} of {len(tried)} article page(s) not fetched, the excerpts kept"
        f" ({url}: {why})"
    )


class Polls:
    """``due`` polled concurrently from the moment this is made (so polling overlaps whatever
    the caller does first); iterating gives one result per feed as each finishes. At most
    ``workers`` parsed feeds wait to be taken (memory stays flat however many feeds there are);
    ``close`` (or leaving the ``with`` block, or taking every result) stops the lanes."""

    def __init__(self, poller: Poller, due: Sequence[FeedState]) -> None:
        workers = poller.settings.workers
        self.results: queue.Queue[Polled] = queue.Queue(maxsize=workers)
        self.stop = threading.Event()
        self.left = len(due)
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="poll")
        for states in host_lanes(due, poller.settings.per_host):
            self.pool.submit(self._lane, poller, states)

    def _lane(self, poller: Poller, states: list[FeedState]) -> None:
        for state in states:
            if self.stop.is_set():
                return
            polled = poller.poll(state)
            while not self.stop.is_set():
                try:
                    self.results.put(polled, timeout=0.1)
                    break
                except queue.Full:
                    continue

    def __iter__(self) -> Polls:
        return self

    def __next__(self) -> Polled:
        if self.left == 0:
            self.close()
            raise StopIteration
        self.left -= 1
        return self.results.get()

    def close(self) -> None:
        self.stop.set()
        self.pool.shutdown(wait=True)

    def __enter__(self) -> Polls:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def host_lanes(states: Sequence[FeedState], per_host: int) -> list[list[FeedState]]:
    """Split feeds into sequential lanes so that at most ``per_host`` lanes share a host."""
    by_host: dict[str, list[list[FeedState]]] = {}
    for index, state in enumerate(states):
        lanes = by_host.setdefault(urlsplit(state.url).hostname or "", [])
        if len(lanes) < per_host:
            lanes.append([state])
        else:
            lanes[index % per_host].append(state)
    return [lane for lanes in by_host.values() for lane in lanes]
