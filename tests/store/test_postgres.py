"""The PostgreSQL store under concurrency, on the tests' own cluster: migrations, identity and
deliveries claimed by one process, with real connections racing (no mocks)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from store_helpers import sql

from monitor.config.load import FeedConfig
from monitor.errors import ConfigError, StateError
from monitor.identity.match import Matcher
from monitor.models import OTHER_ONLY, Analysis, Article, Identity
from monitor.records import Bodies, Target
from monitor.store.interface import CONFIG
from monitor.store.postgres.schema import MIGRATIONS
from monitor.store.postgres.store import PgStore
from monitor.store.url import parse_store_url, store_url

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
WAIT = 30  # seconds at most for the other connection to be seen waiting


def test_two_workers_starting_at_once_migrate_once(pg_url):
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: PgStore.open(pg_url), range(4)))
    versions = sql(stores[0], "SELECT version FROM schema_version ORDER BY version")
    assert versions == [(n,) for n in range(1, len(MIGRATIONS) + 1)]
    for store in stores:
        assert store.check() == []
        store.close()


def _article(source: str) -> tuple[Article, Analysis]:
    article = Article(title="Same story", text="Body.", source=source, layout="text")
    return article, Analysis(Identity("guid-1", None, f"fp-{source}"), (), OTHER_ONLY)


def _store_or_merge(store: PgStore, source: str, tries: list[str]) -> None:
    """What ingest's apply does: match in the unit of work, then add or add a sighting."""

    def work(tx) -> None:
        tries.append(source)
        _store_in(tx, source)

    store.run(work)


def _store_in(tx, source: str) -> None:
    match = Matcher().find(tx, Identity("guid-1", None, f"fp-{source}"))
    if match is None:
        tx.add_article(*_article(source), NOW)
    else:
        tx.add_sighting(match.article_id, source, match.rule, NOW)


def _waiting_for_a_lock(store: PgStore) -> bool:
    deadline = datetime.now(UTC) + timedelta(seconds=WAIT)
    while datetime.now(UTC) < deadline:
        if sql(store, "SELECT count(*) FROM pg_locks WHERE NOT granted")[0][0]:
            return True
    return False


def test_two_workers_storing_one_guid_at_once_end_as_one_article(pg_url):
    first, second = PgStore.open(pg_url), PgStore.open(pg_url)
    tries: list[str] = []
    with first.transaction() as tx:
        tx.add_article(*_article("feed-a"), NOW)  # not committed yet
        racer = threading.Thread(target=_store_or_merge, args=(second, "feed-b", tries))
        racer.start()
        assert _waiting_for_a_lock(first)  # the second waits on the guid's key
    racer.join(WAIT)
    (article,) = first.articles()
    assert sorted(article.sources) == ["feed-a", "feed-b"]
    assert tries == ["feed-b", "feed-b"]  # a conflict, then a sighting on the second try
    first.close()
    second.close()


def test_a_worker_holding_a_storys_keys_makes_another_wait_then_find_it(pg_url):
    """As ingest's apply does: hold the keys, then match; the second worker waits for the first
    to commit and finds its article at the first try (no conflict to run again)."""
    first, second = PgStore.open(pg_url), PgStore.open(pg_url)
    tries: list[str] = []

    def hold_then_store(tx, source: str) -> None:
        tries.append(source)
        tx.hold_keys(Identity("guid-1", None, f"fp-{source}"))
        _store_in(tx, source)

    with first.transaction() as tx:
        hold_then_store(tx, "feed-a")
        racer = threading.Thread(target=second.run, args=(lambda t: hold_then_store(t, "feed-b"),))
        racer.start()
        assert _waiting_for_a_lock(first)
    racer.join(WAIT)
    (article,) = first.articles()
    assert sorted(article.sources) == ["feed-a", "feed-b"]
    assert tries == ["feed-a", "feed-b"]
    first.close()
    second.close()


def _pending_delivery(store: PgStore):
    with store.transaction() as tx:
        article_id = tx.add_article(*_article("feed-a"), NOW)
        digest_id = tx.add_digest(None, NOW, [article_id], NOW)
        assert digest_id is not None
        tx.add_outbox(digest_id, Bodies("S", 1, "h", "m", "t"), "<id@x>",
                      [Target("email", "a@example.org")], NOW)  # fmt: skip
    (delivery,) = store.deliveries(pending_only=True)
    return delivery


def test_a_delivery_is_claimed_by_one_process(pg_url):
    first, second = PgStore.open(pg_url), PgStore.open(pg_url)
    delivery = _pending_delivery(first)
    until = NOW + timedelta(minutes=10)
    with first.transaction() as tx:
        assert tx.claim_delivery(delivery, until)
        with second.transaction() as other:  # while the first holds the row: skipped
            assert not other.claim_delivery(delivery, until)
    with second.transaction() as other:  # after: its next attempt moved on, so not due
        assert not other.claim_delivery(delivery, until)
    (claimed,) = second.deliveries(pending_only=True)
    assert claimed.next_attempt == until
    first.close()
    second.close()


def test_a_second_digest_for_the_same_slot_records_nothing(pg_url):
    store = PgStore.open(pg_url)
    assert store.record_digest(None, NOW, [], NOW) is not None
    assert store.record_digest(None, NOW, [], NOW) is None
    store.close()


def test_urls(tmp_path):
    assert store_url(None, {}, tmp_path).path == tmp_path / "monitor.sqlite3"
    env = {"MONITOR_STORE_URL": "postgresql://u@h:5/db"}
    assert store_url("sqlite:///x.sqlite3", env, tmp_path).dsn == "postgresql://u@h:5/db"
    assert str(store_url("sqlite:////abs/x.sqlite3", {}, tmp_path).path) == "/abs/x.sqlite3"
    for bad in ("postgresql://u:secret@h/db", "postgresql://u@h", "mysql://h/db", "sqlite:///"):
        with pytest.raises(ConfigError):
            parse_store_url(bad)


def test_an_unreachable_server_is_a_state_error(pg_cluster):
    with pytest.raises(StateError, match="cannot connect"):
        PgStore.open(f"postgresql://monitor@127.0.0.1:{pg_cluster.port}/no_such_database")


def test_a_due_feed_is_leased_to_one_worker_until_its_lease_ends(pg_url):
    first, second = PgStore.open(pg_url), PgStore.open(pg_url)
    with first.transaction() as tx:
        tx.sync_feeds([FeedConfig("https://example.org/feed")], CONFIG)
    keys, until = ["https://example.org/feed"], NOW + timedelta(minutes=10)
    with first.transaction() as tx:
        assert tx.claim_feeds(keys, NOW, until) == keys
    with second.transaction() as tx:
        assert tx.claim_feeds(keys, NOW + timedelta(minutes=9), until) == []  # still leased
    with second.transaction() as tx:  # the first died: its lease ends, the feed comes back
        assert tx.claim_feeds(keys, until, until + timedelta(minutes=10)) == keys
    first.close()
    second.close()
