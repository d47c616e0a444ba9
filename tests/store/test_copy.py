"""``monitor store copy``: SQLite → PostgreSQL → SQLite gives the same ``monitor articles
--json``, digests, deliveries and feeds included; a target that is not empty is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from monitor.errors import ExitCode


def _monitor(*args: str, config: Path, state: Path, url: str | None = None):
    env = {k: v for k, v in os.environ.items() if k != "MONITOR_STORE_URL"}
    if url:
        env["MONITOR_STORE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "--state-dir", str(state),
         *args],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip


def test_sqlite_to_postgresql_and_back_keeps_every_article(tmp_path, own_pages, pg_url):
    config = tmp_path / "monitor.toml"
    config.write_text(f"feeds = []\n[seeds]\npaths = [{str(own_pages)!r}]\n[output]\n"
                      f"dir = {str(tmp_path / 'site')!r}\n", encoding="utf-8")  # fmt: skip
    state = tmp_path / "state"
    assert _monitor("digest", "--no-feeds", "--out", str(tmp_path / "d.md"),
                    config=config, state=state).returncode == 0  # fmt: skip
    before = _monitor("articles", "--json", config=config, state=state).stdout
    first = f"sqlite:///{state}/monitor.sqlite3"
    back = f"sqlite:///{tmp_path}/back/monitor.sqlite3"
    for source, target in ((first, pg_url), (pg_url, back)):
        done = _monitor("store", "copy", "--from", source, "--to", target, config=config,
                        state=state)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "counts checked" in done.stdout
    on_pg = _monitor("articles", "--json", config=config, state=state, url=pg_url)
    again = _monitor("articles", "--json", config=config, state=tmp_path / "back")
    assert before.count("\n") >= 2
    assert on_pg.stdout == before
    assert again.stdout == before
    deliveries = _monitor("deliveries", config=config, state=tmp_path / "back")
    assert deliveries.stdout == _monitor("deliveries", config=config, state=state).stdout
    refused = _monitor("store", "copy", "--from", first, "--to", pg_url, config=config,
                       state=state)  # fmt: skip
    assert refused.returncode == ExitCode.STATE
    assert "not empty" in refused.stderr and len(refused.stderr.splitlines()) == 2


def test_a_bad_url_is_bad_input(tmp_path):
    done = _monitor("store", "copy", "--from", "mysql://x/y", "--to", "sqlite:///z.sqlite3",
                    config=tmp_path / "none.toml", state=tmp_path)  # fmt: skip
    assert done.returncode == ExitCode.INPUT
    assert "--from" in done.stderr
