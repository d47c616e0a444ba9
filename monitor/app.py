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
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from monitor.config.load import Config
from monitor.models import StoredArticle
from monitor.resources import Resources
from monitor.sources.feeds.policy import FeedState
from monitor.store import feeds as feedstore
from monitor.store.backends import lock_folder, open_store
from monitor.store.interface import Storage
from monitor.store.lock import StateLock
from monitor.store.url import store_url

if TYPE_CHECKING:  # digests and delivery are imported by the jobs that use them
    from monitor.delivery.dispatch import Sender, SendReport
    from monitor.delivery.outbox import Bodies, Delivery
    from monitor.digest.schedule import Schedule
    from monitor.digest.select import Digest
    from monitor.models import Region
    from monitor.watch.search import Found

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
#: Wraps the list of files an ingest reads (a progress bar on a terminal).
Progress = Callable[[list[Path]], Iterable[Path]]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did: folder counts, feed counts, and how many sources failed."""

    lines: tuple[str, ...]
    articles_new: int
    sources_failed: int


@dataclass(frozen=True)
class MadeDigest:
    """A digest as made: its id (None for a preview or a double fire), content and bodies."""

    id: int | None
    digest: Digest
    bodies: Bodies


class Monitor:
    """One store, one config, one clock, and the resources built once for every job."""

    def __init__(
        self,
        config: Config,
        store: Storage,
        clock: Clock = utc_now,
        progress: Progress | None = None,
        lock: StateLock | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.progress: Progress = progress or (lambda files: files)
        self.resources = Resources(config)
        self._lock = lock
        self._sender: Sender | None = None
        self.poll_feeds = True  # ``monitor run --no-feeds`` reads only the folders

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
            return cls(config, open_store(url), clock, progress, lock)
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

    def ingest(self, *, feeds: bool | None = None) -> IngestReport:
        """Read new and changed saved pages and poll the due feeds (unless ``feeds`` is false;
        by default ``poll_feeds``); then mail one alert of the new hits of the immediate watch
        rules. The due feeds are fetched and parsed in the background while the folders are
        read."""
        report = self._read(feeds)
        if any(rule.alert == "immediate" for rule in self.config.watch):
            from monitor.delivery import alerts

            sender, renderer = self._mail_sender(), self.resources.renderer
            alerts.record_and_send(self.store, self.config, sender, self.clock(), renderer)
        return report

    def _read(self, feeds: bool | None) -> IngestReport:
        from monitor.ingest import feeds as feed_ingest
        from monitor.ingest import folders

        poll = self.poll_feeds if feeds is None else feeds
        analyser = self.resources.analyser  # first: its workers fork while one thread runs
        matcher = self.resources.matcher
        if not (poll and self.feeds()):  # no feed to poll: no session, no parser sandbox
            pages = folders.ingest(
                self.store, self.config, analyser, self.clock, self.progress, matcher
            )
            return IngestReport((pages.line(),), pages.articles_new, pages.sources_failed)
        with feed_ingest.start_polls(
            self.store, self.config, self.resources.session, self.clock, self.resources.sandbox
        ) as polls:
            pages = folders.ingest(
                self.store, self.config, analyser, self.clock, self.progress, matcher
            )
            polled = feed_ingest.store_polls(
                self.store, self.config, analyser, self.clock, polls, matcher
            )
        return IngestReport(
            (pages.line(), polled.line()),
            pages.articles_new + polled.articles_new,
            pages.sources_failed + polled.failed,
        )

    # -- digests -------------------------------------------------------------------------------

    def select_digest(self, now: datetime, preview: bool = False) -> Digest:
        """Every stored article not yet in a digest, grouped, with the feed notes and the
        Watchlist section; records nothing."""
        from monitor.digest import assemble

        return assemble.select(self.store, self.config, now, preview)

    def make_digest(
        self, *, preview: bool = False, period_end: datetime | None = None
    ) -> MadeDigest:
        """A digest of every article not yet in one, rendered in every format.

        Unless ``preview``, it is recorded with its membership, its bodies and one pending
        delivery per configured target (the output folder, each recipient) in one transaction:
        those articles are consumed; each ``[[subscribers]]`` reader's own digest is recorded
        with it, with its delivery. ``id`` is None for a preview, and when a digest with the
        same period end exists already (a double fire of a schedule slot: nothing recorded)."""
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
        return MadeDigest(digest_id, digest, bodies)

    def digest_if_due(self, *, ingest: bool = True) -> int | None:
        """The daemon's slot job: if a slot is due (catch-up included), read the sources
        (unless ``ingest`` is false) and record the slot's digest; then deliver what is due."""
        from monitor.digest.schedule import due_slot

        slot = due_slot(self.schedule(), self.store.last_digest_end(), self.clock())
        digest_id = None
        if slot is not None:
            if ingest:  # not on a digest-only process (``--role digest``): workers ingest
                self.ingest()
            digest_id = self.make_digest(period_end=slot).id
        self.deliver()
        return digest_id

    def schedule(self) -> Schedule:
        """The digest schedule of ``[digest] schedule`` in ``[digest] timezone``."""
        from monitor.digest.schedule import parse_schedule, parse_timezone

        digest = self.config.digest
        return parse_schedule(digest.schedule, parse_timezone(digest.timezone))

    def ingest_job(self, *, deliver: bool = True) -> int:
        """The daemon's ingest job: read the sources, then retry deliveries that are due."""
        report = self.ingest()
        for line in report.lines:
            log.info("%s", line)
        if deliver:  # not on an ingest-only worker
            self.deliver()
        return report.sources_failed

    # -- delivery ------------------------------------------------------------------------------

    def deliver(self) -> SendReport:
        """Try every delivery that is due (file, e-mail); returns what happened."""
        from monitor.delivery import dispatch

        report = dispatch.send_due(self.store, self.config, self._mail_sender(), self.clock())
        if report.sent or report.retrying or report.failed:
            log.info(report.line())
        return report

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

    def deliveries(self, digest_id: int | None = None) -> list[Delivery]:
        from monitor.delivery import outbox

        found = outbox.deliveries(self.store)
        return [d for d in found if digest_id is None or d.digest_id == digest_id]
