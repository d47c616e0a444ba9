"""``monitor run`` as a real process: the lock, catch-up on start, SIGTERM; the jobs in-process."""

import logging
import os
import queue
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from delivery_helpers import NOW, delivery_config, ingested_store
from processes import monitor, stop_and_reap, terminate, wait_for_line

from monitor.app import Monitor
from monitor.daemon import scheduler as daemon
from monitor.delivery import outbox
from monitor.errors import ExitCode, LockedError
from monitor.store.lock import StateLock
from monitor.store.sqlite import Store


def test_a_second_instance_exits_locked_naming_the_first(tmp_path):
    state = tmp_path / "state"
    with StateLock.acquire(state, NOW):
        second = subprocess.run(
            [sys.executable, "-m", "monitor", "run", "--state-dir", str(state)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert second.returncode == ExitCode.LOCKED
    assert f"pid {os.getpid()}" in second.stderr and "2026-11-29 07:00:00" in second.stderr
    with StateLock.acquire(state, NOW):  # released by the first holder: free again
        pass


def test_the_lock_is_per_state_directory(tmp_path):
    with (
        StateLock.acquire(tmp_path / "a", NOW),
        StateLock.acquire(tmp_path / "b", NOW),
        pytest.raises(LockedError, match="another monitor is running"),
    ):
        StateLock.acquire(tmp_path / "a", NOW)


def test_run_catches_up_locks_and_stops_on_sigterm(tmp_path, own_pages):
    out = tmp_path / "site"
    config = tmp_path / "monitor.toml"
    config.write_text(
        f"feeds = []\n[seeds]\npaths = [{str(own_pages)!r}]\n"
        f"[digest]\nschedule = 'daily 07:00'\n[output]\ndir = {str(out)!r}\n",
        encoding="utf-8",
    )
    state = str(tmp_path / "state")
    daemon = monitor("run", "--config", str(config), "--state-dir", state)
    try:
        started = wait_for_line(daemon, "next digest at")
        assert (out / "index.html").is_file(), started  # the missed slot was made on start
        second = monitor("run", "--config", str(config), "--state-dir", state)
        assert second.wait(timeout=60) == ExitCode.LOCKED
        assert f"pid {daemon.pid}" in second.stderr.read()
        second.stderr.close()
        assert terminate(daemon) == 0
    finally:
        stop_and_reap(daemon)


def test_jobs_digest_only_when_a_slot_is_due(tmp_path, own_pages):
    config = delivery_config(own_pages, out_dir=tmp_path / "site", schedule="daily 07:00")
    store = ingested_store(tmp_path / "state", config)
    clock = [NOW]  # 07:00 UTC is 12:00 in Tashkent: today's slot passed at 02:00 UTC
    monitor = Monitor(config, store, lambda: clock[0])
    first = monitor.digest_if_due()
    assert first is not None and monitor.digest_if_due() is None  # a double fire is harmless
    clock[0] = NOW + timedelta(hours=18)  # 01:00 UTC next day: before the next slot
    assert monitor.digest_if_due() is None
    clock[0] = NOW + timedelta(hours=19)
    assert monitor.digest_if_due() == first + 1
    ends = [d.period_end for d in reversed(outbox.digest_headers(store))]
    assert [f"{end:%Y-%m-%d %H:%M}" for end in ends] == ["2026-11-29 02:00", "2026-11-30 02:00"]
    assert all(d.status == "sent" for d in outbox.deliveries(store))


def test_sigterm_during_a_job_lets_it_finish_then_run_returns(tmp_path, own_pages, caplog):
    config = delivery_config(own_pages, out_dir=tmp_path / "site")
    store = Store.open(tmp_path / "state")
    monitor = Monitor(config, store, lambda: NOW)
    ingests = []
    digest_if_due = monitor.digest_if_due

    def catch_up():  # the SIGTERM arrives as the catch-up digest job starts
        os.kill(os.getpid(), signal.SIGTERM)
        return digest_if_due()

    monitor.digest_if_due = catch_up
    monitor.ingest_job = lambda: ingests.append(NOW)
    before = signal.getsignal(signal.SIGTERM)
    with caplog.at_level(logging.INFO, logger="monitor"):
        daemon.run(monitor)
    assert len(store.articles()) == 3 and len(outbox.digest_headers(store)) == 1  # it finished
    assert not ingests  # the ingest job after it did not start
    assert any("received SIGTERM" in r.getMessage() for r in caplog.records)
    assert signal.getsignal(signal.SIGTERM) is before


def test_scheduler_has_an_ingest_interval_with_jitter_and_the_slot_trigger(tmp_path, own_pages):
    config = delivery_config(own_pages, ingest_every=10, schedule="weekly fri 18:30")
    store = Store.open(tmp_path / "state")
    scheduler = daemon.build_scheduler(Monitor(config, store, lambda: NOW))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert jobs["ingest"].trigger.interval == timedelta(minutes=10)
    assert jobs["ingest"].trigger.jitter == 60
    assert str(jobs["digest"].trigger) == "slots[weekly fri 18:30 Asia/Tashkent]"


def test_the_scheduler_runs_one_job_at_a_time(tmp_path, own_pages):
    """Both jobs due at once: the second starts only after the first has returned."""
    monitor = Monitor(delivery_config(own_pages), Store.open(tmp_path / "state"), lambda: NOW)
    meeting = threading.Barrier(2, timeout=1)  # met only if both jobs run at the same time
    ran = queue.Queue()

    def job(name: str):
        def run() -> None:
            try:
                meeting.wait()
                ran.put((name, "together"))
            except threading.BrokenBarrierError:
                ran.put((name, "alone"))

        return run

    monitor.ingest_job, monitor.digest_if_due = job("ingest"), job("digest")
    scheduler = daemon.build_scheduler(monitor)
    scheduler.start(paused=True)
    for scheduled in scheduler.get_jobs():
        scheduled.modify(next_run_time=datetime.now(UTC))
    scheduler.resume()
    try:
        outcomes = sorted(ran.get(timeout=30) for _ in range(2))
    finally:
        scheduler.shutdown(wait=True)
    assert outcomes == [("digest", "alone"), ("ingest", "alone")]
