"""``monitor run --role``: an ingest worker only reads sources; a digest process makes the
slot's digest from what the workers stored, and delivers; ``all`` does both."""

from __future__ import annotations

from delivery_helpers import NOW, delivery_config

from monitor.app import Monitor
from monitor.daemon import scheduler as daemon
from monitor.store.sqlite import Store


def _jobs(tmp_path, own_pages, role: str) -> set[str]:
    monitor = Monitor(delivery_config(own_pages), Store.open(tmp_path / role), lambda: NOW)
    return {job.id for job in daemon.build_scheduler(monitor, role).get_jobs()}


def test_each_role_schedules_its_own_jobs(tmp_path, own_pages):
    assert _jobs(tmp_path, own_pages, daemon.INGEST) == {"ingest"}
    assert _jobs(tmp_path, own_pages, daemon.DIGEST) == {"ingest", "digest"}
    assert _jobs(tmp_path, own_pages, daemon.ALL) == {"ingest", "digest"}


def test_a_digest_role_does_not_read_the_sources(tmp_path, own_pages):
    monitor = Monitor(delivery_config(own_pages), Store.open(tmp_path / "s"), lambda: NOW)
    every, slot = daemon.jobs(monitor, daemon.DIGEST)
    calls: list[str] = []
    monitor.ingest = lambda **_: calls.append("ingest")  # type: ignore[method-assign]
    slot()
    every()
    assert calls == []
    assert monitor.store.digest_headers()  # the due slot's digest was made all the same
