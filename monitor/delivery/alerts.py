"""Immediate alerts [io]: at the end of an ingest, the new hits of the rules with
``alert = "immediate"`` become one alert, recorded with one pending delivery per recipient in
the outbox, then sent like a digest's. Each (article, rule) is told of at most once, ever: the
store refuses a second; the Message-ID is made once and stored, so a resend after a crash
carries the same one.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime
from email.utils import make_msgid
from zoneinfo import ZoneInfo

from monitor.config.load import Config
from monitor.delivery import dispatch, mail
from monitor.digest.render import Renderer
from monitor.records import Bodies, WatchHit
from monitor.store.interface import Storage
from monitor.store.sqlite import Store
from monitor.watch.rules import IMMEDIATE
from monitor.watch.section import WatchSection, watch_sections

log = logging.getLogger(__name__)


def record(store: Storage, config: Config, now: datetime, renderer: Renderer) -> int | None:
    """Record one alert of every hit of an immediate rule not yet alerted; its id, or None
    when there is none (or no one to mail it to)."""
    rules = [rule for rule in config.watch if rule.alert == IMMEDIATE]
    if not (rules and config.email.host and config.email.recipients):
        return None
    with store.transaction() as tx:
        hits = tx.unalerted_hits([rule.name for rule in rules])
        if not hits:
            return None
        articles = {a.id: a for a in tx.articles_with_ids([hit.article_id for hit in hits])}
        sections = tuple(s for s in watch_sections(rules, hits, articles, {}) if s.entries)
        domain = mail.sender_domain(config.email.sender)
        message_id = make_msgid(idstring=f"alert-{now:%Y%m%d%H%M%S}", domain=domain)
        bodies = render(config, sections, hits, now, renderer)
        alert_id = tx.add_alert(hits, bodies, message_id, config.email.recipients, now)
    log.info("Alert %d: %s, recorded for delivery", alert_id, bodies.subject)
    return alert_id


def subject(hits: list[WatchHit]) -> str:
    """E.g. "Watch alert: 3 new hits: CPEC (2), Rogun (1)"."""
    counts = Counter(hit.rule for hit in hits)
    rules = ", ".join(f"{rule} ({count})" for rule, count in counts.items())
    return f"Watch alert: {len(hits)} new hit{'' if len(hits) == 1 else 's'}: {rules}"


def render(  # fmt: skip
    config: Config, sections: tuple[WatchSection, ...], hits: list[WatchHit], now: datetime,
    renderer: Renderer,
) -> Bodies:
    tz = ZoneInfo(config.digest.timezone)
    return Bodies(
        subject=subject(hits),
        article_count=len({hit.article_id for hit in hits}),
        html=renderer.render_alert(sections, now, tz, "html"),
        markdown="",
        text=renderer.render_alert(sections, now, tz, "text"),
    )


def record_and_send(  # fmt: skip
    store: Store, config: Config, sender: dispatch.Sender | None, now: datetime,
    renderer: Renderer,
) -> dispatch.SendReport | None:
    """At the end of an ingest: record the alert of the new hits, then send it at once."""
    alert_id = record(store, config, now, renderer)
    if alert_id is None:
        return None
    mine = [d for d in store.alert_deliveries(pending_only=True) if d.digest_id == alert_id]
    return dispatch.send_due(store, config, sender, now, mine)
