"""What an operator asks of any store (``monitor status``, the metrics, the alarm): part of the
store's interface (``interface.Queries`` and ``UnitOfWork`` inherit these), kept apart so that
each file stays readable. SQLite answers in ``store.stats``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from monitor.records import Incident, StoreInfo


class OperatorQueries(ABC):
    @abstractmethod
    def answers(self) -> str | None:
        """None when the database answers a trivial query, else why not. Called from another
        thread than the jobs' (``/healthz``): it must not use the store's own connection."""

    @abstractmethod
    def info(self) -> StoreInfo:
        """The store's kind, where it is, and its size in bytes."""

    @abstractmethod
    def article_count(self) -> int: ...

    @abstractmethod
    def digest_count(self) -> int: ...

    @abstractmethod
    def delivery_counts(self) -> dict[str, int]:
        """How many deliveries have each status (pending, sent, failed)."""

    @abstractmethod
    def region_counts(self) -> dict[str, int]:
        """How many stored articles have each primary region."""

    @abstractmethod
    def rule_counts(self) -> dict[str, int]:
        """How many sightings each identity rule made (the first one, and each duplicate)."""

    @abstractmethod
    def last_file_read(self, folder: str) -> datetime | None:
        """When a file under ``folder`` (a path prefix) was last read, if ever."""

    @abstractmethod
    def incidents(self) -> list[Incident]:
        """The alarm's open incidents ([alerts]), by kind."""


class IncidentUnit(ABC):
    """The alarm's incidents, written in a unit of work."""

    @abstractmethod
    def save_incident(self, incident: Incident) -> None:
        """Open an incident, or update its detail and whether its mail went out."""

    @abstractmethod
    def drop_incident(self, kind: str) -> None:
        """The incident is over (resolved): forget it."""
