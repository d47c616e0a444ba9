"""What any store remembers of the saved pages it read: part of the store's interface
(``interface.Queries`` and ``UnitOfWork`` inherit these), kept apart so that each file stays
readable. Both backends answer in ``store.articles``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from monitor.records import FileStamp


class FileQueries(ABC):
    @abstractmethod
    def file_stamp(self, path: str) -> FileStamp | None:
        """How ``path`` was when last read (size, mtime, sha256); None if never read."""

    @abstractmethod
    def file_publications(self) -> dict[str, str]:
        """The publication each saved page names itself, by its path (pages that name one)."""


class FileUnit(ABC):
    @abstractmethod
    def record_file(
        self, path: str, stamp: FileStamp, now: datetime, publication: str | None = None
    ) -> None:
        """Remember that ``path`` was read as ``stamp``, and the publication it names (None
        keeps the one remembered)."""
