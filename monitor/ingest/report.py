"""What one ingest pass did (a value: light to import, for the app and the command line)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.ingest.feeds import FeedsReport

__all__ = ["IngestReport"]


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did: folder counts, feed counts, and how many sources failed."""

    lines: tuple[str, ...]
    articles_new: int
    sources_failed: int
    pages_new: int = 0
    feeds: FeedsReport | None = None  # None: no feed polled
