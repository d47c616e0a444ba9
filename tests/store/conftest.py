"""The store's tests run on both backends: ``open_store()`` opens a new store, SQLite in a
temporary folder or PostgreSQL in a new database of the tests' own cluster."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from monitor.store.backends import open_store as open_url
from monitor.store.interface import Storage
from monitor.store.url import parse_store_url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path}/state/monitor.sqlite3"


@pytest.fixture
def open_store(store_url: str) -> Callable[[], Storage]:
    """Opens the test's store (again, on a second call); closed at the end."""
    opened: list[Storage] = []

    def opener() -> Storage:
        opened.append(open_url(parse_store_url(store_url)))
        return opened[-1]

    yield opener
    for store in opened:
        store.close()
