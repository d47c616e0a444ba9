"""The imperative shell: ``ingest`` and ``make_digest`` string the stages together.

``monitor ingest``, ``monitor digest`` and the daemon all call these functions.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from monitor import dedupe, feedstore, folder, merge, neardup, pages
from monitor.config import Config
from monitor.digest import Digest, build_digest
from monitor.models import Article
from monitor.polling import feed_notes
from monitor.regions import Classifier
from monitor.store import Analysis, FileStamp, Identity, Match, Store
from monitor.summarise import Summariser

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


class Analyser:
    """Summariser and classifier, built once per process."""

    def __init__(self, config: Config) -> None:
        s = config.summary
        self.summariser = Summariser(s.sentences, s.max_words, s.algorithm)
        self.classifier = Classifier(config.regions)

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
        return Analysis(
            identity=identity,
            summary=self.summariser.summarise(article.text, article.title),
            classification=self.classifier.classify(article.title, article.text, article.hints),
        )


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
    """
    files = list(folder.candidate_files(config.seeds.paths))
    read = new = again = failed = 0

    def remember(path: Path, stamp: FileStamp) -> None:  # touched but same bytes, or not text
        with store.transaction() as db:
            store.record_file(db, str(path), stamp, now())

    for page in folder.read_changed(progress(files), store.file_stamp, remember=remember):
        try:
            articles = _split(page)
        except Exception as exc:  # a bad page must not sink the run
            log.error("%s: cannot split the page (%s); skipped", page.path, exc)
            failed += 1
            continue
        moment = now()
        prepared = _prepare(store, analyser, articles)
        try:
            with store.transaction() as db:
                added, seen = _store_prepared(store, db, analyser, prepared, moment)
                if len(prepared) == len(articles):  # else read it again next time
                    store.record_file(db, str(page.path), page.stamp, moment)
        except sqlite3.Error as exc:
            log.error("%s: cannot store its articles (%s); will read it again", page.path, exc)
            failed += 1
            continue
        read, new, again = read + 1, new + added, again + seen
    return IngestReport(read, new, again, failed)


def _split(page: folder.SavedPage) -> list[Article]:
    source = str(page.path)
    return (
        pages.split_html(page.text, source) if page.is_html else pages.split_text(page.text, source)
    )


@dataclass(frozen=True)
class _Prepared:
    """An article with its identity, analysed unless it was already stored."""

    article: Article
    identity: Identity
    analysis: Analysis | None
    matched: int | None = None  # the stored article it was found to be, if any ...
    better: Analysis | None = None  # ... and its analysis if it is to replace the stored text


def _prepare(store: Store, analyser: Analyser, articles: Iterable[Article]) -> list[_Prepared]:
    """Identify and analyse articles outside any transaction; one that fails is logged, left out."""
    prepared = []
    for article in articles:
        try:
            identity = analyser.identify(article)
            match = store.find_match(identity)
            if match is None:
                prepared.append(_Prepared(article, identity, analyser.analyse(article, identity)))
                continue
            better = _better_analysis(store, analyser, article, identity, match)
        except Exception as exc:  # one bad article must not sink its page or the run
            log.error("%s: cannot analyse %r (%s); skipped", article.source, article.title, exc)
            continue
        prepared.append(_Prepared(article, identity, None, match.article_id, better))
    return prepared


def _store_prepared(
    store: Store,
    db: sqlite3.Connection,
    analyser: Analyser,
    prepared: Iterable[_Prepared],
    moment: datetime,
) -> tuple[int, int]:
    """Store each article once, in the caller's transaction; a known one is merged into it."""
    new = seen = 0
    for item in prepared:
        match = store.find_match(item.identity)  # also sees articles stored earlier in this batch
        if match is not None:
            better = item.better if item.matched == match.article_id else None
            _merge_into(store, db, item.article, item.identity, match, better, moment)
            seen += 1
            continue
        # analysed now only if the article it matched earlier has gone since (rare)
        analysis = item.analysis or analyser.analyse(item.article, item.identity)
        store.add_article(db, item.article, analysis, moment)
        new += 1
    return new, seen


def _better_analysis(
    store: Store, analyser: Analyser, article: Article, identity: Identity, match: Match
) -> Analysis | None:
    """The analysis of the new version if it is to replace the stored, undigested text."""
    if match.digested:
        return None
    new = merge.Version(article.text, article.published, article.url)
    if not merge.replaces_text(store.stored_version(match.article_id), new, match.rule):
        return None
    return analyser.analyse(article, identity)


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


def make_digest(store: Store, now: datetime, preview: bool = False) -> Digest:
    """Every stored article not yet in a digest, grouped; recorded unless ``preview``."""
    digest = select_digest(store, now, preview)
    if not preview:
        store.record_digest(digest.since, now, digest.article_ids(), now)
    return digest


def select_digest(store: Store, now: datetime, preview: bool = False) -> Digest:
    """Every stored article not yet in a digest, grouped, with the feed notes; records nothing.

    ``monitor digest --deliver`` and the daemon record it with its outbox (deliver.py)."""
    since = store.last_digest_end()
    digest = build_digest(store.iter_articles(undigested_only=True), since, now, preview)
    return replace(digest, notes=feed_notes(feedstore.active(store)))
