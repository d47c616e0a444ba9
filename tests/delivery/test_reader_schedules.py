"""Readers with their own schedule, on a real SMTP server (aiosmtpd) and a clock the test moves:
two readers with different schedules each receive their digest at their own slots, each article
reaches each reader once, a reader whose slot is not due gets nothing, and the main digest goes
on at its own slots. On PostgreSQL, two processes at one slot make one digest per reader."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from delivery_helpers import NOW, delivery_config
from mailserver import free_port, smtp_server
from store_helpers import sql

from monitor.app import Monitor
from monitor.config.subscribers import Subscriber
from monitor.store.backends import open_store
from monitor.store.sqlite import Store
from monitor.store.url import parse_store_url

DAM = (
    "Reservoir Filling Resumes at Rogun\n\n"
    "Tajikistan resumed filling the Rogun reservoir on the Vakhsh river this week, officials in "
    "Dushanbe said. Uzbekistan asked for a schedule of releases before the summer season.\n"
)
PORT = (
    "Gwadar Port Adds Two Berths\n\n"
    "Pakistan said the projects at Gwadar will add two berths this year. Officials in Islamabad "
    "and Karachi expect more ships, and Balochistan will build a road to the port.\n"
)
RAIL = (
    "Almaty Hosts Rail Talks\n\n"
    "Kazakhstan and Uzbekistan met in Almaty to plan a freight line to Tashkent. Officials in "
    "Astana said trains from Kyrgyzstan and Bishkek would follow the year after.\n"
)
TITLES = ("Reservoir Filling Resumes at Rogun", "Gwadar Port Adds Two Berths",
          "Almaty Hosts Rail Talks")  # fmt: skip
NOON = Subscriber("noon@example.org", schedule="daily 12:00", timezone="UTC")
OFTEN = Subscriber("often@example.org", schedule="every 3h")  # 00:00, 03:00, ... UTC


def write(pages: Path, name: str, body: str) -> None:
    pages.mkdir(exist_ok=True)
    (pages / name).write_text(body, encoding="utf-8")


def titles(message) -> list[str]:
    body = message.get_body(("plain",)).get_content()
    return [title for title in TITLES if title in body]


def received(mailbox) -> dict[str, list[list[str]]]:
    """Each address: the titles of each digest it received, in order."""
    found: dict[str, list[list[str]]] = {}
    for (to,), message in mailbox.received:
        found.setdefault(to, []).append(titles(message))
    return found


def test_two_readers_get_their_digests_at_their_own_slots_each_article_once(tmp_path):
    pages = tmp_path / "pages"
    write(pages, "dam.txt", DAM)
    clock = [NOW]  # 29 Nov 07:00 UTC; the main digest is daily 07:00 in Tashkent (02:00 UTC)
    with smtp_server() as (port, mailbox):
        config = delivery_config(pages, smtp_port=port, recipients=("all@example.org",))
        config = replace(config, subscribers=(NOON, OFTEN))
        with Monitor(config, Store.open(tmp_path / "state"), lambda: clock[0]) as monitor:
            monitor.digest_if_due()  # the main digest of dam; both readers join after it
            assert received(mailbox) == {"all@example.org": [[TITLES[0]]]}
            write(pages, "port.txt", PORT)
            clock[0] = NOW + timedelta(hours=2, minutes=30)  # 09:30: OFTEN's 09:00 slot only
            assert monitor.digest_if_due() is None  # no main digest: not its slot
            assert received(mailbox)["often@example.org"] == [[TITLES[1]]]
            assert "noon@example.org" not in received(mailbox)  # their slot is not due
            clock[0] = NOW + timedelta(hours=5, minutes=5)  # 12:05: both slots; OFTEN has
            monitor.digest_if_due()  # nothing new (not mailed), NOON gets port
            write(pages, "rail.txt", RAIL)
            clock[0] = NOW + timedelta(hours=19, minutes=30)  # 30 Nov 02:30: the main slot,
            assert monitor.digest_if_due() is not None  # and OFTEN's 00:00 one
            clock[0] = NOW + timedelta(days=1, hours=5, minutes=10)  # 30 Nov 12:10
            monitor.digest_if_due()
            monitor.digest_if_due()  # a double fire: nothing more
            own = [d for d in monitor.deliveries() if d.channel == "own"]
    got = received(mailbox)
    assert got["all@example.org"] == [[TITLES[0]], [TITLES[1], TITLES[2]]]
    assert got["noon@example.org"] == [[TITLES[1]], [TITLES[2]]]
    assert got["often@example.org"] == [[TITLES[1]], [TITLES[2]]]
    assert len(set(mailbox.message_ids())) == len(mailbox.received) == 6
    assert [d.status for d in own] == ["sent"] * 4  # the empty ones were recorded, not mailed
    subjects = [m["Subject"] for (to,), m in mailbox.received if to == NOON.to]
    assert subjects == [
        "Regional digest 29 Nov: 1 South Asia", "Regional digest 30 Nov: 1 Central Asia"
    ]


def test_a_reader_on_the_main_schedule_is_cut_from_the_main_digest(tmp_path):
    pages = tmp_path / "pages"
    write(pages, "dam.txt", DAM)
    with smtp_server() as (port, mailbox):
        config = delivery_config(pages, smtp_port=port, recipients=("all@example.org",))
        config = replace(config, subscribers=(Subscriber("cut@example.org"), NOON))
        with Monitor(config, Store.open(tmp_path / "state"), lambda: NOW) as monitor:
            monitor.digest_if_due()
    assert received(mailbox) == {"all@example.org": [[TITLES[0]]],
                                 "cut@example.org": [[TITLES[0]]]}  # fmt: skip


def test_a_reader_back_on_the_main_schedule_gets_nothing_twice(tmp_path):
    pages = tmp_path / "pages"
    write(pages, "dam.txt", DAM)
    clock = [NOW]
    with smtp_server() as (port, mailbox):
        config = delivery_config(pages, smtp_port=port, recipients=("all@example.org",))
        with Monitor(replace(config, subscribers=(NOON,)), Store.open(tmp_path / "state"),
                     lambda: clock[0]) as monitor:  # fmt: skip
            monitor.digest_if_due()  # the main digest of dam; NOON joins
            write(pages, "port.txt", PORT)
            clock[0] = NOW + timedelta(hours=5, minutes=5)
            monitor.digest_if_due()  # NOON's 12:00 slot: port
        write(pages, "rail.txt", RAIL)
        back = replace(NOON, schedule=None)  # cut from the main digest again
        clock[0] = NOW + timedelta(hours=19, minutes=30)  # the main slot: port and rail
        with Monitor(replace(config, subscribers=(back,)), Store.open(tmp_path / "state"),
                     lambda: clock[0]) as monitor:  # fmt: skip
            assert monitor.digest_if_due() is not None
    got = received(mailbox)
    assert got["all@example.org"] == [[TITLES[0]], [TITLES[1], TITLES[2]]]
    assert got[NOON.to] == [[TITLES[1]], [TITLES[2]]]  # port reached them once


def test_two_processes_at_one_slot_make_one_digest_per_reader(tmp_path, own_pages, pg_url):
    """Two monitors on one PostgreSQL (connections of their own, as two hosts' processes) make
    the readers' digests at the same moment: one each, every article in one of them."""
    config = delivery_config(own_pages, smtp_port=free_port())
    config = replace(config, subscribers=(NOON, OFTEN))
    url = parse_store_url(pg_url)
    at = [NOW]
    first, second = (Monitor(config, open_store(url), lambda: at[0]) for _ in range(2))
    with first, second:
        first.reader_digests()  # they join
        first.ingest()
        at[0] = NOW + timedelta(hours=6)  # 13:00: both readers' slots are due
        start, made = threading.Barrier(2), []

        def race(monitor: Monitor) -> None:
            start.wait()
            made.extend(monitor.reader_digests())

        threads = [threading.Thread(target=race, args=(m,)) for m in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        own = first.deliveries(own=made)
        stored = len(list(first.articles()))
        reached = sql(first.store, "SELECT reader, count(*), count(DISTINCT article_id)"
                      " FROM reader_articles GROUP BY reader ORDER BY reader")  # fmt: skip
        slots = sql(first.store, "SELECT reader, count(*) FROM reader_slots GROUP BY reader")
    assert len(made) == 2 and sorted(d.target for d in own) == [NOON.to, OFTEN.to]
    assert stored >= 3
    assert reached == [(NOON.to, stored, stored), (OFTEN.to, stored, stored)]
    assert sorted(slots) == [(NOON.to, 1), (OFTEN.to, 1)]


def test_a_reader_on_their_own_schedule_gets_an_edit_of_what_they_were_sent_once(tmp_path):
    """An edit is recorded as ingest records it (``add_update``, once the article is in a main
    digest: tests/test_app.py shows a feed's edited post found and recorded so)."""
    pages = tmp_path / "pages"
    write(pages, "port.txt", PORT)
    clock = [NOW]

    def edit(monitor: Monitor, title: str, change: str) -> None:
        (article,) = [a for a in monitor.store.articles() if a.title == title]
        with monitor.store.transaction() as tx:
            tx.add_update(article.id, (change,), clock[0])

    with smtp_server() as (port, mailbox):
        config = delivery_config(pages, smtp_port=port, recipients=("all@example.org",))
        config = replace(config, subscribers=(NOON,))
        with Monitor(config, Store.open(tmp_path / "state"), lambda: clock[0]) as monitor:
            monitor.digest_if_due()  # 29 Nov 07:00: the main digest of port; NOON joins after
            write(pages, "rail.txt", RAIL)
            clock[0] = NOW + timedelta(hours=5, minutes=5)  # NOON's 12:00 slot: rail
            monitor.digest_if_due()
            clock[0] = NOW + timedelta(hours=19, minutes=30)  # the main digest's slot: rail
            monitor.digest_if_due()
            edit(monitor, TITLES[2], "a figure changed: 1 → 2 freight lines")
            edit(monitor, TITLES[1], "a figure changed: two → three berths")  # not sent to NOON
            clock[0] = NOW + timedelta(days=1, hours=5, minutes=5)  # NOON's next slot
            monitor.digest_if_due()
            clock[0] = NOW + timedelta(days=2, hours=5, minutes=5)  # and the one after
            monitor.digest_if_due()
    noon = [m.get_body(("plain",)).get_content() for (to,), m in mailbox.received
            if to == NOON.to]  # fmt: skip
    assert len(noon) == 2  # rail; then the edit of rail alone (the last slot had nothing)
    assert TITLES[2] in noon[0] and "1 → 2 freight lines" not in noon[0]
    assert "Updated" in noon[1] and TITLES[2] in noon[1] and "1 → 2 freight lines" in noon[1]
    assert "berths" not in noon[1]  # an edit of an article that never reached them
