"""Scale benchmark: the store under many workers, PostgreSQL against one SQLite process.

    python tests/bench/scale.py [--articles N] [--stored M] [--feed K] [--repeat R]

Starts a throwaway PostgreSQL cluster (tests/pgcluster.py). Each worker process makes
``N / workers`` articles and their identities (keys, LSH bands) before the clock starts, then
stores them as ingest's ``apply`` does without the summariser (hold the exact keys, match, then
add, in a unit of work run again on a conflict): what is timed is the store. A quarter of the
articles are the same guid seen by another worker, so workers race on identity. Prints
articles/second (the best of ``R`` runs: the machine is shared) with 1, 2 and 4 workers on
PostgreSQL and one SQLite process, with one
article per unit of work (a page) and with ``K`` (a feed's items, stored in one unit of work as
ingest stores a feed).

Then it fills a store of each kind with ``M`` articles (the identities made in parallel, stored
through the store interface into SQLite in units of 1,000, then ``monitor store copy``'s
``copy_store`` into PostgreSQL) and prints the identity look-up p95 (``Matcher.find`` on the
store: half the probes are stored articles, half new ones) and the digest selection time
(every undigested article, decoded) on each backend.
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
from monitor.store.copy import copy_store  # noqa: E402
from monitor.store.url import parse_store_url  # noqa: E402

NOW = datetime(2026, 12, 5, 7, 0, tzinfo=UTC)
WORDS = [f"{a}{b}" for a in ("ka", "ro", "mi", "tu", "sel", "dan", "vo", "ri") for b in
         ("bek", "lu", "ze", "shan", "tor", "mar", "nis", "pol")]  # fmt: skip
FILL_UNIT = 1000  # articles per unit of work while filling


def _text(number: int) -> str:
    chance = random.Random(number)
    return f"Report {number}. " + " ".join(chance.choice(WORDS) for _ in range(300))


def _identity(number: int, text: str) -> Identity:
    return Identity(f"guid-{number}", None, keys.fingerprint(text),
                    tuple(neardup.band_keys(text)), text)  # fmt: skip


def _made(number: int, source: str = "s") -> tuple[Article, Identity]:
    text = _text(number)
    article = Article(title=f"Report {number}", text=text, source=source, layout="text")
    return article, _identity(number, text)


def _store_unit(store, matcher: Matcher, made: list[tuple[Article, Identity]]) -> None:
    """These articles in one unit of work, as ingest's ``apply`` stores each."""

    def work(tx) -> None:
        for article, identity in made:
            tx.hold_keys(identity)
            match = matcher.find(tx, identity)
            if match is None:
                tx.add_article(article, Analysis(identity, (), OTHER_ONLY), NOW)
            else:
                tx.add_sighting(match.article_id, article.source, match.rule, NOW)

    store.run(work)


def _worker(url: str, numbers: list[int], source: str, unit: int, ready) -> None:
    made = [_made(number, source) for number in numbers]  # before the clock starts
    store = open_store(parse_store_url(url))
    matcher = Matcher()
    ready.wait()
    for first in range(0, len(made), unit):
        _store_unit(store, matcher, made[first : first + unit])
    store.close()


def throughput(url: str, articles: int, workers: int, unit: int = 1) -> float:
    """Articles per second with ``workers`` processes, ``unit`` articles per unit of work; a
    quarter shared between two workers."""
    open_store(parse_store_url(url)).close()  # migrated before the clock starts
    shares = [list(range(w, articles, workers)) for w in range(workers)]
    if workers > 1:  # the next worker sees a quarter of each one's guids too
        shares = [s + shares[(w + 1) % workers][: len(s) // 4] for w, s in enumerate(shares)]
    ready = multiprocessing.Barrier(workers + 1)
    jobs = [multiprocessing.Process(target=_worker, args=(url, s, f"w{w}", unit, ready))
            for w, s in enumerate(shares)]  # fmt: skip
    for job in jobs:
        job.start()
    ready.wait()  # every worker has its articles made and its store open
    start = time.perf_counter()
    for job in jobs:
        job.join()
    elapsed = time.perf_counter() - start
    return sum(len(s) for s in shares) / elapsed


def fill(url: str, stored: int) -> float:
    """``stored`` articles added through the store interface; returns the seconds taken."""
    start = time.perf_counter()
    store = open_store(parse_store_url(url))
    units = [range(first, min(first + FILL_UNIT, stored)) for first in range(0, stored, FILL_UNIT)]
    with multiprocessing.Pool() as pool:
        coming = pool.map_async(_made, units[0], chunksize=50)
        for unit in units[1:] + [None]:
            made = coming.get()
            if unit is not None:  # the next unit is made while this one is stored
                coming = pool.map_async(_made, unit, chunksize=50)
            with store.transaction() as tx:
                for article, identity in made:
                    tx.add_article(article, Analysis(identity, (), OTHER_ONLY), NOW)
    store.close()
    return time.perf_counter() - start


def copied(source_url: str, target_url: str) -> float:
    """The whole store copied (``monitor store copy``); returns the seconds taken."""
    start = time.perf_counter()
    source, target = (
        open_store(parse_store_url(source_url)),
        open_store(parse_store_url(target_url)),
    )
    copy_store(source, target)
    source.close()
    target.close()
    return time.perf_counter() - start


def lookups(url: str, stored: int, probes: int = 400) -> tuple[float, float]:
    """(look-up p95 in ms, digest selection in s) with ``stored`` articles."""
    store = open_store(parse_store_url(url))
    chance = random.Random(1)
    numbers = chance.sample(range(stored), probes // 2) + list(range(stored, stored + probes // 2))
    chance.shuffle(numbers)
    identities = [_identity(number, _text(number)) for number in numbers]
    times = []
    for identity in identities:
        start = time.perf_counter()
        Matcher().find(store, identity)
        times.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    selected = sum(1 for _ in store.iter_articles(undigested_only=True))
    selection = time.perf_counter() - start
    assert selected == stored
    store.close()
    return statistics.quantiles(times, n=20)[18], selection


def _rates(cluster: Cluster, folder: str, args: argparse.Namespace, unit: int) -> None:
    """The best of ``args.repeat`` runs of each (the machine is shared), each in a new store."""
    what = "1 article" if unit == 1 else f"{unit} articles (a feed)"
    print(f"-- {what} per unit of work, best of {args.repeat} runs")
    runs = range(args.repeat)
    sqlite = max(
        throughput(f"sqlite:///{folder}/t{unit}-{run}.sqlite3", args.articles, 1, unit)
        for run in runs
    )
    print(f"SQLite, 1 process: {sqlite:,.0f} articles/s")
    for workers in (1, 2, 4):
        rate = max(
            throughput(cluster.create_database(), args.articles, workers, unit) for _ in runs
        )
        print(f"PostgreSQL, {workers} worker(s): {rate:,.0f} articles/s"
              f" ({rate / sqlite:.2f}x SQLite)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--feed", type=int, default=20, help="articles per unit of work")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each rate (the best)")
    args = parser.parse_args()
    cluster = Cluster.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            for unit in (1, args.feed):
                _rates(cluster, folder, args, unit)
            big, pg = f"sqlite:///{folder}/big.sqlite3", cluster.create_database()
            print(f"-- {args.stored:,} stored articles")
            print(f"SQLite filled in {fill(big, args.stored):.0f} s;"
                  f" copied into PostgreSQL in {copied(big, pg):.0f} s")  # fmt: skip
            for name, url in (("SQLite", big), ("PostgreSQL", pg)):
                p95, selection = lookups(url, args.stored)
                print(f"{name}: identity look-up p95 {p95:.2f} ms,"
                      f" digest selection {selection:.2f} s")  # fmt: skip
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
