"""File delivery: atomic writes, index.html, the Atom feed (read back with feedparser)."""

import logging
from datetime import timedelta

import feedparser
import pytest
from delivery_helpers import NOW, delivery_config, ingested_store, publish

from monitor.delivery import dispatch as deliver
from monitor.delivery import outbox
from monitor.delivery.archive import FEED, INDEX, write_atomic

SECOND_PAGE = (
    "Gas Pipeline Talks Resume in Ashgabat\n\n"
    "Turkmenistan and Azerbaijan resumed talks on a pipeline under the Caspian Sea. "
    "Officials in Ashgabat said the route would carry gas from the Galkynysh field to Baku. "
    "Kazakhstan asked to join a study of the seabed. "
    "The next round is planned for the spring in Turkmenbashi.\n"
)


def publish_and_send(store, config, now):
    digest_id = publish(store, config, now)
    report = deliver.send_due(store, config, None, now)
    return digest_id, report


def test_each_digest_as_html_and_markdown_plus_index_and_atom(tmp_path, own_pages):
    out = tmp_path / "site"
    config = delivery_config(own_pages, out_dir=out)
    store = ingested_store(tmp_path / "state", config)
    first, report = publish_and_send(store, config, NOW)
    assert report == deliver.SendReport(sent=1)
    (own_pages / "later.txt").write_text(SECOND_PAGE, encoding="utf-8")
    later = NOW + timedelta(days=1)
    ingested_store(tmp_path / "state", config)
    second, _ = publish_and_send(store, config, later)

    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "digest-2026-11-29-1.html",
        "digest-2026-11-29-1.md",
        "digest-2026-11-30-2.html",
        "digest-2026-11-30-2.md",
        FEED,
        INDEX,
    ]  # no temporary files left behind
    assert "Fergana" in (out / "digest-2026-11-29-1.md").read_text(encoding="utf-8")
    assert "Ashgabat" in (out / "digest-2026-11-30-2.html").read_text(encoding="utf-8")
    index = (out / INDEX).read_text(encoding="utf-8")
    assert index.index('href="digest-2026-11-30-2.html"') < index.index(
        'href="digest-2026-11-29-1.html"'
    )  # newest first
    assert 'href="digest-2026-11-29-1.md"' in index and f'href="{FEED}"' in index

    feed = feedparser.parse((out / FEED).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Regional digests"
    subjects = [outbox.stored_digest(store, i).bodies.subject for i in (second, first)]
    assert [entry.title for entry in feed.entries] == subjects
    assert subjects[0] == "Regional digest 30 Nov: 1 Central Asia"
    assert [entry.link for entry in feed.entries] == [
        "digest-2026-11-30-2.html",
        "digest-2026-11-29-1.html",
    ]
    assert len({entry.id for entry in feed.entries}) == 2
    assert "Ashgabat" in feed.entries[0].content[0].value


def test_atom_links_are_absolute_with_a_base_url(tmp_path, own_pages):
    from dataclasses import replace

    out = tmp_path / "site"
    config = delivery_config(own_pages, out_dir=out)
    config = replace(config, output=replace(config.output, base_url="https://example.org/d/"))
    store = ingested_store(tmp_path / "state", config)
    publish_and_send(store, config, NOW)
    feed = feedparser.parse((out / FEED).read_bytes())
    assert feed.entries[0].link == "https://example.org/d/digest-2026-11-29-1.html"


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "index.html"
    write_atomic(target, "old version")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "new version \ud800 cut short")  # cannot be encoded mid-write
    assert target.read_text() == "old version"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
    write_atomic(target, "new version")
    assert target.read_text() == "new version"


def test_an_unwritable_folder_is_retried_then_written(tmp_path, own_pages, caplog):
    blocker = tmp_path / "site"
    blocker.write_text("a file where the folder should be")
    config = delivery_config(own_pages, out_dir=blocker)
    store = ingested_store(tmp_path / "state", config)
    with caplog.at_level(logging.WARNING, logger="monitor.delivery.dispatch"):
        _, report = publish_and_send(store, config, NOW)
    assert report == deliver.SendReport(retrying=1)
    assert len(caplog.records) == 1 and str(blocker) in caplog.records[0].getMessage()
    blocker.unlink()
    later = NOW + timedelta(minutes=1)
    assert deliver.send_due(store, config, None, later) == deliver.SendReport(sent=1)
    assert (blocker / INDEX).is_file()


def test_a_double_fire_for_one_slot_records_one_digest(tmp_path, own_pages):
    config = delivery_config(own_pages, out_dir=tmp_path / "site")
    store = ingested_store(tmp_path / "state", config)
    slot = NOW.replace(hour=2)
    first = publish(store, config, NOW, slot)
    again = publish(store, config, NOW + timedelta(seconds=5), slot)
    assert first is not None and again is None
    assert len(outbox.deliveries(store)) == 1
    assert store.db.execute("SELECT count(*) FROM digests").fetchone()[0] == 1
