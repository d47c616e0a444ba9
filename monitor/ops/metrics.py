"""Prometheus metrics of one app [io: the clock of scrapes]: the only prometheus_client import
besides ``ops.serve``.

``Metrics`` is the ``Observer`` that keeps what the jobs report in a registry of its own (never
the global default one: tests run many apps in one process). Counts the store holds (articles per
region, duplicates by rule, digests, deliveries by state) are read in the job's thread after
each job (``refresh``) and given out at scrape time from that copy: the HTTP thread never touches
the store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, write_to_textfile
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from monitor.ops.observer import Observer
from monitor.sources.feeds.policy import health

if TYPE_CHECKING:
    from monitor.reports import IngestReport
    from monitor.store.interface import Queries

PREFIX = "monitor"
POLL_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
ANALYSIS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
INGEST_BUCKETS = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)
HEALTH = ("ok", "degraded", "failing", "gone", "new")
FIRST = "first"  # the rule of an article's first sighting: not a duplicate


class Metrics(Observer):
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._stored = StoredFigures()
        self._digest_known = False
        r = self.registry
        self.polls = Counter(f"{PREFIX}_feed_polls", "Feed polls by result.", ["result"],
                             registry=r)  # fmt: skip
        self.poll_seconds = Histogram(
            f"{PREFIX}_feed_poll_duration_seconds", "How long one feed poll took (fetch, parse,"
            " article pages).", buckets=POLL_BUCKETS, registry=r,
        )  # fmt: skip
        self.ingest_seconds = Histogram(
            f"{PREFIX}_ingest_duration_seconds", "How long one ingest pass took (reading,"
            " analysis and storing).", buckets=INGEST_BUCKETS, registry=r,
        )  # fmt: skip
        self.analysis_seconds = Histogram(
            f"{PREFIX}_analysis_duration_seconds", "CPU time to summarise and classify one"
            " article.", buckets=ANALYSIS_BUCKETS, registry=r,
        )  # fmt: skip
        self.articles = Counter(
            f"{PREFIX}_articles_ingested", "New articles stored, by source kind.", ["source_kind"],
            registry=r,
        )  # fmt: skip
        self.last_ingest_time = Gauge(
            f"{PREFIX}_last_ingest_success_timestamp_seconds",
            "When the last ingest pass finished (Unix time).", registry=r,
        )  # fmt: skip
        self.last_digest_time = Gauge(
            f"{PREFIX}_last_digest_timestamp_seconds",
            "When the last digest was recorded (Unix time; at start, its period end).", registry=r,
        )  # fmt: skip
        for result in ("ok", "unchanged", "failed"):
            self.polls.labels(result)
        for kind in ("page", "feed"):
            self.articles.labels(kind)
        r.register(self._stored)

    def ingested(self, report: IngestReport, seconds: float, now: datetime, store: Queries) -> None:
        self.articles.labels("page").inc(report.pages_new)
        feeds = report.feeds
        if feeds is not None:
            self.articles.labels("feed").inc(feeds.articles_new)
            for result, count in feeds.results.items():
                self.polls.labels(result).inc(max(count, 0))
            for poll in feeds.poll_seconds:
                self.poll_seconds.observe(poll)
        self.ingest_seconds.observe(seconds)
        self.last_ingest_time.set(now.timestamp())
        self.refresh(store)

    def analysed(self, seconds: float) -> None:
        self.analysis_seconds.observe(seconds)

    def digest_made(self, now: datetime, store: Queries | None = None) -> None:
        self.last_digest_time.set(now.timestamp())
        self._digest_known = True
        if store is not None:
            self.refresh(store)

    def refresh(self, store: Queries) -> None:
        feeds = [health(feed) for feed in store.feeds()]
        self._stored.update(
            Figures(store.region_counts(), store.rule_counts(), store.digest_count(),
                    store.delivery_counts(), {word: feeds.count(word) for word in HEALTH})
        )  # fmt: skip
        if not self._digest_known:  # at start: the latest digest of an earlier run
            end = store.last_digest_end()
            if end is not None:
                self.digest_made(end)  # no store: refreshed already

    def write_textfile(self, path: Path) -> None:
        """Write every metric for node_exporter's textfile collector, atomically (a temporary
        file renamed over ``path``)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        write_to_textfile(str(path), self.registry)


@dataclass(frozen=True)
class Figures:
    """Counts the store held after a job."""

    regions: Mapping[str, int]
    rules: Mapping[str, int]
    digests: int
    deliveries: Mapping[str, int]
    feeds: Mapping[str, int]  # by health


class StoredFigures(Collector):
    """What the store held after the last job, given out at each scrape."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._figures: Figures | None = None

    def update(self, figures: Figures) -> None:
        with self._lock:
            self._figures = figures

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            figures = self._figures
        if figures is None:  # no job has ended yet
            return
        yield _family(GaugeMetricFamily, "articles", "Stored articles by primary region.",
                      "region", figures.regions)  # fmt: skip
        rules = {rule: n for rule, n in figures.rules.items() if rule != FIRST}
        yield _family(CounterMetricFamily, "duplicates", "Sightings of a stored article,"
                      " by the identity rule that matched.", "rule", rules)  # fmt: skip
        digests = CounterMetricFamily(f"{PREFIX}_digests", "Digests recorded.")
        digests.add_metric([], figures.digests)
        yield digests
        states = dict.fromkeys(("pending", "sent", "failed"), 0) | dict(figures.deliveries)
        yield _family(GaugeMetricFamily, "deliveries", "Deliveries by state.", "state", states)
        yield _family(GaugeMetricFamily, "feeds", "Polled feeds by health (degraded: article"
                      " pages not fetched).", "health", figures.feeds)  # fmt: skip


def _family(kind: type, name: str, doc: str, label: str, values: Mapping[str, int]) -> Metric:
    family = kind(f"{PREFIX}_{name}", doc, labels=[label])
    for key, value in sorted(values.items()):
        family.add_metric([key], value)
    return family
