"""A crash (SIGKILL) after rendering or after sending loses nothing: on restart the pending mail
goes out with the same Message-ID, every article is in exactly one digest, at most one duplicate.

The processes are real (``python -m monitor.cli``), so is the SMTP server (aiosmtpd).
"""

import signal
import sqlite3
from pathlib import Path

from delivery_helpers import run_monitor as monitor
from mailserver import smtp_server

TO = ("first@example.org", "second@example.org")


def write_config(tmp_path: Path, pages: Path, port: int) -> Path:
    config = tmp_path / "monitor.toml"
    config.write_text(
        "feeds = []\n"
        f"[seeds]\npaths = [{str(pages)!r}]\n"
        "[digest]\ntimezone = 'Asia/Tashkent'\n"
        f"[email]\nhost = '127.0.0.1'\nport = {port}\nfrom = 'monitor@example.org'\n"
        f"to = {list(TO)!r}\n",
        encoding="utf-8",
    )
    return config


def assert_every_article_in_exactly_one_digest(state: Path) -> None:
    db = sqlite3.connect(state / "monitor.sqlite3")
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    memberships = db.execute("SELECT count(*), count(DISTINCT article_id) FROM digest_articles")
    assert articles == 3 and memberships.fetchone() == (3, 3)
    db.close()


def crash_then_restart(tmp_path, pages, crash: str, *restarts: tuple[str, ...]):
    """``digest --deliver`` killed at ``crash``, then each restart command; the mailbox after."""
    state = tmp_path / "state"
    with smtp_server() as (port, mailbox):
        config = write_config(tmp_path, pages, port)
        crashed = monitor(config, state, "digest", "--deliver", "--no-feeds", crash=crash)
        assert crashed.returncode == -signal.SIGKILL, crashed.stderr
        sent_before_restart = len(mailbox.received)
        outputs = []
        for argv in restarts:
            done = monitor(config, state, *argv)
            assert done.returncode == 0, done.stderr
            outputs.append(done.stdout)
    assert len(set(mailbox.message_ids())) == 1  # every copy carries the same Message-ID
    assert_every_article_in_exactly_one_digest(state)
    return mailbox, sent_before_restart, outputs


def test_crash_after_rendering_sends_the_pending_mail_once_on_restart(tmp_path, own_pages):
    mailbox, before, outputs = crash_then_restart(tmp_path, own_pages, "before-send", ("send",))
    assert before == 0
    assert "2 pending" in outputs[0]
    assert sorted(rcpts[0] for rcpts, _ in mailbox.received) == sorted(TO)
    db = sqlite3.connect(tmp_path / "state" / "monitor.sqlite3")
    assert db.execute("SELECT DISTINCT status FROM deliveries").fetchall() == [("sent",)]
    db.close()


def test_crash_after_sending_gives_at_most_one_duplicate_with_the_same_id(tmp_path, own_pages):
    restart = ("digest", "--deliver", "--no-feeds")
    mailbox, before, _ = crash_then_restart(tmp_path, own_pages, "after-send", restart)
    assert before == 1  # the first recipient got it, then the crash
    recipients = [rcpts[0] for rcpts, _ in mailbox.received]
    assert sorted(recipients) == sorted([TO[0], *TO])  # one duplicate, for the first recipient
    assert all("no new articles" not in m["Subject"] for _, m in mailbox.received)
