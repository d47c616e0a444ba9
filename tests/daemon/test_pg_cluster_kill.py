"""A cluster on one PostgreSQL: three ingest workers (each its own state folder, as on three
hosts) and one digest process, the realistic feeds on a server on 127.0.0.1 and the seed pages
in a folder all three read. The worker that fetches first is killed (SIGKILL) while its feeds
are in flight (the server holds its replies); its feed leases end (``[store] lease``, short
here) and another worker's next pass polls them. At the end every article is stored once and
is in exactly one digest, and each mail arrived at most twice, with the same Message-ID.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from feedserver import FeedServer, Reply
from mailserver import smtp_server
from processes import kill_group, monitor_group, stop_and_reap, wait_for_line
from store_helpers import sql

from monitor.store.postgres.store import PgStore

WORKERS = 3
LEASE = 2  # seconds: [store] lease
SECONDS = 120  # at most, for any one wait (a busy machine is slow)
GOLDEN = Path(__file__).parents[1] / "data" / "golden_articles.json"


def _feeds(server: FeedServer, realistic: Path, first: dict[str, str], held: threading.Event):
    """The realistic feeds' URLs; the replies to whichever worker asks first are held until
    ``held`` is set (that worker is killed meanwhile)."""

    def holding(body: bytes) -> Callable[[Mapping[str, str]], Reply]:
        def reply(headers: Mapping[str, str]) -> Reply:
            agent = first.setdefault("agent", headers.get("user-agent", ""))
            if headers.get("user-agent") == agent:
                held.wait(SECONDS)
            return Reply(200, {}, body)

        return reply

    urls = []
    for name in ("central-asia", "south-asia", "middle-east"):
        body = (realistic / "magazine" / f"{name}.rss").read_bytes()
        urls.append(server.route(f"/category/{name}/feed/", holding(body)))
    blog = (realistic / "blog" / "tag-central-asia.rss").read_bytes()
    blog = blog.replace(b"https://fieldnotes.example", server.base.encode())
    urls.append(server.route("/tag/central-asia/feed/", holding(blog)))
    return urls


def _config(path: Path, agent: str, urls: list[str], seeds: Path, port: int) -> Path:
    lines = [
        f"[seeds]\npaths = [{str(seeds)!r}]", "[summary]\nworkers = 1",
        f"[fetch]\nallow_private = true\ntimeout = 5\ndeadline = 10\nuser_agent = {agent!r}",
        f"[store]\nlease = {LEASE}", "[digest]\nschedule = 'every 1h'",
        f"[output]\ndir = {str(path.parent / 'site')!r}",
        f"[email]\nhost = '127.0.0.1'\nport = {port}\nfrom = 'monitor@example.org'\n"
        "to = ['desk@example.org']",
    ]  # fmt: skip
    lines += [f"[[feeds]]\nurl = {url!r}" for url in urls]
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _once(config: Path, state: Path, *argv: str) -> str:
    """A one-shot command (another worker's pass, a digest by hand); its output."""
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "--state-dir", str(state),
         *argv],
        capture_output=True, text=True, timeout=SECONDS, check=False, env=os.environ,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def _wait_for_leases(url: str) -> None:
    """Until the killed worker's feed leases have ended (they end at a known time)."""
    store = PgStore.open(url)
    (until,), *_ = sql(store, "SELECT max(lease_until) FROM feeds")
    store.close()
    left = (datetime.fromisoformat(until) - datetime.now(UTC)).total_seconds()
    time.sleep(max(0.0, left) + 0.2)


def test_three_workers_one_killed_and_a_digest_process_store_and_send_each_article_once(
    tmp_path, pg_url, monkeypatch, realistic_dir, seeds_dir
):
    monkeypatch.setenv("MONITOR_STORE_URL", pg_url)
    first: dict[str, str] = {}
    held = threading.Event()
    processes: list[subprocess.Popen] = []
    with FeedServer() as server, smtp_server() as (port, mailbox):
        urls = _feeds(server, realistic_dir, first, held)
        configs = [
            _config(tmp_path / f"host{n}" / "monitor.toml", f"worker-{n}", urls, seeds_dir, port)
            for n in range(WORKERS + 1)  # the last one: the digest process's host
        ]
        argv = [("--config", str(c), "--state-dir", str(c.parent / "state")) for c in configs]
        try:
            workers = [monitor_group(*a, "run", "--role", "ingest") for a in argv[:WORKERS]]
            processes += workers
            deadline = time.monotonic() + SECONDS
            while "agent" not in first:
                assert time.monotonic() < deadline, "no worker fetched a feed"
                time.sleep(0.05)
            victim = int(first["agent"].rsplit("-", 1)[1])
            kill_group(workers[victim])  # its feeds in flight, leased
            held.set()
            survivors = [w for n, w in enumerate(workers) if n != victim]
            for worker in survivors:
                wait_for_line(worker, "Polled", SECONDS)  # each finished its first pass
            digester = monitor_group(*argv[WORKERS], "run", "--role", "digest")
            processes.append(digester)
            wait_for_line(digester, "Deliveries:", SECONDS)  # the slot's digest of what is in
            _wait_for_leases(pg_url)
            finisher = (victim + 1) % WORKERS  # a survivor's next pass
            assert "Polled 4 of 4" in _once(configs[finisher], configs[finisher].parent / "state",
                                            "ingest")  # fmt: skip
            _once(configs[WORKERS], tmp_path / "by-hand", "digest", "--deliver", "--no-feeds")
            for process in (*survivors, digester):
                process.send_signal(signal.SIGTERM)
                wait_for_line(process, "monitor stopped", SECONDS)
                assert process.wait(timeout=SECONDS) == 0
        finally:
            held.set()
            for process in processes:
                kill_group(process)
                stop_and_reap(process)
        message_ids = mailbox.message_ids()
    _check_store(pg_url, realistic_dir, message_ids)


def _check_store(url: str, realistic: Path, message_ids: list[str]) -> None:
    store = PgStore.open(url)
    articles = store.articles()
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    seeds = sum(all(s.startswith("SEEDS") for s in record["sources"]) for record in golden)
    truth = json.loads((realistic / "expected.json").read_text(encoding="utf-8"))
    assert len(articles) == seeds + truth["unique_articles_v1_snapshot"]  # each stored once
    doubled = "SELECT value FROM article_keys GROUP BY value HAVING count(DISTINCT article_id) > 1"
    assert sql(store, doubled) == []
    undigested = "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM digest_articles)"
    assert sql(store, undigested) == []  # and in one digest at most: article_id is UNIQUE there
    mails = sql(store, "SELECT r.message_id, d.status FROM deliveries d JOIN digest_renders r"
                       " ON r.digest_id = d.digest_id WHERE d.channel = 'email'")  # fmt: skip
    store.close()
    assert mails and all(status == "sent" for _, status in mails)
    assert set(message_ids) == {message_id for message_id, _ in mails}
    assert max(Counter(message_ids).values()) <= 2
