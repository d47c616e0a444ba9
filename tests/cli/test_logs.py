"""Log lines carry the time unless stderr is the systemd journal; ``--log-format json`` is one
JSON object per line (real processes, a real pipe whose device:inode is the JOURNAL_STREAM)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

TIMED = re.compile(r"^monitor: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (INFO|WARNING|ERROR): ")


def ingest(tmp_path, *options: str, journal: bool = False) -> list[str]:
    """The log lines of a ``monitor ingest`` of an empty folder."""
    (tmp_path / "monitor.toml").write_text("feeds = []\n[seeds]\npaths = []\n", encoding="utf-8")
    argv = [sys.executable, "-m", "monitor", *options, "--state-dir", "state", "ingest"]
    env = {k: v for k, v in os.environ.items() if k != "JOURNAL_STREAM"}
    read, write = os.pipe()
    if journal:
        found = os.fstat(write)
        env["JOURNAL_STREAM"] = f"{found.st_dev}:{found.st_ino}"
    with os.fdopen(read, "rb") as reader:
        done = subprocess.Popen(argv, cwd=tmp_path, env=env, stderr=write)
        os.close(write)
        err = reader.read().decode()
    assert done.wait(timeout=60) == 0, err
    return err.splitlines()


def test_off_the_journal_every_line_says_when(tmp_path):
    lines = ingest(tmp_path)
    assert lines and all(TIMED.match(line) for line in lines), lines


def test_on_the_journal_the_journal_says_when(tmp_path):
    lines = ingest(tmp_path, journal=True)
    assert lines and all(line.startswith("monitor: INFO: ") for line in lines), lines


def test_json_lines_for_log_shippers(tmp_path):
    lines = ingest(tmp_path, "--log-format", "json")
    entries = [json.loads(line) for line in lines]
    assert entries and all(set(e) == {"time", "level", "logger", "message"} for e in entries)
    assert any(e["message"].startswith("Read 0 new or changed file(s)") for e in entries)
    assert all(e["time"].endswith("+00:00") and e["level"] == "info" for e in entries)


def test_a_page_without_article_text_is_one_line_naming_it_and_no_library_line(tmp_path):
    """trafilatura says "discarding data: None" for such a page; monitor's own line says which
    page (with --debug, the libraries' lines are shown too)."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "menu.html").write_text(
        "<html><body>" + "<div>" * 300 + "Home" + "</div>" * 300 + "</body></html>"
    )
    (tmp_path / "monitor.toml").write_text('feeds = []\n[seeds]\npaths = ["pages"]\n')
    argv = [sys.executable, "-m", "monitor", "--state-dir", "state", "ingest"]
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and "pages/menu.html: no article text found" in warnings[0], warnings
    again = [sys.executable, "-m", "monitor", "--debug", "--state-dir", "state2", "ingest"]
    debug = subprocess.run(again, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "discarding data" in debug.stderr  # the library's own line, asked for
