"""Saved pages into the store [io]: ``ingest`` reads the seeds folders' new and changed files.

``monitor.app.Monitor.ingest`` calls it, for every command and the daemon.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from monitor.analysis.analyser import Analyser, one_ahead
from monitor.causes import Causes
from monitor.config.load import Config
from monitor.identity import merge
from monitor.models import Article
from monitor.names import storable
from monitor.sources.pages import folder
from monitor.sources.pages import split as pages
from monitor.store.sqlite import Analysis, FileStamp, Identity, Match, Store

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
    store: Store,
    config: Config,
    analyser: Analyser,
    now: Callable[[], datetime],
    progress: Progress = lambda files: files,
) -> IngestReport:
    """Read new and changed files of the seeds folders and store their articles.

    Each file is stored in one transaction together with the record that it was read, so a
    failure part-way through a file stores none of it and the file is read again next time.
    Files are read and analysed a batch at a time, and stored one by one in order; the next
    batch is read and identified while the workers analyse this one.
    """
    files = list(folder.candidate_files(config.seeds.paths))
    counts = {"read": 0, "new": 0, "again": 0, "failed": 0}
    unstored = Causes("cannot store its articles", "will read it again")

    def remember(path: Path, stamp: FileStamp) -> None:  # touched but same bytes, or not text
        try:
            with store.transaction() as db:
                store.record_file(db, storable(path), stamp, now())
        except sqlite3.Error as exc:
            unstored.add(path, exc)

    def split_failed(page: folder.SavedPage, exc: Exception) -> None:
        log.error("%s: cannot split the page (%s); skipped", page.path, exc)
        counts["failed"] += 1

    changed = folder.read_changed(progress(files), store.file_stamp, remember=remember)
    batches = _batches(_split_pages(changed, split_failed), BATCH_ARTICLES)
    for prepared_batch in one_ahead(_prepare(store, analyser, batch) for batch in batches):
        for page, articles, prepared in prepared_batch():
            stored = _store_page(store, analyser, page, articles, prepared, now(), unstored)
            if stored is None:
                counts["failed"] += 1
                continue
            counts["read"] += 1
            counts["new"] += stored[0]
            counts["again"] += stored[1]
    unstored.report(log, logging.ERROR)
    return IngestReport(counts["read"], counts["new"], counts["again"], counts["failed"])


_Page = tuple[folder.SavedPage, list[Article]]
_Ready = tuple[folder.SavedPage, list[Article], list["_Prepared"]]


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


def _store_page(
    store: Store,
    analyser: Analyser,
    page: folder.SavedPage,
    articles: list[Article],
    prepared: list[_Prepared],
    moment: datetime,
    unstored: Causes,
) -> tuple[int, int] | None:
    """One page's articles and the record that it was read, in one transaction: (new, seen
    again), or None if it could not be stored (told to ``unstored``; read again next time)."""
    try:
        with store.transaction() as db:
            stored = _store_prepared(store, db, analyser, prepared, moment)
            if len(prepared) == len(articles):  # else read it again next time
                store.record_file(db, storable(page.path), page.stamp, moment)
    except sqlite3.Error as exc:
        unstored.add(page.path, exc)
        return None
    return stored


def _split(page: folder.SavedPage) -> list[Article]:
    source = storable(page.path)
    return (
        pages.split_html(page.text, source) if page.is_html else pages.split_text(page.text, source)
    )


@dataclass(frozen=True)
class _Prepared:
    """An article with its identity and, if it was analysed, its analysis."""

    article: Article
    identity: Identity
    analysis: Analysis | None  # when new, or when its text was to replace the stored text


@dataclass(frozen=True)
class _Found:
    """An article with its identity and the stored article it is, if any."""

    article: Article
    identity: Identity
    match: Match | None
    replaces: bool  # its text is to replace the matched article's

    @property
    def needs_analysis(self) -> bool:
        return self.match is None or self.replaces


def _prepare(store: Store, analyser: Analyser, batch: list[_Page]) -> Callable[[], list[_Ready]]:
    """Identify every article of the batch now, and start analysing the new ones and better
    versions all together; the result waits for the analyses. Outside any transaction; an
    article that fails is logged and left out."""
    found = [[_find(store, article) for article in articles] for _, articles in batch]
    work = [(f.article, f.identity) for fs in found for f in fs if f and f.needs_analysis]
    pending = analyser.submit(work)

    def ready() -> list[_Ready]:
        analyses = iter(pending())
        prepared = []
        for (page, articles), page_found in zip(batch, found, strict=True):
            analysed = (
                _prepared(f, next(analyses) if f.needs_analysis else None) for f in page_found if f
            )
            prepared.append((page, articles, [item for item in analysed if item is not None]))
        return prepared

    return ready


def _find(store: Store, article: Article) -> _Found | None:
    try:
        identity = Analyser.identify(article)
        match = store.find_match(identity)
        replaces = match is not None and _replaces(store, article, match)
        return _Found(article, identity, match, replaces)
    except Exception as exc:  # one bad article must not sink its page or the run
        log.error("%s: cannot identify %r (%s); skipped", article.source, article.title, exc)
        return None


def _prepared(found: _Found, analysis: Analysis | None) -> _Prepared | None:
    if found.needs_analysis and analysis is None:
        return None  # could not be analysed (logged): the page is read again next time
    return _Prepared(found.article, found.identity, analysis)


def _store_prepared(
    store: Store,
    db: sqlite3.Connection,
    analyser: Analyser,
    prepared: Iterable[_Prepared],
    moment: datetime,
) -> tuple[int, int]:
    """Store each article once, in the caller's transaction; a known one is merged into it.
    Matches are looked up again: articles stored since the batch was prepared count too."""
    new = seen = 0
    for item in prepared:
        match = store.find_match(item.identity)
        if match is not None:
            better = _better_version(store, analyser, item, match)
            _merge_into(store, db, item.article, item.identity, match, better, moment)
            seen += 1
            continue
        # analysed now only if the article it matched earlier has gone since (rare)
        analysis = item.analysis or analyser.analyse(item.article, item.identity)
        store.add_article(db, item.article, analysis, moment)
        new += 1
    return new, seen


def _better_version(
    store: Store, analyser: Analyser, item: _Prepared, match: Match
) -> Analysis | None:
    """The analysis to replace the matched article's text with, if this version is better
    than the text stored now (analysed here if it was not foreseen, which is rare)."""
    if not _replaces(store, item.article, match):
        return None
    return item.analysis or analyser.analyse(item.article, item.identity)


def _replaces(store: Store, article: Article, match: Match) -> bool:
    """Whether ``article``'s text is to replace the stored, undigested text of ``match``."""
    if match.digested:
        return False
    new = merge.Version(article.text, article.published, article.url)
    return merge.replaces_text(store.stored_version(match.article_id), new, match.rule)


def _merge_into(
    store: Store,
    db: sqlite3.Connection,
    article: Article,
    identity: Identity,
    match: Match,
    better: Analysis | None,
    moment: datetime,
) -> None:
    """One article, every source kept; an undigested one shows its best version (in ``db``'s
    transaction). ``better`` is ``_better_analysis`` of the new version."""
    store.add_sighting(db, match.article_id, article.source, match.rule, moment)
    store.record_identity(db, match.article_id, identity)
    if match.digested:
        return  # never shown again: nothing to update
    if better is not None:
        store.update_article(db, match.article_id, article, better, moment)
    store.keep_best_provenance(db, match.article_id, article.published, article.url, moment)
