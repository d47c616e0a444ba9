"""Shared fixtures: the seed pages (read from ../shared/seeds) and small pages of our own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import MAGAZINE_PAGE
from paths import REALISTIC_FEEDS, SEEDS, require_shared
from pgcluster import Cluster


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``../shared`` folder (seed pages, evaluation sets); fails loudly when missing."""
    return require_shared()


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
