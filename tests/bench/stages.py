"""How far the analysis alone is from the pipeline benchmark's floor: CPU time per stage.

    python tests/bench/stages.py [--articles N] [--repeat K]

Builds the pipeline benchmark's corpus, stores it once with monitor (to have its articles as
monitor reads them), then times each stage on its own, in one process and in CPU time, median
of K runs: parsing the feeds (feedparser, as monitor calls it), identifying (fingerprint and
MinHash keys), summarising (a fresh summariser, its word cache empty, as in each worker),
classifying and counting the words story threading weighs (``monitor.analysis.words``, done
by the analysis workers too); and, as part of summarising, splitting the text into sentences
and words (the least any summariser does). Each is printed in seconds and as a multiple of the
floor (read the bytes + one regex word pass), then identify + summarise + classify together;
the last line is the best the stages could do together on all CPUs, as a multiple of the
floor: reading pages, storing and rendering come on top.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpora  # noqa: E402 (beside this script)
import pipeline as bench  # noqa: E402

from monitor.analysis import words  # noqa: E402
from monitor.analysis.analyser import Analyser, default_workers  # noqa: E402
from monitor.analysis.regions.classifier import Classifier  # noqa: E402
from monitor.analysis.summary.sentences import Tokenizer  # noqa: E402
from monitor.analysis.summary.summariser import Summariser  # noqa: E402
from monitor.config.load import Config  # noqa: E402
from monitor.models import Article  # noqa: E402
from monitor.sources.feeds import parse as feeds  # noqa: E402
from monitor.store.sqlite import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="corpus size (default 300)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each stage (default 5)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    warnings.filterwarnings("ignore", category=RuntimeWarning, module="sumy")
    with tempfile.TemporaryDirectory(prefix="monitor-stages-") as tmp:
        root = Path(tmp)
        corpus = corpora.build(root / "corpus", args.articles)
        print(bench.describe(corpus), flush=True)
        with corpora.serve(corpus.root) as base_url:
            bench.in_child(bench.run_monitor, corpus, base_url, root / "state")
        articles = stored_articles(root / "state")
        floor = statistics.median(bench.floor_seconds(corpus) for _ in range(args.repeat))
        stages, split = stage_work(corpus, articles)
        times = {name: median_cpu(work, args.repeat) for name, work in stages.items()}
        split_seconds = median_cpu(split, args.repeat)
    report(len(articles), floor, times, split_seconds)


def stored_articles(state: Path) -> list[Article]:
    store = Store.open(state)
    try:
        return [
            Article(a.title, a.text, a.sources[0], a.layout, url=a.url)
            for a in store.iter_articles()
        ]
    finally:
        store.close()


Work = Callable[[], object]
ANALYSIS = ("identify", "summarise", "classify")  # the stages issue 21 sets a ratio for


def stage_work(corpus: corpora.Corpus, articles: list[Article]) -> tuple[dict[str, Work], Work]:
    """Each stage over the whole corpus, as a function to time; and the split alone."""
    config = Config()
    bodies = [(path.read_bytes(), path.as_uri()) for path in corpus.feeds]
    tokenizer = Tokenizer()

    def split() -> None:
        for article in articles:
            for paragraph in tokenizer.paragraphs(article.text):
                for sentence in paragraph:
                    tokenizer.to_words(sentence)

    def summarise() -> None:
        fresh = Summariser(config.summary.sentences, config.summary.max_words)
        for article in articles:
            fresh.summarise(article.text, article.title)

    def classify() -> None:
        classifier = Classifier(config.regions)
        for article in articles:
            classifier.classify(article.title, article.text, article.hints)

    def count() -> None:
        words.fold.cache_clear()  # as in a fresh worker
        for article in articles:
            words.count_words(article.title, article.text)

    stages: dict[str, Work] = {
        "parse the feeds (feedparser)": lambda: [feeds.parse_feed(b, {}, u) for b, u in bodies],
        "identify (fingerprint, MinHash keys)": lambda: [Analyser.identify(a) for a in articles],
        "summarise (word cache empty)": summarise,
        "classify": classify,
        "count words (for story threading)": count,
    }
    return stages, split


def median_cpu(work: Work, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        samples.append(time.process_time() - started)
    return statistics.median(samples)


def report(articles: int, floor: float, times: dict[str, float], split: float) -> None:
    print(f"{articles} stored articles; floor {floor:.3f} s; CPU time per stage (median):")
    for name, seconds in times.items():
        print(f"  {name:38s} {seconds:7.3f} s  {seconds / floor:5.1f}x the floor")
    print(f"  (of summarising: split into sentences and words {split:.3f} s,"
          f" {split / floor:.1f}x the floor)")
    analysis = sum(v for k, v in times.items() if k.split()[0] in ANALYSIS)
    print(f"identify + summarise + classify: {analysis:.3f} s, {analysis / floor:.1f}x the floor")
    total, cpus = sum(times.values()), default_workers()
    print(f"these stages alone: {total:.3f} s of CPU; spread over {cpus} CPU(s) at best"
          f" {total / cpus:.3f} s = {total / cpus / floor:.1f}x the floor")


if __name__ == "__main__":
    main()
