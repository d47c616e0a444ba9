"""``monitor ingest --now``: every feed is polled at once, whatever its interval or backoff, but
not one whose server said Retry-After (and the log says so); real HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest
from feedserver import FeedServer, Reply
from feedtexts import GULF, wordpress_rss
from test_feeds_cli import run, write_config


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def test_now_polls_every_feed_but_one_a_server_asked_to_wait(tmp_path, server, capsys):
    good = server.route("/good", Reply(200, {}, wordpress_rss("G", (GULF,))))
    failing = server.route("/failing", Reply(500))
    held = server.route("/held", Reply(503, {"Retry-After": "7200"}))
    config = write_config(tmp_path, good, failing, held)
    argv = ("--config", config, "--state-dir", str(tmp_path / "state"), "ingest")
    assert run(capsys, *argv)[0] == 4  # the first poll of each; two fail
    assert run(capsys, *argv)[0] == 0  # none is due: nothing polled, nothing failed
    assert [len(server.hits(p)) for p in ("/good", "/failing", "/held")] == [1, 1, 1]
    code, _, err = run(capsys, *argv, "--now")
    assert code == 4  # /failing failed again
    assert [len(server.hits(p)) for p in ("/good", "/failing", "/held")] == [2, 2, 1]
    assert f"{held}: not polled now: the server asked to wait until" in err
    assert "(Retry-After)" in err
