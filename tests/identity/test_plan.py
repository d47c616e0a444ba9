"""The plan (pure): what to store for an article, given what it matched, and why."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from dedupe_texts import DAM_REPORT, SUMMIT_A

from monitor.analysis.analyser import Analyser
from monitor.identity.match import Match
from monitor.identity.plan import ADD, FEED, MERGE, PAGE, REPLACE, plan
from monitor.models import Article, StoredVersion

EARLY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
LATE = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def stored(text=SUMMIT_A, digested=False, hints=(), published=LATE, url=None):
    fingerprint = Analyser.identify(Article("T", text, "s", "text")).fingerprint
    return StoredVersion("Stored title", text, fingerprint, hints, published, url, digested)


def article(text=SUMMIT_A, **fields):
    return Article(title="New title", text=text, source="new.txt", layout="text", **fields)


def planned(item, match_stored=None, rule="fingerprint", kind=PAGE):
    match = Match(7, rule, match_stored) if match_stored else None
    return plan(item, Analyser.identify(item), match, kind)


def test_nothing_matched_is_added():
    result = planned(article())
    assert (result.action, result.to_analyse, result.match) == (ADD, article(), None)
    assert "no stored article" in result.reason


def test_a_digested_article_only_gets_one_more_source():
    result = planned(article(published=EARLY, url="https://example.com/a"), stored(digested=True))
    assert (result.action, result.provenance, result.to_analyse) == (MERGE, None, None)
    assert "already in a digest" in result.reason and "article 7" in result.reason


def test_a_copy_shows_the_earliest_date_and_its_address():
    result = planned(article(published=EARLY, url="https://example.com/a"), stored())
    assert result.action == MERGE
    assert result.provenance == (EARLY, "https://example.com/a")


def test_a_page_replaces_a_truncated_text_that_it_continues():
    truncated = " ".join(SUMMIT_A.split()[:80])
    result = planned(article(), stored(text=truncated), rule="containment")
    assert (result.action, result.to_analyse) == (REPLACE, article())
    assert "better version" in result.reason


def test_a_shorter_page_does_not_replace():
    shorter = article(" ".join(SUMMIT_A.split()[:80]))
    assert planned(shorter, stored(), rule="containment").action == MERGE


def test_a_feed_edit_replaces_and_keeps_the_hints():
    item = article(DAM_REPORT.replace("eleven", "twelve"), guid="g", hints=("Asia",))
    result = planned(item, stored(DAM_REPORT, hints=("Dams",)), rule="guid", kind=FEED)
    assert result.action == REPLACE and "edited" in result.reason
    assert result.to_analyse == replace(item, hints=("Dams", "Asia"))


def test_a_feed_item_with_new_categories_reanalyses_the_stored_text():
    item = article(DAM_REPORT, guid="g", hints=("Asia",), author="Someone")
    result = planned(item, stored(DAM_REPORT, hints=("Dams",)), rule="guid", kind=FEED)
    assert result.action == REPLACE and "new hints" in result.reason
    shown = result.to_analyse
    assert (shown.title, shown.text, shown.author, shown.hints) == (
        "Stored title", DAM_REPORT, None, ("Dams", "Asia")
    )


def test_the_same_feed_item_again_is_a_merge():
    item = article(DAM_REPORT, guid="g", hints=("Dams",))
    result = planned(item, stored(DAM_REPORT, hints=("Dams",)), rule="guid", kind=FEED)
    assert result.action == MERGE
