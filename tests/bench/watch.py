"""What watch rules cost an ingest: 200 rules against none.

    python tests/bench/watch.py [--pages N] [--repeat K] [--rules R]

Writes N saved pages of our own (invented words around a few place names, some naming watched
things), then ingests them into a fresh store with no ``[[watch]]`` rules and with R rules (words,
acronyms and phrases, a few with `all`, `none` and `regions`), alternately, K times each, all in
this process (``[summary] workers = 1``). Prints the median wall time of each and how much slower
the rules make an ingest; and the matching alone, per article. The issue's bound: at most 10%.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from builders import invented_words  # noqa: E402

from monitor.app import Monitor  # noqa: E402
from monitor.config.load import Config, SeedsConfig, SummaryConfig  # noqa: E402
from monitor.models import Region  # noqa: E402
from monitor.store.sqlite import Store  # noqa: E402
from monitor.watch.rules import Watchlist, WatchRule  # noqa: E402

PLACES = ("Dushanbe", "Tashkent", "Karachi", "Kabul", "Tehran", "Gwadar", "Almaty", "Lahore")
WATCHED = ("Rogun", "CPEC", "TAPI", "Taliban", "Gwadar port", "Caspian pipeline")


def write_pages(folder: Path, count: int) -> None:
    chance = random.Random(7)
    folder.mkdir(parents=True)
    for i in range(count):
        words = invented_words(i, 400).split()
        for _ in range(12):
            words.insert(chance.randrange(len(words)), chance.choice(PLACES))
        if i % 3 == 0:
            words.insert(chance.randrange(len(words)), chance.choice(WATCHED))
        sentences = [" ".join(words[j : j + 20]).capitalize() + "." for j in range(0, 400, 20)]
        title = invented_words(i + 50_000, 5).title()
        (folder / f"page{i}.txt").write_text(f"{title}\n\n" + " ".join(sentences) + "\n")


def rules(count: int) -> tuple[WatchRule, ...]:
    chance = random.Random(11)
    made = []
    for i in range(count):
        kind = i % 4
        word = "x" + invented_words(i + 90_000, 1)  # words no page has, as most rules' are
        named = WATCHED[i % 6] if i < 24 else "q" + invented_words(i + 97_000, 1)  # a few watched
        term = (word.upper()[:5], word, f"{word} {invented_words(i + 95_000, 1)}", named)
        extra = {}
        if i % 10 == 0:
            extra = {"all": (chance.choice(PLACES),), "none": ("ceasefire",)}
        if i % 7 == 0:
            extra["regions"] = (Region.CENTRAL_ASIA,)
        made.append(WatchRule(f"rule{i}", any=(term[kind], term[(kind + 1) % 4]), **extra))
    return tuple(made)


def ingest_seconds(pages: Path, state: Path, watch: tuple[WatchRule, ...]) -> float:
    config = Config(
        feeds=(), seeds=SeedsConfig(paths=(pages,)), summary=SummaryConfig(workers=1), watch=watch
    )
    with Monitor(config, Store.open(state)) as monitor:
        assert monitor.resources.analyser  # built before the clock starts, as a daemon's is
        start = time.perf_counter()
        monitor.ingest()
        return time.perf_counter() - start


def matching_seconds(state: Path, watch: tuple[WatchRule, ...]) -> tuple[int, float]:
    """(articles, seconds) of matching every stored article against the rules, nothing else."""
    store = Store.open(state)
    try:
        articles = store.articles()
    finally:
        store.close()
    watchlist = Watchlist(watch)
    start = time.perf_counter()
    for article in articles:
        watchlist.hits(article.title, article.text, article.classification.regions)
    return len(articles), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200, help="saved pages (default 200)")
    parser.add_argument("--repeat", type=int, default=3, help="ingests of each arm (default 3)")
    parser.add_argument("--rules", type=int, default=200, help="watch rules (default 200)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    watch = rules(args.rules)
    with tempfile.TemporaryDirectory(prefix="monitor-watch-") as tmp:
        root = Path(tmp)
        write_pages(root / "pages", args.pages)
        times: dict[str, list[float]] = {"none": [], "rules": []}
        for run in range(args.repeat):
            for arm, chosen in (("none", ()), ("rules", watch)):
                state = root / f"state-{arm}-{run}"
                times[arm].append(ingest_seconds(root / "pages", state, chosen))
        articles, matching = matching_seconds(root / "state-rules-0", watch)
        hits = Store.open(root / "state-rules-0").watch_hit_counts()
    none, ruled = statistics.median(times["none"]), statistics.median(times["rules"])
    print(f"{args.pages} pages, {articles} articles, {len(watch)} rules, {sum(hits.values())} hits")
    print(f"ingest, no rules:   {none:7.2f} s (median of {args.repeat})")
    print(f"ingest, {len(watch)} rules: {ruled:7.2f} s  ({(ruled / none - 1) * 100:+.1f}%)")
    print(f"matching alone:     {matching * 1000 / max(articles, 1):7.3f} ms per article")


if __name__ == "__main__":
    main()
