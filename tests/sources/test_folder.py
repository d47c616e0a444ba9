"""folder.py on real files: every bad file gives one log line and never costs the good ones."""

from __future__ import annotations

import json
import logging
import os
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


def scan(root: Path, read: folder.Reader = Path.read_bytes) -> list[folder.SavedPage]:
    return list(folder.read_changed(folder.candidate_files([root]), lambda _: None, read))


def warnings_about(caplog, name: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if name in r.getMessage()]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    return seeds


def test_binary_empty_and_latin1_files_each_give_one_line(root, caplog):
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "empty.md").write_bytes(b"   \n")
    (root / "utf16.txt").write_text("Notes From Osh\n\nThe bazaar reopened.", encoding="utf-16")
    (root / "latin.txt").write_bytes(
        "Caf\xe9 Talks in Tashkent\n\nThe caf\xe9 ...".encode("latin-1")
    )
    with caplog.at_level(logging.INFO):
        got = {p.path.name: p for p in scan(root)}
    assert sorted(got) == ["good.txt", "latin.txt", "utf16.txt"]
    assert got["utf16.txt"].text.startswith("Notes From Osh")
    assert got["latin.txt"].text.startswith("Café Talks")
    assert warnings_about(caplog, "binary.txt") == [
        f"{root / 'binary.txt'}: binary file (NUL bytes); skipped"
    ]
    assert len(warnings_about(caplog, "empty.md")) == 1
    assert len(warnings_about(caplog, "latin.txt")) == 1


def test_links_outside_broken_or_looping_are_skipped_with_one_line(root, tmp_path, caplog):
    outside = tmp_path / "secret.txt"
    outside.write_text(GOOD, encoding="utf-8")
    (root / "outside.txt").symlink_to(outside)
    (root / "broken.txt").symlink_to(root / "missing.txt")
    (root / "inside.txt").symlink_to(root / "good.txt")
    (root / "sub").mkdir()
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    with caplog.at_level(logging.INFO):
        names = [p.path.name for p in scan(root)]
    assert names == ["good.txt", "inside.txt"]
    assert len(warnings_about(caplog, "outside.txt")) == 1
    assert "outside the seeds folder" in warnings_about(caplog, "outside.txt")[0]
    assert len(warnings_about(caplog, "broken.txt")) == 1
    assert warnings_about(caplog, str(root / "sub")) == [
        f"{root / 'sub' / 'loop'}: symlinked folder not followed"
    ]


def test_a_download_in_progress_is_skipped_with_one_line(root, caplog):
    (root / "page.html.crdownload").write_text("<html><body><p>Half", encoding="utf-8")
    with caplog.at_level(logging.INFO):
        assert [p.path.name for p in scan(root)] == ["good.txt"]
    assert len(warnings_about(caplog, "page.html.crdownload")) == 1


def test_hidden_files_and_folders_and_other_suffixes_are_not_pages(root):
    (root / ".git").mkdir()
    (root / ".git" / "notes.txt").write_text(GOOD, encoding="utf-8")
    (root / ".draft.txt").write_text(GOOD, encoding="utf-8")
    (root / "page.txt.part").write_text(GOOD, encoding="utf-8")
    (root / "deep" / "er").mkdir(parents=True)
    (root / "deep" / "er" / "Page.HTML").write_text("<p>x</p>", encoding="utf-8")
    assert [p.relative_to(root).as_posix() for p in folder.candidate_files([root])] == [
        "good.txt",
        "deep/er/Page.HTML",
    ]


def test_a_file_still_being_written_is_left_for_the_next_run(root, caplog):
    growing = root / "growing.txt"
    growing.write_text("Half a Title\n\nThe first half of", encoding="utf-8")

    def read_while_the_writer_appends(path: Path) -> bytes:
        data = path.read_bytes()
        if path == growing:
            with path.open("a", encoding="utf-8") as out:
                out.write(" the article arrives later.")
        return data

    assert [p.path.name for p in scan(root, read_while_the_writer_appends)] == ["good.txt"]
    assert "still being written" in warnings_about(caplog, "growing.txt")[0]
    assert [p.path.name for p in scan(root)] == ["good.txt", "growing.txt"]


def test_unreadable_and_huge_files_are_skipped(root, monkeypatch, caplog):
    (root / "locked.txt").write_text(GOOD, encoding="utf-8")
    (root / "huge.txt").write_text(GOOD * 50, encoding="utf-8")
    monkeypatch.setattr(folder, "MAX_BYTES", len(GOOD.encode()) * 10)

    def read(path: Path) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return path.read_bytes()

    assert [p.path.name for p in scan(root, read)] == ["good.txt"]
    assert warnings_about(caplog, "locked.txt") == [
        f"{root / 'locked.txt'}: cannot read (Permission denied); skipped"
    ]
    assert "too big" in warnings_about(caplog, "huge.txt")[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unlistable_folder_is_one_line(root, caplog):
    locked = root / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        assert [p.path.name for p in scan(root)] == ["good.txt"]
    finally:
        locked.chmod(0o755)
    assert len(warnings_about(caplog, "locked")) == 1


def test_ingest_goes_on_past_every_bad_file(root, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (root / "binary.html").write_bytes(b"\x00\x01\x02")
    (root / "empty.txt").write_bytes(b"")
    (root / "outside.txt").symlink_to(tmp_path)
    latin = "Caf\xe9 Politics in Bishkek\n\n" + "The caf\xe9s of Bishkek are full of talk. " * 12
    (root / "latin.txt").write_bytes(latin.encode("latin-1"))
    state = str(tmp_path / "state")
    assert main(["--state-dir", state, "ingest", "--seeds", str(root), "--no-feeds"]) == 0
    assert main(["--state-dir", state, "articles", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["title"] for r in rows) == [
        "Café Politics in Bishkek",
        "Grain Exports Through Aktau",
    ]


def test_a_folder_named_twice_is_scanned_once(tmp_path):
    (tmp_path / "a.txt").write_text("A title\n\nSome body text.\n")
    twice = [tmp_path, tmp_path / ".", Path(str(tmp_path) + "/")]
    assert list(folder.candidate_files(twice)) == [tmp_path / "a.txt"]


def test_an_unchanged_binary_or_empty_file_is_warned_about_once(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "blob.txt").write_bytes(b"\x00\x01\x02 binary")
    (seeds / "empty.md").write_text("")
    args = ["--state-dir", str(tmp_path / "state"), "ingest", "--no-feeds", "--seeds", str(seeds)]
    assert main(args) == 0
    assert capsys.readouterr().err.count("skipped") == 2
    assert main(args) == 0
    assert "skipped" not in capsys.readouterr().err
    (seeds / "empty.md").write_text("Now a title\n\nAnd a body with words in it.\n")
    assert main(args) == 0
    assert "1 new article" in capsys.readouterr().err
