"""`monitor ingest` / `monitor digest` poll feeds; `monitor feeds` shows health; OPML import."""

from __future__ import annotations

import json

import pytest
from feedserver import FeedServer, Reply
from feedtexts import DAM, GULF, wordpress_rss

from monitor.cli.main import main


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_config(tmp_path, *urls: str) -> str:
    feeds = "".join(f'[[feeds]]\nurl = "{url}"\ncategory = "Gulf"\n\n' for url in urls)
    feeds = feeds or "feeds = []  # not the default feeds: no test touches the internet\n"
    path = tmp_path / "monitor.toml"
    path.write_text(
        f'{feeds}[seeds]\npaths = []\n\n[fetch]\nallow_private = true\ntimeout = 2\ndeadline = 3\n',
        encoding="utf-8",
    )
    return str(path)


def test_digest_polls_feeds_and_reports_a_failing_one(tmp_path, server, capsys):
    good = server.route("/good", Reply(200, {}, wordpress_rss("G", (GULF, DAM))))
    bad = server.route("/bad", Reply(503, {"Retry-After": "600"}))
    config = write_config(tmp_path, good, bad)
    state = str(tmp_path / "state")
    code, out, err = run(capsys, "--config", config, "--state-dir", state, "digest",
                         "--format", "text")  # fmt: skip
    assert code == 4  # a source failed
    assert GULF.title in out and DAM.title in out
    assert "Feeds: 2 polled (1 ok, 1 failing)." in out and "HTTP 503" in out
    assert "Polled 2 of 2 feed(s) (1 ok, 0 unchanged, 1 failed; 0 not due)" in err and bad in err
    code, out, _ = run(capsys, "--config", config, "--state-dir", state, "feeds", "--json")
    rows = {row["url"]: row for row in map(json.loads, out.splitlines())}
    assert rows[bad]["health"] == "failing" and rows[bad]["failures"] == 1
    assert rows[good]["health"] == "ok" and rows[good]["category"] == "Gulf"


def test_no_feeds_skips_polling(tmp_path, server, capsys):
    url = server.route("/feed", Reply(200, {}, wordpress_rss("G", (GULF,))))
    config = write_config(tmp_path, url)
    code, _, _ = run(capsys, "--config", config, "--state-dir", str(tmp_path / "s"), "ingest",
                     "--no-feeds")  # fmt: skip
    assert code == 0 and server.requests == []


def test_import_opml_then_list(tmp_path, server, capsys):
    url = server.route("/opml-feed", Reply(200, {}, wordpress_rss("G", (GULF,))))
    opml = tmp_path / "subs.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="Gulf"><outline text="Ports" xmlUrl="{url}"/>'
        "</outline></body></opml>",
        encoding="utf-8",
    )
    config = write_config(tmp_path)
    state = str(tmp_path / "state")
    code, _, err = run(capsys, "--config", config, "--state-dir", state, "feeds", "import-opml",
                       str(opml))  # fmt: skip
    assert code == 0 and "Imported 1 feed(s)" in err
    code, out, _ = run(capsys, "--config", config, "--state-dir", state, "feeds")
    assert out.splitlines()[1].startswith("new\t0\tnever\tnow\t" + url)
    assert run(capsys, "--config", config, "--state-dir", state, "ingest")[0] == 0
    assert len(server.hits("/opml-feed")) == 1


def test_import_of_a_file_that_is_not_opml_fails_clearly(tmp_path, capsys):
    bad = tmp_path / "x.opml"
    bad.write_text("not xml", encoding="utf-8")
    code, _, err = run(capsys, "--state-dir", str(tmp_path / "s"), "feeds", "import-opml", str(bad))
    assert code == 7 and "no feeds imported" in err
