"""A sample of the hostile and real-world feed corpus through parse, store, digest and render.

Every hostile file and every 80th other file: each one parses within bounds or fails with a
reason; the HTML digest of everything stored has no active content. The whole corpus, over HTTP,
is ``tests/bench/feeds.py``. The parse time limit here is 0.5 s (the product's is 20 s) so the
half-dozen pathological inputs (quadratic blow-up, 20,000 attributes, deep nesting) cost half a
second each, on two workers.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from builders import digest_of
from feedcorpus import active_content, corpus_files

from monitor.analysis.analyser import Analyser
from monitor.config.load import Config
from monitor.digest.render import Renderer
from monitor.digest.select import build_digest
from monitor.ingest.feeds import store_items
from monitor.sources.feeds.parse import ParsedFeed, parse_feed
from monitor.sources.feeds.policy import FeedState, feed_notes
from monitor.sources.sandbox import Sandbox, SandboxError
from monitor.store.sqlite import Store

pytestmark = [
    pytest.mark.usefixtures("shared"),
]
MAX_BYTES = 4 * 1024 * 1024


def sample():
    files = list(corpus_files())
    return [f for i, f in enumerate(files) if f.hostile or i % 80 == 0]


def test_corpus_sample_is_handled_within_bounds_and_renders_no_active_content(tmp_path):
    store = Store.open(tmp_path)
    analyser = Analyser(Config())
    files = [f for f in sample() if not f.headers.get("content-encoding")]  # bombs: fetch tests
    with Sandbox(size=2, time_limit=0.5) as sandbox, ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda f: _parse(sandbox, f), files))
    feeds = [r for r in results if not isinstance(r, str)]
    refusals = [r for r in results if isinstance(r, str)]
    assert len(feeds) > len(files) // 2 and refusals and all(refusals)  # each with a reason
    for feed in feeds:
        store_items(store, analyser, [i.article for i in feed.items[:50]], _now())
    html = Renderer().render(digest_of(store, _now()), "html")
    assert len(store.articles()) > 100
    assert active_content(html) == []


def test_the_scanner_finds_active_content():
    page = (
        '<html><body><a href=" jav&#x09;ascript:alert(1)">x</a><img src=x onerror=alert(1)>'
        "<script>1</script><a href='https://ok.example/'>ok</a></body></html>"
    )
    assert len(active_content(page)) == 3


def _parse(sandbox: Sandbox, item) -> ParsedFeed | str:
    try:
        body = item.path.read_bytes()[:MAX_BYTES]
        return sandbox.run(parse_feed, body, item.headers, "https://corpus.example/feed")
    except (SandboxError, ValueError) as exc:
        return str(exc)


def _now():
    from datetime import UTC, datetime

    return datetime(2026, 11, 20, tzinfo=UTC)


def test_feed_health_notes_are_escaped_in_the_digest():
    hostile = FeedState(
        key="https://a.example/", url="https://a.example/", name='<img src=x onerror="alert(1)">',
        failures=2, last_error="refused URL 'javascript:alert(1)' <script>alert(2)</script>",
    )  # fmt: skip
    digest = replace(build_digest([], None, _now()), notes=feed_notes([hostile]))
    html = Renderer().render(digest, "html")
    assert active_content(html) == [] and "&lt;script&gt;" in html
    assert "failing, 2 poll(s) in a row" in Renderer().render(digest, "text")
