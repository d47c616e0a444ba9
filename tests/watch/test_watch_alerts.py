"""Immediate alerts on a real SMTP server (aiosmtpd): one mail per ingest, each article alerted
once per rule, ever; SIGKILL after the send, then a restart: at most one duplicate, with the
same Message-ID. The processes are real (``python -m monitor``)."""

from __future__ import annotations

import signal
from pathlib import Path

from delivery_helpers import run_monitor as monitor
from mailserver import smtp_server

DAM = (
    "Reservoir Filling Resumes at Rogun\n\n"
    "Tajikistan resumed filling the Rogun reservoir on the Vakhsh river this week, officials in "
    "Dushanbe said. Uzbekistan asked for a schedule of releases before the summer season.\n"
)
PIPE = (
    "Pipeline Survey Reaches Herat\n\n"
    "Engineers surveying the TAPI gas pipeline reached Herat, officials in Kabul and Ashgabat "
    "said. Turkmenistan hopes the first section can be built within three years.\n"
)
QUIET = (
    "Wheat Prices Fall in Almaty\n\n"
    "Wheat prices fell in Almaty after a large harvest in the north of Kazakhstan, traders said, "
    "and exporters in Astana expect more sales to Afghanistan and Iran.\n"
)


def write_config(tmp_path: Path, pages: Path, port: int) -> Path:
    config = tmp_path / "monitor.toml"
    config.write_text(
        f"feeds = []\n[seeds]\npaths = [{str(pages)!r}]\n"
        f"[email]\nhost = '127.0.0.1'\nport = {port}\nfrom = 'monitor@example.org'\n"
        "to = ['desk@example.org']\n"
        '[[watch]]\nname = "Dams"\nany = ["Rogun"]\nalert = "immediate"\n'
        '[[watch]]\nname = "Pipelines"\nany = ["TAPI"]\nalert = "immediate"\n'
        '[[watch]]\nname = "Grain"\nany = ["wheat"]\n',  # digest only: never alerted
        encoding="utf-8",
    )
    return config


def page(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_an_alert_arrives_once_and_never_again(tmp_path):
    pages, state = tmp_path / "pages", tmp_path / "state"
    page(pages, "dam.txt", DAM)
    page(pages, "quiet.txt", QUIET)
    with smtp_server() as (port, mailbox):
        config = write_config(tmp_path, pages, port)
        assert monitor(config, state, "ingest").returncode == 0
        assert len(mailbox.received) == 1
        (to,), message = mailbox.received[0]
        assert to == "desk@example.org"
        assert message["Subject"] == "Watch alert: 1 new hit: Dams (1)"
        assert "*Rogun*" in message.get_body(("plain",)).get_content()
        assert ">Rogun</mark>" in message.get_body(("html",)).get_content()
        assert "Wheat" not in message.get_body(("plain",)).get_content()

        assert monitor(config, state, "ingest").returncode == 0  # nothing new
        page(pages, "dam-copy.txt", DAM)
        assert monitor(config, state, "ingest").returncode == 0  # seen again: the same article
        assert monitor(config, state, "send").returncode == 0
        assert len(mailbox.received) == 1

        page(pages, "pipe.txt", PIPE)
        assert monitor(config, state, "ingest").returncode == 0
        assert len(mailbox.received) == 2
        second = mailbox.received[1][1]
        assert second["Subject"] == "Watch alert: 1 new hit: Pipelines (1)"
        assert "Rogun" not in second.get_body(("plain",)).get_content()
        assert monitor(config, state, "digest", "--deliver").returncode == 0
    digest = mailbox.received[2][1]
    assert digest["Subject"].startswith("Regional digest")
    assert len(mailbox.received) == 3 and len(set(mailbox.message_ids())) == 3


def test_one_mail_per_ingest_for_every_new_hit(tmp_path):
    pages, state = tmp_path / "pages", tmp_path / "state"
    page(pages, "dam.txt", DAM)
    page(pages, "pipe.txt", PIPE)
    with smtp_server() as (port, mailbox):
        assert monitor(write_config(tmp_path, pages, port), state, "ingest").returncode == 0
    assert len(mailbox.received) == 1
    assert mailbox.received[0][1]["Subject"] == "Watch alert: 2 new hits: Dams (1), Pipelines (1)"


def test_a_crash_after_sending_gives_at_most_one_duplicate_with_the_same_id(tmp_path):
    pages, state = tmp_path / "pages", tmp_path / "state"
    page(pages, "dam.txt", DAM)
    with smtp_server() as (port, mailbox):
        config = write_config(tmp_path, pages, port)
        crashed = monitor(config, state, "ingest", crash="after-send")
        assert crashed.returncode == -signal.SIGKILL, crashed.stderr
        assert len(mailbox.received) == 1
        restarted = monitor(config, state, "send")
        assert restarted.returncode == 0, restarted.stderr
        assert monitor(config, state, "ingest").returncode == 0
        assert monitor(config, state, "send").returncode == 0
    assert len(mailbox.received) == 2  # the one duplicate
    assert len(set(mailbox.message_ids())) == 1


def test_a_crash_before_sending_sends_on_restart(tmp_path):
    pages, state = tmp_path / "pages", tmp_path / "state"
    page(pages, "dam.txt", DAM)
    with smtp_server() as (port, mailbox):
        config = write_config(tmp_path, pages, port)
        crashed = monitor(config, state, "ingest", crash="before-send")
        assert crashed.returncode == -signal.SIGKILL and not mailbox.received
        assert monitor(config, state, "ingest").returncode == 0  # no second alert recorded
        assert monitor(config, state, "send").returncode == 0
    assert len(mailbox.received) == 1
