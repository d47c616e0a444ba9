"""Shared set-up for the delivery tests: a config for local channels and a store with articles."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from monitor.analysis.analyser import Analyser
from monitor.config.load import Config, DigestConfig, EmailConfig, OutputConfig, SeedsConfig
from monitor.ingest.folders import ingest
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
        digest=replace(DigestConfig(timezone="Asia/Tashkent"), **digest),
        output=OutputConfig(dir=out_dir),
        email=email,
    )


def ingested_store(state_dir: Path, config: Config) -> Store:
    store = Store.open(state_dir)
    ingest(store, config, Analyser(config), lambda: NOW)
    return store


def folder_reader(clock=lambda: NOW, calls: list | None = None):
    """What ``monitor run`` reads each tick, minus the feeds: the seeds folders."""

    def read_sources(store: Store, config: Config) -> int:
        if calls is not None:
            calls.append(clock())
        return ingest(store, config, Analyser(config), clock).sources_failed

    return read_sources
