"""Benchmark: every document of ../shared/eval/feeds served over local HTTP and ingested.

Run by hand: ``python tests/bench/feeds.py [--limit N]``. Each corpus file is served by a real
HTTP server on 127.0.0.1 with its manifest headers (and Content-Encoding for the bombs), polled
by ``ingest_feeds`` with the product's bounds (size cap, deadline, 20 s parse limit, 1 GiB), then
one HTML digest of everything is rendered and scanned for active content. Prints the outcomes,
the wall time and the peak memory of the parent process.
"""

from __future__ import annotations

import argparse
import logging
import re
import resource
import sys
import tempfile
import time
import warnings
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from feedcorpus import active_content, corpus_files  # noqa: E402
from feedserver import FeedServer, Reply  # noqa: E402

from monitor.analysis.analyser import Analyser  # noqa: E402
from monitor.app import Monitor  # noqa: E402
from monitor.config.load import Config, FeedConfig, FetchConfig  # noqa: E402
from monitor.digest.render import Renderer  # noqa: E402
from monitor.ingest.feeds import ingest_feeds  # noqa: E402
from monitor.sources.sandbox import Sandbox  # noqa: E402
from monitor.store import feeds as feedstore  # noqa: E402
from monitor.store.sqlite import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    args = parser.parse_args()
    warnings.simplefilter("ignore", RuntimeWarning)  # sumy LexRank on two-sentence items
    logging.basicConfig(level=logging.ERROR)
    files = list(corpus_files())[: args.limit or None]
    with FeedServer() as server, requests.Session() as session, Sandbox(size=2) as sandbox:
        urls = {}
        for number, item in enumerate(files):
            body = item.path.read_bytes()
            urls[server.route(f"/{number}", Reply(200, dict(item.headers), body))] = item
        with tempfile.TemporaryDirectory() as state:
            store = Store.open(Path(state))
            config = Config(
                feeds=tuple(FeedConfig(url) for url in urls),
                fetch=FetchConfig(allow_private=True, workers=4, per_host=4),
            )
            started = time.monotonic()
            report = ingest_feeds(store, config, Analyser(config), session, _now, sandbox)
            ingest_seconds = time.monotonic() - started
            failed = [s for s in feedstore.all_feeds(store) if s.failures]
            digest = Monitor(config, store, _now).select_digest(_now())
            store.record_digest(digest.since, _now(), digest.article_ids(), _now())
            html = Renderer().render(digest, "html")
            _print(report, failed, urls, ingest_seconds, active_content(html), len(html))


def _print(report, failed, urls, seconds, active, html_size) -> None:
    reasons = Counter(re.sub(r"\d+", "#", s.last_error or "")[:90] for s in failed)
    print("refusals by reason (count, reason):")
    for reason, count in reasons.most_common(12):
        print(f"  {count:5d}  {reason}")
    timeouts = [urls[s.url].relative for s in failed if "longer than" in (s.last_error or "")]
    print("parse time limit hit:", ", ".join(sorted(timeouts)) or "none")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(report.line())
    print(f"files {len(urls)}, usable {len(urls) - len(failed)}, refused with a log line"
          f" {len(failed)}, crashes 0, wall {seconds:.1f} s, parent peak RSS {peak} MiB")
    print(f"digest {html_size // 1024} KiB HTML, active content found: {len(active)}"
          + (f" {active[:5]}" if active else ""))


def _now() -> datetime:
    return datetime.now(UTC)


if __name__ == "__main__":
    main()
