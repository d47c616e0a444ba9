"""The outbox: rendered digests and their deliveries, as the store holds them.

A digest, its membership, its rendered bodies and one pending delivery per target are written in
one transaction before anything is sent. Sending then only moves a delivery's status.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid

from monitor.store.sqlite import Store

PENDING, SENT, FAILED = "pending", "sent", "failed"
STATUSES = (SENT, PENDING, FAILED)  # the order of deliver.SendReport's fields


@dataclass(frozen=True)
class Bodies:
    """A digest rendered for delivery."""

    subject: str
    article_count: int
    html: str
    markdown: str
    text: str


@dataclass(frozen=True)
class Target:
    """Where a delivery goes: ``file`` (an output folder) or ``email`` (one recipient)."""

    channel: str
    target: str


@dataclass(frozen=True)
class DigestHeader:
    """What an index of digests needs, without the bodies."""

    id: int
    period_end: datetime
    subject: str


@dataclass(frozen=True)
class StoredDigest:
    """A recorded digest with its rendered bodies and its stable Message-ID."""

    id: int
    created: datetime
    period_start: datetime | None
    period_end: datetime
    message_id: str
    bodies: Bodies


@dataclass(frozen=True)
class Delivery:
    id: int
    digest_id: int
    channel: str
    target: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt: datetime
    sent_at: datetime | None


def record(
    store: Store,
    period: tuple[datetime | None, datetime],
    article_ids: Sequence[int],
    bodies: Bodies,
    targets: Sequence[Target],
    now: datetime,
    domain: str,
) -> int | None:
    """Store the digest, its bodies and a pending delivery per target in one transaction.

    Returns the digest id, or None when a digest for this period end already exists (a double
    fire): nothing is written then.
    """
    start, end = period
    try:
        with store.transaction() as db:
            digest_id = store.insert_digest(db, start, end, article_ids, now)
            _insert_outbox(db, digest_id, bodies, targets, now, domain)
    except sqlite3.IntegrityError:
        if store.db.execute(
            "SELECT 1 FROM digests WHERE period_end = ?", (end.isoformat(),)
        ).fetchone():
            return None
        raise
    return digest_id


def _insert_outbox(
    db: sqlite3.Connection,
    digest_id: int,
    bodies: Bodies,
    targets: Sequence[Target],
    now: datetime,
    domain: str,
) -> None:
    """The bodies, a Message-ID made once (stored, so every send reuses it), the deliveries."""
    message_id = make_msgid(idstring=f"digest-{digest_id}", domain=domain)
    db.execute(
        "INSERT INTO digest_renders (digest_id, subject, message_id, article_count, html,"
        " markdown, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (digest_id, bodies.subject, message_id, bodies.article_count, bodies.html,
         bodies.markdown, bodies.text),
    )  # fmt: skip
    db.executemany(
        "INSERT INTO deliveries (digest_id, channel, target, next_attempt) VALUES (?, ?, ?, ?)",
        [(digest_id, t.channel, t.target, now.isoformat()) for t in targets],
    )


_DIGEST_COLUMNS = (
    "SELECT d.id, d.created, d.period_start, d.period_end, r.message_id, r.subject,"
    " r.article_count, r.html, r.markdown, r.text FROM digests d"
    " JOIN digest_renders r ON r.digest_id = d.id"
)


def stored_digest(store: Store, digest_id: int) -> StoredDigest:
    row = store.db.execute(f"{_DIGEST_COLUMNS} WHERE d.id = ?", (digest_id,)).fetchone()
    return _stored_digest(row)


def digest_headers(store: Store) -> list[DigestHeader]:
    """Every rendered digest, newest first, without the bodies."""
    rows = store.db.execute(
        "SELECT d.id, d.period_end, r.subject FROM digests d"
        " JOIN digest_renders r ON r.digest_id = d.id ORDER BY d.period_end DESC, d.id DESC"
    ).fetchall()
    return [DigestHeader(i, datetime.fromisoformat(end), subject) for i, end, subject in rows]


def _stored_digest(row: Sequence) -> StoredDigest:
    digest_id, created, start, end, message_id, subject, count, html, markdown, text = row
    return StoredDigest(
        id=digest_id,
        created=datetime.fromisoformat(created),
        period_start=datetime.fromisoformat(start) if start else None,
        period_end=datetime.fromisoformat(end),
        message_id=message_id,
        bodies=Bodies(subject, count, html, markdown, text),
    )


_DELIVERY_COLUMNS = (
    "SELECT id, digest_id, channel, target, status, attempts, last_error, next_attempt, sent_at"
    " FROM deliveries"
)


def due(store: Store, now: datetime) -> list[Delivery]:
    """Pending deliveries whose next attempt is due, oldest digest first."""
    rows = store.db.execute(
        f"{_DELIVERY_COLUMNS} WHERE status = ? ORDER BY digest_id, id", (PENDING,)
    ).fetchall()
    return [d for d in map(_delivery, rows) if d.next_attempt <= now]


def deliveries(store: Store) -> list[Delivery]:
    rows = store.db.execute(f"{_DELIVERY_COLUMNS} ORDER BY digest_id, id").fetchall()
    return [_delivery(row) for row in rows]


def _delivery(row: Sequence) -> Delivery:
    delivery_id, digest_id, channel, target, status, attempts, error, next_attempt, sent_at = row
    sent = datetime.fromisoformat(sent_at) if sent_at else None
    retry = datetime.fromisoformat(next_attempt)
    return Delivery(delivery_id, digest_id, channel, target, status, attempts, error, retry, sent)


def mark_sent(store: Store, delivery: Delivery, now: datetime) -> None:
    _update(store, delivery, SENT, None, now, sent_at=now)


def mark_retry(store: Store, delivery: Delivery, error: str, next_attempt: datetime) -> None:
    _update(store, delivery, PENDING, error, next_attempt)


def mark_failed(store: Store, delivery: Delivery, error: str, now: datetime) -> None:
    _update(store, delivery, FAILED, error, now)


def _update(
    store: Store,
    delivery: Delivery,
    status: str,
    error: str | None,
    next_attempt: datetime,
    sent_at: datetime | None = None,
) -> None:
    with store.transaction() as db:
        db.execute(
            "UPDATE deliveries SET status = ?, attempts = attempts + 1, last_error = ?,"
            " next_attempt = ?, sent_at = ? WHERE id = ?",
            (
                status,
                error,
                next_attempt.isoformat(),
                sent_at.isoformat() if sent_at else None,
                delivery.id,
            ),
        )


def retry_now(store: Store, now: datetime) -> int:
    """Make every pending delivery due at once (``monitor send``); returns how many."""
    with store.transaction() as db:
        cursor = db.execute(
            "UPDATE deliveries SET next_attempt = ? WHERE status = ?", (now.isoformat(), PENDING)
        )
    return cursor.rowcount
