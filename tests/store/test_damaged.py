"""Damaged state is detected, not extended: a real SQLite file, damaged as a disk would.

Description: a store of some hundreds of articles has a few 4 KiB pages in the middle of its
file overwritten; rows are given values that cannot be decoded; the file is made read-only.
Expect: exit 6 with one clear line and what to do, no traceback, nothing written into a damaged
file; a row that cannot be decoded is one log line and the command goes on.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.analysis.analyser import Analyser
from monitor.config.load import Config, SeedsConfig
from monitor.errors import ExitCode, StateError
from monitor.identity.match import Matcher
from monitor.ingest.folders import ingest
from monitor.models import OTHER_ONLY, Analysis, Article, Identity
from monitor.records import FileStamp
from monitor.store import sqlite
from monitor.store.interface import DamagedStore, ReadOnlyStore, StoreFull
from monitor.store.lock import StateLock
from monitor.store.salvage import salvage
from monitor.store.sqlite import DB_NAME, Store

NOW = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
PAGE = 4096


def fill(state: Path, count: int = 400) -> Path:
    """A store of ``count`` made-up articles of about 2 KB each; returns its file."""
    rng = random.Random(20261201)
    words = [f"w{n:03d}" for n in range(600)]
    store = Store.open(state)
    with store.transaction() as tx:
        for n in range(count):
            text = " ".join(rng.choice(words) for _ in range(400))
            article = Article(title=f"Report {n}", text=text, source=f"p{n}.txt", layout="text")
            analysis = Analysis(Identity(None, None, f"fp-{n}"), ("One.",), OTHER_ONLY)
            tx.add_article(article, analysis, NOW)
    store.close()
    return state / DB_NAME


def damage(path: Path, pages: int = 3) -> None:
    """Overwrite a few pages in the middle of the file with noise."""
    rng = random.Random(16)
    middle = path.stat().st_size // PAGE // 2
    with path.open("r+b") as file:
        for k in range(pages):
            file.seek((middle + 7 * k) * PAGE)
            file.write(rng.randbytes(PAGE))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def monitor(cwd: Path, state: Path, *argv: str, prefix: list[str] | None = None):
    env = {k: v for k, v in os.environ.items() if k != "MONITOR_CONFIG"}
    command = [*(prefix or []), sys.executable, "-m", "monitor", "--state-dir", str(state), *argv]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def commands(seeds: Path) -> list[list[str]]:
    return [
        ["articles"],
        ["digest", "--preview", "--no-feeds", "--seeds", str(seeds)],
        ["ingest", "--no-feeds", "--seeds", str(seeds)],
    ]


def test_damaged_pages_are_exit_6_for_every_command_and_nothing_is_written(tmp_path, own_pages):
    state = tmp_path / "state"
    path = fill(state)
    assert path.stat().st_size > 100 * PAGE
    damage(path)
    before = digest(path)
    for argv in commands(own_pages):
        done = monitor(tmp_path, state, *argv)
        assert done.returncode == ExitCode.STATE, (argv, done.stderr)
        assert "Traceback" not in done.stderr
        assert "is damaged" in done.stderr and "hint: restore it" in done.stderr, done.stderr
        assert digest(path) == before, argv  # not one byte written into it


def test_a_file_that_is_not_a_database_is_damaged(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"not a database at all\n" * 500)
    with pytest.raises(DamagedStore) as raised:
        Store.open(tmp_path)
    assert raised.value.exit_code == ExitCode.STATE


def test_a_big_file_is_checked_in_full_on_demand_and_then_never_written(tmp_path, monkeypatch):
    path = fill(tmp_path)
    damage(path)
    monkeypatch.setattr(sqlite, "CHECK_BUDGET", 0.0)  # as if the file were too big to check
    monkeypatch.setattr(sqlite, "CHECK_STEPS", 1)
    store = Store.open(tmp_path)  # the check at open ran out of time: no sign of damage yet
    problems = store.check()
    assert problems and all(isinstance(p, str) for p in problems)
    with pytest.raises(DamagedStore, match="is damaged"), store.transaction():
        pass
    assert digest(path) == digest(path)


def test_rows_that_cannot_be_decoded_are_one_line_each_and_left_out(tmp_path, own_pages):
    state = tmp_path / "state"
    path = fill(state, count=5)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE articles SET published = 'the day before' WHERE id = 1")
        db.execute("UPDATE articles SET summary = '[not json' WHERE id = 2")
        db.execute("UPDATE articles SET title = CAST(x'ff41' AS TEXT) WHERE id = 3")
        db.execute("UPDATE articles SET primary_region = 'atlantis' WHERE id = 4")
    done = monitor(tmp_path, state, "articles")
    assert done.returncode == ExitCode.OK, done.stderr
    assert "Report 4" in done.stdout and "Report 0" not in done.stdout
    errors = [line for line in done.stderr.splitlines() if "cannot be read" in line]
    assert len(errors) == 4 and "Traceback" not in done.stderr, done.stderr
    done = monitor(tmp_path, state, "digest", "--preview", "--no-feeds", "--seeds", str(own_pages))
    assert done.returncode == ExitCode.OK and "Traceback" not in done.stderr, done.stderr


def test_a_store_opened_read_only_refuses_writes_with_exit_6(tmp_path):
    fill(tmp_path, count=3)
    store = Store.open(tmp_path, uri_mode="ro")
    assert len(store.articles()) == 3  # reading works
    with (
        pytest.raises(ReadOnlyStore, match="cannot be written") as raised,
        store.transaction() as tx,
    ):
        tx.record_file("x", FileStamp(1, 1, "x"), NOW)
    assert raised.value.exit_code == ExitCode.STATE


def test_a_read_only_database_file_is_exit_6_for_ingest(tmp_path, own_pages):
    """Root may write any file: as root, the command runs without that capability."""
    state = tmp_path / "state"
    path = fill(state, count=3)
    path.chmod(0o444)
    done = monitor(tmp_path, state, "ingest", "--no-feeds", "--seeds", str(own_pages),
                   prefix=_respecting_file_modes())
    assert done.returncode == ExitCode.STATE, done.stderr
    assert "cannot be written" in done.stderr and "Traceback" not in done.stderr


def _respecting_file_modes() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv (util-linux) is needed to run as root but respecting file modes")
    dropped = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={dropped}", f"--bounding-set={dropped}", "--"]


def test_a_full_disk_while_taking_the_lock_is_exit_6(tmp_path, monkeypatch):
    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "pwrite", full)
    with pytest.raises(StateError, match="No space left") as raised:
        StateLock.acquire(tmp_path, NOW)
    assert raised.value.exit_code == ExitCode.STATE
    monkeypatch.undo()
    StateLock.acquire(tmp_path, NOW).release()  # the failed attempt left no lock behind


def test_a_full_disk_ends_the_ingest_with_one_line_not_one_per_page(tmp_path, own_pages):
    store = Store.open(tmp_path / "state")
    (pages,) = store.conn.one("PRAGMA page_count") or (0,)
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: as a full disk
    config = Config(feeds=(), seeds=SeedsConfig(paths=(own_pages,)))
    with pytest.raises(StoreFull, match="the disk is full") as raised:
        ingest(store, config, Analyser(config), lambda: NOW)
    assert raised.value.exit_code == ExitCode.STATE  # at the first page that did not fit


def test_salvage_copies_every_readable_article_into_a_sound_new_store(tmp_path):
    path = fill(tmp_path / "old")
    db = sqlite3.connect(path)
    db.execute("UPDATE articles SET guid = 'g-' || id")
    db.commit()
    db.close()  # the last connection: the file holds it all, none of it is left in the WAL
    store = Store.open(tmp_path / "old")
    digest_id = store.record_digest(None, NOW, [1, 2, 3], NOW)
    store.close()
    damage(path)
    before = digest(path)
    report = salvage(tmp_path / "old", tmp_path / "new")
    assert digest(path) == before  # only read
    assert 300 < report.copied["articles"] < 400 and report.lost["articles"] > 0
    assert report.line().startswith("Salvaged")
    new = Store.open(tmp_path / "new")
    assert new.check() == []
    stored = new.articles()
    assert len(stored) == report.copied["articles"]
    assert {a.digest_id for a in stored if a.id <= 3} == {digest_id}  # digested stays digested
    kept = stored[-1]
    probe = Identity(f"g-{kept.id}", None, "other")
    assert Matcher().find(new, probe).article_id == kept.id  # its keys are made again
    with pytest.raises(StateError, match="exists already"):
        salvage(tmp_path / "old", tmp_path / "new")


def test_salvage_reads_a_store_made_by_an_earlier_version(tmp_path):
    """A store from before the last migrations (no ``articles.words`` column, no reader
    tables): every article is salvaged, the columns added since take their defaults."""
    path = fill(tmp_path / "old", count=50)
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE articles DROP COLUMN words")
    for table in ("reader_deliveries", "reader_articles", "reader_slots", "readers"):
        db.execute(f"DROP TABLE {table}")
    db.execute("PRAGMA user_version = 7")
    db.commit()
    db.close()
    report = salvage(tmp_path / "old", tmp_path / "new")
    assert report.copied["articles"] == 50 and report.lost["articles"] == 0
    assert report.copied["readers"] == report.lost["readers"] == 0
    new = Store.open(tmp_path / "new")
    assert new.check() == [] and len(new.articles()) == 50
    assert all(article.words is None for article in new.articles())  # counted by a digest
    new.close()
