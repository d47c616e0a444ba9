"""What any store keeps of the readers with their own schedule (``[[subscribers]] schedule``):
part of the store's interface (``interface.Queries`` and ``UnitOfWork`` inherit these), kept
apart so that each file stays readable. Both backends answer in ``store.readers``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime

from monitor.models import StoredArticle
from monitor.records import Bodies, Delivery, PendingUpdate, ReaderMark, StoredDigest


class ReaderQueries(ABC):
    @abstractmethod
    def reader_mark(self, reader: str) -> ReaderMark | None:
        """Where the reader stands; None if they have not joined."""

    @abstractmethod
    def reader_candidates(self, reader: str, after: int) -> list[StoredArticle]:
        """The articles that none of the reader's digests reached yet, of the main digests
        after ``after`` and those in no digest yet, in id order."""

    @abstractmethod
    def reached(self, reader: str, article_ids: Sequence[int]) -> set[int]:
        """Those of these articles that one of the reader's digests reached."""

    @abstractmethod
    def reader_edits(self, reader: str, after: int) -> tuple[list[PendingUpdate], int]:
        """The edits after update ``after`` of the articles the reader's digests reached, in
        order, and the last update id there is (whoever it was for)."""

    @abstractmethod
    def reader_slot(self, slot_id: int) -> StoredDigest:
        """A reader's digest at a slot of their own schedule (no Markdown)."""

    @abstractmethod
    def reader_slot_deliveries(self, *, pending_only: bool = False) -> list[Delivery]:
        """Deliveries of those digests (channel ``OWN``; ``digest_id`` is the digest's id)."""


class ReaderUnit(ABC):
    @abstractmethod
    def join_reader(self, reader: str, now: datetime) -> None:
        """The reader joins at ``now`` unless they have: they are offered the articles of the
        main digests made from then on, and of those in none yet, from their next slot."""

    @abstractmethod
    def add_reader_slot(  # fmt: skip
        self, reader: str, period: tuple[datetime, datetime], article_ids: Sequence[int],
        bodies: Bodies, message_id: str, to: str | None, now: datetime, last_update: int = 0,
    ) -> int | None:
        """The reader's digest of ``period`` (ending at their slot), the articles it reached
        (adding one it reached before fails), a pending delivery to ``to`` (None: not sent),
        and their mark moved on: their last slot, the last main digest made (this runs under
        the digest lock), the last edit it was made with (``last_update``). None, and nothing
        written, if their digest of that slot exists."""

    @abstractmethod
    def mark_reader_delivery(  # fmt: skip
        self, delivery_id: int, status: str, error: str | None, next_attempt: datetime,
        sent_at: datetime | None,
    ) -> None:
        """A reader digest's delivery: its new status after one more attempt."""
