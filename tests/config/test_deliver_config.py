"""The [digest], [output] and [email] config sections: values, defaults and clear errors."""

from pathlib import Path

import pytest

from monitor.config.load import load_config
from monitor.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_delivery_sections_as_in_the_readme(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
[digest]
schedule = "weekly mon 07:00"
timezone = "Asia/Tashkent"
ingest_every = 5
[output]
dir = "digests"
formats = ["html"]
[email]
host = "127.0.0.1"
port = 2525
security = "none"
from = "monitor@example.org"
to = ["analyst@example.org"]
""",
        )
    )
    assert config.digest.schedule == "weekly mon 07:00" and config.digest.ingest_every == 5
    assert config.output.dir == tmp_path / "digests" and config.output.formats == ("html",)
    assert config.email.sender == "monitor@example.org"
    assert config.email.recipients == ("analyst@example.org",)
    assert config.email.password_env == "MONITOR_SMTP_PASSWORD"


def test_without_the_sections_nothing_is_delivered(tmp_path):
    config = load_config(write(tmp_path, "[summary]\nsentences = 2\n"))
    assert config.output.dir is None and config.email.host == ""
    assert config.digest.schedule == "daily 07:00" and config.digest.timezone == "UTC"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[digest]\nschedule = "at dawn"\n', "digest.schedule"),
        ('[digest]\ntimezone = "Atlantis/Capital"\n', "digest.timezone"),
        ("[digest]\nsend_empty = 1\n", "digest.send_empty"),
        ('[output]\nformats = ["pdf"]\n', "output.formats"),
        ('[email]\nhost = "smtp.example.org"\n', "email.to"),
        ('[email]\nsecurity = "tls"\nto = ["a@example.org"]\n', "email.security"),
        ('[email]\nto = ["not an address"]\n', "email.to"),
        ('[email]\npassword = "s3cret"\n', "email.password"),
    ],
)
def test_bad_values_name_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text))
    assert key in error.value.message and str(tmp_path) in error.value.message
