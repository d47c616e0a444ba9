"""The library's face: one digest path for every command, resources built once per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import feedparser
from delivery_helpers import NOW, delivery_config
from feedserver import FeedServer, Reply
from feedtexts import DAM, GULF, RAIL, wordpress_rss

from monitor.app import Monitor
from monitor.config.load import FeedConfig, FetchConfig, SummaryConfig
from monitor.delivery.archive import FEED, INDEX
from monitor.store.sqlite import Store


def _monitor(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--state-dir", "state", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_plain_digest_is_archived_and_delivered_with_the_next(tmp_path, own_pages):
    """The README's quick start, then a delivered digest: the archive lists both digests."""
    site = tmp_path / "site"
    (tmp_path / "monitor.toml").write_text(
        f"feeds = []\n[seeds]\npaths = [{str(own_pages)!r}]\n[output]\ndir = {str(site)!r}\n",
        encoding="utf-8",
    )
    first = _monitor("digest", "--out", "a.html", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Water, Ice and Power" in (tmp_path / "a.html").read_text(encoding="utf-8")
    assert not site.exists()  # recorded with its delivery; sent by --deliver, run or send
    (own_pages / "later.txt").write_text(
        "Border Markets Reopen\n\nKyrgyzstan and Tajikistan reopened two border markets near "
        "Batken after a year. Traders from Isfara crossed on the first morning.\n",
        encoding="utf-8",
    )
    second = _monitor("digest", "--deliver", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    index = (site / INDEX).read_text(encoding="utf-8")
    feed = feedparser.parse((site / FEED).read_bytes())
    assert len(feed.entries) == 2 and index.count("digest-") >= 2
    archived = sorted(p.name for p in site.glob("digest-*.html"))
    assert len(archived) == 2
    assert "Water, Ice and Power" in (site / archived[0]).read_text(encoding="utf-8")
    assert "Border Markets Reopen" in (site / archived[1]).read_text(encoding="utf-8")


def test_a_preview_consumes_nothing_and_records_nothing(tmp_path, own_pages):
    config = delivery_config(own_pages, out_dir=tmp_path / "site")
    with Monitor(config, Store.open(tmp_path / "state"), lambda: NOW) as monitor:
        monitor.ingest()
        preview = monitor.make_digest(preview=True)
        assert preview.id is None and preview.digest.count == 3
        assert monitor.deliveries() == []
        made = monitor.make_digest()
        assert made.id is not None and made.digest.count == 3
        assert made.bodies.html and made.bodies.markdown and made.bodies.text
        assert [d.channel for d in monitor.deliveries(made.id)] == ["file"]
        assert monitor.make_digest(preview=True).digest.count == 0


def test_daemon_ticks_build_the_workers_and_the_parser_sandbox_once(tmp_path, own_pages):
    """Three ingest ticks of ``monitor run`` (its ingest job), with analysis worker processes
    and a feed to parse in the sandbox: each long-lived part is built once and reused."""
    with FeedServer() as server:
        url = server.route(
            "/feed",
            Reply(200, {}, wordpress_rss("Central Asia", (DAM,))),
            Reply(200, {}, wordpress_rss("Central Asia", (DAM, RAIL))),
            Reply(200, {}, wordpress_rss("Central Asia", (DAM, RAIL, GULF))),
        )
        config = replace(
            delivery_config(own_pages),
            feeds=(FeedConfig(url, interval=1),),
            fetch=FetchConfig(allow_private=True, timeout=5, deadline=10),
            summary=SummaryConfig(workers=2),
        )
        clock = [NOW]
        with Monitor(config, Store.open(tmp_path / "state"), lambda: clock[0]) as monitor:
            workers = []
            for tick in range(3):
                clock[0] = NOW + timedelta(hours=tick)
                assert monitor.ingest_job() == 0
                workers.append(monitor.resources.analyser.worker_pids())
            builds = {"analyser": 1, "matcher": 1, "sandbox": 1, "session": 1}
            assert dict(monitor.resources.builds) == builds
            assert len(workers[0]) == 2 and workers[0] == workers[1] == workers[2]
            assert len(server.hits("/feed")) == 3
            assert len(list(monitor.articles())) == 3 + 3  # the pages' three, the feed's three


ONE_SHOT = """
import sys
from dataclasses import replace
from pathlib import Path
from delivery_helpers import NOW, delivery_config
from monitor.app import Monitor
from monitor.config.load import FeedConfig, FetchConfig, SummaryConfig
from monitor.store.sqlite import Store
pages, url, state = sys.argv[1:]
config = replace(
    delivery_config(Path(pages)), feeds=(FeedConfig(url),), summary=SummaryConfig(workers=2),
    fetch=FetchConfig(allow_private=True, timeout=5, deadline=10),
)
with Monitor(config, Store.open(Path(state)), lambda: NOW) as monitor:
    report = monitor.ingest()
    parts = monitor.resources
    print(parts.sandbox.start_method, parts.analyser.start_method, report.articles_new)
"""


def test_a_commands_ingest_forks_the_parser_sandbox_and_the_workers(tmp_path, own_pages):
    """A command runs one thread when it ingests: its parser sandbox and analysis workers are
    forked (no fork server to start, no modules to import again), the sandbox first: the
    analysis pool starts a thread of its own. The folder and the feed are both stored."""
    with FeedServer() as server:
        url = server.route("/feed", Reply(200, {}, wordpress_rss("Central Asia", (DAM, RAIL))))
        done = subprocess.run(
            [sys.executable, "-c", ONE_SHOT, str(own_pages), url, str(tmp_path / "state")],
            capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        sandbox, workers, new = done.stdout.split()
        assert (sandbox, workers) == ("fork", "fork")
        assert int(new) == len(list(Store.open(tmp_path / "state").articles())) >= 3
        assert len(server.hits("/feed")) == 1


def test_an_edited_article_after_its_digest_is_listed_once_as_updated(tmp_path, realistic_dir):
    """The realistic feeds, a digest, then the Middle East feed's edited version: the edited
    post is listed under "Updated" with what changed, in every format, once; no new entry."""
    truth = json.loads((realistic_dir / "expected.json").read_text(encoding="utf-8"))
    edited = truth["edited_in_place"]
    with FeedServer() as server:
        v1 = (realistic_dir / edited["v1_file"]).read_bytes()
        v2 = (realistic_dir / edited["v2_file"]).read_bytes()
        url = server.route("/middle-east/feed/", Reply(200, {}, v1), Reply(200, {}, v2))
        config = replace(
            delivery_config(tmp_path / "no-pages"),
            feeds=(FeedConfig(url, name="The Magazine", interval=1),),
            fetch=FetchConfig(allow_private=True, timeout=5, deadline=10),
        )
        clock = [NOW]
        with Monitor(config, Store.open(tmp_path / "state"), lambda: clock[0]) as monitor:
            monitor.ingest()
            first = monitor.make_digest()
            clock[0] = NOW + timedelta(hours=2)
            monitor.ingest()
            second = monitor.make_digest()
            third = monitor.make_digest(preview=True)
    assert edited["v1_title"] in first.bodies.text
    (update,) = second.digest.updated
    assert update.article.title == edited["v2_title"]
    assert any(change.startswith("new title") for change in update.changes)
    assert edited["v2_title"] not in [a.title for s in second.digest.sections for a in s.articles]
    for body in (second.bodies.html, second.bodies.markdown, second.bodies.text):
        assert "What changed" in body and "Updated" in body
    assert third.digest.updated == ()
