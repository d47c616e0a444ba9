"""Saved pages into the store [io]: ``ingest`` reads the seeds folders' new and changed files.

``monitor.app.Monitor.ingest`` calls it, for every command and the daemon. Each article takes
the one ingest path (``monitor.ingest.articles``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from monitor.analysis.analyser import Analyser, one_ahead
from monitor.causes import Causes
from monitor.config.load import Config
from monitor.identity.match import Matcher
from monitor.identity.plan import ADD, MERGE, REPLACE, SKIP, UPDATE
from monitor.ingest import articles
from monitor.ingest.articles import Ready
from monitor.models import Article
from monitor.names import storable
from monitor.records import FileStamp
from monitor.sources.pages import folder
from monitor.sources.pages import split as pages
from monitor.sources.pages.publication import page_publication
from monitor.store.interface import Storage, StoreError, UnitOfWork

log = logging.getLogger(__name__)

Progress = Callable[[list[Path]], Iterable[Path]]


@dataclass(frozen=True)
class IngestReport:
    files_read: int
    articles_new: int
    articles_seen_again: int
    sources_failed: int

    def line(self) -> str:
        failed = f", {self.sources_failed} source(s) failed" if self.sources_failed else ""
        return (
            f"Read {self.files_read} new or changed file(s): {self.articles_new} new article(s),"
            f" {self.articles_seen_again} seen again{failed}."
        )


#: Articles read ahead and analysed together, so that worker processes have enough to share.
BATCH_ARTICLES = 32


def ingest(
    store: Storage,
    config: Config,
    analyser: Analyser,
    now: Callable[[], datetime],
    progress: Progress = lambda files: files,
    matcher: Matcher | None = None,
) -> IngestReport:
    """Read new and changed files of the seeds folders and store their articles (``units``,
    one after the other, each next one drafted while this one is stored)."""
    tally = Tally()
    for unit in one_ahead(units(store, config, analyser, now, tally, progress, matcher)):
        unit()
    return tally.report()


@dataclass
class Tally:
    """What the folders' units did so far; ``report`` once they all ran."""

    read: int = 0
    new: int = 0
    again: int = 0
    failed: int = 0
    unstored: Causes = field(
        default_factory=lambda: Causes("cannot store its articles", "will read it again")
    )

    def report(self) -> IngestReport:
        """The counts, after the one log line per cause of pages not stored."""
        self.unstored.report(log, logging.ERROR)
        return IngestReport(self.read, self.new, self.again, self.failed)


def units(
    store: Storage,
    config: Config,
    analyser: Analyser,
    now: Callable[[], datetime],
    tally: Tally,
    progress: Progress = lambda files: files,
    matcher: Matcher | None = None,
) -> Iterator[Callable[[], None]]:
    """The new and changed files of the seeds folders, a batch of pages at a time: making the
    next unit reads, identifies and plans a batch and starts its analyses (outside any
    transaction); calling it stores each page of the batch, in order, counted in ``tally``.

    Each file is stored in one transaction together with the record that it was read, so a
    failure part-way through a file stores none of it and the file is read again next time.
    ``matcher``: one kept from earlier ingests remembers their near-duplicate decisions.
    """
    files = list(folder.candidate_files(config.seeds.paths))
    matcher = matcher or Matcher()

    def remember(path: Path, stamp: FileStamp) -> None:  # touched but same bytes, or not text
        try:
            with store.transaction() as tx:
                tx.record_file(storable(path), stamp, now())
        except StoreError as exc:
            _unstored(tally.unstored, path, exc)

    def split_failed(page: folder.SavedPage, exc: Exception) -> None:
        log.error("%s: cannot split the page (%s); skipped", page.path, exc)
        tally.failed += 1

    def stored(drafted: Callable[[], list[_Ready]]) -> None:
        for page, ready in drafted():
            done = _store_page(store, matcher, analyser, page, ready, now(), tally.unstored)
            if done is None:
                tally.failed += 1
                continue
            tally.read += 1
            tally.new += done[0]
            tally.again += done[1]

    changed = folder.read_changed(progress(files), store.file_stamp, remember=remember)
    for batch in _batches(_split_pages(changed, split_failed), BATCH_ARTICLES):
        yield partial(stored, _draft(store, matcher, analyser, batch, now()))


_Page = tuple[folder.SavedPage, list[Article]]
_Ready = tuple[folder.SavedPage, list[Ready | None]]


def _split_pages(
    pages_read: Iterable[folder.SavedPage], failed: Callable[[folder.SavedPage, Exception], None]
) -> Iterator[_Page]:
    for page in pages_read:
        try:
            yield page, _split(page)
        except Exception as exc:  # a bad page must not sink the run
            failed(page, exc)


def _batches(split: Iterable[_Page], size: int) -> Iterator[list[_Page]]:
    """Consecutive pages holding about ``size`` articles in all (a page is never cut)."""
    batch: list[_Page] = []
    held = 0  # articles in ``batch``
    for page in split:
        batch.append(page)
        held += len(page[1])
        if held >= size:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _draft(
    store: Storage, matcher: Matcher, analyser: Analyser, batch: list[_Page], now: datetime
) -> Callable[[], list[_Ready]]:
    """Plan every article of the batch now and start analysing those that need it, all
    together; the result waits for the analyses. Outside any transaction."""
    found = [a for _, page in batch for a in page]
    drafted = articles.draft(store, matcher, analyser, found, now)

    def ready() -> list[_Ready]:
        planned = iter(drafted.ready())
        return [(page, [next(planned) for _ in page_articles]) for page, page_articles in batch]

    return ready


def _store_page(
    store: Storage,
    matcher: Matcher,
    analyser: Analyser,
    page: folder.SavedPage,
    ready: list[Ready | None],
    moment: datetime,
    unstored: Causes,
) -> tuple[int, int] | None:
    """One page's articles and the record that it was read, in one transaction: (new, seen
    again), or None if it could not be stored (told to ``unstored``; read again next time). A
    page with an article that could not be identified or analysed is read again too. The
    publication the page names is remembered with it (a digest shows it)."""
    named = page_publication(page.text, page.is_html)

    def work(tx: UnitOfWork) -> list[str]:  # run again if another process stored one too
        done = [articles.apply(tx, matcher, analyser, r, moment) for r in ready if r]
        if None not in ready and SKIP not in done:
            tx.record_file(storable(page.path), page.stamp, moment, named)
        return done

    try:
        done = store.run(work)
    except StoreError as exc:
        _unstored(unstored, page.path, exc)
        return None
    seen_again = done.count(MERGE) + done.count(REPLACE) + done.count(UPDATE)
    return done.count(ADD), seen_again


def _split(page: folder.SavedPage) -> list[Article]:
    source = storable(page.path)
    return (
        pages.split_html(page.text, source) if page.is_html else pages.split_text(page.text, source)
    )


def _unstored(unstored: Causes, path: Path, exc: StoreError) -> None:
    """A page (or file record) not stored: counted by cause, unless the store cannot go on."""
    if exc.fatal:
        raise exc
    unstored.add(path, exc.message)
