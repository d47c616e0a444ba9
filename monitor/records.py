"""What the store records besides articles: files read, feeds polled, digests and deliveries.

Frozen dataclasses only, like ``monitor.models``; this module imports nothing from ``monitor``,
so the store, the sources and delivery can all use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

PENDING, SENT, FAILED = "pending", "sent", "failed"  # a delivery's status
READER = "reader"  # the channel of a [[subscribers]] reader's own digest (target: the address)
ALERT = "alert"  # the channel of an immediate alert's deliveries (their digest_id: the alert's)
#: The channel of a reader's digest at a slot of their own schedule (digest_id: that digest's)
OWN = "own"


@dataclass(frozen=True)
class FileStamp:
    """What is remembered of a file so an unchanged one is not read again."""

    size: int
    mtime_ns: int
    sha256: str


class FeedEntry(Protocol):
    """A feed as a config or an OPML file lists it (``config.load.FeedConfig`` is one)."""

    @property
    def url(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...
    @property
    def interval(self) -> int | None: ...


@dataclass(frozen=True)
class FeedState:
    """A polled feed as the store keeps it: address, validators, schedule and health."""

    key: str  # the URL as configured or imported; never changes
    url: str  # where it is fetched now (a 301/308 changes it)
    name: str | None = None
    category: str | None = None
    interval: int | None = None  # minutes; None: the [fetch] default
    etag: str | None = None
    last_modified: str | None = None
    next_poll: datetime | None = None  # None: due now
    last_poll: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    failures: int = 0  # consecutive failed polls
    gone: bool = False
    title: str | None = None  # the feed's own title (its channel's), as last polled


@dataclass(frozen=True)
class Incident:
    """Something the alarm watches, open since ``since``; ``notified``: its mail went out."""

    kind: str  # "digest", "feeds", or "delivery CHANNEL TARGET"
    since: datetime
    detail: str
    notified: bool = False


@dataclass(frozen=True)
class StoreInfo:
    """Which store this is: its kind (``sqlite``), where it is, and its size in bytes."""

    kind: str
    location: str
    size: int


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


@dataclass(frozen=True)
class ReaderMark:
    """Where a reader with their own schedule stands: the end of their last digest (or when
    they joined), the last main digest whose articles they were offered (``after``: they are
    offered the articles of later ones, and those in none yet), and the last edit they were
    offered (``last_update``: later edits of articles they were sent are their "Updated")."""

    reader: str
    last_end: datetime
    after: int
    last_update: int = 0


@dataclass(frozen=True)
class PendingUpdate:
    """A material edit of an article already in a digest, not yet listed under "Updated"."""

    article_id: int
    changes: tuple[str, ...]  # what changed, each said in a few words
    detected: datetime


@dataclass(frozen=True)
class WatchHit:
    """A watch rule that matched a stored article, and the terms it matched on."""

    article_id: int
    rule: str
    terms: tuple[str, ...]
