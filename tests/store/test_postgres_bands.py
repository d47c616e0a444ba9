"""Band keys on PostgreSQL: one row per identity (``lsh_sets``, a GIN index on its keys), found
by index whatever the statistics, upgraded from the row-per-key table without losing a key."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
from store_helpers import sql

from monitor.identity import keys as dedupe
from monitor.identity import neardup
from monitor.identity.match import Matcher
from monitor.models import OTHER_ONLY, Analysis, Article, Identity
from monitor.store.backends import open_store
from monitor.store.copy import copy_store
from monitor.store.postgres.schema import MIGRATIONS
from monitor.store.postgres.store import PgStore
from monitor.store.url import parse_store_url
from tests.dedupe_texts import DAM_REPORT, SUMMIT_A, SUMMIT_B

NOW = datetime(2026, 12, 5, 7, 0, tzinfo=UTC)
BEFORE_SETS = 10  # the schema version whose band keys were one row each


def identity(text: str) -> Identity:
    return Identity(None, None, dedupe.fingerprint(text), tuple(neardup.band_keys(text)), text)


def edited(text: str) -> str:
    return "Updated.\n\n" + text.replace("Thursday", "Wednesday")


def add(store: PgStore, text: str) -> int:
    article = Article(title="T", text=text, source="a.txt", layout="text")
    with store.transaction() as tx:
        return tx.add_article(article, Analysis(identity(text), (), OTHER_ONLY), NOW)


def test_a_new_articles_keys_are_one_row_and_find_its_near_duplicate(pg_url):
    store = PgStore.open(pg_url)
    first = add(store, SUMMIT_A)
    add(store, DAM_REPORT)
    assert sql(store, "SELECT count(*) FROM lsh_sets WHERE article_id = ?", (first,)) == [(1,)]
    keys = len(neardup.band_keys(SUMMIT_A))
    assert sql(store, "SELECT count(*) FROM lsh_bands WHERE article_id = ?", (first,)) == [(keys,)]
    match = Matcher().find(store, identity(edited(SUMMIT_A)))
    assert (match.article_id, match.rule) == (first, "near_duplicate")
    assert Matcher().find(store, identity(SUMMIT_B)) is None
    store.close()


def test_recording_an_identity_again_adds_only_the_keys_not_stored(pg_url):
    store = PgStore.open(pg_url)
    first = add(store, SUMMIT_A)
    with store.transaction() as tx:
        tx.record_identity(first, identity(SUMMIT_A))  # the same text seen again: nothing new
    assert sql(store, "SELECT count(*) FROM lsh_sets") == [(1,)]
    with store.transaction() as tx:
        tx.record_identity(first, identity(DAM_REPORT))  # a version with other words
    assert sql(store, "SELECT count(*) FROM lsh_sets") == [(2,)]
    both = set(neardup.band_keys(SUMMIT_A)) | set(neardup.band_keys(DAM_REPORT))
    stored = sql(store, "SELECT band, hash FROM lsh_bands WHERE article_id = ?", (first,))
    assert set(stored) == both
    with store.transaction() as tx:
        tx.record_identity(first, identity(DAM_REPORT))
    assert sql(store, "SELECT count(*) FROM lsh_sets") == [(2,)]
    store.close()


def test_the_look_up_reads_the_index_on_a_new_database(pg_url):
    """A new database has no statistics: the look-up must still read the index, not every row."""
    store = PgStore.open(pg_url)
    add(store, SUMMIT_A)
    add(store, DAM_REPORT)
    with store.transaction():
        before = _scans(store)
        for _ in range(8):  # past the uses after which psycopg prepares the statement
            assert Matcher().find(store, identity(SUMMIT_B)) is None
        after = _scans(store)
    assert after[0] == before[0]  # no sequential scan
    assert after[1] - before[1] == 8  # one index scan per look-up
    store.close()


def _scans(store: PgStore) -> tuple[int, int]:
    """Sequential and index scans of the band sets so far, in this session's transaction."""
    (row,) = store.conn.all(
        "SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE relname = 'lsh_sets'"
    )
    return int(row[0]), int(row[1])


def test_an_upgrade_keeps_the_band_keys_of_articles_stored_before_it(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("CREATE TABLE schema_version (version INTEGER)")
        for number, script in enumerate(MIGRATIONS[:BEFORE_SETS], start=1):
            db.execute(script)
            db.execute("INSERT INTO schema_version VALUES (%s)", (number,))
        (old,) = db.execute(
            "INSERT INTO articles (title, fingerprint, text, layout, summary, primary_region,"
            " regions, evidence, first_seen, updated) VALUES ('T', %s, %s, 'text', '[]', 'other',"
            " '[]', '{}', %s, %s) RETURNING id",
            (dedupe.fingerprint(SUMMIT_A), SUMMIT_A, NOW.isoformat(), NOW.isoformat()),
        ).fetchone()
        bands = neardup.band_keys(SUMMIT_A)
        with db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO lsh_bands (band, hash, article_id) VALUES (%s, %s, %s)",
                [(band, key, old) for band, key in bands],
            )
    store = PgStore.open(pg_url)
    assert store.check() == []
    assert sql(store, "SELECT band, hash FROM lsh_bands ORDER BY band, hash") == sorted(bands)
    match = Matcher().find(store, identity(edited(SUMMIT_A)))
    assert (match.article_id, match.rule) == (old, "near_duplicate")
    store.close()


def test_a_copy_from_sqlite_makes_one_set_per_article(pg_url, tmp_path):
    source = open_store(parse_store_url(f"sqlite:///{tmp_path}/state/monitor.sqlite3"))
    first = add(source, SUMMIT_A)
    add(source, DAM_REPORT)
    target = PgStore.open(pg_url)
    copy_store(source, target)
    assert sql(target, "SELECT count(*) FROM lsh_sets") == [(2,)]
    keys = "SELECT count(*) FROM lsh_bands"
    assert sql(target, keys) == sql(source, keys)
    match = Matcher().find(target, identity(edited(SUMMIT_A)))
    assert (match.article_id, match.rule) == (first, "near_duplicate")
    source.close()
    target.close()
