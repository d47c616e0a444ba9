"""Rows of the SQLite store decoded into values (pure): ISO 8601 times, JSON lists and maps.

A value that cannot be decoded raises one of ``connection.DECODE_ERRORS``; the caller leaves
the row out with one log line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from monitor.analysis import words
from monitor.models import Analysis, Classification, Evidence, Region, StoredArticle
from monitor.records import Bodies, Delivery, FeedState, PendingUpdate, StoredDigest

ARTICLE_COLUMNS = (
    "a.id, a.title, a.text, a.layout, a.author, a.url, a.published, a.first_seen, a.summary,"
    " a.primary_region, a.regions, a.evidence, a.note, d.digest_id, a.words"
)
DIGEST_COLUMNS = (
    "d.id, d.created, d.period_start, d.period_end, r.message_id, r.subject, r.article_count,"
    " r.html, r.markdown, r.text"
)
DELIVERY_COLUMNS = (
    "id, digest_id, channel, target, status, attempts, last_error, next_attempt, sent_at"
)
FEED_COLUMNS = (
    "key, url, name, category, interval, etag, last_modified, next_poll, last_poll,"
    " last_success, last_error, last_error_at, failures, gone, title"
)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def moment(text: str) -> datetime:
    """A time that must be there (a missing one is a row that cannot be decoded)."""
    return datetime.fromisoformat(text)


def pending_update(row: tuple) -> PendingUpdate:
    """An edit from its (article id, changes as JSON, when detected) columns."""
    article_id, changes, detected = row
    return PendingUpdate(int(article_id), tuple(json.loads(changes)), moment(detected))


def analysis_columns(analysis: Analysis) -> tuple[str, str, str, str, str | None]:
    """The summary, primary_region, regions, evidence and words columns of an analysed
    article."""
    cls = analysis.classification
    return (
        json.dumps(list(analysis.summary)),
        cls.primary.value,
        json.dumps([r.value for r in cls.regions]),
        json.dumps(cls.evidence_by_region()),
        analysis.words,
    )


def stored_article(row: Sequence[Any], sightings: tuple[tuple[str, str], ...]) -> StoredArticle:
    (article_id, title, text, layout, author, url, published, first_seen, summary, primary,
     regions, evidence, note, digest_id, counted) = row  # fmt: skip
    return StoredArticle(
        id=article_id,
        title=title,
        text=text,
        layout=layout,
        author=author,
        url=url,
        published=when(published),
        first_seen=datetime.fromisoformat(first_seen),
        sources=tuple(source for source, _ in sightings),
        summary=tuple(json.loads(summary)),
        classification=classification(primary, regions, evidence),
        note=note,
        digest_id=digest_id,
        duplicate_rules={source: rule for source, rule in sightings if rule != "first"},
        words=words.decode(counted),
    )


def classification(primary: str, regions: str, evidence: str) -> Classification:
    items = tuple(
        Evidence(term=term, region=Region(region), count=int(v["count"]), weight=float(v["weight"]))
        for region, terms in json.loads(evidence).items()
        for term, v in terms.items()
    )
    return Classification(
        primary=Region(primary),
        regions=tuple(Region(r) for r in json.loads(regions)),
        evidence=items,
    )


def stored_digest(row: Sequence[Any]) -> StoredDigest:
    digest_id, created, start, end, message_id, subject, count, html, markdown, text = row
    return StoredDigest(
        id=digest_id,
        created=datetime.fromisoformat(created),
        period_start=when(start),
        period_end=datetime.fromisoformat(end),
        message_id=message_id,
        bodies=Bodies(subject, count, html, markdown, text),
    )


def delivery(row: Sequence[Any]) -> Delivery:
    delivery_id, digest_id, channel, target, status, attempts, error, next_attempt, sent_at = row
    retry = datetime.fromisoformat(next_attempt)
    return Delivery(
        delivery_id, digest_id, channel, target, status, attempts, error, retry, when(sent_at)
    )


def feed_state(row: Sequence[Any]) -> FeedState:
    (key, url, name, category, interval, etag, last_modified, next_poll, last_poll,
     last_success, last_error, last_error_at, failures, gone, title) = row  # fmt: skip
    state = FeedState(key=key, url=url, name=name, category=category, interval=interval)
    return replace(
        state, etag=etag, last_modified=last_modified, next_poll=when(next_poll),
        last_poll=when(last_poll), last_success=when(last_success), last_error=last_error,
        last_error_at=when(last_error_at), failures=failures, gone=bool(gone), title=title,
    )  # fmt: skip
