"""The outbox: rendered digests and their deliveries, as the store holds them [io].

A digest, its membership, its rendered bodies and one pending delivery per target are written in
one unit of work before anything is sent. Sending then only moves a delivery's status. The SQL
is the store's (``monitor.store``); the values are ``monitor.records``'.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.utils import make_msgid

from monitor.records import (
    ALERT,
    FAILED,
    OWN,
    PENDING,
    READER,
    SENT,
    Bodies,
    Delivery,
    DigestHeader,
    StoredDigest,
    Target,
)
from monitor.store.interface import Storage, UnitOfWork

__all__ = [
    "ALERT", "OWN", "READER", "FAILED", "PENDING", "SENT", "STATUSES", "Bodies", "Delivery",
    "DigestHeader", "StoredDigest", "Target", "deliveries", "digest_headers", "due", "mark_failed",
    "mark_retry", "mark_sent", "record", "retry_now", "stored_digest",
]  # fmt: skip
STATUSES = (SENT, PENDING, FAILED)  # the order of deliver.SendReport's fields


def record(
    store: Storage,
    period: tuple[datetime | None, datetime],
    article_ids: Sequence[int],
    bodies: Bodies,
    targets: Sequence[Target],
    now: datetime,
    domain: str,
    updated: Sequence[int] = (),
    readers: Sequence[tuple[str, Bodies]] = (),
) -> int | None:
    """Store the digest, its bodies, each reader's own bodies and a pending delivery per target
    (and per reader) in one transaction, and mark the pending updates of the ``updated``
    articles as listed in it.

    Returns the digest id, or None when a digest for this period end already exists (a double
    fire): nothing is written then. The Message-ID is made once, stored, and reused by every send.
    """
    start, end = period

    def work(tx: UnitOfWork) -> int | None:  # run again if the connection was lost midway
        digest_id = tx.add_digest(start, end, article_ids, now)
        if digest_id is not None:
            message_id = make_msgid(idstring=f"digest-{digest_id}", domain=domain)
            for number, (reader, own) in enumerate(readers, start=1):
                mine = make_msgid(idstring=f"digest-{digest_id}-{number}", domain=domain)
                tx.add_reader_digest(digest_id, reader, own, mine)
            mailed = [Target(READER, reader) for reader, _ in readers]
            tx.add_outbox(digest_id, bodies, message_id, [*targets, *mailed], now)
            tx.mark_updates(digest_id, updated)
        return digest_id

    return store.run(work)


def stored_digest(store: Storage, digest_id: int) -> StoredDigest:
    return store.stored_digest(digest_id)


def digest_headers(store: Storage) -> list[DigestHeader]:
    """Every rendered digest, newest first, without the bodies."""
    return store.digest_headers()


def due(store: Storage, now: datetime) -> list[Delivery]:
    """Pending deliveries whose next attempt is due, oldest digest first, then the alerts',
    then those of readers' digests at their own slots."""
    pending = [
        *store.deliveries(pending_only=True),
        *store.alert_deliveries(pending_only=True),
        *store.reader_slot_deliveries(pending_only=True),
    ]
    return [d for d in pending if d.next_attempt <= now]


def claim(store: Storage, delivery: Delivery, until: datetime) -> bool:
    """Take a due delivery for this process (False: another took it first); if this process
    dies before marking it, it is due again at ``until``."""
    return store.run(lambda tx: tx.claim_delivery(delivery, until))


def deliveries(
    store: Storage, digest_id: int | None = None, own: Sequence[int] = ()
) -> list[Delivery]:
    """Every delivery of the digests, then those of readers' digests at their own slots
    (channel ``own``); or only those of digest ``digest_id`` and of the readers' ``own``."""
    found = [*store.deliveries(), *store.reader_slot_deliveries()]
    if digest_id is None and not own:
        return found
    mine = lambda d: d.digest_id in own if d.channel == OWN else d.digest_id == digest_id  # noqa: E731
    return [d for d in found if mine(d)]


def mark_sent(store: Storage, delivery: Delivery, now: datetime) -> None:
    _update(store, delivery, SENT, None, now, sent_at=now)


def mark_retry(store: Storage, delivery: Delivery, error: str, next_attempt: datetime) -> None:
    _update(store, delivery, PENDING, error, next_attempt)


def mark_failed(store: Storage, delivery: Delivery, error: str, now: datetime) -> None:
    _update(store, delivery, FAILED, error, now)


def _update(
    store: Storage,
    delivery: Delivery,
    status: str,
    error: str | None,
    next_attempt: datetime,
    sent_at: datetime | None = None,
) -> None:
    def work(tx: UnitOfWork) -> None:
        if delivery.channel == ALERT:
            tx.mark_alert_delivery(delivery.id, status, error, next_attempt, sent_at)
        elif delivery.channel == OWN:
            tx.mark_reader_delivery(delivery.id, status, error, next_attempt, sent_at)
        else:
            tx.mark_delivery(delivery.id, status, error, next_attempt, sent_at)

    store.run(work)


def retry_now(store: Storage, now: datetime) -> int:
    """Make every pending delivery due at once (``monitor send``); returns how many."""
    with store.transaction() as tx:
        return tx.retry_pending(now)
