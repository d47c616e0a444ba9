"""Analysing in worker processes gives what analysing in this process gives; a worker that dies
loses nothing; ingest with workers stores what ingest without them stores."""

from __future__ import annotations

import logging
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from paths import SEEDS, require_shared

from monitor.analysis.analyser import Analyser, one_ahead
from monitor.config.load import Config, SeedsConfig
from monitor.ingest import folders as pipeline
from monitor.models import Article
from monitor.sources.pages import split as pages
from monitor.sources.sandbox import start_method
from monitor.store.sqlite import Store

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
CONFIG = Config(feeds=())


def _seed_articles() -> list[Article]:
    files = sorted(p for p in require_shared(SEEDS).glob("*") if p.is_file())
    return [a for f in files for a in pages.split_text(f.read_text(encoding="utf-8"), str(f))]


@pytest.fixture(scope="module")
def work():
    return [(article, Analyser.identify(article)) for article in _seed_articles()]


@pytest.fixture(scope="module")
def here(work):
    return Analyser(CONFIG).analyse_all(work)


def test_workers_started_by_the_fork_server_give_the_same_analyses(work, here):
    busy = threading.Event()
    other = threading.Thread(target=busy.wait)  # as in the daemon: another thread runs
    other.start()
    try:
        with Analyser(CONFIG, workers=2) as pooled:
            assert pooled.analyse_all(work) == here
            assert pooled.start_method == "forkserver"
            assert pooled.analyse_all(work[:1]) == here[:1]  # one article: analysed here
    finally:
        busy.set()
        other.join()
    assert len(here) >= 20 and all(here)


FORKED = """
import pickle, sys
from monitor.analysis.analyser import Analyser
from monitor.config.load import Config
work = pickle.load(sys.stdin.buffer)
with Analyser(Config(feeds=()), workers=2) as pooled:  # a command's start: one thread
    method = pooled.start_method
    pickle.dump((method, pooled.analyse_all(work)), sys.stdout.buffer)
"""


def test_workers_forked_by_a_single_threaded_command_give_the_same_analyses(work, here):
    done = subprocess.run(
        [sys.executable, "-c", FORKED], input=pickle.dumps(work), capture_output=True, check=True
    )
    method, analyses = pickle.loads(done.stdout)
    assert method == "fork"
    assert analyses == here


def test_a_worker_is_forked_only_while_one_thread_runs():
    assert start_method(1) == "fork"
    assert start_method(2) == start_method(5) == "forkserver"


def test_an_article_that_fails_in_a_worker_is_one_log_line_and_the_rest_are_analysed(
    work, here, caplog
):
    broken = replace(work[1][0], text=None)  # not text: the summariser raises in the worker
    with Analyser(CONFIG, workers=2) as pooled, caplog.at_level(logging.ERROR, "monitor"):
        results = pooled.analyse_all([work[0], (broken, work[1][1]), work[2]])
    assert results == [here[0], None, here[2]]
    (line,) = [r.getMessage() for r in caplog.records]
    assert "cannot analyse" in line and broken.title in line


def test_a_worker_that_dies_loses_nothing(work, here, caplog):
    with Analyser(CONFIG, workers=2) as pooled:
        pooled.analyse_all(work[:4])  # the workers are up
        for pid in pooled.worker_pids():  # killed as the OOM killer would
            os.kill(pid, signal.SIGKILL)
        with caplog.at_level(logging.ERROR, "monitor"):
            assert pooled.analyse_all(work) == here
            assert pooled.analyse_all(work[:3]) == here[:3]  # from now on, here
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "worker process" in lines[0]


ORPHAN = """
import os, signal
from monitor.analysis.analyser import Analyser
from monitor.config.load import Config
from monitor.models import Article
analyser = Analyser(Config(feeds=()), workers=2)
articles = [Article(f"T{n}", "Dushanbe and Tashkent signed it.", "t", "text") for n in range(8)]
assert all(analyser.analyse_all([(a, Analyser.identify(a)) for a in articles]))
print(" ".join(map(str, analyser.worker_pids())), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no chance to close the pool
"""


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_workers_end_when_the_main_process_is_killed():
    done = subprocess.run([sys.executable, "-c", ORPHAN], capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL
    pids = [int(pid) for pid in done.stdout.split()]
    assert len(pids) == 2
    assert all(_gone(pid, within=10) for pid in pids)


def test_one_ahead_makes_the_next_item_before_giving_out_this_one():
    made: list[int] = []

    def make():
        for n in range(3):
            made.append(n)
            yield n

    seen = [(n, list(made)) for n in one_ahead(make())]
    assert seen == [(0, [0, 1]), (1, [0, 1, 2]), (2, [0, 1, 2])]
    assert list(one_ahead([])) == []


def _stored(store: Store) -> list[tuple]:
    return sorted(
        (a.title, a.text, a.summary, a.classification, a.sources, a.note, a.duplicate_rules)
        for a in store.articles()
    )


def _ingest(state: Path, folder: Path, workers: int) -> pipeline.IngestReport:
    config = Config(feeds=(), seeds=SeedsConfig(paths=(folder,)))
    store = Store.open(state)
    with Analyser(config, workers=workers) as analyser:
        return pipeline.ingest(store, config, analyser, lambda: NOW)


def test_ingest_with_workers_stores_what_ingest_without_them_stores(tmp_path, monkeypatch):
    require_shared(SEEDS)
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 3)  # several batches, read one ahead
    plain = _ingest(tmp_path / "plain", SEEDS, workers=1)
    pooled = _ingest(tmp_path / "pooled", SEEDS, workers=2)
    assert pooled == plain and plain.articles_new >= 20
    assert _stored(Store.open(tmp_path / "pooled")) == _stored(Store.open(tmp_path / "plain"))


BODY = (
    "Engineers in Khujand opened the sluice gates of the upper canal on Monday after a week of"
    " talks between the water agencies of Tajikistan and Uzbekistan. The agreement sets the"
    " summer release at a level both sides call fair. Farmers downstream had warned that the"
    " cotton crop would fail without it. The commission will meet again in August to check the"
    " flow at the border post."
)
MORE = (
    " Officials said the gauges would be read each morning and posted online. A second canal"
    " will follow next year if the first season goes well."
)


def test_a_better_version_in_the_next_batch_replaces_the_text(tmp_path, monkeypatch):
    """The same article in two pages analysed together: the longer version is kept, as if the
    pages had been read one after the other."""
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 1)  # one page per batch
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Sluice Gates Open on the Upper Canal\n\n{BODY}\n")
    (folder / "b.txt").write_text(f"Sluice Gates Open on the Upper Canal\n\n{BODY}{MORE}\n")
    report = _ingest(tmp_path / "state", folder, workers=1)
    assert (report.files_read, report.articles_new, report.articles_seen_again) == (2, 1, 1)
    (article,) = Store.open(tmp_path / "state").articles()
    assert article.text.endswith(MORE.strip())
    assert len(article.sources) == 2
