"""The seeds folder against hostile names and files: names that are not UTF-8 or carry control
characters, things that are not files, a file too big to read, many files failing for one cause.
Every one is one escaped log line, and the good pages are stored all the same."""

from __future__ import annotations

import json
import logging
import os
import socket
from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.sources.pages import folder

GOOD = (
    "Grain Exports Through Aktau\n\n"
    "Kazakhstan shipped more grain through the port of Aktau this spring than in any year since "
    "the port opened, officials said, as traders looked for routes that avoid the Black Sea. "
    "Most of the grain went to Baku and on by rail to Georgia and Turkey.\n"
)
OTHER = (
    "Cotton Prices in Fergana\n\n"
    "Uzbekistan's cotton growers in the Fergana valley were paid more this autumn than in any "
    "year since the state order ended, farmers in Andijan and Namangan said this week.\n"
)


def ingest(tmp_path: Path, seeds: Path, *options: str) -> None:
    args = ["--state-dir", str(tmp_path / "state"), *options, "ingest", "--no-feeds"]
    assert main([*args, "--seeds", str(seeds)]) == 0


def stored(tmp_path: Path, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["--state-dir", str(tmp_path / "state"), "articles", "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")  # no ./seeds, no ./monitor.toml
    folder_ = tmp_path / "seeds"
    folder_.mkdir()
    (folder_ / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder_


def test_names_that_are_not_utf8_are_read_stored_and_shown(seeds, tmp_path, capsys):
    (seeds / os.fsdecode(b"bad\xff.txt")).write_text(OTHER, encoding="utf-8")
    latin = seeds / os.fsdecode(b"caf\xe9")
    latin.mkdir()
    (latin / "x.txt").write_text(GOOD.replace("Grain", "Wheat"), encoding="utf-8")
    ingest(tmp_path, seeds)
    sources = sorted(s for row in stored(tmp_path, capsys) for s in row["sources"])
    assert sources == sorted(
        [f"file://{seeds}/bad%FF.txt", f"file://{seeds}/caf%E9/x.txt", f"{seeds}/good.txt"]
    )
    ingest(tmp_path, seeds)  # unchanged: known by their stored form, not read again
    assert "Read 0 new or changed file(s)" in capsys.readouterr().err


def test_a_name_with_a_newline_or_an_escape_sequence_is_one_escaped_line(seeds, tmp_path, capsys):
    (seeds / "x\nmonitor: INFO: forged \x1b[31mred.txt").write_bytes(b"")
    capsys.readouterr()
    ingest(tmp_path, seeds, "-q")
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"monitor: WARNING: {seeds}/x\\nmonitor: INFO: forged \\x1b[31mred.txt: empty file; skipped"
    ]
    assert "\x1b" not in err


def test_a_title_with_an_escape_sequence_is_stored_without_its_controls(seeds, tmp_path, capsys):
    (seeds / "good.txt").write_text("Red \x1b[31mAlert\x9b\n\n" + GOOD.split("\n\n", 1)[1])
    ingest(tmp_path, seeds)
    capsys.readouterr()
    assert main(["--state-dir", str(tmp_path / "state"), "articles"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("\tRed [31mAlert\n") and out.count("\n") == 1


def test_what_is_not_a_regular_file_is_skipped_with_one_line(seeds, tmp_path, caplog):
    os.mkfifo(seeds / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(seeds / "sock.md"))
    (seeds / "link.txt").symlink_to(seeds / "pipe.txt")
    try:
        with caplog.at_level(logging.INFO):
            pages = list(folder.read_changed(folder.candidate_files([seeds]), lambda _: None))
    finally:
        sock.close()
    assert [p.path.name for p in pages] == ["good.txt"]
    assert [r.getMessage() for r in caplog.records] == [
        f"{seeds}/link.txt: a FIFO, not a file; skipped",
        f"{seeds}/pipe.txt: a FIFO, not a file; skipped",
        f"{seeds}/sock.md: a socket, not a file; skipped",
    ]


def test_a_file_too_big_is_said_once_until_it_changes(seeds, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(folder, "MAX_BYTES", len(GOOD) * 5)
    (seeds / "huge.txt").write_text(GOOD * 50, encoding="utf-8")
    ingest(tmp_path, seeds)
    assert capsys.readouterr().err.count("too big") == 1
    ingest(tmp_path, seeds)
    assert "too big" not in capsys.readouterr().err
    (seeds / "huge.txt").write_text(OTHER, encoding="utf-8")  # now a page: read
    ingest(tmp_path, seeds)
    assert "1 new article" in capsys.readouterr().err


def test_many_files_failing_for_one_cause_are_one_line_with_the_count(seeds, caplog):
    for i in range(40):
        (seeds / f"p{i:02}.txt").write_text(OTHER, encoding="utf-8")

    def read(path: Path) -> bytes:
        if path.name.startswith("p"):
            raise OSError(28, "No space left on device", str(path))
        return path.read_bytes()

    with caplog.at_level(logging.INFO):
        pages = list(folder.read_changed(folder.candidate_files([seeds]), lambda _: None, read))
    assert [p.path.name for p in pages] == ["good.txt"]
    assert [r.getMessage() for r in caplog.records] == [
        f"40 files: cannot read (No space left on device), the first {seeds}/p00.txt; skipped"
    ]
