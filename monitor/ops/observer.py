"""What the app tells about its jobs as they end (pure: it keeps nothing).

``Monitor`` calls an ``Observer`` after each ingest, digest and delivery pass; this base class
forgets it all, so a one-shot command without ``[metrics]`` pays nothing. ``ops.metrics.Metrics``
keeps it as Prometheus metrics (and imports ``prometheus_client``, which light commands do not).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.reports import IngestReport
    from monitor.store.interface import Queries


class Observer:
    def ingested(self, report: IngestReport, seconds: float, now: datetime, store: Queries) -> None:
        """An ingest pass finished at ``now`` after ``seconds``; ``store`` holds its articles."""

    def analysed(self, seconds: float) -> None:
        """One article was summarised and classified in ``seconds`` of CPU time."""

    def digest_made(self, now: datetime, store: Queries) -> None:
        """A digest was recorded at ``now`` in ``store``."""

    def refresh(self, store: Queries) -> None:
        """Read again what the store holds (articles per region, digests, deliveries)."""
