"""Is monitor healthy? (pure: values in, a verdict out). ``/healthz`` answers 200 or 503 with
it, and the systemd watchdog is fed only while it holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

#: An ingest is recent while younger than this many ``[digest] ingest_every`` periods.
STALE_PERIODS = 3


@dataclass(frozen=True)
class Health:
    ok: bool
    reason: str


def health(
    store_problem: str | None,
    last_ingest: datetime | None,
    ingest_every: int,
    now: datetime,
    started: datetime,
) -> Health:
    """Healthy when the store answers and the last ingest finished recently (or, before the
    first one, the process started recently)."""
    if store_problem is not None:
        return Health(False, f"the store does not answer: {store_problem}")
    limit = timedelta(minutes=ingest_every * STALE_PERIODS)
    if last_ingest is None:
        if now - started <= limit:
            return Health(True, "starting: no ingest has finished yet")
        return Health(False, f"no ingest has finished since the start ({limit} ago or more)")
    age = now - last_ingest
    if age > limit:
        minutes = int(age.total_seconds() // 60)
        return Health(False, f"the last ingest finished {minutes} minute(s) ago (limit {limit})")
    return Health(True, f"ok: last ingest {last_ingest:%Y-%m-%d %H:%M:%S %Z}")
