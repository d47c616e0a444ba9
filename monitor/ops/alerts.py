"""The alarm on itself: what is wrong now, and which mails that makes (pure: values in, a plan
out). The daemon's shell (``ops.alarm``) reads the values, mails the plan and records it.

An *incident* opens when its condition is first seen and is mailed once it has lasted its delay
(every feed failing: ``[alerts] feeds_down_hours``; a missed digest or a delivery failed for
good: at once); it is mailed once, and once more ("resolved") when the condition clears. An
incident that clears before its mail went out is forgotten quietly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from monitor.digest.schedule import Schedule, latest_slot
from monitor.ops.problems import failed_for_good
from monitor.records import Delivery, FeedState, Incident
from monitor.sources.feeds.policy import health

#: How long after its slot a digest may still be on its way before it counts as missed.
DIGEST_GRACE = timedelta(minutes=30)
DIGEST, FEEDS = "digest", "feeds"


@dataclass(frozen=True)
class Plan:
    save: tuple[Incident, ...] = ()  # opened, or mailed now (notified)
    mail: tuple[tuple[str, Incident], ...] = ()  # ("alert" | "resolved", incident)
    drop: tuple[str, ...] = ()  # kinds that are over


def conditions(  # fmt: skip
    now: datetime,
    schedule: Schedule,
    last_digest: datetime | None,
    feeds: Sequence[FeedState],
    deliveries: Sequence[Delivery],
) -> dict[str, str]:
    """What is wrong now: kind -> a sentence."""
    found: dict[str, str] = {}
    slot = latest_slot(schedule, now)
    if (last_digest is None or last_digest < slot) and now - slot > DIGEST_GRACE:
        found[DIGEST] = f"the digest of {slot:%Y-%m-%d %H:%M %Z} did not go out"
    if feeds and all(health(feed) in ("failing", "gone") for feed in feeds):
        found[FEEDS] = f"every feed is failing ({len(feeds)}): {feeds[0].last_error}"
    for d in failed_for_good(deliveries):
        found[f"delivery {d.channel} {d.target}"] = (
            f"digest {d.digest_id} to {d.channel} {d.target} failed for good: {d.last_error}"
        )
    return found


def plan(  # fmt: skip
    now: datetime,
    found: Mapping[str, str],
    known: Sequence[Incident],
    feeds_down: timedelta,
) -> Plan:
    """Which incidents to open, mail, resolve or forget."""
    by_kind = {incident.kind: incident for incident in known}
    save, mail, drop = [], [], []
    for kind, detail in found.items():
        incident = by_kind.get(kind) or Incident(kind, now, detail)
        delay = feeds_down if kind == FEEDS else timedelta(0)
        if not incident.notified and now - incident.since >= delay:
            incident = replace(incident, detail=detail, notified=True)
            mail.append(("alert", incident))
            save.append(incident)
        elif kind not in by_kind:
            save.append(incident)
    for incident in known:
        if incident.kind not in found:
            drop.append(incident.kind)
            if incident.notified:
                mail.append(("resolved", incident))
    return Plan(tuple(save), tuple(mail), tuple(drop))
