"""A lost connection to PostgreSQL, on real clusters: the server ends the store's session (as a
restart or a fail-over does) between units of work, or in the middle of one. The store connects
again and goes on; a unit of work cut off is run again from the start, and nothing is stored
twice; the outage is one log line, its end another."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import psycopg
import pytest

from monitor.errors import ExitCode
from monitor.models import OTHER_ONLY, Analysis, Article, Identity
from monitor.store.postgres import connection
from monitor.store.postgres.connection import DatabaseDown
from monitor.store.postgres.store import PgStore

NOW = datetime(2026, 12, 5, 7, 0, tzinfo=UTC)


def _end_session(url: str, store: PgStore) -> None:
    """What a restart does to the store's connection: the server ends it."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (store.pg.pg.info.backend_pid,))


def _outage_lines(caplog: pytest.LogCaptureFixture) -> tuple[int, int]:
    messages = [record.getMessage() for record in caplog.records]
    return sum("was lost" in m for m in messages), sum("is back" in m for m in messages)


def _article() -> tuple[Article, Analysis]:
    article = Article(title="Ferry timetable", text="Body.", source="feed-a", layout="text")
    return article, Analysis(Identity("guid-1", None, "fp-1"), (), OTHER_ONLY)


def test_a_session_ended_between_units_of_work_is_opened_again(pg_url, caplog):
    store = PgStore.open(pg_url)
    _end_session(pg_url, store)
    with caplog.at_level(logging.WARNING):
        assert store.articles() == []  # sent again on a new connection
        store.run(lambda tx: tx.add_article(*_article(), NOW))
    assert len(store.articles()) == 1
    assert _outage_lines(caplog) == (1, 1)
    store.close()


def test_a_unit_of_work_finds_a_lost_session_with_its_first_round_trip(pg_url, caplog):
    """No round trip of its own to check the connection: the unit's first one, which carries its
    ``BEGIN``, is sent again on a new connection (no transaction of ours had begun)."""
    store = PgStore.open(pg_url)
    _end_session(pg_url, store)
    with caplog.at_level(logging.WARNING), store.transaction() as tx:  # not run(): no retry
        tx.add_article(*_article(), NOW)
    assert [a.title for a in store.articles()] == ["Ferry timetable"]
    assert _outage_lines(caplog) == (1, 1)
    store.close()


def test_a_look_up_sent_in_one_round_trip_is_sent_again_after_a_lost_session(pg_url, caplog):
    store = PgStore.open(pg_url)
    article, analysis = _article()
    store.run(lambda tx: tx.add_article(article, analysis, NOW))
    _end_session(pg_url, store)
    with caplog.at_level(logging.WARNING):  # the identity look-up is pipelined statements
        found = store.match_candidates(analysis.identity, min_shared=1, limit=5)
    assert found.exact is not None and found.exact[0] == "guid"
    assert _outage_lines(caplog) == (1, 1)
    store.close()


def test_a_unit_of_work_cut_off_midway_is_run_again_and_stores_once(pg_url, caplog):
    store = PgStore.open(pg_url)
    tries: list[int] = []

    def work(tx) -> None:
        tries.append(len(tries))
        tx.add_article(*_article(), NOW)
        if len(tries) == 1:
            _end_session(pg_url, store)
            tx.articles()  # the next statement finds the connection gone

    with caplog.at_level(logging.WARNING):
        store.run(work)
    assert tries == [0, 1]
    assert [a.title for a in store.articles()] == ["Ferry timetable"]
    assert _outage_lines(caplog) == (1, 1)
    assert len(caplog.records) == 2  # nothing else: no warning of the rollback of the cut one
    store.close()


def test_a_database_down_for_longer_than_the_wait_stops_the_run(own_cluster, monkeypatch):
    store = PgStore.open(own_cluster.create_database())
    own_cluster.stop_server()
    monkeypatch.setattr(connection, "RECONNECT_FOR", 0.5)
    with pytest.raises(DatabaseDown) as raised:
        store.articles()
    assert raised.value.fatal and raised.value.exit_code == ExitCode.STATE
    assert "cannot be reached" in raised.value.message
    store.close()
