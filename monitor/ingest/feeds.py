"""Poll the feeds that are due and store their articles [io]: the shell around fetch and parse.

Feeds are polled in the background (feedpoll.py: a thread pool, at most ``per_host`` at once
from one host, parsed in a sandbox), from ``start_polls`` on, so that the CLI reads the folders
meanwhile; ``store_polls`` stores the results in the calling thread, one transaction per feed. Every
feed yields exactly one outcome, so one broken feed is one log line and the others go on.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import requests

from monitor.analysis.analyser import Analyser, Pending, one_ahead
from monitor.config.load import Config, FeedConfig
from monitor.models import Article
from monitor.sources.feeds import policy as polling
from monitor.sources.feeds.opml import OpmlError, parse_opml
from monitor.sources.feeds.policy import FeedState
from monitor.sources.feeds.poller import Polled, Poller, Polls
from monitor.sources.sandbox import Sandbox
from monitor.store import feeds as feedstore

if TYPE_CHECKING:
    import sqlite3

    from monitor.store.sqlite import Analysis, Identity, Match, Store

log = logging.getLogger(__name__)


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
    with start_polls(store, config, session, now, sandbox) as polls:
        return store_polls(store, config, analyser, now, polls)


@dataclass(frozen=True)
class FeedPolls:
    """The due feeds being polled, and how many feeds were not due."""

    polls: Polls
    not_due: int

    def __enter__(self) -> FeedPolls:
        return self

    def __exit__(self, *exc: object) -> None:
        self.polls.close()


def start_polls(
    store: Store,
    config: Config,
    session: requests.Session,
    now: Callable[[], datetime],
    sandbox: Sandbox,
) -> FeedPolls:
    """Start polling every due feed in the background (``store_polls`` takes the results); the
    caller can meanwhile do other work, such as reading the folders."""
    feedstore.sync(store, configured_feeds(config))
    states = feedstore.active(store)
    due = [state for state in states if polling.is_due(state, now())]
    polls = Polls(Poller(session, config.fetch, sandbox, store.known_keys()), due)
    return FeedPolls(polls, not_due=len(states) - len(due))


def store_polls(
    store: Store, config: Config, analyser: Analyser, now: Callable[[], datetime], polls: FeedPolls
) -> FeedsReport:
    """Store what each poll brought, as each finishes, and the feed's new state."""
    report = FeedsReport(not_due=polls.not_due)
    # each feed's items are identified and their analyses started before the previous is stored
    drafted = ((p, draft_items(store, analyser, [i.article for i in p.items])) for p in polls.polls)
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
