"""Ingest stores each file in one transaction: every article, or none and the file is read again."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from builders import MAGAZINE_PAGE
from store_helpers import sql

from monitor.analysis.analyser import Analyser
from monitor.config.load import Config, SeedsConfig
from monitor.ingest.feeds import store_items
from monitor.ingest.folders import ingest
from monitor.models import Analysis, Article, Identity
from monitor.sources.pages import folder
from monitor.store.interface import StoreError
from monitor.store.sqlite import Store

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
SECOND_POST = "Oman's Quiet Mediation Between Tehran and Riyadh"
ALL_TITLES = {
    "Water, Ice and Power in the Fergana Valley",
    SECOND_POST,
    "Rail Links Between Pakistan and Afghanistan",
}


def run(store: Store, folder: Path, analyser: Analyser | None = None):
    config = Config(feeds=(), seeds=SeedsConfig(paths=(folder,)))
    return ingest(store, config, analyser or Analyser(config), lambda: NOW)


def titles(store: Store) -> list[str]:
    return [a.title for a in store.articles()]


def test_every_article_of_every_file_is_stored_and_each_file_recorded(tmp_path, own_pages):
    store = Store.open(tmp_path / "state")
    report = run(store, own_pages)
    assert (report.files_read, report.articles_new, report.sources_failed) == (2, 3, 0)
    assert sorted(titles(store)) == sorted(ALL_TITLES)
    assert store.file_stamp(str(own_pages / "magazine.txt")) is not None
    assert store.file_stamp(str(own_pages / "note.txt")) is not None


def test_a_store_failure_part_way_through_a_file_loses_nothing(tmp_path, own_pages, caplog):
    store = Store.open(tmp_path / "state")
    sql(  # a real SQLite failure on the magazine page's second article
        store,
        "CREATE TRIGGER refuse BEFORE INSERT ON articles"
        " WHEN NEW.title LIKE 'Oman%Mediation%'"
        " BEGIN SELECT RAISE(ABORT, 'disk is full'); END"
    )
    with caplog.at_level(logging.ERROR, logger="monitor"):
        report = run(store, own_pages)
    assert (report.files_read, report.sources_failed) == (1, 1)
    assert titles(store) == ["Rail Links Between Pakistan and Afghanistan"]  # nothing half-done
    assert store.file_stamp(str(own_pages / "magazine.txt")) is None
    (line,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "magazine.txt" in line and "disk is full" in line

    sql(store, "DROP TRIGGER refuse")
    again = run(store, own_pages)
    assert (again.files_read, again.articles_new, again.sources_failed) == (1, 2, 0)
    assert sorted(titles(store)) == sorted(ALL_TITLES)


class _FailsOnce(Analyser):
    """monitor's analyser, except that one article cannot be analysed the first time."""

    def __init__(self, config: Config, title: str) -> None:
        super().__init__(config)
        self.title = title

    def analyse(self, article: Article, identity: Identity) -> Analysis:
        if article.title == self.title:
            self.title = ""
            raise ValueError("the summariser choked")
        return super().analyse(article, identity)


def test_an_article_that_cannot_be_analysed_is_retried_and_its_page_kept(tmp_path, own_pages):
    store = Store.open(tmp_path / "state")
    analyser = _FailsOnce(Config(feeds=()), SECOND_POST)
    first = run(store, own_pages, analyser)
    assert first.articles_new == 2
    assert SECOND_POST not in titles(store)
    assert store.file_stamp(str(own_pages / "magazine.txt")) is None  # to be read again

    second = run(store, own_pages, analyser)
    assert (second.files_read, second.articles_new, second.articles_seen_again) == (1, 1, 1)
    assert sorted(titles(store)) == sorted(ALL_TITLES)  # each stored once
    assert store.file_stamp(str(own_pages / "magazine.txt")) is not None


def test_the_same_article_twice_in_one_page_is_stored_once(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    first_post = MAGAZINE_PAGE.split("Middle East\n\nOman")[0]
    (folder / "twice.txt").write_text(first_post + first_post, encoding="utf-8")
    store = Store.open(tmp_path / "state")
    report = run(store, folder)
    assert (report.articles_new, report.articles_seen_again) == (1, 1)
    assert titles(store) == ["Water, Ice and Power in the Fergana Valley"]


def test_a_file_with_the_same_size_and_mtime_is_not_read_again(tmp_path, own_pages):
    store = Store.open(tmp_path / "state")
    run(store, own_pages)
    note = own_pages / "note.txt"
    before = note.stat()
    text = note.read_text(encoding="utf-8")
    swapped = text.replace("Peshawar", "Jalalaba")  # same length, different bytes
    assert len(swapped.encode()) == len(text.encode()) and swapped != text
    note.write_text(swapped, encoding="utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))

    report = run(store, own_pages)
    assert report.files_read == 0  # stat only: the new bytes were never read
    assert "Peshawar" in next(a.text for a in store.articles() if a.title.startswith("Rail"))

    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert run(store, own_pages).files_read == 1  # a changed stamp is read


def test_stored_articles_stream_in_id_order_with_their_digest_state(tmp_path, own_pages):
    store = Store.open(tmp_path / "state")
    run(store, own_pages)
    first, *rest = store.articles()
    store.record_digest(None, NOW, [first.id], NOW)
    streamed = store.iter_articles()
    assert next(streamed).digest_id is not None  # one row at a time, oldest first
    assert [a.id for a in streamed] == [a.id for a in rest]
    undigested = list(store.iter_articles(undigested_only=True))
    assert undigested == store.articles(undigested_only=True)
    assert [a.id for a in undigested] == [a.id for a in rest]
    assert all(a.sources for a in undigested)


#: Distinct invented reports (near-identical texts would be one article to dedupe).
ROUTE_REPORTS = (
    "Traders on the caravan route crossed from Kashgar towards Osh this week. "
    "Customs posts in Kyrgyzstan reported longer queues than last season. "
    "Drivers blamed new paperwork introduced by officials in Bishkek. "
    "Fruit exporters in the Fergana Valley fear spoiled cargo if delays continue.",
    "A new bridge over the Amu Darya opened to lorries on Tuesday after three years of work. "
    "Engineers from Termez said the crossing can carry forty vehicles an hour in each direction. "
    "Hauliers hope it will cut a day from the journey to Mazar-i-Sharif and the markets beyond. "
    "The ministry of transport plans a rail link alongside it within the decade.",
    "Wool merchants in Naryn say prices have fallen by a fifth since the autumn fairs. "
    "Buyers from Urumqi bought less this year, and the herders blame a glut of synthetic cloth. "
    "A cooperative in At-Bashy is trying to sell felt carpets online to tourists instead. "
    "Local officials promised grants for a washing plant that could raise the grade of wool.",
)


def feed_item(n: int, text: str | None = None) -> Article:
    return Article(
        title=f"Caravan route report {n}",
        text=text or ROUTE_REPORTS[n - 1],
        source="https://news.example.org/feed/",
        layout="feed",
        guid=f"route-{n}",
    )


def test_a_feed_is_stored_whole_or_not_at_all(tmp_path):
    store = Store.open(tmp_path / "state")
    analyser = Analyser(Config(feeds=()))
    sql(
        store,
        "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.guid = 'route-2'"
        " BEGIN SELECT RAISE(ABORT, 'disk is full'); END"
    )
    items = [feed_item(n) for n in (1, 2, 3)]
    with pytest.raises(StoreError, match="disk is full"):
        store_items(store, analyser, items, NOW)
    assert store.articles() == []  # item 1 was not half-stored

    sql(store, "DROP TRIGGER refuse")
    assert store_items(store, analyser, items, NOW) == (3, 0)
    assert sorted(a.title for a in store.articles()) == [i.title for i in items]


def test_the_same_item_twice_in_one_feed_is_stored_once(tmp_path):
    store = Store.open(tmp_path / "state")
    analyser = Analyser(Config(feeds=()))
    assert store_items(store, analyser, [feed_item(1), feed_item(1)], NOW) == (1, 0)
    (stored,) = store.articles()
    assert stored.sources == ("https://news.example.org/feed/",)

    edited = feed_item(
        1,
        "Traders on caravan route 1 now cross at Irkeshtam instead of Torugart. "
        "The border post in Kyrgyzstan opened a second lane for lorries. "
        "Officials in Bishkek promised shorter waits before the harvest season.",
    )
    assert store_items(store, analyser, [edited, feed_item(2)], NOW) == (1, 1)
    assert "Irkeshtam" in store.articles()[0].text  # an edited item updates the stored one


def reads_of_a_scan(store: Store, pages: Path) -> list[Path]:
    """The files a scan of ``pages`` reads, counted by the reader it is given."""
    reads: list[Path] = []

    def counting(path: Path) -> bytes:
        reads.append(path)
        return path.read_bytes()

    list(folder.read_changed(folder.candidate_files([pages]), store.file_stamp, read=counting))
    return reads


def test_a_scan_with_nothing_new_reads_no_file_even_after_a_touch(tmp_path, own_pages):
    store = Store.open(tmp_path / "state")
    run(store, own_pages)
    assert reads_of_a_scan(store, own_pages) == []
    note = own_pages / "note.txt"
    before = note.stat()
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))  # same bytes
    assert reads_of_a_scan(store, own_pages) == [note]  # read once, to compare its hash

    report = run(store, own_pages)
    assert (report.files_read, report.articles_new) == (0, 0)
    assert reads_of_a_scan(store, own_pages) == []  # its new stamp was remembered
