"""Full-text search behind the store interface, on both backends: every term (a word or a quoted
phrase, its words in order) must be in the article's shown title or text; region narrows it."""

from __future__ import annotations

from datetime import UTC, datetime

from monitor.models import Analysis, Article, Classification, Identity, Region

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _add(store, n: int, title: str, text: str, region: Region) -> int:
    article = Article(title=title, text=text, source=f"page{n}.txt", layout="text")
    analysis = Analysis(
        Identity(guid=None, canonical_url=None, fingerprint=f"fp{n}"),
        summary=("A sentence.",),
        classification=Classification(region, (region,)),
    )
    with store.transaction() as tx:
        return tx.add_article(article, analysis, NOW)


def test_words_and_phrases_are_found_in_title_and_text_and_narrowed_by_region(open_store):
    store = open_store()
    rail = _add(store, 1, "Rail Links to Termez", "Freight trains will reach Mazar soon.",
                Region.CENTRAL_ASIA)  # fmt: skip
    port = _add(store, 2, "Gwadar Port Traffic", "Trains from Termez carry freight to Gwadar.",
                Region.SOUTH_ASIA)  # fmt: skip
    found = [article_id for article_id, _ in store.search_articles(["termez", "freight"])]
    assert sorted(found) == sorted([rail, port])
    assert found[0] == rail  # the word in its title counts for more
    phrase = store.search_articles(["freight trains"])
    assert [article_id for article_id, _ in phrase] == [rail]  # the words in that order
    south = store.search_articles(["termez"], region=Region.SOUTH_ASIA.value)
    assert [article_id for article_id, _ in south] == [port]
    assert store.search_articles(["kabul"]) == []
