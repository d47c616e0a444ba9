"""``monitor status`` [io]: read a ``Snapshot`` from the store, the lock and the config, and
print it as one screen or one JSON object. The problems are decided in ``ops.problems``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from monitor.config.load import Config
from monitor.digest.schedule import parse_schedule, parse_timezone
from monitor.names import printable, storable
from monitor.ops.problems import Daemon, Problem, Snapshot
from monitor.records import FAILED, PENDING, FeedState
from monitor.sources.feeds.policy import health
from monitor.store.interface import Storage
from monitor.store.lock import holder

HEALTH_WORDS = ("ok", "degraded", "failing", "gone", "new")


def snapshot(
    store: Storage,
    config: Config,
    state_dir: Path | None,
    now: datetime,
    feeds: Sequence[FeedState],
) -> Snapshot:
    held = holder(state_dir) if state_dir is not None else None
    digest = config.digest
    return Snapshot(
        now=now,
        store=store.info(),
        articles=store.article_count(),
        daemon=Daemon(held is not None, held.pid, held.since) if held else Daemon(False),
        scheduled=digest.scheduled,
        schedule=parse_schedule(digest.schedule, parse_timezone(digest.timezone)),
        last_digest=store.last_digest_end(),
        deliveries=[*store.deliveries(), *store.reader_slot_deliveries()],
        feeds=tuple(feeds),
        folders={str(p): store.last_file_read(storable(p)) for p in config.seeds.paths},
    )


def feed_health(feeds: Sequence[FeedState]) -> dict[str, int]:
    return {word: sum(health(f) == word for f in feeds) for word in HEALTH_WORDS}


def delivery_states(snap: Snapshot) -> dict[str, int]:
    return {s: sum(d.status == s for d in snap.deliveries) for s in (PENDING, FAILED)}


def as_json(snap: Snapshot, found: Sequence[Problem]) -> dict[str, object]:
    return {
        "store": {"kind": snap.store.kind, "location": snap.store.location,
                  "size": snap.store.size, "articles": snap.articles},
        "daemon": {"running": snap.daemon.running, "pid": snap.daemon.pid,
                   "since": snap.daemon.since},
        "sources": [{"source": name, "last_ingest": _iso(when)} for name, when in _sources(snap)],
        "digest": {"schedule": snap.schedule.describe(), "last": _iso(snap.last_digest),
                   "next": _iso(snap.next_digest)},
        "deliveries": delivery_states(snap),
        "feeds": feed_health(snap.feeds),
        "problems": [{"what": p.what, "todo": p.todo} for p in found],
    }  # fmt: skip


def as_text(snap: Snapshot, found: Sequence[Problem]) -> list[str]:
    daemon = snap.daemon
    running = f"running, pid {daemon.pid}, since {daemon.since}" if daemon.running else "stopped"
    feeds = feed_health(snap.feeds)
    deliveries = delivery_states(snap)
    lines = [
        f"store:      {snap.store.kind} {snap.store.location}, {_size(snap.store.size)},"
        f" {snap.articles} article(s)",
        f"daemon:     {running}",
        f"digest:     {snap.schedule.describe()}; last {_when(snap.last_digest)},"
        f" next {_when(snap.next_digest)}",
        f"deliveries: {deliveries[PENDING]} pending, {deliveries[FAILED]} failed",
        "feeds:      " + (", ".join(f"{n} {w}" for w, n in feeds.items() if n) or "none"),
        "last ingest:",
        *(f"  {_when(when):<20}  {printable(name)}" for name, when in _sources(snap)),
    ]
    if not found:
        return [*lines, "problems:   none"]
    lines.append(f"problems:   {len(found)}")
    for problem in found:
        lines += [f"  - {printable(problem.what)}", f"    what to do: {problem.todo}"]
    return lines


def _sources(snap: Snapshot) -> list[tuple[str, datetime | None]]:
    feeds = [(f.name or f.url, f.last_success) for f in snap.feeds]
    return [*snap.folders.items(), *feeds]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M %Z}" if moment else "never"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    scaled, unit = size / 1024, "KiB"
    for bigger in ("MiB", "GiB"):
        if scaled >= 1024:
            scaled, unit = scaled / 1024, bigger
    return f"{scaled:.1f} {unit}"
