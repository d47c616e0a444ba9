"""The identity index in a real SQLite file: exact keys, near-duplicates by index lookup."""

import sqlite3
from datetime import UTC, datetime

from store_helpers import sql

from monitor.identity import keys as dedupe
from monitor.identity import neardup
from monitor.identity.match import Matcher
from monitor.models import OTHER_ONLY, Analysis, Article, Identity
from monitor.store.schema import MIGRATIONS
from monitor.store.sqlite import Store
from tests.dedupe_texts import DAM_REPORT, SUMMIT_A, SUMMIT_B

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def find(store, probe, matcher=None):
    """The stored article ``probe`` is (``matcher``: one that remembers its decisions)."""
    return (matcher or Matcher()).find(store, probe)


def identity(text, guid=None, url=None):
    return Identity(guid, dedupe.canonical_url(url), dedupe.fingerprint(text),
                    tuple(neardup.band_keys(text)), text)


def add(store, text, source="a.txt", **keys):
    article = Article(title="T", text=text, source=source, layout="text")
    with store.transaction() as tx:
        return tx.add_article(article, Analysis(identity(text, **keys), (), OTHER_ONLY), NOW)


def test_exact_keys_strongest_first(open_store):
    store = open_store()
    first = add(store, SUMMIT_A, guid="g-1", url="https://example.com/summit?utm_source=x")
    add(store, SUMMIT_B, guid="g-2")
    assert find(store, identity(SUMMIT_B, guid="g-1")).rule == "guid"
    match = find(store, identity(DAM_REPORT, url="http://EXAMPLE.com/summit/"))
    assert (match.article_id, match.rule) == (first, "canonical_url")
    retyped = SUMMIT_A.replace("'", "\u2019")
    assert find(store, identity(retyped)).rule == "fingerprint"
    assert not find(store, identity(retyped)).digested


def test_near_duplicate_and_containment_found_and_same_topic_not(open_store):
    store = open_store()
    first = add(store, SUMMIT_A)
    add(store, DAM_REPORT)
    edited = SUMMIT_A.replace("Thursday", "Wednesday").replace("Samarkand", "Samarqand")
    match = find(store, identity("Updated.\n\n" + edited))
    assert (match.article_id, match.rule) == (first, "near_duplicate")
    half = " ".join(SUMMIT_A.split()[:100])
    assert find(store, identity(half)).rule == "containment"
    assert find(store, identity(SUMMIT_B)) is None


def test_every_version_keeps_its_keys(open_store):
    store = open_store()
    first = add(store, SUMMIT_A)
    with store.transaction() as tx:
        tx.record_identity(first, identity(SUMMIT_B, guid="feed-guid"))
    assert find(store, identity(DAM_REPORT, guid="feed-guid")).article_id == first
    assert find(store, identity(SUMMIT_B)).rule == "fingerprint"


def test_digested_flag(open_store):
    store = open_store()
    first = add(store, SUMMIT_A)
    store.record_digest(None, NOW, [first], NOW)
    assert find(store, identity(SUMMIT_A)).digested


def test_candidates_are_an_index_lookup_not_a_scan(tmp_path):
    store = Store.open(tmp_path)
    plan = sql(
        store,
        "EXPLAIN QUERY PLAN WITH probe(band, hash) AS (VALUES (1, 2), (3, 4))"
        " SELECT l.article_id FROM probe"
        " JOIN lsh_bands l ON l.band = probe.band AND l.hash = probe.hash",
    )
    steps = " ".join(row[-1] for row in plan)
    assert "SEARCH l USING PRIMARY KEY (band=? AND hash=?)" in steps
    assert "SCAN l" not in steps


def test_upgrade_indexes_articles_stored_before_it(tmp_path):
    db = sqlite3.connect(tmp_path / "monitor.sqlite3")
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO articles (title, guid, canonical_url, fingerprint, text, layout, summary,"
        " primary_region, regions, evidence, first_seen, updated) VALUES"
        " ('T', 'old-guid', 'https://example.com/old', 'fp-old', ?, 'text', '[]',"
        " 'other', '[]', '{}', ?, ?)",
        (DAM_REPORT, NOW.isoformat(), NOW.isoformat()),
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = Store.open(tmp_path)
    assert sql(store, "PRAGMA user_version")[0][0] == len(MIGRATIONS)
    assert find(store, Identity("old-guid", None, "x")).rule == "guid"
    assert find(store, Identity(None, "https://example.com/old", "x")).rule == "canonical_url"
    assert find(store, Identity(None, None, "fp-old")).rule == "fingerprint"
    edited = DAM_REPORT.replace("this week", "on Monday")
    assert find(store, identity(edited)).rule == "near_duplicate"


def counting_shingled(monkeypatch):
    """Count the texts shingled to confirm near-duplicate candidates."""
    calls = []
    shingled = neardup.shingled
    monkeypatch.setattr(neardup, "shingled", lambda text: calls.append(text) or shingled(text))
    return calls


def test_a_copy_looked_up_again_is_not_compared_again(open_store, monkeypatch):
    store = open_store()
    matcher = Matcher()
    first = add(store, SUMMIT_A)
    probe = identity("Updated.\n\n" + SUMMIT_A.replace("Thursday", "Wednesday"))
    compared = counting_shingled(monkeypatch)
    assert (find(store, probe, matcher).article_id, find(store, probe, matcher).rule) == (
        first, "near_duplicate"
    )
    assert len(compared) == 2  # the new text and the candidate's, once
    same_lead_other_story = identity(" ".join(SUMMIT_A.split()[:70]) + " " + DAM_REPORT)
    assert find(store, same_lead_other_story, matcher) is None  # a candidate, but not the article
    assert len(compared) == 4
    assert find(store, same_lead_other_story, matcher) is None  # a decision against is kept too
    assert len(compared) == 4


def test_a_revised_stored_text_is_compared_again(open_store, monkeypatch):
    store = open_store()
    matcher = Matcher()
    first = add(store, SUMMIT_A)
    probe = identity("Updated.\n\n" + SUMMIT_A.replace("Thursday", "Wednesday"))
    assert find(store, probe, matcher).rule == "near_duplicate"
    revised = Article(title="T", text=DAM_REPORT, source="b.txt", layout="text")
    with store.transaction() as tx:
        tx.update_article(
            first, revised, Analysis(identity(DAM_REPORT), (), OTHER_ONLY), NOW
        )
    compared = counting_shingled(monkeypatch)
    assert find(store, probe, matcher) is None  # its old bands still lead to it: the text decides
    assert compared[-1] == DAM_REPORT
