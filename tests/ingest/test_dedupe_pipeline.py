"""Dedupe through ingest: one article per story, every source kept, the best version shown."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from builders import digest_of

from monitor.analysis import analyser as analysis
from monitor.cli.main import main
from monitor.config.load import Config, SeedsConfig
from monitor.identity import neardup
from monitor.identity.match import Matcher
from monitor.ingest import folders as pipeline
from monitor.ingest.feeds import store_items
from monitor.models import OTHER_ONLY, Analysis, Article
from monitor.sources.pages import split as pages
from monitor.store.sqlite import Store
from tests.dedupe_texts import DAM_REPORT, SUMMIT_A, SUMMIT_B

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def magazine_block(section, title, text):
    return f"{section}\n\n{title}\n\nPublished\n\non\n\n{text}\n\nContinue Reading\n\n"


def page(*blocks):
    return "Connect with us\n\n" + "".join(blocks) + "Trending\n\nCopyright 2026 Example\n"


def ingest(folder: Path, state: Path, moment=NOW):
    config = Config(feeds=(), seeds=SeedsConfig((folder,)))
    store = Store.open(state)
    report = pipeline.ingest(store, config, analysis.Analyser(config), lambda: moment)
    return store, report


def test_same_article_twice_on_a_page_and_in_another_file_is_one(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "magazine.txt").write_text(page(
        magazine_block("Central Asia", "Samarkand Summit Opens", SUMMIT_A),
        magazine_block("Central Asia", "A Dam on the Naryn", DAM_REPORT),
        magazine_block("Related", "Samarkand summit opens", SUMMIT_A.replace("'", "\u2019")),
    ), encoding="utf-8")
    (folder / "saved.txt").write_text(
        "Summit in Samarkand: Leaders Meet\n\nHome | News | Regions\n\n"
        + SUMMIT_A.replace(" - ", " \u2014 ") + "\n\nShare this article. Comments are closed.",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", "--seeds", str(folder), "--no-feeds", "--state-dir", "state"]) == 0
    assert main(["articles", "--json", "--state-dir", "state"]) == 0
    articles = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(a["title"] for a in articles) == ["A Dam on the Naryn", "Samarkand Summit Opens"]
    summit = next(a for a in articles if a["title"].startswith("Samarkand"))
    assert summit["sources"] == [str(folder / "magazine.txt"), str(folder / "saved.txt")]
    assert summit["duplicate_of"] == {str(folder / "saved.txt"): "near_duplicate"}
    dam = next(a for a in articles if a["title"].startswith("A Dam"))
    assert dam["duplicate_of"] is None


def test_better_version_replaces_an_undigested_article_whichever_comes_first(tmp_path):
    half = " ".join(SUMMIT_A.split()[:110])
    for order, texts in (("short-first", (half, SUMMIT_A)), ("full-first", (SUMMIT_A, half))):
        folder = tmp_path / order
        folder.mkdir()
        (folder / "1.txt").write_text("First Title\n\n" + texts[0], encoding="utf-8")
        store, _ = ingest(folder, tmp_path / f"state-{order}")
        (folder / "2.txt").write_text("Second Title\n\n" + texts[1], encoding="utf-8")
        store, report = ingest(folder, tmp_path / f"state-{order}", NOW + timedelta(hours=1))
        assert (report.articles_new, report.articles_seen_again) == (0, 1)
        (stored,) = store.articles()
        assert stored.text.split() == SUMMIT_A.split()
        assert stored.sources == (str(folder / "1.txt"), str(folder / "2.txt"))
        analyser = analysis.Analyser(Config())
        assert stored.summary == analyser.summariser.summarise(stored.text, stored.title)
        assert stored.title == ("Second Title" if order == "short-first" else "First Title")


def test_digested_article_never_comes_back_as_new_but_its_edit_is_listed_once(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text("Summit\n\n" + SUMMIT_A, encoding="utf-8")
    store, _ = ingest(folder, tmp_path / "state")
    first = digest_of(store, NOW)
    assert first.count == 1
    (folder / "b.txt").write_text(
        "Summit, updated\n\n" + SUMMIT_A + "\n\nThis story was updated on Friday.", encoding="utf-8"
    )
    (folder / "c.txt").write_text("Another piece\n\n" + SUMMIT_B, encoding="utf-8")
    store, report = ingest(folder, tmp_path / "state", NOW + timedelta(hours=1))
    assert (report.articles_new, report.articles_seen_again) == (1, 1)
    later = digest_of(store, NOW + timedelta(hours=2))
    assert later.count == 1  # the new piece; the edited one is no new entry ...
    digested = next(a for a in store.articles() if a.digest_id == first_id(store))
    assert [u.article.id for u in later.updated] == [digested.id]  # ... but listed as updated
    assert later.updated[0].changes[0] == "new title (was “Summit”)"
    assert digested.title == "Summit, updated"
    assert digested.sources == (str(folder / "a.txt"), str(folder / "b.txt"))
    assert digest_of(store, NOW + timedelta(hours=3)).updated == ()  # once


def first_id(store) -> int:
    return min(a.digest_id for a in store.articles() if a.digest_id is not None)


@pytest.mark.parametrize("feed_first", [True, False])
def test_feed_excerpt_and_saved_page_are_one_article_whichever_arrives_first(tmp_path, feed_first):
    published = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    feed_item = Article(
        title="Samarkand Summit Opens", text=" ".join(SUMMIT_A.split()[:70]) + " [\u2026]",
        source="https://example.com/feed/", layout="feed", guid="https://example.com/?p=41",
        url="https://example.com/2026/11/summit/?utm_source=rss", published=published,
    )
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "summit.txt").write_text("Samarkand Summit Opens\n\n" + SUMMIT_A, "utf-8")
    store = Store.open(tmp_path / "state")
    if feed_first:
        store_items(store, analysis.Analyser(Config()), [feed_item], NOW)
    ingest(folder, tmp_path / "state")
    if not feed_first:
        store_items(store, analysis.Analyser(Config()), [feed_item], NOW)
    (stored,) = store.articles()
    assert stored.text.split() == SUMMIT_A.split()  # the full text, not the excerpt
    assert (stored.published, stored.url) == (published, feed_item.url)
    assert set(stored.sources) == {feed_item.source, str(folder / "summit.txt")}
    assert list(stored.duplicate_rules.values()) == ["containment"]
    again = Article(title="x", text="y", source="z", layout="feed", guid=feed_item.guid)
    assert Matcher().find(store, analysis.Analyser.identify(again)).rule == "guid"


def test_an_edited_feed_item_updates_the_undigested_article_in_place(tmp_path):
    item = Article(title="Dam finished", text=DAM_REPORT, source="https://example.com/feed/",
                   layout="feed", guid="tag:example.com,2026:dam")
    edit = Article(title="Dam finished on the Naryn",
                   text=DAM_REPORT.replace("eleven kilometres", "twelve kilometres"),
                   source="https://example.com/feed/central-asia/", layout="feed",
                   guid="tag:example.com,2026:dam")
    analyser = analysis.Analyser(Config())
    store = Store.open(tmp_path)
    store_items(store, analyser, [item], NOW)
    assert store_items(store, analyser, [edit], NOW) == (0, 1)
    (stored,) = store.articles()
    assert (stored.title, stored.text) == (edit.title, edit.text)
    assert stored.duplicate_rules == {edit.source: "guid"}
    assert Matcher().find(store, analysis.Analyser.identify(item)).rule == "guid"


def test_seed_pages_each_article_stored_once_with_every_page_it_is_on(tmp_path, seeds_dir):
    """Identity only (summaries are not what is tested here, and are slow on the seeds)."""
    store = Store.open(tmp_path)
    matcher = Matcher()
    split = [
        article
        for path in sorted(seeds_dir.glob("*.txt"))
        for article in pages.split_text(path.read_text(encoding="utf-8"), str(path))
    ]
    for article in split:
        key = analysis.Analyser.identify(article)
        match = matcher.find(store, key)
        with store.transaction() as tx:
            if match:
                tx.add_sighting(match.article_id, article.source, match.rule, NOW)
            else:
                tx.add_article(article, Analysis(key, (), OTHER_ONLY), NOW)
    stored = store.articles()
    for n, first in enumerate(stored):
        for second in stored[n + 1 :]:
            assert neardup.duplicate_rule(first.text, second.text) is None, (first.id, second.id)
    by_id = {article.id: article for article in stored}
    for article in split:
        match = matcher.find(store, analysis.Analyser.identify(article))
        assert match is not None and article.source in by_id[match.article_id].sources
    assert len(stored) < len(split)


