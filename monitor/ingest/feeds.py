"""Poll the feeds that are due and store their articles [io]: the shell around fetch and parse.

Feeds are polled in the background (feedpoll.py: a thread pool, at most ``per_host`` at once
from one host, parsed in a sandbox), from ``start_polls`` on, so that the CLI reads the folders
meanwhile; ``store_polls`` stores the results in the calling thread, one transaction per feed. Every
feed yields exactly one outcome, so one broken feed is one log line and the others go on.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial

import requests

from monitor.analysis.analyser import Analyser, one_ahead
from monitor.config.load import Config
from monitor.identity.match import Matcher
from monitor.identity.plan import ADD, FEED, REPLACE, UPDATE
from monitor.ingest import articles
from monitor.models import Article
from monitor.records import FeedState
from monitor.sources.feeds import policy as polling
from monitor.sources.feeds.configured import configured_feeds
from monitor.sources.feeds.poller import Polled, Poller, Polls
from monitor.sources.sandbox import Sandbox
from monitor.store import feeds as feedstore
from monitor.store.interface import Storage, StoreError, UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedsReport:
    polled: int = 0
    unchanged: int = 0  # 304 Not Modified
    failed: int = 0
    articles_new: int = 0
    articles_updated: int = 0  # edited posts, or posts seen in one more category feed
    not_due: int = 0  # not polled: not due (or, with --now, held by the server)
    degraded: int = 0  # of the ok ones: their article pages could not be fetched
    poll_seconds: tuple[float, ...] = ()  # each poll's duration

    @property
    def results(self) -> dict[str, int]:
        """Polls by result: ok (fetched), unchanged (304), failed; they add up to ``polled``."""
        ok = self.polled - self.unchanged - self.failed
        return {"ok": ok, "unchanged": self.unchanged, "failed": self.failed}

    def line(self) -> str:
        """``Polled 2 of 4 feed(s) (1 ok, 1 unchanged, 0 failed; 2 not due): ...``: the parts
        add up to the feeds configured."""
        counts = ", ".join(f"{n} {result}" for result, n in self.results.items())
        degraded = f", {self.degraded} degraded" if self.degraded else ""
        return (
            f"Polled {self.polled} of {self.polled + self.not_due} feed(s) ({counts}{degraded};"
            f" {self.not_due} not due): {self.articles_new} new article(s),"
            f" {self.articles_updated} updated."
        )


def ingest_feeds(
    store: Storage,
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
    store: Storage,
    config: Config,
    session: requests.Session,
    now: Callable[[], datetime],
    sandbox: Sandbox,
    force: bool = False,
) -> FeedPolls:
    """Start polling every due feed in the background (``store_polls`` takes the results); the
    caller can meanwhile do other work, such as reading the folders. ``force`` (``--now``):
    every feed, whatever its interval or backoff, but one whose server said ``Retry-After``."""
    feedstore.sync(store, configured_feeds(config))
    states = feedstore.active(store)
    moment = now()
    due = [state for state in states if _due(state, moment, config.fetch.interval, force)]
    lease = timedelta(seconds=config.store_lease)  # PostgreSQL: others skip it meanwhile
    due = feedstore.claim(store, due, moment, moment + lease)  # others' leases: skipped
    poller = Poller(session, config.fetch, sandbox, store.known_keys(), store.host_slot)
    polls = Polls(poller, due)
    return FeedPolls(polls, not_due=len(states) - len(due))


def _due(state: FeedState, moment: datetime, interval: int, force: bool) -> bool:
    if not force:
        return polling.is_due(state, moment)
    held = polling.held_by_server(state, moment, interval)
    if held is not None:
        log.warning(
            "%s: not polled now: the server asked to wait until %s (Retry-After)",
            state.url, f"{held:%Y-%m-%d %H:%M %Z}",
        )  # fmt: skip
    return held is None


def store_polls(
    store: Storage,
    config: Config,
    analyser: Analyser,
    now: Callable[[], datetime],
    polls: FeedPolls,
    matcher: Matcher | None = None,
) -> FeedsReport:
    """Store what each poll brought, as each finishes, with the feed's new state (``units``,
    each next feed's drafted while this one is stored)."""
    tally = Tally.of(polls)
    for unit in one_ahead(units(store, config, analyser, now, polls, tally, matcher)):
        unit()
    return tally.report


@dataclass
class Tally:
    """What the polls' units did so far."""

    report: FeedsReport

    @classmethod
    def of(cls, polls: FeedPolls) -> Tally:
        return cls(FeedsReport(not_due=polls.not_due))


def units(
    store: Storage,
    config: Config,
    analyser: Analyser,
    now: Callable[[], datetime],
    polls: FeedPolls,
    tally: Tally,
    matcher: Matcher | None = None,
) -> Iterator[Callable[[], None]]:
    """One unit per poll, as each finishes: making it plans the feed's items and starts their
    analyses; calling it stores them with the feed's new state (one transaction), counted in
    ``tally``. ``matcher``: one kept from earlier ingests remembers their near-duplicate
    decisions."""
    matcher = matcher or Matcher()

    def stored(polled: Polled, drafts: articles.Drafted) -> None:
        moment = now()
        state = polling.after_poll(
            polled.state, polled.outcome, moment, config.fetch.interval, random.random()
        )
        done = _store_feed(store, matcher, analyser, drafts, state, moment)
        new, updated = done or (0, 0)
        _log_outcome(polled, state, new)
        failed = not polled.outcome.ok or done is None
        report = tally.report
        tally.report = replace(
            report,
            polled=report.polled + 1,
            unchanged=report.unchanged + (polled.outcome.status == 304 and not failed),
            failed=report.failed + failed,
            degraded=report.degraded + (polled.outcome.degraded is not None and not failed),
            articles_new=report.articles_new + new,
            articles_updated=report.articles_updated + updated,
            poll_seconds=(*report.poll_seconds, polled.seconds),
        )

    for polled in polls.polls:
        items = [item.article for item in polled.items]
        yield partial(stored, polled, articles.draft(store, matcher, analyser, items, now(), FEED))


def _store_feed(
    store: Storage,
    matcher: Matcher,
    analyser: Analyser,
    drafts: articles.Drafted,
    state: FeedState,
    moment: datetime,
) -> tuple[int, int] | None:
    """A feed's items and its new state in one transaction: (new, updated), or None if they
    could not be stored (logged: the feed is polled again at its next turn)."""
    ready = drafts.ready()

    def work(tx: UnitOfWork) -> tuple[int, int]:  # run again if another process stored one too
        done = _apply_all(tx, matcher, analyser, ready, moment)
        tx.save_feed(state)
        return done

    try:
        done = store.run(work)
    except StoreError as exc:
        if exc.fatal:
            raise
        log.error("%s: cannot store its items (%s)", state.url, exc)
        return None
    return done


def store_items(
    store: Storage, analyser: Analyser, items: Sequence[Article], moment: datetime
) -> tuple[int, int]:
    """Store new feed items; update stored ones not yet digested. Returns (new, updated)."""
    matcher = Matcher()
    ready = articles.draft(store, matcher, analyser, items, moment, FEED).ready()
    return store.run(lambda tx: _apply_all(tx, matcher, analyser, ready, moment))


def _apply_all(
    tx: UnitOfWork,
    matcher: Matcher,
    analyser: Analyser,
    ready: list[articles.Ready | None],
    moment: datetime,
) -> tuple[int, int]:
    done = [articles.apply(tx, matcher, analyser, r, moment, FEED) for r in ready if r]
    return done.count(ADD), done.count(REPLACE) + done.count(UPDATE)


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
    elif outcome.degraded:
        log.info("%s: degraded: %s", name, outcome.degraded)  # the cause was a warning
    else:
        log.info("%s: %d item(s), %d new", name, len(polled.items), new)


def _minutes(moment: datetime | None) -> str:
    return moment.isoformat(timespec="minutes") if moment else "now"
