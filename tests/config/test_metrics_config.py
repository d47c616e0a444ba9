"""``[metrics]``: the listen address (loopback when only a port is given) and the textfile."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config.load import parse_config
from monitor.errors import ConfigError

FILE = Path("/etc/monitor/monitor.toml")


@pytest.mark.parametrize(
    ("listen", "address"),
    [("127.0.0.1:9464", ("127.0.0.1", 9464)), (":9464", ("127.0.0.1", 9464)),
     ("9464", ("127.0.0.1", 9464)),
     ("[::1]:9000", ("::1", 9000)), ("0.0.0.0:80", ("0.0.0.0", 80))],
)  # fmt: skip
def test_listen_is_an_address_and_a_port(listen, address):
    assert parse_config({"metrics": {"listen": listen}}, FILE).metrics.listen == address


@pytest.mark.parametrize(
    "listen", ["localhost:9464", "host:", "[::1]", "127.0.0.1:0", "127.0.0.1:x"]
)
def test_a_bad_listen_address_names_the_key(listen):
    with pytest.raises(ConfigError, match="metrics.listen"):
        parse_config({"metrics": {"listen": listen}}, FILE)


def test_textfile_is_relative_to_the_config_file_and_nothing_is_on_by_default():
    metrics = parse_config({"metrics": {"textfile": "node/monitor.prom"}}, FILE).metrics
    assert metrics.textfile == Path("/etc/monitor/node/monitor.prom") and metrics.listen is None
    assert parse_config({}, FILE).metrics.textfile is None
