"""A ``[[subscribers]]`` reader's own ``schedule``: read in their time zone; one that has the
``[digest] schedule``'s slots is none (they are cut from the main digest); a bad one is one
clear error naming the reader, exit code 3 as for any config error."""

from __future__ import annotations

import pytest

from monitor.cli.main import main
from monitor.config.load import load_config
from monitor.errors import ConfigError, ExitCode

HEAD = (
    '[digest]\nschedule = "daily 07:00"\ntimezone = "Asia/Tashkent"\n[email]\nhost = "127.0.0.1"\n'
)


def reader(tmp_path, body: str):
    path = tmp_path / "monitor.toml"
    path.write_text(HEAD + f'[[subscribers]]\nto = "desk@example.org"\n{body}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "own"),
    [
        ("", None),
        ('schedule = "daily  07:00"', None),  # the [digest] schedule's slots
        ('schedule = "every 6h"', "every 6h"),
        ('schedule = "daily 07:00"\ntimezone = "UTC"', "daily 07:00"),  # 07:00 UTC is 12:00 there
        ('schedule = "Weekly MON 09:30"', "Weekly MON 09:30"),
    ],
)
def test_a_readers_own_schedule_is_kept_unless_it_has_the_digests_slots(tmp_path, body, own):
    (subscriber,) = load_config(reader(tmp_path, body)).subscribers
    assert subscriber.schedule == own


@pytest.mark.parametrize(
    ("body", "wrong"),
    [
        ('schedule = "daily 7"', "cannot read the schedule 'daily 7'"),
        ('schedule = "daily 25:00"', "25:00 is not a time of day"),
        ('schedule = "every 0h"', "needs N from 1"),
        ("schedule = 6", "must be a string"),
    ],
)
def test_a_bad_schedule_is_one_error_naming_the_reader(tmp_path, body, wrong):
    path = reader(tmp_path, body)
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    message = refused.value.message
    assert message.startswith(f"{path}: subscribers[0].schedule ") and wrong in message
    if "string" not in wrong:
        assert "'desk@example.org'" in message


def test_the_command_line_says_it_with_exit_3(tmp_path, capsys):
    path = reader(tmp_path, 'schedule = "twice a day"')
    code = main(["--config", str(path), "--state-dir", str(tmp_path / "s"), "digest"])
    err = capsys.readouterr().err
    assert code == ExitCode.CONFIG
    assert len(err.strip().splitlines()) <= 2  # the error, and what to do
    assert "subscribers[0].schedule of 'desk@example.org' is wrong" in err
