"""Shared fixtures: the seed pages (read from ../shared/seeds) and small pages of our own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pytest
from paths import REALISTIC_FEEDS, SEEDS, SUMMARY_EVAL, require_shared
from pgcluster import Cluster


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``../shared`` folder (seed pages, evaluation sets); fails loudly when missing."""
    return require_shared()


def summary_records(count: int) -> list[dict]:
    """The first ``count`` articles of each summary evaluation set (CNN/DM, BBC), as records."""
    records = []
    for name in ("cnndm", "bbc"):
        path = require_shared(SUMMARY_EVAL / f"{name}_dev.jsonl")
        with path.open(encoding="utf-8") as lines:
            records += [json.loads(line) for line in islice(lines, count)]
    return records


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster of the tests' own, started on first use and stopped at
    the end; fails loudly (never skips) when PostgreSQL is not installed."""
    cluster = Cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def own_cluster() -> Iterator[Cluster]:
    """A cluster of the test's own, to stop and start again (the session's serves the others)."""
    cluster = Cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The URL of a new, empty PostgreSQL database."""
    return pg_cluster.create_database()


@pytest.fixture
def seeds_dir(shared: Path) -> Path:
    return require_shared(SEEDS)


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


@pytest.fixture
def own_pages(tmp_path: Path) -> Path:
    """A folder with one magazine-layout page and one plain note, written for these tests."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "magazine.txt").write_text(MAGAZINE_PAGE, encoding="utf-8")
    (folder / "note.txt").write_text(
        "Rail Links Between Pakistan and Afghanistan\n\n"
        "Pakistan and Afghanistan agreed to study a railway from Peshawar to Kabul. "
        "The line would carry freight from Karachi to Mazar-i-Sharif and on to Termez. "
        "Engineers from both countries will survey the Khyber route this winter. "
        "Officials in Islamabad said financing remains the hardest question for the project.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def realistic_dir(shared: Path) -> Path:
    return require_shared(REALISTIC_FEEDS)
