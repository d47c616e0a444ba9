"""Two ``monitor digest`` started at the same moment on one PostgreSQL, each with a state folder
of its own (as on two hosts): both ingest the same folder at once, then both make a digest.
Every article is stored once, and is in exactly one of the two digests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg


def _start(config: Path, state: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "MONITOR_STORE_URL": url}
    command = [sys.executable, "-m", "monitor", "--config", str(config), "--state-dir",
               str(state), "digest", "--no-feeds", "--out", f"{state}.md"]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip


def test_two_digests_at_once_share_no_article_and_leave_none_out(tmp_path, own_pages, pg_url):
    config = tmp_path / "monitor.toml"
    config.write_text(f"feeds = []\n[seeds]\npaths = [{str(own_pages)!r}]\n", encoding="utf-8")
    runs = [_start(config, tmp_path / f"host{n}", pg_url) for n in (1, 2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    with psycopg.connect(pg_url) as db:
        articles = db.execute("SELECT count(*), count(DISTINCT guid), count(DISTINCT title)"
                              " FROM articles").fetchone()  # fmt: skip
        members = db.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM digest_articles"
        ).fetchone()
        digests = db.execute("SELECT count(*) FROM digests").fetchone()
    assert articles is not None and articles[0] >= 2
    assert articles[0] == articles[2]  # each story stored once
    assert members == (articles[0], articles[0])  # each in exactly one digest
    assert digests == (2,)
