"""Scale benchmark: the store under many workers, PostgreSQL against one SQLite process.

    python tests/bench/scale.py [--articles N] [--stored M]

Starts a throwaway PostgreSQL cluster (tests/pgcluster.py). Each worker process stores
``N / workers`` made-up articles through the store's identity path (exact keys, LSH bands,
match, then add in a unit of work run again on a conflict), as ingest does without the
summariser; a quarter of the articles are the same guid seen by another worker, so workers
race on identity. Prints articles/second with 1, 2 and 4 workers on PostgreSQL and one SQLite
process; then, with ``M`` stored articles, the identity look-up p95 (``Matcher.find``) and the
digest selection time (every undigested article, decoded) on each backend.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pgcluster import Cluster  # noqa: E402

from monitor.identity import keys, neardup  # noqa: E402
from monitor.identity.match import Matcher  # noqa: E402
from monitor.models import OTHER_ONLY, Analysis, Article, Identity  # noqa: E402
from monitor.store.backends import open_store  # noqa: E402
from monitor.store.url import parse_store_url  # noqa: E402

NOW = datetime(2026, 12, 5, 7, 0, tzinfo=UTC)
WORDS = [f"{a}{b}" for a in ("ka", "ro", "mi", "tu", "sel", "dan", "vo", "ri") for b in
         ("bek", "lu", "ze", "shan", "tor", "mar", "nis", "pol")]  # fmt: skip


def _text(number: int) -> str:
    chance = random.Random(number)
    return f"Report {number}. " + " ".join(chance.choice(WORDS) for _ in range(300))


def _identity(number: int, text: str) -> Identity:
    return Identity(f"guid-{number}", None, keys.fingerprint(text),
                    tuple(neardup.band_keys(text)), text)  # fmt: skip


def _store_one(store, matcher: Matcher, number: int, source: str) -> None:
    text = _text(number)
    identity = _identity(number, text)
    article = Article(title=f"Report {number}", text=text, source=source, layout="text")

    def work(tx) -> None:
        match = matcher.find(tx, identity)
        if match is None:
            tx.add_article(article, Analysis(identity, (), OTHER_ONLY), NOW)
        else:
            tx.add_sighting(match.article_id, source, match.rule, NOW)

    store.run(work)


def _worker(url: str, numbers: list[int], source: str) -> None:
    store = open_store(parse_store_url(url))
    matcher = Matcher()
    for number in numbers:
        _store_one(store, matcher, number, source)
    store.close()


def throughput(url: str, articles: int, workers: int) -> float:
    """Articles per second with ``workers`` processes; a quarter shared between two workers."""
    open_store(parse_store_url(url)).close()  # migrated before the clock starts
    shares = [list(range(w, articles, workers)) for w in range(workers)]
    if workers > 1:  # the next worker sees a quarter of each one's guids too
        shares = [s + shares[(w + 1) % workers][: len(s) // 4] for w, s in enumerate(shares)]
    start = time.perf_counter()
    jobs = [multiprocessing.Process(target=_worker, args=(url, s, f"w{w}"))
            for w, s in enumerate(shares)]  # fmt: skip
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    elapsed = time.perf_counter() - start
    return sum(len(s) for s in shares) / elapsed


def fill(url: str, stored: int) -> None:
    store = open_store(parse_store_url(url))
    batch = 1000
    for first in range(0, stored, batch):
        with store.transaction() as tx:
            for number in range(first, min(first + batch, stored)):
                text = _text(number)
                article = Article(title=f"R{number}", text=text, source="s", layout="text")
                tx.add_article(article, Analysis(_identity(number, text), (), OTHER_ONLY), NOW)
    store.close()


def lookups(url: str, stored: int, probes: int = 200) -> tuple[float, float]:
    """(look-up p95 in ms, digest selection in s) with ``stored`` articles."""
    store = open_store(parse_store_url(url))
    times = []
    for number in random.Random(1).sample(range(stored * 2), probes):  # half found, half not
        text = _text(number)
        start = time.perf_counter()
        Matcher().find(store, _identity(number, text))
        times.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    selected = sum(1 for _ in store.iter_articles(undigested_only=True))
    selection = time.perf_counter() - start
    assert selected == stored
    store.close()
    return statistics.quantiles(times, n=20)[18], selection


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--stored", type=int, default=100_000)
    args = parser.parse_args()
    cluster = Cluster.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            sqlite = throughput(f"sqlite:///{folder}/t.sqlite3", args.articles, 1)
            print(f"SQLite, 1 process: {sqlite:,.0f} articles/s")
            for workers in (1, 2, 4):
                rate = throughput(cluster.create_database(), args.articles, workers)
                print(f"PostgreSQL, {workers} worker(s): {rate:,.0f} articles/s"
                      f" ({rate / sqlite:.2f}x SQLite)")  # fmt: skip
            for name, url in (("SQLite", f"sqlite:///{folder}/big.sqlite3"),
                              ("PostgreSQL", cluster.create_database())):  # fmt: skip
                fill(url, args.stored)
                p95, selection = lookups(url, args.stored)
                print(f"{name}, {args.stored:,} stored: identity look-up p95 {p95:.2f} ms,"
                      f" digest selection {selection:.2f} s")  # fmt: skip
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
