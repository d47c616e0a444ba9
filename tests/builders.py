"""Builders: the stored articles that render tests put into digests, and recorded digests."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from monitor.app import Monitor
from monitor.config.load import Config
from monitor.digest.select import Digest
from monitor.models import Classification, Evidence, Region, StoredArticle
from monitor.store.sqlite import Store

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def stored_article(
    i: int = 1,
    region: Region = Region.SOUTH_ASIA,
    evidence: tuple[Evidence, ...] = (Evidence("Kabul", Region.SOUTH_ASIA, 2, 0.5),),
    regions: tuple[Region, ...] | None = None,
    **fields: Any,
) -> StoredArticle:
    """A stored article filed under ``region`` (and ``regions``, by default just that one)."""
    chosen = regions if regions is not None else (() if region is Region.OTHER else (region,))
    values: dict[str, Any] = {
        "id": i,
        "title": invented_words(i, 4).title(),
        "text": invented_words(i + 10_000, 40) + ".",
        "layout": "text",
        "author": None,
        "url": None,
        "published": None,
        "first_seen": NOW,
        "sources": (f"page{i}.txt",),
        "summary": ("A sentence.",),
        "classification": Classification(region, chosen, evidence),
    }
    return StoredArticle(**{**values, **fields})


SYLLABLES = ("ka", "ro", "mi", "tu", "sel", "dan", "vo", "ri", "bek", "lu", "ze", "shan", "om")


def invented_words(seed: int, count: int) -> str:
    """``count`` made-up words, the same for a seed: texts no two of which tell one story."""
    chance = random.Random(seed)
    return " ".join(
        "".join(chance.choice(SYLLABLES) for _ in range(chance.randint(2, 4))) for _ in range(count)
    )


def digest_of(store: Store, now: datetime) -> Digest:
    """Record a digest of every undigested article, as ``monitor digest`` does; its content."""
    return Monitor(Config(feeds=()), store, lambda: now).make_digest().digest
