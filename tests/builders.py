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


#: A saved magazine page of our own (the seed pages' layout: chrome, an article, a sidebar).
MAGAZINE_PAGE = """Connect with us

Central Asia

Water, Ice and Power in the Fergana Valley

Aigerim Sadykova

Published

on

Kyrgyzstan and Uzbekistan signed a new agreement on the Toktogul reservoir last week, ending a
decade of seasonal quarrels over when water is released and who pays for the power it makes.

Tajikistan watched closely, because the Rogun dam upstream will change the same calculation.
Officials in Bishkek and Tashkent described the deal as a model for the whole of Central Asia.

Kazakhstan, downstream of both, asked to join the talks on the next stage of the agreement.

Continue Reading

Middle East

Oman's Quiet Mediation Between Tehran and Riyadh

Published

on

Oman has hosted three rounds of talks between Iranian and Saudi officials since the spring,
according to diplomats in Muscat who asked not to be named.

The talks cover shipping in the Gulf, the war in Yemen and the exchange of prisoners.
Iran and Saudi Arabia both deny that any agreement is close, but the meetings continue.

Continue Reading

Publications

Latest

South Asia3 hours ago

A Teaser That Is Not an Article

This excerpt belongs to the sidebar and should never become an article of its own...

Trending

Copyright © 2026 Example Magazine
"""
