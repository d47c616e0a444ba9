"""PostgreSQL restarted in the middle of a run: ``monitor run --role ingest`` is polling feeds
from a server on 127.0.0.1 when the cluster is stopped and started again (``pg_ctl -m fast``:
the server ends every connection). The worker connects again with a doubling wait and goes on:
every article is stored once, and the outage is one log line, its end another.

The cluster is this test's own (``own_cluster``: restarting the session's would cut the other
tests off).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from feedserver import FeedServer, Reply
from invented_feeds import invented_feed
from processes import kill_group, monitor_group, wait_for_line

from monitor.store.postgres.store import PgStore

FEEDS, POSTS = 24, 3
RESTART_AFTER = 6  # feeds fetched before the database is restarted
SECONDS = 120  # at most, for any one wait (a busy machine is slow)


def _config(path: Path, urls: list[str]) -> Path:
    lines = [
        "[seeds]", "paths = []", "[summary]", "workers = 1",
        "[fetch]", "allow_private = true", "timeout = 5", "deadline = 10", "workers = 2",
    ]  # fmt: skip
    for url in urls:
        lines += ["[[feeds]]", f'url = "{url}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _wait_for_requests(server: FeedServer, count: int) -> None:
    deadline = time.monotonic() + SECONDS
    while len(server.requests) < count:
        assert time.monotonic() < deadline, f"only {len(server.requests)} feeds fetched"
        time.sleep(0.05)


def test_a_worker_goes_on_through_a_database_restart_and_stores_each_article_once(
    tmp_path, own_cluster
):
    url = own_cluster.create_database()
    titles: list[str] = []
    with FeedServer() as server:
        urls = []
        for n in range(FEEDS):
            body, posts = invented_feed(n, POSTS)
            urls.append(server.route(f"/feed/{n}", Reply(200, {}, body, delay=0.25)))
            titles += [post.title for post in posts]
        config = _config(tmp_path / "monitor.toml", urls)
        env = {**os.environ, "MONITOR_STORE_URL": url}
        argv = ("--config", str(config), "--state-dir", str(tmp_path / "state"))
        worker = monitor_group(*argv, "run", "--role", "ingest", env=env)
        try:
            _wait_for_requests(server, RESTART_AFTER)
            own_cluster.stop_server()
            lines = wait_for_line(worker, "was lost", SECONDS)  # it tried while it was down
            own_cluster.start_server()
            lines += wait_for_line(worker, "Polled", SECONDS)
            worker.send_signal(signal.SIGTERM)
            lines += wait_for_line(worker, "monitor stopped", SECONDS)
            assert worker.wait(timeout=SECONDS) == 0
        finally:
            kill_group(worker)
            worker.stderr.close()
    log = "".join(lines)
    assert sum("was lost" in line for line in lines) == 1, log
    assert sum("is back" in line for line in lines) == 1, log
    assert "Traceback" not in log and "cannot store" not in log, log
    assert f"Polled {FEEDS} of {FEEDS} feed(s) ({FEEDS} ok" in log, log
    store = PgStore.open(url)
    stored = store.articles()
    store.close()
    assert sorted(article.title for article in stored) == sorted(titles)  # each once
