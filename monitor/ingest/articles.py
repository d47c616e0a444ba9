"""The one ingest path of every article, whatever its source: identify → match → plan → apply
[io] (the store's reads and writes).

``draft`` identifies a batch of articles, matches and plans each against the store as it is
now, and starts the analyses the plans need (in the analyser's workers, if any) before any
write lock is taken. ``Drafted.ready`` waits for them. ``apply`` carries out one plan in the
caller's unit of work: it matches and plans again first, since articles stored since the batch
was drafted count too (analysing in this process then if the plan now needs another analysis).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from monitor.analysis.analyser import Analyser, Pending
from monitor.errors import MonitorError
from monitor.identity.match import Matcher
from monitor.identity.plan import ADD, MERGE, PAGE, REPLACE, SKIP, UPDATE, Plan, plan, skip
from monitor.models import Analysis, Article, Identity
from monitor.records import WatchHit
from monitor.sources.clean import without_controls
from monitor.store.interface import Queries, UnitOfWork
from monitor.watch.rules import compiled

log = logging.getLogger(__name__)
#: How far ahead of the clock a publication date may be (time zones, a server's clock).
FUTURE_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class Ready:
    """A plan and, when it needs one, its analysis."""

    plan: Plan
    analysis: Analysis | None = None


@dataclass(frozen=True)
class Drafted:
    """A batch's plans (None: the article could not be identified) and their analyses."""

    plans: list[Plan | None]
    analyses: Pending  # of the plans with ``to_analyse``, in order

    def ready(self) -> list[Ready | None]:
        """Wait for the analyses; a plan whose analysis failed (logged) is skipped."""
        analyses = iter(self.analyses())
        return [None if p is None else _ready(p, analyses) for p in self.plans]


def _ready(planned: Plan, analyses: Iterator[Analysis | None]) -> Ready:
    if planned.to_analyse is None:
        return Ready(planned)
    analysis = next(analyses)
    if analysis is None:
        return Ready(skip(planned, "it could not be analysed"))
    return Ready(planned, analysis)


def draft(  # fmt: skip
    store: Queries, matcher: Matcher, analyser: Analyser, articles: Sequence[Article],
    now: datetime, kind: str = PAGE,
) -> Drafted:
    """Plan each article now and start the analyses the plans need."""
    plans = [_plan(store, matcher, article, kind, now) for article in articles]
    work = [_work(p) for p in plans if p is not None and p.to_analyse is not None]
    return Drafted(plans, analyser.submit(work))


def _plan(
    store: Queries, matcher: Matcher, article: Article, kind: str, now: datetime
) -> Plan | None:
    article = dated_by_now(without_control_characters(article), now)
    try:
        identity = Analyser.identify(article)
        return plan(article, identity, matcher.find(store, identity), kind)
    except MonitorError:  # the store failed: not this article's fault
        raise
    except Exception as exc:  # one bad article must not sink its page, feed or the run
        log.error("%s: cannot identify %r (%s); skipped", article.source, article.title, exc)
        return None


def without_control_characters(article: Article) -> Article:
    """The article as every source gives it, but with no control character in what is shown:
    they have no place in text, and could reach a reader's terminal."""
    return replace(
        article,
        title=without_controls(article.title),
        text=without_controls(article.text),
        author=without_controls(article.author) if article.author else article.author,
        note=without_controls(article.note) if article.note else article.note,
        hints=tuple(without_controls(hint) for hint in article.hints),
    )


def dated_by_now(article: Article, now: datetime) -> Article:
    """The article, but dated ``now`` (when it was seen) if it says it was published more than
    ``FUTURE_SLACK`` from now: a wrong clock or a typo ("9999") must not keep it at the top of
    every digest."""
    if article.published is None or article.published <= now + FUTURE_SLACK:
        return article
    log.debug("%s: %r: dated %s, in the future; dated now", article.source, article.title,
              article.published.isoformat())  # fmt: skip
    return replace(article, published=now)


def _work(planned: Plan) -> tuple[Article, Identity]:
    """The article to analyse and the identity its analysis carries (what is stored)."""
    article = planned.article
    same = article is planned.item
    return article, planned.identity if same else Analyser.identify(article)


def apply(
    tx: UnitOfWork,
    matcher: Matcher,
    analyser: Analyser,
    ready: Ready,
    now: datetime,
    kind: str = PAGE,
) -> str:
    """Carry out one plan in ``tx``, planned again as of now; returns the action taken."""
    drafted = ready.plan
    if drafted.action == SKIP:
        _said(drafted)
        return SKIP
    tx.hold_keys(drafted.identity)  # another process storing this story now waits, then finds it
    planned = plan(drafted.item, drafted.identity, matcher.find(tx, drafted.identity), kind)
    _said(planned)
    analysis = ready.analysis
    if planned.to_analyse is not None and planned.to_analyse != drafted.to_analyse:
        analysis = analyser.analyse(*_work(planned))  # rare: stored or revised since
    if planned.action == ADD:
        assert analysis is not None
        article_id = tx.add_article(planned.article, analysis, now)
        _watch(tx, analyser, article_id, planned.article, analysis, now, replaced=False)
        return ADD
    match = planned.match
    assert match is not None and planned.action in (MERGE, REPLACE, UPDATE)
    tx.add_sighting(match.article_id, planned.item.source, match.rule, now)
    tx.record_identity(match.article_id, planned.identity)
    if planned.action in (REPLACE, UPDATE):
        assert analysis is not None
        tx.update_article(match.article_id, planned.article, analysis, now)
        _watch(tx, analyser, match.article_id, planned.article, analysis, now, replaced=True)
    if planned.action == UPDATE:
        tx.add_update(match.article_id, planned.changes, now)
    if planned.provenance is not None:
        tx.set_provenance(match.article_id, *planned.provenance, now)
    return planned.action


def _watch(  # fmt: skip
    tx: UnitOfWork, analyser: Analyser, article_id: int, article: Article, analysis: Analysis,
    now: datetime, replaced: bool,
) -> None:
    """Store the watch rules the article's shown version matches (``[[watch]]``)."""
    watchlist = compiled(analyser.config.watch)
    if not watchlist:
        return
    regions = analysis.classification.regions
    found = watchlist.hits(article.title, article.text, regions)
    if found or replaced:
        hits = [WatchHit(article_id, hit.rule, hit.terms) for hit in found]
        tx.set_watch_hits(article_id, hits, now)


def _said(planned: Plan) -> None:
    """What is done with the article, and why (``--debug`` shows it)."""
    item = planned.item
    log.debug("%s: %r: %s: %s", item.source, item.title, planned.action, planned.reason)
