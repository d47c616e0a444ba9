"""Poll the feeds that are due and store their articles [io]: the shell around fetch and parse.

Feeds are fetched concurrently (a thread pool, at most ``per_host`` at once from one host) and
parsed in a sandbox; results are stored in the calling thread, one transaction per feed. Every
feed yields exactly one outcome, so one broken feed is one log line and the others go on.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests

from monitor import dedupe, feeds, feedstore, polling
from monitor.analysis import Analyser, Pending, one_ahead
from monitor.config import Config, FeedConfig, FetchConfig
from monitor.fetch import FetchError, Validators, fetch
from monitor.isolate import Sandbox, SandboxError
from monitor.models import Article
from monitor.opml import OpmlError, parse_opml
from monitor.polling import FeedState, Outcome

if TYPE_CHECKING:
    import sqlite3

    from monitor.store import Analysis, Identity, Match, Store

log = logging.getLogger(__name__)

PAGES_PER_POLL = 10  # excerpt-only feeds: article pages fetched per feed per poll, at most


@dataclass(frozen=True)
class FeedsReport:
    polled: int = 0
    unchanged: int = 0  # 304 Not Modified
    failed: int = 0
    articles_new: int = 0
    articles_updated: int = 0  # edited posts, or posts seen in one more category feed
    not_due: int = 0

    def line(self) -> str:
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"Polled {self.polled} feed(s) ({self.unchanged} unchanged{failed},"
            f" {self.not_due} not due): {self.articles_new} new article(s),"
            f" {self.articles_updated} updated."
        )


@dataclass(frozen=True)
class Polled:
    state: FeedState
    outcome: Outcome
    items: tuple[feeds.FeedItem, ...] = ()


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


def ingest_feeds(
    store: Store,
    config: Config,
    analyser: Analyser,
    session: requests.Session,
    now: Callable[[], datetime],
    sandbox: Sandbox,
) -> FeedsReport:
    """Poll every due feed once and store what it brought."""
    configured = configured_feeds(config)
    feedstore.sync(store, configured)
    states = feedstore.active(store)
    due = [state for state in states if polling.is_due(state, now())]
    report = FeedsReport(not_due=len(states) - len(due))
    known = store.known_keys()
    polls = poll_all(session, config.fetch, sandbox, due, known)
    # each feed's items are identified and their analyses started before the previous is stored
    drafted = ((p, draft_items(store, analyser, [i.article for i in p.items])) for p in polls)
    for polled, drafts in one_ahead(drafted):
        moment = now()
        state = polling.after_poll(
            polled.state, polled.outcome, moment, config.fetch.interval, random.random()
        )
        new, updated = drafts.store(store, analyser, moment)
        with store.transaction() as db:
            feedstore.save(db, state)
        _log_outcome(polled, state, new)
        report = replace(
            report,
            polled=report.polled + 1,
            unchanged=report.unchanged + (polled.outcome.status == 304),
            failed=report.failed + (not polled.outcome.ok),
            articles_new=report.articles_new + new,
            articles_updated=report.articles_updated + updated,
        )
    return report


def poll_all(
    session: requests.Session,
    settings: FetchConfig,
    sandbox: Sandbox,
    due: Sequence[FeedState],
    known: frozenset[str],
) -> Iterator[Polled]:
    """Poll ``due`` concurrently; yields one result per feed as each finishes. At most
    ``workers`` parsed feeds wait to be stored (memory stays flat however many feeds there
    are); if the caller stops early, the lanes stop polling."""
    results: queue.Queue[Polled] = queue.Queue(maxsize=settings.workers)
    stop = threading.Event()

    def lane(states: list[FeedState]) -> None:
        for state in states:
            if stop.is_set():
                return
            polled = poll_one(session, settings, sandbox, state, known)
            while not stop.is_set():
                try:
                    results.put(polled, timeout=0.1)
                    break
                except queue.Full:
                    continue

    with ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="poll") as pool:
        for states in host_lanes(due, settings.per_host):
            pool.submit(lane, states)
        try:
            for _ in due:
                yield results.get()
        finally:
            stop.set()


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


def poll_one(
    session: requests.Session,
    settings: FetchConfig,
    sandbox: Sandbox,
    state: FeedState,
    known: frozenset[str],
) -> Polled:
    """Fetch and parse one feed; never raises: any failure is the outcome's error."""
    try:
        return _poll(session, settings, sandbox, state, known)
    except FetchError as exc:
        return Polled(state, Outcome(None, {}, str(exc)))
    except (SandboxError, ValueError) as exc:
        return Polled(state, Outcome(200, {}, f"cannot use the feed: {exc}"))
    except Exception as exc:  # a bug must not stop the other feeds; it is logged with its type
        log.exception("%s: unexpected error while polling", state.url)
        return Polled(state, Outcome(None, {}, f"unexpected error: {exc!r}"))


def _poll(
    session: requests.Session,
    settings: FetchConfig,
    sandbox: Sandbox,
    state: FeedState,
    known: frozenset[str],
) -> Polled:
    response = fetch(session, state.url, settings, Validators(state.etag, state.last_modified))
    if response.status == 304 or not 200 <= response.status < 300:
        return Polled(state, Outcome(response.status, response.headers))
    parsed = sandbox.run(
        feeds.parse_feed, response.body, response.headers, response.url, state.category
    )
    items = full_texts(session, settings, sandbox, parsed.items, known)
    outcome = Outcome(
        response.status, response.headers, moved_to=response.moved_to,
        ttl_minutes=parsed.ttl_minutes,
    )
    return Polled(state, outcome, items)


def full_texts(
    session: requests.Session,
    settings: FetchConfig,
    sandbox: Sandbox,
    items: Sequence[feeds.FeedItem],
    known: frozenset[str],
) -> tuple[feeds.FeedItem, ...]:
    """Excerpt-only items not stored yet get their page's text, fetched at most once each."""
    out, fetched = [], 0
    for item in items:
        article = item.article
        keys = {article.guid, dedupe.canonical_url(article.url)}
        if item.excerpt_only and article.url and not keys & known and fetched < PAGES_PER_POLL:
            fetched += 1
            text = page_text(session, settings, sandbox, article.url)
            if text and len(text) > len(article.text):
                item = replace(item, article=replace(article, text=text), excerpt_only=False)
        out.append(item)
    return tuple(out)


def page_text(
    session: requests.Session, settings: FetchConfig, sandbox: Sandbox, url: str
) -> str | None:
    try:
        response = fetch(session, url, settings)
        if response.status != 200:
            raise FetchError(f"HTTP {response.status}")
        return sandbox.run(feeds.page_text, response.body, response.url)
    except (FetchError, SandboxError, ValueError) as exc:
        log.warning("%s: cannot fetch the article page for its full text (%s)", url, exc)
        return None


def store_items(
    store: Store, analyser: Analyser, articles: Sequence[Article], moment: datetime
) -> tuple[int, int]:
    """Store new articles; update stored ones not yet digested. Returns (new, updated)."""
    return draft_items(store, analyser, articles).store(store, analyser, moment)


def draft_items(store: Store, analyser: Analyser, articles: Sequence[Article]) -> _Drafts:
    """Identify each item now and start the analyses the items need (in the analyser's workers,
    if any) before the write lock is taken."""
    drafts = [_draft(store, article) for article in articles]
    work = [(d.article, d.analysis_identity) for d in drafts if d.analysis_identity]
    return _Drafts(drafts, analyser.submit(work))


@dataclass(frozen=True)
class _Drafts:
    drafts: list[_Plan]
    analyses: Pending  # of the drafts with an ``analysis_identity``, in order

    def store(self, store: Store, analyser: Analyser, moment: datetime) -> tuple[int, int]:
        """Wait for the analyses, then store the items in one transaction: (new, updated).
        An item whose analysis failed is left out (logged)."""
        analyses = iter(self.analyses())
        planned = [replace(d, analysis=next(analyses)) if d.analysis_identity else d
                   for d in self.drafts]
        new = updated = 0
        if planned:
            with store.transaction() as db:
                for plan in planned:
                    if plan.analysis_identity and plan.analysis is None:
                        continue  # could not be analysed
                    added, changed = _apply(store, db, analyser, plan, moment)
                    new, updated = new + added, updated + changed
        return new, updated


@dataclass(frozen=True)
class _Plan:
    """One feed item: what to store (the revised article for an update) and its analysis."""

    item: Article  # as the feed gave it
    identity: Identity
    article: Article  # what to store: the item, or the stored article revised by it
    match: Match | None  # the stored article it is
    analysis_identity: Identity | None = None  # set when ``article`` is to be analysed ...
    analysis: Analysis | None = None  # ... a new article's, or an update's; None: a sighting


def _draft(store: Store, item: Article) -> _Plan:
    """What to do with one item; the analysis it needs is made later, with the others'."""
    identity = Analyser.identify(item)
    return _plan(store, item, identity, store.find_match(identity))


def _plan(store: Store, item: Article, identity: Identity, match: Match | None) -> _Plan:
    if match is None:
        return _Plan(item, identity, item, None, identity)
    title, text, fingerprint, hints = store.article_content(match.article_id)
    merged = tuple(dict.fromkeys(hints + item.hints))
    edited = match.rule == "guid" and fingerprint != identity.fingerprint
    revised = item if edited else replace(item, title=title, text=text, author=None)
    revised = replace(revised, hints=merged)
    changed = not match.digested and (edited or merged != hints)
    return _Plan(item, identity, revised, match, Analyser.identify(revised) if changed else None)


def _redrafted(store: Store, analyser: Analyser, plan: _Plan) -> _Plan:
    """``plan`` as it would be drafted now, in the transaction: an earlier feed of this poll
    (or this feed, twice) may have stored or revised its article since; analysed here then."""
    match = plan.match or store.find_match(plan.identity)
    if match is None:
        return plan
    now = _plan(store, plan.item, plan.identity, match)
    if (now.article, now.match) == (plan.article, plan.match):
        return plan  # the usual case: nothing stored since touches it
    if now.analysis_identity is None:
        return now
    return replace(now, analysis=analyser.analyse(now.article, now.analysis_identity))


def _apply(
    store: Store, db: sqlite3.Connection, analyser: Analyser, plan: _Plan, moment: datetime
) -> tuple[int, int]:
    """Carry out one plan in the feed's transaction. Returns (new, updated) as 0 or 1."""
    plan = _redrafted(store, analyser, plan)
    match = plan.match
    if match is None and plan.analysis is not None:
        store.add_article(db, plan.article, plan.analysis, moment)
        return 1, 0
    assert match is not None  # a plan without a match always carries its new analysis
    store.add_sighting(db, match.article_id, plan.article.source, match.rule, moment)
    store.record_identity(db, match.article_id, plan.identity)  # dedupe: keys of this copy
    if not match.digested:  # dedupe: the earliest date and a real URL are shown
        store.keep_best_provenance(
            db, match.article_id, plan.article.published, plan.article.url, moment
        )
    if plan.match is None or plan.analysis is None:
        return 0, 0
    store.update_article(db, match.article_id, plan.article, plan.analysis, moment)
    return 0, 1


def _log_outcome(polled: Polled, state: FeedState, new: int) -> None:
    outcome, name = polled.outcome, polled.state.url
    if state.gone:
        log.warning("%s: gone (HTTP 410); remove it from the config; its articles are kept", name)
    elif not outcome.ok:
        log.warning(
            "%s: %s (%d failure(s) in a row; next try %s)",
            name, state.last_error, state.failures, _minutes(state.next_poll),
        )
    elif outcome.moved_to and outcome.moved_to != polled.state.url:
        log.warning("%s: moved permanently to %s; the new address is stored", name, state.url)
    elif outcome.status == 304:
        log.debug("%s: not modified", name)
    else:
        log.info("%s: %d item(s), %d new", name, len(polled.items), new)


def _minutes(moment: datetime | None) -> str:
    return moment.isoformat(timespec="minutes") if moment else "now"
