"""The library's face [io]: the one way in for the command line, the daemon, tests and benchmarks.

``Monitor.open(config, state_dir)`` wires a store, a clock and the long-lived resources once.
Its methods are the jobs: ``ingest`` (saved pages and feeds in one call), ``make_digest`` (every
digest, however asked for, is recorded with its membership, rendered bodies and pending
deliveries in one transaction; ``preview=True`` is the only way to look without consuming),
``deliver`` (send what is due), ``digest_if_due`` (the daemon's slot job), and the queries.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from monitor.config.load import Config
from monitor.models import StoredArticle
from monitor.ops.observer import Observer
from monitor.reports import IngestReport, MadeDigest
from monitor.resources import Resources
from monitor.sources.feeds.policy import FeedState
from monitor.store import feeds as feedstore
from monitor.store.backends import lock_folder, open_store
from monitor.store.interface import Storage
from monitor.store.lock import StateLock
from monitor.store.url import store_url

if TYPE_CHECKING:  # digests and delivery are imported by the jobs that use them
    from monitor.delivery.dispatch import Sender, SendReport
    from monitor.delivery.outbox import Delivery
    from monitor.digest.schedule import Schedule
    from monitor.digest.select import Digest
    from monitor.models import Region
    from monitor.ops.health import Health
    from monitor.ops.problems import Snapshot
    from monitor.watch.search import Found

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
#: Wraps the list of files an ingest reads (a progress bar on a terminal).
Progress = Callable[[list[Path]], Iterable[Path]]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Monitor:
    """One store, one config, one clock, and the resources built once for every job."""

    def __init__(
        self,
        config: Config,
        store: Storage,
        clock: Clock = utc_now,
        progress: Progress | None = None,
        lock: StateLock | None = None,
        state_dir: Path | None = None,
    ) -> None:
        self.config = config
        self.state_dir = state_dir  # where the state lock is: whether a daemon runs
        self.store = store
        self.clock = clock
        self.progress: Progress = progress or (lambda files: files)
        self.resources = Resources(config, lambda _article, took: self.observer.analysed(took))
        self._lock = lock
        self._sender: Sender | None = None
        self.poll_feeds = True  # ``monitor run --no-feeds`` reads only the folders
        self.observer = Observer()  # told of each job's end: ``ops.metrics.Metrics`` keeps it
        self.started = clock()
        self.last_ingest: datetime | None = None  # when the last ingest pass finished

    @classmethod
    def open(
        cls,
        config: Config,
        state_dir: Path,
        *,
        clock: Clock = utc_now,
        progress: Progress | None = None,
        exclusive: bool = False,
    ) -> Monitor:
        """The monitor of the store ``MONITOR_STORE_URL`` or ``[store] url`` names (default: in
        ``state_dir``); ``exclusive`` takes an SQLite store's folder lock (exit 5 if held)."""
        url = store_url(config.store_url, os.environ, state_dir)
        lock = StateLock.acquire(d, clock()) if exclusive and (d := lock_folder(url)) else None
        try:
            return cls(config, open_store(url), clock, progress, lock, state_dir)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def close(self) -> None:
        self.resources.close()
        self.store.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Monitor:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- ingest --------------------------------------------------------------------------------

    def ingest(self, *, feeds: bool | None = None, every_feed: bool = False) -> IngestReport:
        """Read new and changed saved pages and poll the due feeds (unless ``feeds`` is false;
        by default ``poll_feeds``; ``every_feed``: all, but those a server asked to wait); then
        mail one alert of the new hits of the immediate watch rules. The due feeds are fetched
        and parsed in the background while the folders are read."""
        from monitor.ingest.run import ingest_pass

        start = time.monotonic()
        poll = (self.poll_feeds if feeds is None else feeds) and bool(self.feeds())
        report = ingest_pass(  # fmt: skip
            self.store, self.config, self.resources, self.clock, self.progress, poll, every_feed
        )
        self.last_ingest = self.clock()
        self.observer.ingested(report, time.monotonic() - start, self.last_ingest, self.store)
        if any(rule.alert == "immediate" for rule in self.config.watch):
            from monitor.delivery import alerts

            sender, renderer = self._mail_sender(), self.resources.renderer
            alerts.record_and_send(self.store, self.config, sender, self.clock(), renderer)
        return report

    # -- digests -------------------------------------------------------------------------------

    def select_digest(self, now: datetime, preview: bool = False) -> Digest:
        """Every stored article not yet in a digest, grouped, with the feed notes and the
        Watchlist section; records nothing."""
        from monitor.digest import assemble

        return assemble.select(self.store, self.config, now, preview)

    def make_digest(
        self, *, preview: bool = False, period_end: datetime | None = None
    ) -> MadeDigest:
        """A digest of every article not yet in one, in every format; unless ``preview``,
        recorded in one transaction with its membership (those articles are consumed), bodies,
        each reader's cut (readers without their own schedule) and one pending delivery per
        target and reader. ``id``: None for a preview or a double fire of a slot (none made)."""
        from monitor.delivery import dispatch

        with nullcontext() if preview else self.store.digest_lock():  # others' recorded first
            now = self.clock()
            digest = self.select_digest(now, preview)
            bodies = dispatch.render_bodies(self.config, digest, self.resources.renderer)
            if preview:
                return MadeDigest(None, digest, bodies)
            end = period_end or digest.created
            if digest.since is not None and end < digest.since:  # never end before the start
                end = digest.since
            readers = dispatch.reader_bodies(
                self.store, self.config, digest, self.resources.renderer
            )
            digest_id = dispatch.record(
                self.store, self.config, digest, bodies, end, now, readers
            )
            if digest_id is not None:
                self.observer.digest_made(now, self.store)
        return MadeDigest(digest_id, digest, bodies)

    def digest_if_due(self, *, ingest: bool = True) -> int | None:
        """The daemon's slot job: if a slot of the digest or of a reader's own schedule is due
        (catch-up included), read the sources (unless ``ingest`` is false: ``--role digest``),
        record the slot's digest and each due reader's; then deliver what is due."""
        from monitor.delivery import readers
        from monitor.digest.schedule import due_slot

        slot = due_slot(self.schedules()[0], self.store.last_digest_end(), self.clock())
        if ingest and (slot is not None or readers.due(self.store, self.config, self.clock())):
            self.ingest()
        digest_id = None if slot is None else self.make_digest(period_end=slot).id
        self.reader_digests()
        self.deliver()
        self.check_alerts()
        return digest_id

    def reader_digests(self) -> list[int]:
        """Each due digest of a reader with their own schedule, recorded with its delivery."""
        from monitor.delivery.readers import make_due

        return make_due(self.store, self.config, self.resources.renderer, self.clock())

    def schedules(self) -> list[Schedule]:
        """``[digest] schedule`` in ``[digest] timezone``, then each reader's own schedule."""
        from monitor.delivery.readers import schedules

        return schedules(self.config)

    def ingest_job(self, *, deliver: bool = True) -> int:
        """The daemon's ingest job: read the sources, then retry deliveries that are due."""
        report = self.ingest()
        for line in report.lines:
            log.info("%s", line)
        if deliver:  # not on an ingest-only worker
            self.deliver()
        self.check_alerts()
        return report.sources_failed

    # -- delivery ------------------------------------------------------------------------------

    def deliver(self) -> SendReport:
        """Try every delivery that is due (file, e-mail); returns what happened."""
        from monitor.delivery import dispatch

        report = dispatch.send_due(self.store, self.config, self._mail_sender(), self.clock())
        if report.sent or report.retrying or report.failed:
            log.info(report.line())
            self.observer.refresh(self.store)
        return report

    def check_alerts(self) -> int:
        """The alarm on itself (``[alerts] to``): mail what went wrong, once, and "resolved"."""
        sender = self._mail_sender()
        if not self.config.alerts.to or sender is None:
            return 0
        from monitor.ops import alarm

        return alarm.check(self.store, self.config, sender, self.clock())

    def retry_now(self) -> int:
        """Make every pending delivery due now (``monitor send``); returns how many."""
        from monitor.delivery import outbox

        return outbox.retry_now(self.store, self.clock())

    def _mail_sender(self) -> Sender | None:
        """The SMTP sender, built once; the password comes from the environment, never a file."""
        if self._sender is None and self.config.email.host:
            from monitor.delivery.mail import SmtpSender, smtp_password

            email = self.config.email
            self._sender = SmtpSender(email, smtp_password(email, os.environ))
        return self._sender

    # -- queries -------------------------------------------------------------------------------

    def articles(self) -> Iterator[StoredArticle]:
        return self.store.iter_articles()

    def feeds(self) -> list[FeedState]:
        """The polled feeds with their health (the configured ones synced first)."""
        from monitor.sources.feeds.configured import configured_feeds

        feedstore.sync(self.store, configured_feeds(self.config))
        return feedstore.active(self.store)

    def import_feeds(self, path: Path) -> int:
        """Add every feed of an OPML file (kept in the store); returns how many."""
        from monitor.sources.feeds.configured import read_opml

        imported = read_opml(path)
        if imported:
            feedstore.sync(self.store, imported, origin=feedstore.IMPORT)
        return len(imported)

    def search(  # fmt: skip
        self, text: str | None, region: Region | None = None, since: datetime | None = None,
        watch: str | None = None,
    ) -> list[Found]:
        """``monitor articles --search``: by words and phrases (best first), region, date."""
        from monitor.watch.search import search

        return search(self.store, text, region, since, watch)

    def watch_hit_counts(self) -> dict[str, int]:
        """Rule name -> how many stored articles it matched (``monitor watch list``)."""
        return self.store.watch_hit_counts()

    def status(self) -> Snapshot:
        """What ``monitor status`` shows: the store, the daemon, digests, deliveries, feeds."""
        from monitor.ops.status import snapshot

        return snapshot(self.store, self.config, self.state_dir, self.clock(), self.feeds())

    def health(self) -> Health:
        """``/healthz`` and the systemd watchdog's check; safe to call from another thread."""
        from monitor.ops.health import health

        every, problem = self.config.digest.ingest_every, self.store.answers()
        return health(problem, self.last_ingest, every, self.clock(), self.started)

    def deliveries(self, digest_id: int | None = None, own: Sequence[int] = ()) -> list[Delivery]:
        from monitor.delivery import outbox

        return outbox.deliveries(self.store, digest_id, own)
