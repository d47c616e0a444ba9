"""The feed keys of the config: [[feeds]] interval and category, [fetch], opml."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config.load import FetchConfig, parse_config
from monitor.errors import ConfigError
from monitor.sources.feeds.configured import configured_feeds

PATH = Path("/etc/monitor/monitor.toml")


def test_feed_and_fetch_keys_are_read():
    config = parse_config(
        {
            "feeds": [{"url": "https://a.example/feed", "interval": 90, "category": "Gulf"}],
            "fetch": {"timeout": 5, "deadline": 20.5, "max_bytes": 2048, "allow_private": True,
                      "user_agent": "ua/1", "interval": 45, "workers": 8, "per_host": 1},
            "opml": "subs.opml",
        },
        PATH,
    )  # fmt: skip
    assert (config.feeds[0].interval, config.feeds[0].category) == (90, "Gulf")
    assert config.fetch == FetchConfig(5.0, 2048, 20.5, True, "ua/1", 45, 8, 1)
    assert config.opml == Path("/etc/monitor/subs.opml")


def test_defaults_are_bounded():
    fetch = parse_config({}, PATH).fetch
    assert fetch.allow_private is False and fetch.max_bytes == 15 * 2**20
    assert fetch.user_agent.startswith("monitor/")


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"fetch": {"allow_private": "yes"}}, "fetch.allow_private"),
        ({"fetch": {"timeout": 0}}, "fetch.timeout"),
        ({"fetch": {"max_bytes": 10}}, "fetch.max_bytes"),
        ({"fetch": {"retries": 3}}, "fetch.retries"),
        ({"feeds": [{"url": "https://a.example/", "interval": 0}]}, "feeds[0].interval"),
    ],
)
def test_bad_values_name_the_key(data, key):
    with pytest.raises(ConfigError, match=key.replace("[", r"\[").replace("]", r"\]")):
        parse_config(data, PATH)


def test_opml_feeds_join_the_configured_ones(tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml><body><outline xmlUrl="https://b.example/rss" text="B"/>'
        '<outline xmlUrl="https://a.example/feed" text="dup"/></body></opml>',
        encoding="utf-8",
    )
    config = parse_config({"feeds": [{"url": "https://a.example/feed"}], "opml": "subs.opml"},
                          tmp_path / "monitor.toml")  # fmt: skip
    assert [f.url for f in configured_feeds(config)] == [
        "https://a.example/feed", "https://b.example/rss"
    ]


def test_unreadable_opml_is_one_log_line(tmp_path, caplog):
    config = parse_config({"feeds": [], "opml": "missing.opml"}, tmp_path / "monitor.toml")
    assert configured_feeds(config) == []
    assert "missing.opml" in caplog.text
