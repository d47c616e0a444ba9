import sqlite3
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from store_helpers import sql

from monitor.config.load import FeedConfig
from monitor.errors import StateError
from monitor.identity.match import Matcher
from monitor.models import Analysis, Article, Classification, Evidence, Identity, Region
from monitor.records import FileStamp
from monitor.store.interface import CONFIG, StoreError
from monitor.store.schema import MIGRATIONS
from monitor.store.sqlite import Store

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def analysis(fingerprint="f1", url=None, guid=None):
    return Analysis(
        identity=Identity(guid=guid, canonical_url=url, fingerprint=fingerprint),
        summary=("One.", "Two."),
        classification=Classification(
            primary=Region.SOUTH_ASIA,
            regions=(Region.SOUTH_ASIA, Region.CENTRAL_ASIA),
            evidence=(Evidence("Kabul", Region.SOUTH_ASIA, 3, 0.6),),
        ),
    )


def article(source="a.txt"):
    return Article(title="T", text="Body.", source=source, layout="text", author="A. Writer")


def test_new_store_is_migrated_with_wal_and_foreign_keys(tmp_path):
    store = Store.open(tmp_path / "state")
    assert sql(store, "PRAGMA user_version")[0][0] == len(MIGRATIONS)
    assert sql(store, "PRAGMA journal_mode")[0][0] == "wal"
    assert store.conn.one("PRAGMA foreign_keys") == (1,)
    store.close()
    Store.open(tmp_path / "state").close()  # reopening does not migrate twice


def test_newer_schema_is_refused(tmp_path):
    Store.open(tmp_path).close()
    db = sqlite3.connect(tmp_path / "monitor.sqlite3")
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StateError, match="newer monitor"):
        Store.open(tmp_path)


def test_article_round_trip_and_matching(open_store):
    store = open_store()
    with store.transaction() as tx:
        article_id = tx.add_article(article(), analysis(guid="g1"), NOW)
    assert Matcher().find(store, Identity("g1", None, "other")).rule == "guid"
    assert Matcher().find(store, Identity(None, None, "f1")).rule == "fingerprint"
    assert Matcher().find(store, Identity(None, None, "nope")) is None
    with store.transaction() as tx:
        tx.add_sighting(article_id, "b.txt", "fingerprint", NOW)
    (stored,) = store.articles()
    assert stored.sources == ("a.txt", "b.txt")
    assert stored.duplicate_rules == {"b.txt": "fingerprint"}
    assert stored.summary == ("One.", "Two.")
    assert stored.classification.regions == (Region.SOUTH_ASIA, Region.CENTRAL_ASIA)
    assert stored.classification.evidence[0].term == "Kabul"


def test_digest_membership_is_unique_and_failed_transactions_roll_back(open_store):
    store = open_store()
    with store.transaction() as tx:
        first = tx.add_article(article(), analysis(), NOW)
    store.record_digest(None, NOW, [first], NOW)
    assert store.articles(undigested_only=True) == []
    assert store.last_digest_end() == NOW
    with pytest.raises(StoreError, match="(?i)unique"):
        store.record_digest(NOW, NOW.replace(hour=8), [first], NOW)
    assert sql(store, "SELECT count(*) FROM digests")[0][0] == 1


def test_file_stamps(open_store):
    store = open_store()
    assert store.file_stamp("x") is None
    with store.transaction() as tx:
        tx.record_file("x", FileStamp(3, 10, "abc"), NOW)
    assert store.file_stamp("x") == FileStamp(3, 10, "abc")


def test_unusable_state_dir_is_a_state_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StateError):
        Store.open(blocker)


def test_a_pages_publication_is_kept_with_its_file_and_a_feeds_title_with_the_feed(open_store):
    store = open_store()
    with store.transaction() as tx:
        tx.record_file("seeds/a.txt", FileStamp(3, 10, "abc"), NOW, "Oxus Review")
        tx.record_file("seeds/b.txt", FileStamp(4, 11, "def"), NOW)
    with store.transaction() as tx:  # read again, same bytes: the name is not forgotten
        tx.record_file("seeds/a.txt", FileStamp(3, 12, "abc"), NOW)
    assert store.file_publications() == {"seeds/a.txt": "Oxus Review"}
    url = "https://steppe.example/feed/"
    with store.transaction() as tx:
        tx.sync_feeds([FeedConfig(url)], CONFIG)
        (state,) = tx.feeds()
        tx.save_feed(replace(state, title="Steppe Review"))
    assert [(f.name, f.title) for f in store.feeds()] == [(None, "Steppe Review")]
