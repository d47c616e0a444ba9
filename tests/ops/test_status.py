"""``monitor status``: the problems decided from values, and the command on real state
directories (a real lock held, real failed deliveries and feeds in a real store)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from monitor.cli.main import main
from monitor.config.load import FeedConfig
from monitor.digest.schedule import parse_schedule
from monitor.errors import ExitCode
from monitor.ops.problems import FAILING_AFTER, Daemon, Snapshot, problems
from monitor.records import Bodies, Delivery, FeedState, StoreInfo, Target
from monitor.store.lock import StateLock
from monitor.store.sqlite import Store

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
DAILY = parse_schedule("daily 07:00", ZoneInfo("UTC"))


def calm(**changes: object) -> Snapshot:
    """A snapshot with nothing wrong: the daemon runs, the digest of 07:00 went out."""
    snap = Snapshot(
        now=NOW, store=StoreInfo("sqlite", "x", 1), articles=3, daemon=Daemon(True, 42, "then"),
        scheduled=True, schedule=DAILY, last_digest=NOW.replace(hour=7), deliveries=(),
        feeds=(FeedState("u", "u", last_success=NOW),), folders={},
    )  # fmt: skip
    return replace(snap, **changes)


def delivery(digest_id: int, status: str, target: str = "a@example.org") -> Delivery:
    return Delivery(digest_id, digest_id, "email", target, status, 1, "refused", NOW, None)


def test_a_calm_snapshot_has_no_problem():
    assert problems(calm()) == []
    assert problems(calm(daemon=Daemon(False), scheduled=False)) == []


def test_the_daemon_down_while_a_schedule_is_set_is_a_problem():
    [problem] = problems(calm(daemon=Daemon(False)))
    assert "not running" in problem.what and "systemctl start monitor" in problem.todo


def test_a_digest_overdue_by_more_than_one_slot_is_a_problem():
    one_slot_late = calm(last_digest=NOW - timedelta(days=1, hours=2))  # yesterday 07:00
    assert problems(one_slot_late) == []  # today's slot is due: the daemon has time to make it
    [problem] = problems(calm(last_digest=NOW - timedelta(days=2, hours=2)))
    assert "overdue" in problem.what and "monitor digest --deliver" in problem.todo


def test_a_delivery_failed_for_good_is_a_problem_until_a_later_one_to_it_is_sent():
    [problem] = problems(calm(deliveries=(delivery(1, "failed"), delivery(2, "pending"))))
    assert "digest 1" in problem.what and "refused" in problem.what
    assert problems(calm(deliveries=(delivery(1, "failed"), delivery(2, "sent")))) == []
    other = delivery(2, "sent", "b@example.org")
    assert len(problems(calm(deliveries=(delivery(1, "failed"), other)))) == 1


def test_a_feed_is_a_problem_once_failing_past_the_threshold_or_gone():
    failing = FeedState("u", "u", failures=FAILING_AFTER - 1, last_error="HTTP 503")
    assert problems(calm(feeds=(failing,))) == []
    [problem] = problems(calm(feeds=(replace(failing, failures=FAILING_AFTER),)))
    assert "HTTP 503" in problem.what
    [gone] = problems(calm(feeds=(FeedState("u", "u", gone=True),)))
    assert "remove it" in gone.todo


# --- the command ---------------------------------------------------------------------------


def config(tmp_path, digest: str = "") -> str:
    path = tmp_path / "monitor.toml"
    path.write_text(f"feeds = []\n[seeds]\npaths = []\n{digest}", encoding="utf-8")
    return str(path)


def status(capsys, tmp_path, conf: str, *extra: str) -> tuple[int, str]:
    code = main(["status", "--config", conf, "--state-dir", str(tmp_path / "state"), *extra])
    return code, capsys.readouterr().out


def test_status_of_a_new_store_without_a_schedule_is_calm(tmp_path, capsys):
    code, out = status(capsys, tmp_path, config(tmp_path))
    assert code == ExitCode.OK, out
    assert "daemon:     stopped" in out and "problems:   none" in out
    assert "sqlite" in out and "0 article(s)" in out


def test_status_exits_4_while_the_scheduled_daemon_is_down_and_0_while_it_runs(tmp_path, capsys):
    conf = config(tmp_path, "[digest]\nschedule = 'every 6h'\n")
    code, out = status(capsys, tmp_path, conf, "--json")
    assert code == ExitCode.PARTIAL
    report = json.loads(out)
    assert report["daemon"]["running"] is False
    assert "not running" in report["problems"][0]["what"]
    with StateLock.acquire(tmp_path / "state", NOW):
        code, out = status(capsys, tmp_path, conf, "--json")
    report = json.loads(out)
    assert code == ExitCode.OK and report["problems"] == []
    assert report["daemon"]["since"] == "2026-11-29 09:00:00 UTC"
    assert report["daemon"]["pid"] > 0


def test_status_names_a_failed_delivery_and_a_failing_feed(tmp_path, capsys):
    conf = config(tmp_path)
    url = "http://127.0.0.1:9/feed"
    store = Store.open(tmp_path / "state")
    with store.transaction() as tx:
        tx.sync_feeds([FeedConfig(url)], "import")
        tx.save_feed(FeedState(url, url, failures=5, last_error="connection refused"))
        digest_id = tx.add_digest(None, NOW, [], NOW)
        assert digest_id is not None
        bodies = Bodies("s", 0, "h", "m", "t")
        tx.add_outbox(digest_id, bodies, "<id@x>", [Target("email", "a@example.org")], NOW)
        [pending] = tx.deliveries()
        tx.mark_delivery(pending.id, "failed", "550 no such user", NOW, None)
    store.close()
    code, out = status(capsys, tmp_path, conf)
    assert code == ExitCode.PARTIAL
    assert "1 failing" in out and "connection refused" in out and "what to do:" in out
    assert "0 pending, 1 failed" in out and "550 no such user" in out
