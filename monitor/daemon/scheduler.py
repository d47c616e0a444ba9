"""``monitor run``: the APScheduler wiring (the only apscheduler import) [io].

On start: deliver what a previous run left pending, make a missed digest (catch-up), ingest.
Then an ingest job every N minutes (with jitter) and a digest job at each slot of the digest's
schedule and of each reader's own, one job at a time. SIGTERM or SIGINT lets the job in progress
finish, then the process exits. Under systemd (``Type=notify``) it says ``READY=1`` once started
and feeds the watchdog while healthy (``daemon.notify``).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor.app import Monitor
from monitor.daemon import notify
from monitor.digest.schedule import Schedule, next_slot

log = logging.getLogger(__name__)


class SlotTrigger(BaseTrigger):
    """Fires at each slot of any of the schedules (the digest's, each reader's own), once for
    a moment two share (DST-safe: slots come from schedule.py)."""

    def __init__(self, schedule: Schedule, *more: Schedule) -> None:
        self.schedules = (schedule, *more)

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        return min(next_slot(s, previous_fire_time or now) for s in self.schedules)

    def __str__(self) -> str:
        return f"slots[{describe(self.schedules)}]"


def describe(schedules: Sequence[Schedule]) -> str:
    """The digest's schedule, and the readers' own ones (each once)."""
    digest, *readers = [s.describe() for s in schedules]
    own = list(dict.fromkeys(readers))
    return digest + (f"; readers' own: {', '.join(own)}" if own else "")


#: ``monitor run --role``: what a process does; ``all`` is one process doing everything.
INGEST, DIGEST, ALL = "ingest", "digest", "all"
ROLES = (INGEST, DIGEST, ALL)


def jobs(monitor: Monitor, role: str) -> tuple[Callable[[], object], Callable[[], object]]:
    """The role's (every-N-minutes job, slot job). ``ingest``: read the sources only; ``digest``:
    the slot's digest from what the workers stored, and deliveries; ``all``: both."""
    if role == INGEST:
        return partial(monitor.ingest_job, deliver=False), lambda: None
    if role == DIGEST:
        return monitor.deliver, partial(monitor.digest_if_due, ingest=False)
    return monitor.ingest_job, monitor.digest_if_due


def build_scheduler(monitor: Monitor, role: str = ALL) -> BackgroundScheduler:
    """One worker thread, so ingest and digest never run at the same time on the store."""
    every_job, slot_job = jobs(monitor, role)
    every = monitor.config.digest.ingest_every
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=UTC,
    )
    scheduler.add_job(
        every_job,
        IntervalTrigger(minutes=every, jitter=every * 6, timezone=UTC),  # jitter: 0-10% later
        id="ingest",
        name="ingest",
    )
    if role != INGEST:
        trigger = SlotTrigger(*monitor.schedules())
        scheduler.add_job(slot_job, trigger, id="digest", name="digest")
    return scheduler


def run(monitor: Monitor, stop: threading.Event | None = None, role: str = ALL) -> None:
    """Run until SIGTERM/SIGINT (or until ``stop`` is set), doing what ``role`` says."""
    stop = stop or threading.Event()
    handlers = _stop_on_signals(stop)
    notifier = notify.from_environment()
    watchdog = notify.Watchdog(notifier, monitor.health)
    try:
        log.info("monitor started (%s): digest %s", role, describe(monitor.schedules()))
        notifier.send("READY=1", "STATUS=started: delivering, digesting, ingesting")
        watchdog.start()
        # what a previous run left pending goes out first (same Message-ID), then the catch-up
        # digest (a slot missed while down is made once now), then ingest
        every_job, slot_job = jobs(monitor, role)
        for job in (monitor.deliver, slot_job, every_job):
            if stop.is_set():
                break
            job()
        if not stop.is_set():
            scheduler = build_scheduler(monitor, role)
            scheduler.start()
            for job in scheduler.get_jobs():
                log.info("next %s at %s", job.name, f"{job.next_run_time:%Y-%m-%d %H:%M %Z}")
            stop.wait()
            log.info("stopping: letting the job in progress finish")
            scheduler.shutdown(wait=True)
    finally:
        notifier.send("STOPPING=1")
        watchdog.stop()
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    log.info("monitor stopped")


def _stop_on_signals(stop: threading.Event) -> dict[int, signal._HANDLER]:
    def request_stop(signum: int, _frame: object) -> None:
        log.info("received %s", signal.Signals(signum).name)
        stop.set()

    return {
        signum: signal.signal(signum, request_stop) for signum in (signal.SIGTERM, signal.SIGINT)
    }
