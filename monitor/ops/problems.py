"""What needs an operator's attention, and what to do about it (pure: values in, list out).

``Snapshot`` is everything ``monitor status`` knows at one moment; ``problems`` turns it into a
list of ``Problem`` (what is wrong, what to do). ``monitor status`` exits 4 when the list is not
empty, so cron or a Nagios-style check can use it as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.digest.schedule import Schedule, next_slot
from monitor.records import FAILED, SENT, Delivery, FeedState, StoreInfo
from monitor.sources.feeds.policy import health

#: Consecutive failed polls after which a failing feed is a problem (one failure is weather).
FAILING_AFTER = 3


@dataclass(frozen=True)
class Problem:
    what: str
    todo: str


@dataclass(frozen=True)
class Daemon:
    """``monitor run`` as the state lock says: running or not, its pid, since when."""

    running: bool
    pid: int | None = None
    since: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """What ``monitor status`` reports, read at ``now``."""

    now: datetime
    store: StoreInfo
    articles: int
    daemon: Daemon
    scheduled: bool  # [digest] schedule is set in the config: a daemon is expected
    schedule: Schedule
    last_digest: datetime | None  # the period end of the latest digest
    deliveries: Sequence[Delivery]
    feeds: Sequence[FeedState]
    folders: Mapping[str, datetime | None]  # seeds folder: when a file was last read there

    @property
    def next_digest(self) -> datetime:
        return next_slot(self.schedule, self.now)


def problems(snap: Snapshot) -> list[Problem]:
    """Every problem of ``snap``, the most urgent first."""
    found = _daemon(snap) + _digest(snap) + _deliveries(snap.deliveries)
    return found + [p for feed in snap.feeds if (p := _feed(feed)) is not None]


def _daemon(snap: Snapshot) -> list[Problem]:
    if snap.daemon.running or not snap.scheduled:
        return []
    return [
        Problem(
            "the daemon is not running, yet [digest] schedule is set",
            "start it: systemctl start monitor (or monitor run)",
        )
    ]


def _digest(snap: Snapshot) -> list[Problem]:
    """Overdue by more than one slot: the slot after the last digest and the next one passed."""
    if snap.last_digest is None:
        return []
    missed = next_slot(snap.schedule, next_slot(snap.schedule, snap.last_digest))
    if missed > snap.now:
        return []
    return [
        Problem(
            f"the digest is overdue: the last one ended {_short(snap.last_digest)}"
            f" and the slot of {_short(missed)} has passed too",
            "check the daemon's log (journalctl -u monitor), or run monitor digest --deliver",
        )
    ]


def failed_for_good(deliveries: Sequence[Delivery]) -> list[Delivery]:
    """The deliveries that failed for good with no later one to the same target sent since."""
    latest: dict[tuple[str, str], Delivery] = {}
    for delivery in deliveries:  # oldest digest first
        if delivery.status in (SENT, FAILED):
            latest[(delivery.channel, delivery.target)] = delivery
    return [d for d in latest.values() if d.status == FAILED]


def _deliveries(deliveries: Sequence[Delivery]) -> list[Problem]:
    return [
        Problem(
            f"digest {d.digest_id} to {d.channel} {d.target} failed for good: {d.last_error}",
            "fix the cause (see monitor deliveries); the next digest to it clears this",
        )
        for d in failed_for_good(deliveries)
    ]


def _feed(feed: FeedState) -> Problem | None:
    label = feed.name or feed.url
    word = health(feed)
    if word == "gone":
        return Problem(f"{label}: gone (HTTP 410)", "remove it from the config or the OPML list")
    if word == "failing" and feed.failures >= FAILING_AFTER:
        return Problem(
            f"{label}: failing, {feed.failures} poll(s) in a row: {feed.last_error}",
            "check its address (monitor feeds); it is still polled, with backoff",
        )
    return None


def _short(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M %Z}"
