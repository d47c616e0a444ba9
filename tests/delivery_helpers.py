"""Shared set-up for the delivery tests: a config for local channels and a store with articles."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from paths import ROOT

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

#: ``python tests/crashing_delivery.py before-send|after-send ARGS``: monitor killed at a send.
CRASHING = ROOT / "tests" / "crashing_delivery.py"

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


def run_monitor(config: Path, state: Path, *argv: str, crash: str | None = None):
    """``python -m monitor ARGV`` in a real process; with ``crash``, killed (SIGKILL) just
    ``before-send`` or ``after-send`` of an SMTP message."""
    prefix = [str(CRASHING), crash] if crash else ["-m", "monitor"]
    command = [sys.executable, *prefix, "--config", str(config), "--state-dir", str(state), *argv]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)
