"""``monitor digest --deliver``, ``monitor send`` and ``monitor deliveries`` in-process."""

from contextlib import closing
from datetime import UTC, datetime, timedelta

from delivery_helpers import NOW
from mailserver import free_port, smtp_server

from monitor.cli.main import main
from monitor.errors import ExitCode
from monitor.store.lock import StateLock
from monitor.store.sqlite import Store


def config_file(tmp_path, pages, extra=""):
    path = tmp_path / "monitor.toml"
    path.write_text(
        f"feeds = []\n[seeds]\npaths = [{str(pages)!r}]\n"
        f"[output]\ndir = {str(tmp_path / 'site')!r}\n{extra}",
        encoding="utf-8",
    )
    return str(path)


def test_digest_deliver_writes_files_and_out(tmp_path, own_pages, capsys):
    config = config_file(tmp_path, own_pages)
    out = tmp_path / "digest.md"
    state = str(tmp_path / "state")
    code = main(
        [
            "--config",
            config,
            "--state-dir",
            state,
            "digest",
            "--deliver",
            "--no-feeds",
            "--out",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert code == ExitCode.OK
    assert "1 Central Asia, 1 South Asia, 1 Middle East" in printed and "1 sent" in printed
    assert "Fergana" in out.read_text(encoding="utf-8")
    assert (tmp_path / "site" / "index.html").is_file()
    assert main(["--state-dir", state, "deliveries"]) == 0
    assert "\tfile\t" in capsys.readouterr().out


def test_digest_deliver_while_locked_exits_at_once_having_read_nothing(tmp_path, own_pages, capsys):
    config = config_file(tmp_path, own_pages)
    state = tmp_path / "state"
    with StateLock.acquire(state, NOW):
        code = main(
            ["--config", config, "--state-dir", str(state), "digest", "--deliver", "--no-feeds"]
        )
    assert code == ExitCode.LOCKED and "another monitor is running" in capsys.readouterr().err
    assert Store.open(state).articles() == []


def test_deliver_with_preview_is_refused(tmp_path, own_pages, capsys):
    config = config_file(tmp_path, own_pages)
    argv = [
        "--config",
        config,
        "--state-dir",
        str(tmp_path / "s"),
        "digest",
        "--deliver",
        "--no-feeds",
    ]
    assert main([*argv, "--preview"]) == ExitCode.INPUT
    assert "--preview" in capsys.readouterr().err


def test_send_reports_partial_while_mail_cannot_go(tmp_path, own_pages, capsys):
    email = f"[email]\nhost = '127.0.0.1'\nport = {free_port()}\nto = ['a@example.org']\n"
    config = config_file(tmp_path, own_pages, email)
    state = str(tmp_path / "state")
    assert main(
        ["--config", config, "--state-dir", state, "digest", "--deliver", "--no-feeds"]
    ) == (ExitCode.PARTIAL)
    assert main(["--config", config, "--state-dir", state, "send"]) == ExitCode.PARTIAL
    assert "1 pending delivery(ies) tried" in capsys.readouterr().out


def test_digest_deliver_makes_the_due_digest_of_a_reader_with_their_own_schedule(
    tmp_path, own_pages, capsys
):
    """``monitor digest`` leaves readers with their own schedule alone; ``--deliver`` makes
    the digest of each one whose slot is due (here: joined two days ago, every hour)."""
    with smtp_server() as (port, mailbox):
        extra = (f'[email]\nhost = "127.0.0.1"\nport = {port}\nto = ["all@example.org"]\n'
                 '[[subscribers]]\nto = "desk@example.org"\nschedule = "every 1h"\n')  # fmt: skip
        config, state = config_file(tmp_path, own_pages, extra), tmp_path / "state"
        with closing(Store.open(state)) as store, store.transaction() as tx:
            tx.join_reader("desk@example.org", datetime.now(UTC) - timedelta(days=2))
        assert main(["--config", config, "--state-dir", str(state), "digest", "--no-feeds"]) == 0
        capsys.readouterr()
        with closing(Store.open(state)) as store:
            assert store.reader_slot_deliveries() == []  # not its business
        argv = ["--config", config, "--state-dir", str(state), "digest", "--deliver", "--no-feeds"]
        assert main(argv) == ExitCode.OK
        printed = capsys.readouterr().out
        assert main(argv) == ExitCode.OK  # the reader's slot is made: not due again
    (to,), mine = mailbox.received[-1]
    assert to == "desk@example.org" and "Fergana" in mine.get_body(("plain",)).get_content()
    assert [rcpt for (rcpt,), _ in mailbox.received].count("desk@example.org") == 1
    assert "2 sent" in printed  # the folder's, and the reader's (the main digest is empty)
