"""The store of readers with their own schedule, on both backends: where a reader stands, what
they are offered, their digests (one per slot), the articles each reached (once per reader) and
the digests' deliveries (claimed, marked, retried)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.models import Analysis, Article, Classification, Identity, Region
from monitor.records import OWN, PENDING, SENT, Bodies, ReaderMark
from monitor.store.interface import StoreError

NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)
BODIES = Bodies("Regional digest 29 Nov: 1 South Asia", 1, "<p>html</p>", "", "text")


def add(store, fingerprint: str) -> int:
    where = Classification(primary=Region.SOUTH_ASIA, regions=(Region.SOUTH_ASIA,))
    analysis = Analysis(Identity(None, None, fingerprint), ("One.",), where)
    with store.transaction() as tx:
        return tx.add_article(Article("T " + fingerprint, "Body.", f"{fingerprint}.txt", "text"),
                              analysis, NOW)  # fmt: skip


def offered(store, reader: str) -> list[int]:
    mark = store.reader_mark(reader)
    return [a.id for a in store.reader_candidates(reader, mark.after)]


def slot(store, reader: str, end: datetime, ids, to: str | None = "r@example.org"):
    start = store.reader_mark(reader).last_end
    with store.transaction() as tx:
        return tx.add_reader_slot(reader, (start, end), ids, BODIES, f"<m{end:%H}@x>", to, NOW)


def test_a_reader_joins_once_and_is_offered_what_later_digests_and_none_hold(open_store):
    store = open_store()
    old = add(store, "old")
    store.record_digest(None, NOW, [old], NOW)  # before the reader joined: never offered
    waiting = add(store, "waiting")  # in no digest yet when they join: offered
    assert store.reader_mark("r@example.org") is None
    with store.transaction() as tx:
        tx.join_reader("r@example.org", NOW)
        tx.join_reader("r@example.org", NOW + timedelta(hours=5))  # joined already: unchanged
    assert store.reader_mark("r@example.org") == ReaderMark("r@example.org", NOW, 1)
    later = add(store, "later")
    store.record_digest(NOW, NOW + timedelta(hours=1), [waiting, later], NOW)
    assert offered(store, "r@example.org") == [waiting, later]
    (found,) = [a for a in store.reader_candidates("r@example.org", 1) if a.id == later]
    assert found.title == "T later" and found.sources == ("later.txt",)


def test_one_digest_per_reader_and_slot_and_each_article_once(open_store):
    store = open_store()
    first, second = add(store, "a"), add(store, "b")
    with store.transaction() as tx:
        tx.join_reader("r@example.org", NOW)
        tx.join_reader("s@example.org", NOW)
    end = NOW + timedelta(hours=2)
    slot_id = slot(store, "r@example.org", end, [first])
    assert slot_id is not None
    assert slot(store, "r@example.org", end, [second]) is None  # that slot's digest exists
    assert store.reader_mark("r@example.org") == ReaderMark("r@example.org", end, 0)
    assert offered(store, "r@example.org") == [second]
    assert offered(store, "s@example.org") == [first, second]  # another reader's own
    assert store.reached("r@example.org", [first, second]) == {first}
    assert store.reached("s@example.org", [first, second]) == set()
    with pytest.raises(StoreError):
        slot(store, "r@example.org", end + timedelta(hours=2), [first])  # reached already
    assert offered(store, "r@example.org") == [second]  # nothing of that one was written
    stored = store.reader_slot(slot_id)
    assert (stored.period_start, stored.period_end, stored.message_id) == (NOW, end, "<m09@x>")
    assert stored.bodies == BODIES
    with pytest.raises(StoreError, match="no reader digest"):
        store.reader_slot(slot_id + 100)


def test_a_reader_digests_delivery_is_claimed_marked_and_retried(open_store):
    store = open_store()
    with store.transaction() as tx:
        tx.join_reader("r@example.org", NOW)
    quiet = slot(store, "r@example.org", NOW + timedelta(hours=1), [], to=None)  # not sent
    sent = slot(store, "r@example.org", NOW + timedelta(hours=2), [add(store, "a")])
    (delivery,) = store.reader_slot_deliveries(pending_only=True)
    assert quiet is not None and (delivery.digest_id, delivery.channel) == (sent, OWN)
    assert (delivery.target, delivery.status, delivery.next_attempt) == ("r@example.org",
                                                                         PENDING, NOW)  # fmt: skip
    with store.transaction() as tx:
        assert tx.claim_delivery(delivery, NOW + timedelta(minutes=10))
    with store.transaction() as tx:
        tx.mark_reader_delivery(delivery.id, PENDING, "451 busy", NOW + timedelta(minutes=1), None)
    with store.transaction() as tx:
        assert tx.retry_pending(NOW) == 1
    (again,) = store.reader_slot_deliveries()
    assert (again.attempts, again.last_error, again.next_attempt) == (1, "451 busy", NOW)
    with store.transaction() as tx:
        tx.mark_reader_delivery(again.id, SENT, None, NOW, NOW)
    assert store.reader_slot_deliveries(pending_only=True) == []
    assert store.deliveries() == []  # the digests' own outbox is untouched


def test_a_claimed_reader_delivery_is_not_claimed_twice(open_store):
    store = open_store()
    with store.transaction() as tx:
        tx.join_reader("r@example.org", NOW)
    slot(store, "r@example.org", NOW + timedelta(hours=1), [])
    (delivery,) = store.reader_slot_deliveries()
    with store.transaction() as tx:
        assert tx.claim_delivery(delivery, NOW + timedelta(minutes=10))
    with store.transaction() as tx:  # as read before the claim: another process took it
        taken = tx.claim_delivery(delivery, NOW + timedelta(minutes=10))
    assert taken is (store.reader_slot_deliveries()[0].next_attempt == NOW)


def test_a_reader_is_offered_the_later_edits_of_what_their_digests_reached(open_store):
    store = open_store()
    sent, other = add(store, "sent"), add(store, "other")
    with store.transaction() as tx:
        tx.add_update(sent, ("before they joined",), NOW)
        tx.join_reader("r@example.org", NOW)  # from the edits made from now on
    mark = store.reader_mark("r@example.org")
    assert mark.last_update == 1 and store.reader_edits("r@example.org", 1) == ([], 1)
    assert slot(store, "r@example.org", NOW + timedelta(hours=1), [sent]) is not None
    with store.transaction() as tx:
        tx.add_update(sent, ("a figure changed",), NOW)
        tx.add_update(other, ("the title changed",), NOW)  # never reached them
        tx.add_update(sent, ("text added",), NOW)
    mark = store.reader_mark("r@example.org")
    edits, last = store.reader_edits("r@example.org", mark.last_update)
    assert [(e.article_id, e.changes) for e in edits] == [
        (sent, ("a figure changed",)), (sent, ("text added",))
    ]  # fmt: skip
    assert last == 4
    start = store.reader_mark("r@example.org").last_end
    with store.transaction() as tx:
        tx.add_reader_slot("r@example.org", (start, NOW + timedelta(hours=2)), [], BODIES,
                           "<m2@x>", None, NOW, last)  # fmt: skip
    assert store.reader_mark("r@example.org").last_update == 4
    assert store.reader_edits("r@example.org", 4) == ([], 4)


def test_articles_are_found_by_id_a_chunk_at_a_time(open_store, monkeypatch):
    from monitor.store import connection

    monkeypatch.setattr(connection, "CHUNK", 2)  # five ids: three queries of each kind
    store = open_store()
    ids = [add(store, f"chunk{n}") for n in range(5)]
    with store.transaction() as tx:
        tx.add_sighting(ids[3], "again.txt", "exact", NOW)
    found = store.articles_with_ids([ids[4], ids[0], *ids[1:4], 10_000])
    assert [a.id for a in found] == ids  # in id order, the one that does not exist left out
    assert found[3].sources == ("chunk3.txt", "again.txt")
    assert store.articles_with_ids([]) == []
