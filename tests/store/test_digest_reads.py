"""What digests read of the stored articles, on both backends: each article's counted words,
stored with its analysis and replaced with its text (an article stored without them reads back
without them); the articles of recent digests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from monitor.analysis.words import count_words, encode
from monitor.models import Analysis, Article, Classification, Identity, Region

NOW = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
TITLE = "Rogun Dam Loans Approved"
TEXT = "The World Bank approved loans for Rogun. Officials in Dushanbe said the Rogun dam grows."


def _analysis(text: str, counted: bool = True) -> Analysis:
    return Analysis(
        Identity(guid=None, canonical_url=None, fingerprint=f"fp-{len(text)}"),
        summary=("A sentence.",),
        classification=Classification(Region.CENTRAL_ASIA, (Region.CENTRAL_ASIA,)),
        words=encode(count_words(TITLE, text)) if counted else None,
    )


def test_counted_words_are_stored_and_follow_the_shown_text(open_store):
    store = open_store()
    article = Article(title=TITLE, text=TEXT, source="page.txt", layout="text")
    with store.transaction() as tx:
        article_id = tx.add_article(article, _analysis(TEXT), NOW)
    (stored,) = store.articles_with_ids([article_id])
    assert stored.words == count_words(TITLE, TEXT)
    assert stored.words.capitals == {
        "dam": 1, "loan": 1, "approved": 1, "world": 1, "bank": 1, "rogun": 2, "dushanbe": 1
    }  # fmt: skip

    longer = TEXT + " Tashkent objected to the Rogun plan."
    with store.transaction() as tx:
        tx.update_article(article_id, article, _analysis(longer), NOW)
    (updated,) = open_store().articles_with_ids([article_id])
    assert updated.words == count_words(TITLE, longer)
    assert updated.words.terms["rogun"] == 4  # the title's once, the text's three times


def test_an_article_stored_without_counted_words_reads_back_without_them(open_store):
    store = open_store()
    article = Article(title=TITLE, text=TEXT, source="page.txt", layout="text")
    with store.transaction() as tx:
        article_id = tx.add_article(article, _analysis(TEXT, counted=False), NOW)
    assert store.articles_with_ids([article_id])[0].words is None


def test_digested_since_reads_the_articles_of_recent_digests_only(open_store):
    """What a digest reads of earlier digests (a story may follow them): the articles of the
    digests ending at or after a moment, not the whole store."""
    store = open_store()
    ids = []
    for n in range(4):
        article = Article(title=f"T{n}", text=f"Text {n}.", source=f"p{n}.txt", layout="text")
        with store.transaction() as tx:
            ids.append(tx.add_article(article, _analysis("x" * (n + 1)), NOW))
    old, recent = NOW - timedelta(days=20), NOW - timedelta(days=2)
    store.record_digest(None, old, [ids[0]], old)
    store.record_digest(old, recent, [ids[1], ids[2]], recent)  # ids[3]: in no digest
    assert [a.id for a in store.digested_since(NOW - timedelta(days=14))] == ids[1:3]
    assert [a.id for a in store.digested_since(old)] == ids[:3]
    assert store.digested_since(NOW) == []
