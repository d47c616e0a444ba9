"""Shared set-up for the delivery tests: a config for local channels and a store with articles."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from monitor.app import Clock, Monitor
from monitor.config.load import (
    Config,
    DigestConfig,
    EmailConfig,
    OutputConfig,
    SeedsConfig,
    SummaryConfig,
)
from monitor.store.sqlite import Store

NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)


def delivery_config(
    pages: Path,
    out_dir: Path | None = None,
    smtp_port: int | None = None,
    recipients: tuple[str, ...] = ("analyst@example.org",),
    **digest: object,
) -> Config:
    email = EmailConfig()
    if smtp_port is not None:
        email = EmailConfig(
            host="127.0.0.1", port=smtp_port, sender="monitor@example.org", recipients=recipients
        )
    return Config(
        feeds=(),
        seeds=SeedsConfig(paths=(pages,)),
        summary=SummaryConfig(workers=1),  # analysed in the test's process
        digest=replace(DigestConfig(timezone="Asia/Tashkent"), **digest),
        output=OutputConfig(dir=out_dir),
        email=email,
    )


def ingested_store(state_dir: Path, config: Config, clock: Clock = lambda: NOW) -> Store:
    """A store holding what ``monitor ingest`` reads with ``config`` (analysed in-process)."""
    store = Store.open(state_dir)
    Monitor(config, store, clock).ingest()  # no feeds, no worker process: nothing to close
    return store


def publish(
    store: Store, config: Config, now: datetime, slot: datetime | None = None
) -> int | None:
    """Record a digest as every command does (``Monitor.make_digest``); its id."""
    return Monitor(config, store, lambda: now).make_digest(period_end=slot).id
