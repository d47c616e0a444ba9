"""The store's interface: what the rest of monitor may ask of the database, whichever it is.

``Storage`` is the store: its queries, and ``transaction()``, a unit of work whose write methods
are committed together when the ``with`` block ends (and none of them when it raises). Values
cross the interface, never connections or cursors; database errors come out as ``StoreError``
(exit 6), never as a driver's exception. SQLite and PostgreSQL implement the same two classes.
No decisions are made here: the store answers what it holds, and identity/ingest decide.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TypeVar

from monitor.models import Analysis, Article, Candidates, Identity, StoredArticle, StoredVersion
from monitor.records import (
    Bodies,
    Delivery,
    DigestHeader,
    FeedEntry,
    FeedState,
    PendingUpdate,
    StoredDigest,
    Target,
    WatchHit,
)
from monitor.store.errors import (  # noqa: F401 (the errors are part of the interface)
    DamagedStore,
    ReadOnlyStore,
    StoreBusy,
    StoreConflict,
    StoreError,
    StoreFull,
)
from monitor.store.operating import IncidentUnit, OperatorQueries
from monitor.store.reader_interface import ReaderQueries, ReaderUnit
from monitor.store.seen_files import FileQueries, FileUnit

T = TypeVar("T")
CONFIG, IMPORT = "config", "import"  # where a feed comes from: the config, or import-opml


class Queries(OperatorQueries, ReaderQueries, FileQueries, ABC):
    """What the store answers; a unit of work answers too, seeing its own writes."""

    # -- identity: which stored article a new one may be (identity.match decides) ------------
    @abstractmethod
    def stored_version(self, article_id: int) -> StoredVersion | None:
        """The shown version of an article; None if it is not stored (any more)."""

    @abstractmethod
    def match_candidates(self, identity: Identity, min_shared: int, limit: int) -> Candidates:
        """The stored article with the strongest of the identity's exact keys (a kind of
        ``EXACT_KEYS``, any version of it); else (id, fingerprint of its text) of the articles
        sharing at least ``min_shared`` of its LSH band keys, most shared first, at most
        ``limit``. One round trip on a database server."""

    @abstractmethod
    def known_keys(self) -> frozenset[str]:
        """Every stored guid and canonical URL (to fetch an article page at most once)."""

    # -- articles (the files read: seen_files) ----------------------------------------------
    @abstractmethod
    def iter_articles(self, *, undigested_only: bool = False) -> Iterator[StoredArticle]:
        """The stored articles in id order, one at a time; a row that cannot be decoded is
        one log line and left out."""

    def articles(self, *, undigested_only: bool = False) -> list[StoredArticle]:
        return list(self.iter_articles(undigested_only=undigested_only))

    # -- feeds, digests, deliveries ----------------------------------------------------------
    @abstractmethod
    def feeds(self, *, active_only: bool = True) -> list[FeedState]:
        """The polled feeds (active: configured after ``sync_feeds``, or imported)."""

    @abstractmethod
    def last_digest_end(self) -> datetime | None: ...

    @abstractmethod
    def stored_digest(self, digest_id: int) -> StoredDigest: ...

    @abstractmethod
    def digest_headers(self) -> list[DigestHeader]:
        """Every rendered digest, newest first, without the bodies."""

    @abstractmethod
    def deliveries(self, *, pending_only: bool = False) -> list[Delivery]:
        """Deliveries, oldest digest first."""

    @abstractmethod
    def pending_updates(self) -> list[PendingUpdate]:
        """Edits of digested articles not yet listed under "Updated" in a digest."""

    @abstractmethod
    def reader_digest(self, digest_id: int, reader: str) -> StoredDigest:
        """A reader's own digest cut from a recorded digest (no Markdown)."""

    # -- watch rules -------------------------------------------------------------------------
    @abstractmethod
    def watch_hits(self, article_ids: Sequence[int]) -> list[WatchHit]:
        """The watch hits of these articles, by article id, then rule name."""

    @abstractmethod
    def watch_hit_counts(self) -> dict[str, int]:
        """Rule name -> how many stored articles it matched."""

    @abstractmethod
    def search_articles(
        self, terms: Sequence[str], *, region: str | None = None, watch: str | None = None
    ) -> list[tuple[int, float]]:
        """(article id, score) of the articles whose shown title or text holds every term (a
        word, or a phrase: its words in order), best first (the title weighs double); only
        those of ``region`` (primary or secondary), or matched by the watch rule ``watch``."""

    @abstractmethod
    def articles_with_ids(self, article_ids: Sequence[int]) -> list[StoredArticle]:
        """These stored articles (those that exist), in id order."""

    @abstractmethod
    def digested_since(self, start: datetime) -> list[StoredArticle]:
        """The articles of the digests that end at or after ``start``, in id order."""

    @abstractmethod
    def unalerted_hits(self, rules: Sequence[str]) -> list[WatchHit]:
        """The hits of these rules not yet told of by an alert, by article id, then rule."""

    @abstractmethod
    def alert_deliveries(self, *, pending_only: bool = False) -> list[Delivery]:
        """Deliveries of alerts (channel ``"alert"``; ``digest_id`` is the alert's id)."""

    @abstractmethod
    def stored_alert(self, alert_id: int) -> StoredDigest:
        """An alert as a mail is made from it: its subject, Message-ID, bodies, time."""


class UnitOfWork(Queries, IncidentUnit, ReaderUnit, FileUnit):
    """The writes of one transaction (``Storage.transaction``)."""

    def hold_keys(self, identity: Identity) -> None:
        """Hold this identity's exact keys to the end of the unit of work: another process storing
        the same story now waits, then finds it. SQLite: nothing (one writer at a time)."""

    @abstractmethod
    def add_article(self, article: Article, analysis: Analysis, now: datetime) -> int:
        """A new article, its first sighting and its identity keys; returns its id."""

    @abstractmethod
    def add_sighting(self, article_id: int, source: str, rule: str, now: datetime) -> None:
        """One more place the article was seen (once per source), and the rule that said so."""

    @abstractmethod
    def record_identity(self, article_id: int, identity: Identity) -> None:
        """Every key of this version, so any later copy of it finds the article."""

    @abstractmethod
    def update_article(
        self, article_id: int, article: Article, analysis: Analysis, now: datetime
    ) -> None:
        """Show another version of the article: title, text, hints and their analysis."""

    @abstractmethod
    def set_provenance(
        self, article_id: int, published: datetime | None, url: str | None, now: datetime
    ) -> None:
        """Show this publication date and web address."""

    @abstractmethod
    def sync_feeds(self, feeds: Sequence[FeedEntry], origin: str) -> None:
        """Add unknown feeds and activate them; name, category and interval follow ``feeds``.
        Syncing the ``CONFIG`` feeds deactivates configured feeds no longer listed."""

    @abstractmethod
    def save_feed(self, state: FeedState) -> None: ...

    @abstractmethod
    def claim_feeds(self, keys: Sequence[str], now: datetime, until: datetime) -> list[str]:
        """Lease these due feeds to this process until ``until``: the ones no other process
        holds a lease on (a crashed worker's come back when its lease ends)."""

    @abstractmethod
    def add_digest(
        self, start: datetime | None, end: datetime, article_ids: Sequence[int], now: datetime
    ) -> int | None:
        """A digest and its membership; None (nothing written) if one ends at ``end``."""

    @abstractmethod
    def add_outbox(  # fmt: skip
        self, digest_id: int, bodies: Bodies, message_id: str, targets: Sequence[Target],
        now: datetime,
    ) -> None:
        """A digest's rendered bodies and one pending delivery per target, due ``now``."""

    @abstractmethod
    def add_reader_digest(
        self, digest_id: int, reader: str, bodies: Bodies, message_id: str
    ) -> None:
        """A reader's own digest of ``digest_id`` (its delivery: a ``reader`` target of
        ``add_outbox``)."""

    @abstractmethod
    def mark_delivery(  # fmt: skip
        self, delivery_id: int, status: str, error: str | None, next_attempt: datetime,
        sent_at: datetime | None,
    ) -> None:
        """A delivery's new status after one more attempt."""

    @abstractmethod
    def set_watch_hits(self, article_id: int, hits: Sequence[WatchHit], now: datetime) -> None:
        """The rules this article (its shown version) matches: replaces what was stored."""

    @abstractmethod
    def add_alert(  # fmt: skip
        self, hits: Sequence[WatchHit], bodies: Bodies, message_id: str,
        recipients: Sequence[str], now: datetime,
    ) -> int:
        """An alert telling of ``hits`` (each (article, rule) at most once, ever: adding one
        already told of fails), and one pending delivery per recipient, due ``now``."""

    @abstractmethod
    def mark_alert_delivery(  # fmt: skip
        self, delivery_id: int, status: str, error: str | None, next_attempt: datetime,
        sent_at: datetime | None,
    ) -> None:
        """An alert delivery's new status after one more attempt."""

    @abstractmethod
    def retry_pending(self, now: datetime) -> int:
        """Make every pending delivery (of digests and of alerts) due at ``now``; returns how
        many."""

    @abstractmethod
    def claim_delivery(self, delivery: Delivery, until: datetime) -> bool:
        """Take a pending delivery of any channel as read (its ``next_attempt`` unchanged
        since) for this process until ``until``: False if another process took it first. If
        this process dies before marking it, it is due again at ``until``."""

    @abstractmethod
    def add_update(self, article_id: int, changes: Sequence[str], now: datetime) -> None:
        """A material edit of an article already in a digest, for the next digest to list."""

    @abstractmethod
    def mark_updates(self, digest_id: int, article_ids: Sequence[int]) -> None:
        """The pending updates of these articles are listed in digest ``digest_id``."""


class Storage(Queries):
    """A store: its queries, units of work, an integrity check."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[UnitOfWork]:
        """A unit of work, committed when the block ends; raises ``DamagedStore`` at once if
        the store is known to be damaged."""

    @abstractmethod
    def check(self) -> list[str]:
        """A full integrity check: the problems found, none if the store is sound."""

    @abstractmethod
    def close(self) -> None: ...

    CONFLICT_TRIES = 5  # how many times ``run`` tries a unit of work

    def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """``work`` in a unit of work, run again (from the start, in a new one) when it met
        another process's write (``StoreConflict``) or lost the connection midway."""
        for attempt in range(1, self.CONFLICT_TRIES + 1):
            try:
                with self.transaction() as tx:
                    return work(tx)
            except StoreError as exc:
                if not exc.retried or attempt == self.CONFLICT_TRIES:
                    raise
        raise AssertionError("unreachable")

    def ids_taken(self) -> None:
        """After rows were copied in with their ids (``store.copy``): new ids above them."""

    def digest_lock(self) -> AbstractContextManager[object]:
        """Held while a digest is selected, rendered and recorded: two processes making one at
        once share no article, leave none out. SQLite: nothing (the state folder's lock)."""
        return nullcontext()

    def host_slot(self, host: str, per_host: int) -> AbstractContextManager[object]:
        """Held per request to ``host``: at most ``per_host`` at once from all processes."""
        return nullcontext()

    def record_digest(
        self, start: datetime | None, end: datetime, article_ids: Sequence[int], now: datetime
    ) -> int | None:
        """Store a digest and its membership in one unit of work; returns its id."""
        with self.transaction() as tx:
            return tx.add_digest(start, end, article_ids, now)
