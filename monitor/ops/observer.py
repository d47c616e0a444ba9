"""What the app tells about its jobs as they end (pure: it keeps nothing).

``Monitor`` calls an ``Observer`` after each ingest, digest and delivery pass; this base class
forgets it all, so a one-shot command without ``[metrics]`` pays nothing. ``ops.metrics.Metrics``
keeps it as Prometheus metrics (and imports ``prometheus_client``, which light commands do not).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.ingest.feeds import FeedsReport
    from monitor.store.interface import Queries


class Observer:
    def ingested(
        self, pages_new: int, feeds: FeedsReport | None, seconds: float, now: datetime
    ) -> None:
        """An ingest pass finished at ``now`` after ``seconds``."""

    def digest_made(self, now: datetime) -> None:
        """A digest was recorded at ``now``."""

    def refresh(self, store: Queries) -> None:
        """Read again what the store holds (articles per region, digests, deliveries)."""

    def last_ingest(self) -> datetime | None:
        """When the last ingest pass of this process finished, if one did."""
        return None
