"""A clock set back never gives a digest whose period ends before it starts, and loses nothing."""

from __future__ import annotations

from datetime import timedelta

from delivery_helpers import NOW, delivery_config, ingested_store, publish

from monitor.delivery import outbox
from monitor.digest.select import build_digest


def test_a_digest_built_before_the_last_ones_end_is_made_as_of_that_end():
    digest = build_digest([], since=NOW, now=NOW - timedelta(days=3))
    assert digest.since == digest.created == NOW
    assert build_digest([], since=NOW, now=NOW + timedelta(hours=1)).created > NOW
    assert build_digest([], since=None, now=NOW).created == NOW


def test_digests_made_with_the_clock_set_back_never_end_before_they_start(tmp_path, own_pages):
    config = delivery_config(own_pages)
    store = ingested_store(tmp_path / "state", config)
    first = publish(store, config, NOW)
    (own_pages / "later.txt").write_text(
        "Border Markets Reopen\n\nKyrgyzstan and Tajikistan reopened two border markets near "
        "Batken after a year. Traders from Isfara crossed on the first morning.\n",
        encoding="utf-8",
    )
    back = NOW - timedelta(days=400)
    ingested_store(tmp_path / "state", config, clock=lambda: back)
    publish(store, config, back)  # the clock went back a year: nothing ends before it starts
    publish(store, config, NOW + timedelta(days=1))  # and it came right again
    digests = [outbox.stored_digest(store, h.id) for h in outbox.digest_headers(store)]
    assert first is not None and len(digests) >= 2
    for digest in digests:
        assert digest.period_start is None or digest.period_start <= digest.period_end
    undigested = list(store.iter_articles(undigested_only=True))
    assert undigested == []  # the article read while the clock was back is in a digest
