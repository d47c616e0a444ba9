"""Saved pages into the store [io]: ``ingest`` reads the seeds folders' new and changed files.

``monitor.app.Monitor.ingest`` calls it, for every command and the daemon. Each article takes
the one ingest path (``monitor.ingest.articles``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
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
    """Read new and changed files of the seeds folders and store their articles.

    Each file is stored in one transaction together with the record that it was read, so a
    failure part-way through a file stores none of it and the file is read again next time.
    Files are read and analysed a batch at a time, and stored one by one in order; the next
    batch is read and identified while the workers analyse this one. ``matcher``: one kept
    from earlier ingests remembers their near-duplicate decisions.
    """
    files = list(folder.candidate_files(config.seeds.paths))
    counts = {"read": 0, "new": 0, "again": 0, "failed": 0}
    matcher = matcher or Matcher()
    unstored = Causes("cannot store its articles", "will read it again")

    def remember(path: Path, stamp: FileStamp) -> None:  # touched but same bytes, or not text
        try:
            with store.transaction() as tx:
                tx.record_file(storable(path), stamp, now())
        except StoreError as exc:
            _unstored(unstored, path, exc)

    def split_failed(page: folder.SavedPage, exc: Exception) -> None:
        log.error("%s: cannot split the page (%s); skipped", page.path, exc)
        counts["failed"] += 1

    changed = folder.read_changed(progress(files), store.file_stamp, remember=remember)
    batches = _batches(_split_pages(changed, split_failed), BATCH_ARTICLES)
    drafts = (_draft(store, matcher, analyser, batch, now()) for batch in batches)
    for drafted in one_ahead(drafts):
        for page, ready in drafted():
            stored = _store_page(store, matcher, analyser, page, ready, now(), unstored)
            if stored is None:
                counts["failed"] += 1
                continue
            counts["read"] += 1
            counts["new"] += stored[0]
            counts["again"] += stored[1]
    unstored.report(log, logging.ERROR)
    return IngestReport(counts["read"], counts["new"], counts["again"], counts["failed"])


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
