"""The daemon's jobs, without the scheduler: ingest, digest when due, deliver what is due.

``monitor run`` calls these from APScheduler (daemon.py); ``monitor digest --deliver`` and
``monitor send`` call the same functions once. The clock is passed in, so tests drive it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from monitor.config.load import Config
from monitor.delivery import dispatch as deliver
from monitor.delivery.dispatch import Sender, SendReport
from monitor.digest.render import Renderer
from monitor.digest.schedule import Schedule, due_slot, parse_schedule, parse_timezone
from monitor.store.sqlite import Store

log = logging.getLogger(__name__)


def digest_schedule(config: Config) -> Schedule:
    return parse_schedule(config.digest.schedule, parse_timezone(config.digest.timezone))


@dataclass(frozen=True)
class Jobs:
    """Everything a job needs, wired once; each method is one job run."""

    store: Store
    config: Config
    read_sources: Callable[[Store, Config], int]  # seeds and feeds; returns how many failed
    renderer: Renderer
    sender: Sender | None
    clock: Callable[[], datetime]

    def ingest(self) -> int:
        """Read new pages and due feeds, then retry deliveries that are due; sources failed."""
        failed = self.read_sources(self.store, self.config)
        self.deliver()
        return failed

    def digest(self) -> int | None:
        """If a slot is due (catch-up included): read sources, make the digest. Then deliver."""
        slot = due_slot(digest_schedule(self.config), self.store.last_digest_end(), self.clock())
        digest_id = None
        if slot is not None:
            self.read_sources(self.store, self.config)
            now = self.clock()
            digest_id = deliver.publish_digest(self.store, self.config, self.renderer, now, slot)
        self.deliver()
        return digest_id

    def digest_now(self) -> int | None:
        """A one-shot digest ending now (``monitor digest --deliver``), then deliver."""
        now = self.clock()
        digest_id = deliver.publish_digest(self.store, self.config, self.renderer, now)
        self.deliver()
        return digest_id

    def deliver(self) -> SendReport:
        report = deliver.send_due(self.store, self.config, self.sender, self.clock())
        if report != SendReport():
            log.info(report.line())
        return report
