"""Each [[subscribers]] reader gets their own digest from the one digest path, on a real SMTP
server (aiosmtpd): different regions, different digests from one run; a watch hit outside a
reader's regions reaches them in their Watchlist section; each article reaches each reader at
most once; a reader added later starts from the next digest."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from delivery_helpers import NOW, delivery_config
from mailserver import smtp_server

from monitor.app import Monitor
from monitor.config.load import load_config
from monitor.config.subscribers import Subscriber
from monitor.errors import ConfigError
from monitor.models import Region
from monitor.store.sqlite import Store
from monitor.watch.rules import WatchRule

DAM = (
    "Reservoir Filling Resumes at Rogun\n\n"
    "Tajikistan resumed filling the Rogun reservoir on the Vakhsh river this week, officials in "
    "Dushanbe said. Uzbekistan asked for a schedule of releases before the summer season.\n"
)
PORT = (
    "Gwadar Port Adds Two Berths\n\n"
    "Pakistan said the CPEC projects at Gwadar will add two berths this year. Officials in "
    "Islamabad and Karachi expect more ships, and Balochistan will build a road to the port.\n"
)
CA = Subscriber("ca-desk@example.org", regions=(Region.CENTRAL_ASIA,), watch=("Corridor",))
SA = Subscriber("sa-desk@example.org", regions=(Region.SOUTH_ASIA,), formats=("text",))


def config_for(pages: Path, port: int, *readers: Subscriber):
    config = delivery_config(pages, smtp_port=port, recipients=("all@example.org",))
    return replace(config, watch=(WatchRule("Corridor", any=("CPEC",)),), subscribers=readers)


def run(state: Path, config, hours: int = 0):
    moment = NOW + timedelta(hours=hours)
    with Monitor(config, Store.open(state), lambda: moment) as monitor:
        monitor.ingest()
        monitor.make_digest()
        monitor.deliver()


def mails(mailbox) -> dict[str, list]:
    found: dict[str, list] = {}
    for (to,), message in mailbox.received:
        found.setdefault(to, []).append(message)
    return found


def text(message) -> str:
    return message.get_body(("plain",)).get_content()


def write(pages: Path, name: str, body: str) -> None:
    pages.mkdir(exist_ok=True)
    (pages / name).write_text(body, encoding="utf-8")


def one_run_for_two_readers(tmp_path: Path) -> dict[str, list]:
    """Both pages read and one digest made and delivered: what each address received."""
    pages = tmp_path / "pages"
    write(pages, "dam.txt", DAM)
    write(pages, "port.txt", PORT)
    with smtp_server() as (port, mailbox):
        run(tmp_path / "state", config_for(pages, port, CA, SA))
    return mails(mailbox)


def test_two_readers_get_their_own_digests_from_one_run(tmp_path):
    got = one_run_for_two_readers(tmp_path)
    assert set(got) == {"all@example.org", "ca-desk@example.org", "sa-desk@example.org"}
    everyone, ca, sa = got["all@example.org"][0], got["ca-desk@example.org"][0], got[SA.to][0]
    assert "Central Asia" in everyone["Subject"] and "South Asia" in everyone["Subject"]
    assert ca["Subject"].endswith(": 1 Central Asia") and sa["Subject"].endswith(": 1 South Asia")
    assert "Rogun" in text(ca) and "Rogun" not in text(sa)
    assert "Gwadar Port" in text(sa)
    assert sa.get_body(("html",)) is None  # their formats leave HTML out
    assert len({m["Message-ID"] for m in (everyone, ca, sa)}) == 3


def test_a_watch_hit_outside_a_readers_regions_reaches_their_watchlist(tmp_path):
    got = one_run_for_two_readers(tmp_path)
    ca = text(got["ca-desk@example.org"][0])
    watchlist, _, rest = ca.partition("CONTENTS")
    assert "WATCHLIST" in watchlist and "Gwadar Port Adds Two Berths" in watchlist
    assert "*CPEC*" in watchlist
    assert "SOUTH ASIA" not in rest  # not in their own sections
    html = got["ca-desk@example.org"][0].get_body(("html",)).get_content()
    assert ">CPEC</mark>" in html
    assert "WATCHLIST" not in text(got[SA.to][0])  # SA watches no rule


def test_each_article_once_and_a_later_reader_starts_from_the_next_digest(tmp_path):
    pages, state = tmp_path / "pages", tmp_path / "state"
    write(pages, "dam.txt", DAM)
    with smtp_server() as (port, mailbox):
        run(state, config_for(pages, port, CA))
        late = Subscriber("late@example.org")
        run(state, config_for(pages, port, CA, late), hours=24)  # nothing new: no mail
        write(pages, "port.txt", PORT)
        run(state, config_for(pages, port, CA, late), hours=48)
    got = mails(mailbox)
    first, second = got["ca-desk@example.org"]  # none of the second run: nothing new
    assert "Rogun" in text(first) and "Rogun" not in text(second)
    assert "Gwadar Port" in text(second).partition("CONTENTS")[0]  # a hit of their rule only
    (later,) = got["late@example.org"]
    assert "Gwadar Port" in text(later) and "Rogun" not in text(later)


def test_the_config_reads_subscribers_and_names_the_key_of_an_error(tmp_path):
    path = tmp_path / "monitor.toml"
    head = '[email]\nhost = "127.0.0.1"\n[[watch]]\nname = "W"\nany = ["x"]\n'
    path.write_text(
        head + '[[subscribers]]\nto = "a@example.org"\nregions = ["central_asia"]\n'
        'watch = ["W"]\ntimezone = "Asia/Tashkent"\nformats = ["html"]\nsend_empty = true\n',
        encoding="utf-8",
    )
    (reader,) = load_config(path).subscribers
    assert reader == Subscriber(
        "a@example.org", (Region.CENTRAL_ASIA,), ("W",), "Asia/Tashkent", ("html", "text"), True
    )
    for body, key in [
        ('to = "a@example.org"\nwatch = ["Nope"]', "subscribers[0].watch names no"),
        ('to = "nobody"', "subscribers[0].to must be an e-mail address"),
        ('to = "a@example.org"\nschedule = "every 2 days"', "subscribers[0].schedule of 'a@"),
        ('to = "a@example.org"\nformats = ["pdf"]', "subscribers[0].formats must list"),
    ]:
        path.write_text(head + f"[[subscribers]]\n{body}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=key.replace("[", r"\[").replace("]", r"\]")):
            load_config(path)
