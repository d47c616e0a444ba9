"""Every number of the config has a range: what is outside it is refused (exit 3) naming the file,
the key and the range, before anything runs. The values the issue found accepted come first."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.config.load import load_config
from monitor.errors import ConfigError, ExitCode

FEED = '[[feeds]]\nurl = "http://127.0.0.1:9/feed"\n'

#: (config text, the key named, the range named)
REFUSED = [
    ("[digest]\ningest_every = 1_000_000_000_000_000", "digest.ingest_every", "from 1 to 527040"),
    ('[digest]\nschedule = "every 99999999999h"', "digest.schedule", "from 1 to 8784"),
    ('[email]\nhost = "x"\nto = ["a@b"]\nport = 70000', "email.port", "from 1 to 65535"),
    ("[email]\nport = 0", "email.port", "from 1 to 65535"),
    ("[regions]\nmin_score = nan", "regions.min_score", "from 0 to 10000"),
    ("[regions]\ntitle_weight = inf", "regions.title_weight", "from 0 to 100"),
    ("[regions]\nprimary_share = 7.5", "regions.primary_share", "from 0 to 1"),
    ("[regions]\nsecondary_share = -0.1", "regions.secondary_share", "from 0 to 1"),
    ('[regions.countries]\nXX = "central_asia"', "regions.countries.XX", "ISO 3166"),
    ('[regions.borderlands]\nqq = ["central_asia"]', "regions.borderlands.qq", "ISO 3166"),
    ("[fetch]\nmax_bytes = 100_000_000_000_000_000_000_000", "fetch.max_bytes", "1073741824"),
    ("[fetch]\ntimeout = nan", "fetch.timeout", "<= 86400"),
    ("[fetch]\ntimeout = 1e300", "fetch.timeout", "<= 86400"),
    ("[fetch]\ndeadline = inf", "fetch.deadline", "<= 86400"),
    ("[fetch]\ninterval = 600_000", "fetch.interval", "from 1 to 527040"),
    ("[fetch]\nworkers = 100000", "fetch.workers", "from 1 to 256"),
    ("[fetch]\nper_host = 0", "fetch.per_host", "from 1 to 256"),
    (FEED + "interval = 10_000_000", "feeds[0].interval", "from 1 to 527040"),
    ("[summary]\nworkers = 1_000_000", "summary.workers", "from 0 to 256"),
    ("[summary]\nsentences = 1_000_000", "summary.sentences", "from 1 to 100"),
    ("[regions]\nlead_words = 10_000_000_000", "regions.lead_words", "from 0 to 100000"),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "key", "allowed"), REFUSED, ids=[k for _, k, _ in REFUSED])
def test_a_number_out_of_its_range_is_refused_naming_file_key_and_range(
    tmp_path, text, key, allowed
):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    message = refused.value.message
    assert message.startswith(f"{path}: {key} ") and allowed in message


def test_the_command_line_says_it_with_exit_3(tmp_path, capsys):
    path = write(tmp_path, "[regions]\nprimary_share = 7.5")
    code = main(["--config", str(path), "--state-dir", str(tmp_path / "s"), "ingest"])
    assert code == ExitCode.CONFIG
    err = capsys.readouterr().err
    assert err.startswith(f"monitor: error: {path}: regions.primary_share must be a number from 0")


@pytest.mark.parametrize(
    "text",
    [
        "[digest]\ningest_every = 527040",
        '[digest]\nschedule = "every 8784h"',
        '[email]\nhost = "x"\nto = ["a@b"]\nport = 65535',
        "[regions]\nprimary_share = 1\nmin_score = 0",
        '[regions.countries]\nkz = "south_asia"\nXJ = "other"\nXK = "middle_east"',
        "[fetch]\nmax_bytes = 1073741824\ntimeout = 86400",
    ],
)
def test_the_bounds_themselves_are_allowed(tmp_path, text):
    load_config(write(tmp_path, text))
