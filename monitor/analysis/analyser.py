"""Identify, summarise and classify articles; new articles can be analysed in worker processes.

Summarising and classifying is pure CPU work per article and most of an ingest's time, so with
more than one worker (``[summary] workers``; 0 means one per CPU) an ``Analyser`` hands batches
of articles to worker processes (started as the parser sandbox's are: no fork of a threaded
parent) while the main process identifies and stores. The workers run the same code, so a batch
gives the same analyses either way (tests/test_analysis_pool.py). If a worker dies, the batch is
analysed in this process and the pool is not used again for the run: nothing is lost.
``Analyser.configured`` follows the config; ``Analyser(config)`` analyses in its own process.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cached_property, partial
from pathlib import Path
from typing import Any, TypeVar

from monitor.analysis import words
from monitor.analysis.regions.classifier import Classification, Classifier
from monitor.analysis.summary.summariser import Summariser
from monitor.config.load import Config
from monitor.identity import keys as dedupe
from monitor.identity import neardup
from monitor.models import Analysis, Article, Identity
from monitor.sources.sandbox import worker_context

log = logging.getLogger(__name__)

#: Called in the main process after each article is analysed, with its CPU seconds.
Observer = Callable[[Article, float], None]
T = TypeVar("T")
#: Analyses under way: call it to wait for them.
Pending = Callable[[], list[Analysis | None]]
#: What analysing one article gives: its summary, classification and counted words (encoded,
#: as stored: a string is sent back from a worker at a fraction of the cost), or why it failed.
Parts = tuple[tuple[str, ...], Classification, str]
Outcome = Parts | str


def default_workers() -> int:
    """One worker process per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Analyser:
    """Summariser and classifier, built once per process; ``workers`` > 1 adds a process pool
    (then this process builds its own only if it has to analyse an article itself)."""

    def __init__(self, config: Config, workers: int = 1, observer: Observer | None = None) -> None:
        self.config = config
        self.observer = observer
        self._pool = _Pool(config, workers) if workers > 1 else None

    @cached_property
    def summariser(self) -> Summariser:
        s = self.config.summary
        return Summariser(s.sentences, s.max_words, s.algorithm, eager=True)

    @cached_property
    def classifier(self) -> Classifier:
        return Classifier(self.config.regions)

    @classmethod
    def configured(cls, config: Config, observer: Observer | None = None) -> Analyser:
        """The analyser ``[summary] workers`` asks for (0: one worker process per CPU)."""
        return cls(config, config.summary.workers or default_workers(), observer)

    def built(self) -> Analyser:
        """This analyser with its summariser and classifier built now, not when first used."""
        for cached in ("summariser", "classifier"):
            getattr(self, cached)  # a cached property, built on first use
        return self

    @staticmethod
    def identify(article: Article) -> Identity:
        return Identity(
            guid=article.guid,
            canonical_url=dedupe.canonical_url(article.url),
            fingerprint=dedupe.fingerprint(article.text),
            bands=tuple(neardup.band_keys(article.text)),
            text=article.text,
        )

    def analyse(self, article: Article, identity: Identity) -> Analysis:
        """One article in this process; raises what the summariser or classifier raised."""
        began = time.thread_time()
        parts = self.analysed_parts(article)
        if self.observer is not None:
            self.observer(article, time.thread_time() - began)
        return Analysis(identity, *parts)

    def analysed_parts(self, article: Article) -> Parts:
        """The article's summary, classification and counted words (``analysis.words``,
        encoded)."""
        summary = self.summariser.summarise(article.text, article.title)
        classification = self.classifier.classify(article.title, article.text, article.hints)
        return summary, classification, words.encode(words.count_words(article.title, article.text))

    def analyse_all(self, work: Sequence[tuple[Article, Identity]]) -> list[Analysis | None]:
        """Each article's analysis, in order; None for one that failed (logged, one line)."""
        return self.submit(work)()

    def submit(self, work: Sequence[tuple[Article, Identity]]) -> Pending:
        """Start analysing ``work`` (in the workers, if any); call the result to wait for what
        ``analyse_all`` returns. Meanwhile this process is free for other work."""
        if self._pool is not None and len(work) > 1:
            outcomes = self._pool.submit([article for article, _ in work])
            if outcomes is not None:
                return partial(self._collect, work, outcomes)
            self.close()  # not started, or broken: analyse here from now on
        analyses = self._all_here(work)
        return lambda: analyses

    def _collect(
        self, work: Sequence[tuple[Article, Identity]], outcomes: Iterator[tuple]
    ) -> list[Analysis | None]:
        try:
            received = list(outcomes)
        except BrokenProcessPool as exc:
            log.error("an analysis worker process died (%s); analysing here from now on", exc)
            self.close()
            return self._all_here(work)
        return [self._received(a, i, o) for (a, i), o in zip(work, received, strict=True)]

    def _all_here(self, work: Sequence[tuple[Article, Identity]]) -> list[Analysis | None]:
        return [self._analysed_here(article, identity) for article, identity in work]

    def _analysed_here(self, article: Article, identity: Identity) -> Analysis | None:
        try:
            return self.analyse(article, identity)
        except Exception as exc:  # one bad article must not sink its page, feed or run
            _log_failure(article, f"{type(exc).__name__}: {exc}")
            return None

    def _received(self, article: Article, identity: Identity, outcome: tuple) -> Analysis | None:
        result, seconds = outcome
        if isinstance(result, str):
            _log_failure(article, result)
            return None
        if self.observer is not None:
            self.observer(article, seconds)
        return Analysis(identity, *result)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    @property
    def start_method(self) -> str | None:
        """How the worker processes were started ("fork", "forkserver"), None without any."""
        return self._pool.start_method if self._pool is not None else None

    def worker_pids(self) -> frozenset[int]:
        """The process ids of the worker processes started so far (none without a pool)."""
        return self._pool.pids() if self._pool is not None else frozenset()

    def __enter__(self) -> Analyser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def one_ahead(items: Iterable[T]) -> Iterator[T]:
    """``items`` in order, each given out only once the next one has been made, so that
    making the next (reading, identifying, starting its analyses) overlaps using this one."""
    previous: list[T] = []
    for item in items:
        yield from previous
        previous = [item]
    yield from previous


def _log_failure(article: Article, reason: str) -> None:
    log.error("%s: cannot analyse %r (%s); skipped", article.source, article.title, reason)


class _Pool:
    """Worker processes, each with its own Analyser: forked at once while this process runs one
    thread (a command at its start), else started from the fork server in the background."""

    def __init__(self, config: Config, workers: int) -> None:
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None
        context = worker_context()
        self.start_method: str = context.get_start_method()
        self._started: Any = context.SimpleQueue()  # each worker puts its pid as it starts
        self._pids: set[int] = set()
        self._starting = threading.Thread(
            target=self._start, args=(config, context), name="analysis-start"
        )
        if context.get_start_method() == "fork":
            # built once here, the forked workers share it: nothing to build or import again
            self._start(Analyser(config).built(), context)  # now: no thread runs during the fork
        else:
            self._starting.start()

    def _start(self, setup: Config | Analyser, context: Any) -> None:
        try:
            executor = ProcessPoolExecutor(
                self.workers,
                context,
                initializer=_start_worker,
                initargs=(setup, os.getpid(), self._started),
            )
            for _ in range(self.workers):  # starts the processes
                executor.submit(os.getpid)
        except Exception as exc:  # analysed in the main process instead
            log.warning("cannot start the analysis worker processes (%s); analysing here", exc)
            return
        self.executor = executor

    def submit(self, articles: list[Article]) -> Iterator[tuple] | None:
        """Each article's ``(outcome, cpu seconds)`` as they come, in order; None if the pool
        could not be started or is broken."""
        if self._starting.is_alive():
            self._starting.join()
        if self.executor is None:
            return None
        chunk = max(1, len(articles) // (self.workers * 4))
        try:
            return self.executor.map(_analyse_in_worker, articles, chunksize=chunk)
        except BrokenProcessPool as exc:
            log.error("the analysis worker processes are gone (%s); analysing here", exc)
            return None

    def pids(self) -> frozenset[int]:
        if self._starting.is_alive():
            self._starting.join()
        while not self._started.empty():
            self._pids.add(self._started.get())
        return frozenset(self._pids)

    def close(self) -> None:
        if self._starting.is_alive():
            self._starting.join()
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)


_worker: Analyser | None = None  # the worker process's own analyser


def _start_worker(setup: Config | Analyser, parent: int, started: Any) -> None:
    """Take the analyser (forked) or build it (fork server), and say so on ``started``. Signals
    are the main process's to act on (the daemon finishes its job on SIGTERM, then closes the
    pool); the worker exits if the main process dies."""
    global _worker
    started.put(os.getpid())
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_without, args=(parent,), daemon=True).start()
    _worker = setup if isinstance(setup, Analyser) else Analyser(setup)
    gc.freeze()  # what it starts with lives as long as it: no collection need look at it again


def _exit_without(parent: int, every: float = 1.0) -> None:
    """End this worker once ``parent`` is gone (killed, say, so it cannot close the pool)."""
    while _alive(parent):
        time.sleep(every)
    os._exit(0)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by its parent, does not)."""
    try:
        os.kill(pid, 0)
        stat = Path(f"/proc/{pid}/stat").read_text()
    except ProcessLookupError:
        return False
    except OSError:  # no /proc (not Linux): the signal check has to do
        return True
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _analyse_in_worker(article: Article) -> tuple[Outcome, float]:
    assert _worker is not None, "started by _start_worker"
    began = time.thread_time()
    try:
        outcome: Outcome = _worker.analysed_parts(article)
    except Exception as exc:  # reported by the main process, the worker lives on
        outcome = f"{type(exc).__name__}: {exc}"[:300]
    return outcome, time.thread_time() - began
