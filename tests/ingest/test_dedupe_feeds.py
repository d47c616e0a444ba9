"""A feed item (served from a real local HTTP server) and a saved page of the same article are
one article, whichever arrives first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests
from feedserver import FeedServer, Reply
from feedtexts import Post, wordpress_rss

from monitor.analysis import analyser as analysis
from monitor.config.load import Config, FeedConfig, FetchConfig, SeedsConfig
from monitor.identity.match import Matcher
from monitor.ingest import folders as pipeline
from monitor.ingest.feeds import ingest_feeds
from monitor.models import Article
from monitor.sources.sandbox import Sandbox
from monitor.store.sqlite import Store
from tests.dedupe_texts import SUMMIT_A

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PARAGRAPHS = tuple(" ".join(p.split()) for p in SUMMIT_A.split("\n\n"))
POST = Post(701, "Samarkand Summit Opens", PARAGRAPHS, ("Central Asia",))


def saved_page(folder):
    folder.mkdir()
    text = "\n\n".join(PARAGRAPHS).replace("'", "\u2019")
    (folder / "summit.txt").write_text(
        f"Connect with us\n\nCentral Asia\n\nSamarkand summit opens\n\nPublished\n\non\n\n{text}"
        "\n\nContinue Reading\n\nTrending\n",
        encoding="utf-8",
    )
    return folder / "summit.txt"


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(size=1, time_limit=10) as box:
        yield box


@pytest.mark.parametrize("feed_first", [True, False])
def test_feed_item_and_saved_page_are_one_article(tmp_path, sandbox, feed_first):
    page = saved_page(tmp_path / "pages")
    with FeedServer() as server, requests.Session() as session:
        feed = server.route("/feed", Reply(200, {}, wordpress_rss("News", (POST,))))
        fetch = FetchConfig(timeout=2, deadline=3, allow_private=True)
        config = Config(feeds=(FeedConfig(feed),), seeds=SeedsConfig((page.parent,)), fetch=fetch)
        analyser = analysis.Analyser(config)
        store = Store.open(tmp_path / "state")
        steps = [
            lambda: ingest_feeds(store, config, analyser, session, lambda: NOW, sandbox),
            lambda: pipeline.ingest(store, config, analyser, lambda: NOW),
        ]
        for step in steps if feed_first else steps[::-1]:
            step()
        (article,) = store.articles()
        assert set(article.sources) == {feed, str(page)}
        later = str(page) if feed_first else feed
        assert list(article.duplicate_rules) == [later]
        assert article.url == POST.link
        assert article.published == datetime(2026, 11, POST.day, 8, 30, tzinfo=UTC)
        again = Article(title="Edited", text="New.", source=feed, layout="feed", guid=POST.guid)
        assert Matcher().find(store, analysis.Analyser.identify(again)).rule == "guid"
        store.close()
