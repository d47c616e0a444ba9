"""What the app's jobs return: an ingest pass's report, a digest as made (values, light to
import for the app and the command line)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.delivery.outbox import Bodies
    from monitor.digest.select import Digest
    from monitor.ingest.feeds import FeedsReport

__all__ = ["IngestReport", "MadeDigest"]


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did: folder counts, feed counts, and how many sources failed."""

    lines: tuple[str, ...]
    articles_new: int
    sources_failed: int
    pages_new: int = 0
    feeds: FeedsReport | None = None  # None: no feed polled


@dataclass(frozen=True)
class MadeDigest:
    """A digest as made: its id (None for a preview or a double fire), content and bodies."""

    id: int | None
    digest: Digest
    bodies: Bodies
